"""The store survives SIGKILL: a child process writes in bursts and prints each id whose
write completed; the test kills it mid-burst. The database then opens, migrates, and holds
every printed write; recovery puts every message in a known state."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from modem.vocabulary import PartState

from .conftest import Backend, now

CHILD = r"""
import asyncio, sys
from datetime import UTC, datetime, timedelta
from modem.store import NewMessage, NewPart, NewRecipient, Slot, store_for

async def one(store, i):
    new = NewMessage((NewRecipient("+49151%08d" % i, [NewPart("0011000C91", 20)]),), text=str(i))
    message, _ = await store.create_message(new)
    print("created", message.id, flush=True)
    now = datetime.now(UTC)
    claim = await store.claim(Slot("m1", "child", now + timedelta(minutes=5)), now)
    if claim is not None:
        await store.part_sending(claim, 1)
        await store.part_sent(claim, 1, reference=i % 256, sent_at=now)
        print("sent", claim.message_id, flush=True)

async def main(target):
    store = store_for(target)
    await store.open()
    await store.migrate()
    i = 0
    while True:
        await asyncio.gather(*(one(store, i + k) for k in range(25)))
        i += 25

asyncio.run(main(sys.argv[1]))
"""

WANTED = 400  # completed writes seen before the kill


async def test_sigkill_mid_burst_loses_no_completed_write(backend: Backend, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, backend.target,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    lines: list[str] = []
    try:
        async with asyncio.timeout(60):
            while len(lines) < WANTED:
                line = await child.stdout.readline()
                if not line:
                    raise AssertionError((await child.stderr.read()).decode())
                if line.endswith(b"\n"):
                    lines.append(line.decode().strip())
    finally:
        child.send_signal(signal.SIGKILL)
        await child.wait()
    assert child.returncode == -signal.SIGKILL

    created = [line.split()[1] for line in lines if line.startswith("created ")]
    sent = [line.split()[1] for line in lines if line.startswith("sent ")]
    assert created and sent
    store = backend.make()
    await store.open()
    try:
        await store.migrate()
        for message_id in created:
            await store.get_message(message_id)  # NotFound would fail the test
        for message_id in sent:
            part = (await store.get_message(message_id)).recipients[0].parts[0]
            assert part.state == PartState.SENT, message_id
        recovery = await store.recover("child", "at_least_once", now())
        assert recovery.unknown_parts == 0
        assert await store.queue_depth("m1") == 0  # nothing left claimed by the dead child
        counts = await store.count_messages()
        assert "sending" not in counts
    finally:
        await store.close()
