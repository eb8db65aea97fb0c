"""Benchmark: the SQLite store's writes per second, with and without group commit, and the
event loop's longest stall while writing.

Run by hand (not collected by pytest):

    python tests/bench/bench_store.py [--count 2000] [--concurrency 64] [--json]

For each mode (group commit on, off) on a fresh database file in a temporary directory:
`create_message` (one recipient, one part: a message, a recipient, a part, a history line
and an outbox event per call) and `part_sent` (a claimed part going from sending to sent:
the write the pool makes before the next part goes), each called `--count` times by
`--concurrency` tasks at once, and once more one call at a time (concurrency 1, where
grouping cannot help). Meanwhile a ticker task asks to wake every millisecond and records
how late it woke: the longest lateness is the loop's longest stall (the loop never waits on
disk; what it waits for is the GIL and its own work). synchronous=NORMAL, as shipped. Each
figure is the median of `--rounds` rounds, the modes taking turns, since the machine may be
shared. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from modem.store import NewMessage, NewPart, NewRecipient, Slot
from modem.store.sqlite import SqliteStore


def message(i: int) -> NewMessage:
    pdu = "0011000C919471" + f"{i:08d}" + "0000AA05E8329BFD06"
    return NewMessage((NewRecipient(f"+49151{i:08d}", [NewPart(pdu, 18)]),), text="hello")


class Ticker:
    """Wakes every millisecond; records how late each wake-up was."""

    def __init__(self) -> None:
        self.late: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + 0.001
            await asyncio.sleep(0.001)
            self.late.append(max(0.0, loop.time() - due))

    def __enter__(self) -> Ticker:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def run_calls(calls, concurrency: int) -> tuple[float, float, float]:
    """Run the coroutine factories `calls`, `concurrency` at a time: (per second, longest
    stall ms, p99 stall ms)."""
    queue = list(reversed(calls))

    async def worker() -> None:
        while queue:
            await queue.pop()()

    with Ticker() as ticker:
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    late = sorted(ticker.late) or [0.0]
    p99 = late[min(len(late) - 1, int(len(late) * 0.99))]
    return len(calls) / elapsed, max(late) * 1000, p99 * 1000


async def bench_mode(root: Path, group: bool, count: int, concurrency: int) -> dict:
    store = SqliteStore(root / f"{'group' if group else 'single'}.db", group_commit=group)
    await store.open()
    await store.migrate()
    out: dict = {"group_commit": group}
    try:
        for conc in (concurrency, 1):
            n = count if conc > 1 else max(200, count // 10)
            t0, j0 = store.writer.transactions, store.writer.jobs
            rate, stall, p99 = await run_calls(
                [lambda i=i: store.create_message(message(i)) for i in range(n)], conc
            )
            out[f"create_message c={conc}"] = {
                "per_s": rate,
                "max_stall_ms": stall,
                "p99_stall_ms": p99,
                "jobs_per_commit": (store.writer.jobs - j0) / (store.writer.transactions - t0),
            }
        now = datetime.now(UTC)
        slot = Slot("m1", "bench", now + timedelta(hours=1))
        claims = []
        for _ in range(count + max(200, count // 10)):
            claim = await store.claim(slot, now)
            await store.part_sending(claim, 1)
            claims.append(claim)
        for conc in (concurrency, 1):
            n = count if conc > 1 else max(200, count // 10)
            batch, claims = claims[:n], claims[n:]
            t0, j0 = store.writer.transactions, store.writer.jobs
            rate, stall, p99 = await run_calls(
                [
                    lambda c=c, i=i: store.part_sent(c, 1, reference=i % 256, sent_at=now)
                    for i, c in enumerate(batch)
                ],
                conc,
            )
            out[f"part_sent c={conc}"] = {
                "per_s": rate,
                "max_stall_ms": stall,
                "p99_stall_ms": p99,
                "jobs_per_commit": (store.writer.jobs - j0) / (store.writer.transactions - t0),
            }
    finally:
        await store.close()
    return out


def _median(runs: list[dict]) -> dict:
    """Per write and figure, the median over the rounds."""
    out: dict = {}
    for name in runs[0]:
        if name == "group_commit":
            continue
        out[name] = {
            key: statistics.median(run[name][key] for run in runs) for key in runs[0][name]
        }
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3, help="medians over this many")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rounds: dict[bool, list[dict]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):  # modes take turns: the machine may be shared
            for group in (True, False):
                root = Path(tmp) / f"round{r}"
                root.mkdir(exist_ok=True)
                rounds[group].append(await bench_mode(root, group, args.count, args.concurrency))
    results = [_median(rounds[group]) | {"group_commit": group} for group in (True, False)]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'write':<22}{'group commit':>13}{'per s':>9}{'jobs/commit':>12}"
          f"{'max stall ms':>14}{'p99 stall ms':>14}")  # fmt: skip
    for result in results:
        for name, r in result.items():
            if name == "group_commit":
                continue
            print(
                f"{name:<22}{'on' if result['group_commit'] else 'off':>13}{r['per_s']:>9.0f}"
                f"{r['jobs_per_commit']:>12.1f}{r['max_stall_ms']:>14.1f}"
                f"{r['p99_stall_ms']:>14.2f}"
            )


if __name__ == "__main__":
    asyncio.run(main())
