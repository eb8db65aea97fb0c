"""Benchmark: the gateway's throughput, the time its path adds per SMS, its CPU and memory.

Run by hand (not collected by pytest):

    python tests/bench/bench_pool.py [--quick] [--json]

The simulated modems run in their own process (`modem sim`, reached over loopback TCP, as
ser2net would serve a tty), so the figures are the gateway's alone, with the shipped store
settings (SQLite, synchronous=full):

- throughput: N = 1, 2, 4, 8 modems, each taking L = 50 ms per SMS (the +CMGS result comes
  L after the body); M messages queued through the Python API before the gateway starts;
  messages per second from the first part sent to the last, against the ideal N / L (the
  efficiency).
- overhead: one modem at L = 0.5 s: the time per message above L (the store's commits, the
  AT exchanges' own bytes, the claim).
- CPU: two modems at L = 0: the gateway process's CPU seconds per message over a burst.
- memory: `modem serve` (a separate process) with 4 modems, its resident set after sending
  a hundred messages.

Each throughput figure is the median of `--rounds` rounds. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from modem.config import config_from_dict  # noqa: E402
from modem.pool import Pool, SendRequest  # noqa: E402
from modem.service import Gateway  # noqa: E402
from modem.store import MessageQuery, Store, store_for  # noqa: E402


@contextlib.contextmanager
def simulator(count: int, sms_latency: float, workdir: Path) -> Iterator[list[str]]:
    """`modem sim` in its own process; the modems' socket:// URLs."""
    config = workdir / f"sim{count}.yaml"
    modems = [{"name": f"sim{i}", "latency": {"command": 0, "sms": sms_latency}}
              for i in range(count)]  # fmt: skip
    config.write_text(json.dumps({"latency_scale": 1.0, "seed": 1, "report_delay": 0,
                                  "modems": modems}))  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sim", "--config", str(config), "--json"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        urls = [json.loads(proc.stdout.readline())["url"] for _ in range(count)]
        yield urls
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def gateway_config(urls: list[str], db: Path, **pool: Any) -> Any:
    modems = {f"m{i}": url for i, url in enumerate(urls)}
    return config_from_dict({"modems": modems, "store": {"path": str(db)}, "node": "bench",
                             "pool": pool or None})  # fmt: skip


async def queue(db: Path, count: int) -> None:
    """`count` one-part messages, each to its own number, through the Python API."""
    async with store_for(str(db)) as store:
        await store.migrate()
        pool = Pool(store)
        for i in range(count):
            await pool.submit(SendRequest(to=f"+4790{i:06d}", text=f"message {i}"))


async def sent_times(store: Store) -> list[float]:
    times = []
    cursor = None
    while True:
        page = await store.list_messages(MessageQuery(direction="outbound", limit=1000,
                                                      cursor=cursor))  # fmt: skip
        for message in page.items:
            for r in message.recipients:
                times.extend(p.sent_at.timestamp() for p in r.parts if p.sent_at is not None)
        if page.next_cursor is None:
            return sorted(times)
        cursor = page.next_cursor


@contextlib.asynccontextmanager
async def running(config: Any) -> AsyncIterator[Gateway]:
    gateway = Gateway(config)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.stop()


async def burst(urls: list[str], count: int, workdir: Path) -> tuple[float, float, int]:
    """Queue `count` messages, run the gateway until all are sent; (seconds from the first
    part sent to the last, CPU seconds of this process meanwhile, parts sent)."""
    db = workdir / f"burst-{time.monotonic_ns()}.db"
    await queue(db, count)
    async with running(gateway_config(urls, db)) as gateway:
        store = gateway.store
        assert store is not None
        cpu = time.process_time()
        while await store.queue_depth() or (await store.count_messages()).get("sending"):
            await store.wait_events(await store.last_event_seq(), 1.0)
        cpu = time.process_time() - cpu
        times = await sent_times(store)
    return times[-1] - times[0], cpu, len(times)


def throughput(
    workdir: Path, sizes: list[int], latency: float, rounds: int, seconds: float
) -> list[dict[str, Any]]:
    """Bursts of about `seconds` of ideal work per size."""
    rows = []
    for n in sizes:
        count = max(20, int(seconds * n / latency))
        with simulator(n, latency, workdir) as urls:
            rates = []
            for _ in range(rounds):
                span, _, parts = asyncio.run(burst(urls, count, workdir))
                rates.append((parts - 1) / span)
        rate = statistics.median(rates)
        ideal = n / latency
        rows.append({"modems": n, "latency_s": latency, "messages": count,
                     "per_second": round(rate, 1), "ideal": round(ideal, 1),
                     "efficiency": round(rate / ideal, 3)})  # fmt: skip
    return rows


def overhead(workdir: Path, count: int) -> dict[str, Any]:
    latency = 0.5
    with simulator(1, latency, workdir) as urls:
        span, _, parts = asyncio.run(burst(urls, count, workdir))
    per = span / (parts - 1)
    return {"latency_s": latency, "messages": count, "per_message_s": round(per, 4),
            "added_ms": round((per - latency) * 1000, 2)}  # fmt: skip


def cpu(workdir: Path, count: int) -> dict[str, Any]:
    with simulator(2, 0.0, workdir) as urls:
        span, seconds, parts = asyncio.run(burst(urls, count, workdir))
    return {"modems": 2, "messages": parts, "cpu_ms_per_message": round(seconds / parts * 1000, 3),
            "per_second": round((parts - 1) / span, 1)}  # fmt: skip


def memory(workdir: Path) -> dict[str, Any]:
    """`modem serve` with 4 modems: its resident set after a hundred messages."""
    with simulator(4, 0.0, workdir) as urls:
        db = workdir / "serve.db"
        asyncio.run(queue(db, 100))
        args = [sys.executable, "-m", "cli.main", "serve", "--db", str(db), "--node", "bench",
                "--log-level", "warning"]  # fmt: skip
        for i, url in enumerate(urls):
            args += ["--modem", f"m{i}={url}"]
        env = {**os.environ, "GSMBRIDGE_CONFIG": str(workdir / "none.yaml")}
        (workdir / "none.yaml").write_text("{}\n")
        proc = subprocess.Popen(args, cwd=ROOT, env=env)
        try:
            asyncio.run(_wait_sent(db, 100))
            time.sleep(1.0)
            status = Path(f"/proc/{proc.pid}/status").read_text()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss = int(fields["VmRSS"].split()[0]) / 1024
    peak = int(fields["VmHWM"].split()[0]) / 1024
    return {"modems": 4, "rss_mb": round(rss, 1), "peak_mb": round(peak, 1)}


async def _wait_sent(db: Path, count: int, timeout: float = 120) -> None:
    async with store_for(str(db)) as store, asyncio.timeout(timeout):
        while (await store.count_messages("outbound")).get("sent", 0) < count:
            await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages and rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    seconds = 1.5 if args.quick else 5.0  # of ideal work per burst
    with tempfile.TemporaryDirectory(prefix="bench-pool-") as tmp:
        workdir = Path(tmp)
        report = {
            "throughput": throughput(workdir, [1, 2, 4, 8], 0.05, rounds, seconds),
            "overhead": overhead(workdir, 8 if args.quick else 20),
            "cpu": cpu(workdir, 300 if args.quick else 1000),
            "memory": memory(workdir),
            "maxrss_bench_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print("modems  L (s)  messages  msg/s   ideal   efficiency")
    for row in report["throughput"]:
        print(f"{row['modems']:>6}  {row['latency_s']:>5}  {row['messages']:>8}  "
              f"{row['per_second']:>6}  {row['ideal']:>6}  {row['efficiency']:>10}")  # fmt: skip
    o = report["overhead"]
    print(f"path overhead at L={o['latency_s']} s: {o['added_ms']} ms per SMS "
          f"({o['messages']} messages)")  # fmt: skip
    c = report["cpu"]
    print(f"CPU at L=0: {c['cpu_ms_per_message']} ms per message ({c['per_second']} msg/s, "
          f"{c['modems']} modems)")  # fmt: skip
    m = report["memory"]
    print(f"modem serve with {m['modems']} modems: RSS {m['rss_mb']} MB (peak {m['peak_mb']})")


if __name__ == "__main__":
    main()
