"""Benchmark: the time a driver adds to each SMS above the modem's own AT+CMGS time.

Run by hand (not collected by pytest):

    python tests/bench/bench_overhead.py [--count 10] [--latency 0.5] [--json]

A simulated modem (generic personality) takes `latency` seconds (L, default 0.5 s) from the
SMS body to its +CMGS result, as a real network takes seconds; every other command answers at
once. Each driver sends `count` single-part SMS one after the other over a pseudo-terminal, to
its own modem of one simulated network running in a background thread; the time per SMS minus
L is what the driver adds (the prompt round trip, writing, parsing, waking up, and whatever
sleeps it does), plus what the simulator adds, which is the same for both. python-gsmmodem-new
0.13.0 is the peer, driven as its documented API is (GsmModem(port).connect(), then
sendSms(number, text)); its AT_CNMI option keeps reports off the port, as in bench_send.py.

Prints each driver's overhead per SMS in milliseconds and the ratio ours / theirs, from one
run (the drivers take turns: ours first, then theirs). No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from modem.sim import FaultSpec, ModemSpec, SimConfig
from modem.sim.harness import serve_in_thread


def ours(port: str, to: str, text: str, count: int) -> float:
    """Seconds for `count` sends with this driver (opening and a warm-up send excluded)."""
    from modem.device import Modem

    async def main() -> float:
        modem = Modem(port, reconnect=False)
        await modem.open(scan=False)
        try:
            await modem.send_sms(to, text)  # warm-up, not counted
            start = time.perf_counter()
            for _ in range(count):
                await modem.send_sms(to, text)
            return time.perf_counter() - start
        finally:
            await modem.close()

    return asyncio.run(main())


def theirs(port: str, to: str, text: str, count: int) -> float:
    """Seconds for `count` sends with python-gsmmodem (same exclusions)."""
    from gsmmodem.modem import GsmModem

    modem = GsmModem(port, 115200, requestDelivery=False, AT_CNMI="2,1,0,0,0")
    modem.connect()
    try:
        modem.sendSms(to, text)  # warm-up, not counted
        start = time.perf_counter()
        for _ in range(count):
            modem.sendSms(to, text)
        return time.perf_counter() - start
    finally:
        modem.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10, help="SMS per driver")
    parser.add_argument("--latency", type=float, default=0.5, help="the modem's AT+CMGS time L")
    parser.add_argument("--text", default="Overhead benchmark: hello", help="the SMS text")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    slow = FaultSpec(sms_latency=args.latency)  # the +CMGS result L seconds after the body
    config = SimConfig(
        modems=[ModemSpec("ours", faults=slow), ModemSpec("theirs", faults=slow),
                ModemSpec("sink")],
        latency_scale=1.0,
        seed=1,
    )  # fmt: skip
    with serve_in_thread(config) as served:
        ports = {name: port for name, port, _ in served}
        sink = next(number for name, _, number in served if name == "sink")
        seconds = {
            "gsmbridge": ours(ports["ours"], sink, args.text, args.count),
            "python-gsmmodem": theirs(ports["theirs"], sink, args.text, args.count),
        }
    added = {name: (s / args.count - args.latency) * 1000 for name, s in seconds.items()}
    ratio = added["gsmbridge"] / added["python-gsmmodem"]
    if args.json:
        print(json.dumps({"count": args.count, "latency": args.latency,
                          "added_ms_per_sms": added, "ratio": ratio}))  # fmt: skip
        return
    print(f"{args.count} SMS per driver, the modem's AT+CMGS time L = {args.latency:g} s, pty")
    for name, ms in added.items():
        print(f"  {name:16} {ms:7.2f} ms per SMS above L")
    print(f"  ratio (ours / python-gsmmodem): {ratio:.3f}")


if __name__ == "__main__":
    main()
