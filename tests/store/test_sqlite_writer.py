"""SQLite's writer thread: group commit groups, a failing job undoes only itself, and reads
go on while a write is in progress."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from modem.store import NotFound, StoreUnavailable
from modem.store.sqlite import SqliteStore

from .conftest import outgoing


async def opened(path: Path, **kw) -> SqliteStore:
    store = SqliteStore(path, **kw)
    await store.open()
    await store.migrate()
    return store


def gate() -> tuple[threading.Event, threading.Event, object]:
    """A job that holds the writer until released (as a slow disk would)."""
    entered, release = threading.Event(), threading.Event()

    def job(tx) -> None:
        entered.set()
        release.wait(30)

    return entered, release, job


async def test_group_commit_groups_queued_jobs(tmp_path: Path) -> None:
    store = await opened(tmp_path / "modem.db")
    try:
        entered, release, hold = gate()
        held = store.writer.submit(hold)
        await asyncio.to_thread(entered.wait, 30)
        before = store.writer.transactions
        pending = [asyncio.ensure_future(store.create_message(outgoing())) for _ in range(100)]
        await _settle()  # each task runs to its submit(): all queue behind the held job
        release.set()
        await held
        results = await asyncio.gather(*pending)
        assert all(created for _, created in results)
        assert store.writer.transactions - before <= 2  # the held job's, then one for 100
    finally:
        await store.close()


async def _settle() -> None:
    """Let every task started so far run up to its first wait (a store call queues its job
    before it first waits)."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_without_group_commit_each_job_commits_alone(tmp_path: Path) -> None:
    store = await opened(tmp_path / "modem.db", group_commit=False)
    try:
        before_t, before_j = store.writer.transactions, store.writer.jobs
        await asyncio.gather(*(store.create_message(outgoing()) for _ in range(20)))
        assert store.writer.transactions - before_t == store.writer.jobs - before_j == 20
    finally:
        await store.close()


async def test_a_failing_job_undoes_only_itself(tmp_path: Path) -> None:
    store = await opened(tmp_path / "modem.db")
    try:
        entered, release, hold = gate()
        held = store.writer.submit(hold)
        await asyncio.to_thread(entered.wait, 30)
        good = asyncio.ensure_future(store.create_message(outgoing(text="good")))
        bad = asyncio.ensure_future(store.cancel_message("msg_missing"))
        await _settle()
        before = store.writer.transactions
        release.set()
        await held
        message, _ = await good
        with pytest.raises(NotFound):
            await bad
        assert store.writer.transactions - before == 2  # the held job's, then both in one
        assert (await store.get_message(message.id)).text == "good"
    finally:
        await store.close()


async def test_reads_go_on_while_a_write_is_in_progress(tmp_path: Path) -> None:
    store = await opened(tmp_path / "modem.db")
    try:
        message, _ = await store.create_message(outgoing(text="committed"))
        entered, release, hold = gate()
        held = store.writer.submit(hold)
        await asyncio.to_thread(entered.wait, 30)
        try:
            assert (await store.get_message(message.id)).text == "committed"
            assert await store.queue_depth() == 1
        finally:
            release.set()
        await held
    finally:
        await store.close()


async def test_close_lets_queued_writes_finish(tmp_path: Path) -> None:
    path = tmp_path / "modem.db"
    store = await opened(path)
    pending = [asyncio.ensure_future(store.create_message(outgoing())) for _ in range(30)]
    await _settle()
    await store.close()
    ids = [m.id for m, _ in await asyncio.gather(*pending)]
    again = await opened(path)
    try:
        for message_id in ids:
            await again.get_message(message_id)
    finally:
        await again.close()


async def test_a_database_locked_too_long_is_unavailable_and_nothing_changes(
    tmp_path: Path,
) -> None:
    """Another process holds the write lock past busy_timeout: the call fails with
    StoreUnavailable (wait and retry), and works once the lock is gone."""
    import sqlite3

    path = tmp_path / "modem.db"
    store = await opened(path, busy_timeout=0.1)
    try:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreUnavailable, match="locked"):
                await store.create_message(outgoing())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert await store.count_messages() == {}
        await store.create_message(outgoing())
        assert await store.count_messages() == {"queued": 1}
    finally:
        await store.close()
