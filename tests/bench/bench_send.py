"""Benchmark: SMS sent per second and bytes on the wire per SMS, this driver vs python-gsmmodem.

Run by hand (not collected by pytest):

    python tests/bench/bench_send.py [--count 300] [--text "hello"] [--json]

Both drivers talk to the same kind of simulated modem (generic personality, latency 0) over a
pseudo-terminal, each to its own modem in one simulated network running in a background
thread: no network delay, so what is measured is the drivers' own overhead (command
round trips, parsing, threads, per-command sleeps) plus the simulator's, which is the same for
both (python-gsmmodem is told AT_CNMI="2,1,0,0,0": see theirs()). Bytes are counted at the
simulated modem (what it read from and wrote to the pty), for the
send loop only (opening and initialising excluded). python-gsmmodem-new 0.13.0 is driven as its
documented API is: GsmModem(port).connect(), then sendSms(number, text), without delivery
reports (requestDelivery=False), as ours sends without them by default.

The drivers take turns in rounds (each reopening its port), alternating who goes first, since
the machine may be shared. Prints each driver's SMS/s (over all rounds, and its best round),
bytes/SMS, and the ratios. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import serve_in_thread


class Counter:
    """Bytes in and out of one simulated modem, counted at the modem."""

    def __init__(self, served, name: str) -> None:
        self.read = 0
        self.written = 0

        def install(net) -> None:
            sim = net.modem(name)
            interp = sim.interp
            feed = interp.receive_data

            def receive(data: bytes) -> None:
                self.read += len(data)
                feed(data)

            interp.receive_data = receive
            for endpoint in sim.endpoints:
                send = endpoint.write

                def write(data: bytes, send=send) -> None:
                    self.written += len(data)
                    send(data)

                endpoint.write = write

        served.call(install)

    def reset(self) -> None:
        self.read = self.written = 0

    @property
    def total(self) -> int:
        return self.read + self.written


def ours(port: str, to: str, text: str, count: int, counter: Counter) -> tuple[float, int]:
    from modem.device import Modem

    async def main() -> tuple[float, int]:
        modem = Modem(port, reconnect=False)
        await modem.open(scan=False)
        try:
            await modem.send_sms(to, text)  # warm-up, not counted
            counter.reset()
            start = time.perf_counter()
            for _ in range(count):
                await modem.send_sms(to, text)
            elapsed = time.perf_counter() - start
            return elapsed, counter.total
        finally:
            await modem.close()

    return asyncio.run(main())


def theirs(port: str, to: str, text: str, count: int, counter: Counter) -> tuple[float, int]:
    from gsmmodem.modem import GsmModem

    # python-gsmmodem sets TP-SRR in every PDU whatever requestDelivery says; the reports,
    # handled in a new thread that writes to the port while sendSms waits (the race of
    # faucamp/python-gsmmodem#29), make it fail with CMS 304 within a few dozen sends. Its
    # AT_CNMI option keeps reports stored silently (ds=0), so the send path alone is compared.
    modem = GsmModem(port, 115200, requestDelivery=False, AT_CNMI="2,1,0,0,0")
    modem.connect()
    try:
        modem.sendSms(to, text)  # warm-up, not counted
        counter.reset()
        start = time.perf_counter()
        for _ in range(count):
            modem.sendSms(to, text)
        elapsed = time.perf_counter() - start
        return elapsed, counter.total
    finally:
        modem.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="SMS per driver, in all")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    parser.add_argument("--text", default="Benchmark message: hello from the bench", help="text")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    per_round = max(1, args.count // args.rounds)

    # The sink's storage fills up unread: irrelevant to the senders.
    config = SimConfig(
        modems=[ModemSpec("ours"), ModemSpec("theirs"), ModemSpec("sink")],
        latency_scale=0.0,
        seed=1,
    )
    drivers = {"gsmbridge": (ours, "ours"), "python-gsmmodem": (theirs, "theirs")}
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in drivers}
    with serve_in_thread(config) as served:
        ports = {name: port for name, port, _ in served}
        sink = next(number for name, _, number in served if name == "sink")
        counters = {name: Counter(served, sim) for name, (_, sim) in drivers.items()}
        # Rounds alternate which driver goes first, so a busy moment of a shared machine
        # does not fall on one driver only.
        for round_number in range(args.rounds):
            order = list(drivers) if round_number % 2 == 0 else list(reversed(drivers))
            for name in order:
                run, sim = drivers[name]
                runs[name].append(run(ports[sim], sink, args.text, per_round, counters[name]))
    results = {}
    for name, measured in runs.items():
        seconds = sum(elapsed for elapsed, _ in measured)
        wire = sum(count for _, count in measured)
        sent = per_round * len(measured)
        results[name] = {
            "sms_per_second": sent / seconds,
            "best_round_sms_per_second": max(per_round / elapsed for elapsed, _ in measured),
            "bytes_per_sms": wire / sent,
            "seconds": seconds,
        }
    us, them = results["gsmbridge"], results["python-gsmmodem"]
    ratio_rate = us["sms_per_second"] / them["sms_per_second"]
    ratio_best = us["best_round_sms_per_second"] / them["best_round_sms_per_second"]
    ratio_bytes = us["bytes_per_sms"] / them["bytes_per_sms"]
    if args.json:
        print(json.dumps({"count": per_round * args.rounds, **results, "rate_ratio": ratio_rate,
                          "best_round_ratio": ratio_best, "bytes_ratio": ratio_bytes}))  # fmt: skip
        return
    print(
        f"{per_round * args.rounds} SMS of {len(args.text)} characters per driver, "
        f"{args.rounds} alternating rounds, latency 0, over a pty"
    )
    for name, r in results.items():
        print(
            f"  {name:16} {r['sms_per_second']:8.1f} SMS/s (best round "
            f"{r['best_round_sms_per_second']:.1f})  {r['bytes_per_sms']:7.1f} bytes/SMS"
        )
    print(f"  ratio (ours / python-gsmmodem): {ratio_rate:.2f}x the rate "
          f"({ratio_best:.2f}x best rounds), {ratio_bytes:.2f}x the bytes")  # fmt: skip


if __name__ == "__main__":
    main()
