"""The daemon killed with SIGKILL mid-burst, and stopped with SIGTERM mid-message: every
message ends in a known state, reaches its recipient at least once, no part the network
confirmed goes twice, and the database agrees with what the simulated SMSC took.

The modems are simulated on ptys by the harness in a thread of this process, so the test
reads what their SMSC took; `modem serve` runs in its own process on those ptys. The 1,000
messages are queued through the Python API (`Pool.submit`) from this process while the
daemon runs: another process, as the HTTP bridge of another node would be.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

from modem.config import SendDefaults
from modem.pool import Pool, SendRequest
from modem.store import MessageQuery, Store, store_for

from .conftest import daemon, quiet_env, simulated, stop, write_config

MODEMS = ("sim0", "sim1", "sim2")
COUNT = 1000


async def parts_by_state(store: Store) -> dict[str, list[tuple[str, str | None, int | None]]]:
    """state -> [(number, modem_id, reference)] of every outbound part."""
    out: dict[str, list[tuple[str, str | None, int | None]]] = {}
    cursor = None
    while True:
        page = await store.list_messages(MessageQuery(direction="outbound", limit=1000,
                                                      cursor=cursor))  # fmt: skip
        for message in page.items:
            for r in message.recipients:
                for p in r.parts:
                    out.setdefault(str(p.state), []).append((r.number, p.modem_id, p.reference))
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


async def submit_all(db: Path, numbers: list[str]) -> list[str]:
    async with store_for(str(db)) as store:
        pool = Pool(store, send=SendDefaults())
        ids = []
        for start in range(0, len(numbers), 50):  # fifty at a time: their commits group
            batch = numbers[start : start + 50]
            made = await asyncio.gather(
                *(pool.submit(SendRequest(to=n, text=f"burst to {n}")) for n in batch)
            )
            ids.extend(m.id for m in made)
        return ids


async def snapshot(db: Path) -> dict[str, list[tuple[str, str | None, int | None]]]:
    async with store_for(str(db)) as store:
        return await parts_by_state(store)


async def wait_done(db: Path, timeout: float) -> None:
    async with store_for(str(db)) as store, asyncio.timeout(timeout):
        while True:
            counts = await store.count_messages("outbound")
            if not {"queued", "sending", "scheduled"} & set(counts):
                return
            await store.wait_events(await store.last_event_seq(), 1.0)


def test_kill_9_mid_burst_and_restart(tmp_path: Path) -> None:
    with simulated(*MODEMS, sms_latency=0.01) as served:
        config = write_config(tmp_path / "config.yaml", served)
        db = tmp_path / "modem.db"
        env = quiet_env(tmp_path)
        numbers = [f"+4790{i:06d}" for i in range(COUNT)]
        sent = lambda: sum(len(served.network.modem(n).sent) for n in MODEMS)  # noqa: E731
        with daemon(["-c", str(config)], env=env) as first:
            first.wait_for(r"gateway started")
            for name in MODEMS:
                first.wait_for(rf"{name}: ready for work")
            asyncio.run(submit_all(db, numbers))
            deadline = time.monotonic() + 120
            while sent() < COUNT // 3:  # the simulator has no event to await
                assert time.monotonic() < deadline, first.log()
                time.sleep(0.01)
            first.kill()  # SIGKILL, mid-burst
        at_crash = asyncio.run(snapshot(db))
        confirmed = {number for number, _, _ in at_crash.get("sent", [])}
        in_flight = {number for number, _, _ in at_crash.get("sending", [])}
        assert confirmed and at_crash.get("queued"), "not mid-burst"
        with daemon(["-c", str(config)], env=env) as second:
            second.wait_for(r"recovered \d+ claims of this node")
            asyncio.run(wait_done(db, 180))
            assert stop(second) == 0
        final = asyncio.run(snapshot(db))
        network = {
            name: [(str(s.recipient), s.reference) for s in served.network.modem(name).sent]
            for name in MODEMS
        }
    # every message in a known, final state: each part sent (or, if its result was lost
    # with the modem, unknown); none waiting, none half-done
    assert set(final) <= {"sent", "unknown"}, {k: len(v) for k, v in final.items()}
    assert sum(len(v) for v in final.values()) == COUNT
    # every message reached the network at least once
    seen = Counter(number for took in network.values() for number, _ in took)
    assert set(seen) == set(numbers)
    # none that was confirmed before the crash went twice; the only duplicates are parts
    # that were in flight (at-least-once), at most one per modem
    twice = {number for number, n in seen.items() if n > 1}
    assert not twice & confirmed
    assert twice <= in_flight and len(twice) <= len(MODEMS), (twice, in_flight)
    # the database agrees with the simulated network: each part recorded sent was taken by
    # that modem's SMSC with that reference; the network saw nothing else but the first
    # copies of the duplicates
    recorded = {(m, number, ref) for number, m, ref in final.get("sent", [])}
    took = {(m, number, ref) for m, pairs in network.items() for number, ref in pairs}
    assert recorded <= took
    assert {number for _, number, _ in took - recorded} <= twice | {
        number for number, _, _ in final.get("unknown", [])
    }


def test_sigterm_mid_message_finishes_the_part_in_flight(tmp_path: Path) -> None:
    with simulated("sim0", sms_latency=1.0) as served:
        config = write_config(tmp_path / "config.yaml", served)
        db = tmp_path / "modem.db"
        env = quiet_env(tmp_path)
        sim0 = served.network.modem("sim0")
        with daemon(["-c", str(config)], env=env) as first:
            first.wait_for(r"sim0: ready for work")
            asyncio.run(_submit(db, "+4790000001", "t" * 400))  # three parts
            deadline = time.monotonic() + 60
            while not sim0.sent:  # part 1's body reached the modem: its result takes 1 s
                assert time.monotonic() < deadline, first.log()
                time.sleep(0.005)
            first.signal(signal.SIGTERM)
            assert first.wait(60) == 0
        stopped = asyncio.run(snapshot(db))
        assert set(stopped) == {"sent", "queued"}, stopped
        assert len(stopped["sent"]) == 1 and len(stopped["queued"]) == 2
        assert len(sim0.sent) == 1  # nothing half-written, nothing more begun
        with daemon(["-c", str(config)], env=env) as second:
            asyncio.run(wait_done(db, 60))
            assert stop(second) == 0
        final = asyncio.run(snapshot(db))
        assert set(final) == {"sent"} and len(final["sent"]) == 3
        assert [s.udh.concat.sequence for s in sim0.sent] == [1, 2, 3]


async def _submit(db: Path, number: str, text: str) -> None:
    async with store_for(str(db)) as store:
        await Pool(store).submit(SendRequest(to=number, text=text))
