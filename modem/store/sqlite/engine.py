"""The SQLite file, its connections, and the one writer thread with group commit.

The event loop never waits on disk: every statement runs in a thread. Writes go to one
writer thread, which owns the only writing connection; reads run on their own connections
in a small thread pool, alongside (WAL lets readers work while the writer writes).

Group commit: callers queue jobs (a function of the connection). The writer takes whatever
is queued (up to `max_batch`), opens one transaction, runs each job inside its own
SAVEPOINT (a job that raises is rolled back to its savepoint alone: the others stand), commits
once, and only then completes each job's future in the loop. So a hundred concurrent
`part_sent()` calls cost one commit, and no caller hears of a change before it is committed.

Durability (the pragmas in `_configure`): journal_mode=WAL with synchronous=FULL by default,
which syncs the WAL at every commit (one sync per group of jobs). With synchronous=NORMAL, the
faster choice, a commit appends to the WAL and returns without fsync; the WAL is synced at each
checkpoint. What that risks: on a power cut or kernel crash the last transactions committed
since the last sync may be lost (rolled back as a whole, never half-applied: the file is never
corrupt). A process crash (kill -9, OOM) loses nothing: committed WAL frames are in the OS page
cache, which outlives the process, and the next open replays them. So "committed before
acknowledged" holds against crashes of the process, which is what SIGKILL tests check. A
message deleted from a SIM after its commit must survive a power cut too (common on a Pi), so
the gateway's default is FULL; NORMAL is there for hosts with a UPS and a need for speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from modem.store.errors import StoreError, StoreUnavailable

__all__ = ["Readers", "Tx", "Writer", "connect", "create_file", "translate"]

log = logging.getLogger(__name__)

T = TypeVar("T")
_STOP = object()
_YIELD_EVERY = 0.002  # seconds of a batch's work between hand-overs of the GIL


def create_file(path: Path) -> None:
    """Create the database file with mode 0600 if it does not exist: open(2) with O_CREAT and
    mode 0600 makes it so from the first instant (the umask can only narrow it), so there is
    no window in which another user could open it. SQLite creates its -wal and -shm files
    with the database file's permissions. The directory is made 0700 if missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    os.close(fd)


def connect(path: Path, *, synchronous: str, busy_timeout: float, readonly: bool) -> Any:
    """One connection with the house pragmas; transactions are managed by hand."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {'FULL' if synchronous == 'full' else 'NORMAL'}")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    return conn


def translate(exc: sqlite3.Error, where: str | None = None) -> StoreError:
    """A store error for what SQLite raised: locked, busy, I/O, full disk, read-only file
    are StoreUnavailable (wait and retry); anything else a StoreError naming it."""
    text = str(exc)
    prefix = f"{where}: " if where else "database: "
    transient = (
        "locked",
        "busy",
        "disk i/o",
        "database or disk is full",
        "readonly",
        "read-only",
        "unable to open",
    )
    if isinstance(exc, sqlite3.OperationalError) and any(t in text.lower() for t in transient):
        return StoreUnavailable(f"{prefix}unavailable ({text})")
    return StoreError(f"{prefix}{text}")


@dataclass
class Tx:
    """What a write job gets: the connection (inside a transaction and a savepoint), and a
    place to say that events were written (so waiters are woken after the commit)."""

    conn: Any
    event_seq: int = 0


@dataclass
class _Job:
    fn: Callable[[Tx], Any]
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop


class Writer:
    """The one writing connection and its thread (module docstring)."""

    def __init__(
        self,
        open_connection: Callable[[], Any],
        *,
        group: bool = True,
        max_batch: int = 512,
        on_commit: Callable[[int], None] | None = None,
    ) -> None:
        self._open = open_connection
        self._group = group
        self._max_batch = max_batch if group else 1
        self._on_commit = on_commit
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._open_error: BaseException | None = None
        self.transactions = 0  # commits made (read by tests and benchmarks)
        self.jobs = 0  # jobs run

    async def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._thread.start()
        await asyncio.to_thread(self._ready.wait)
        if self._open_error is not None:
            raise self._open_error

    def submit(self, fn: Callable[[Tx], T]) -> asyncio.Future[T]:
        """Queue a job; its future completes in this loop after its transaction committed."""
        if self._thread is None or not self._thread.is_alive():
            raise RuntimeError("the store is not open")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put(_Job(fn, future, loop))
        return future

    async def stop(self) -> None:
        """Let queued jobs finish, then close the connection and end the thread."""
        if self._thread is None:
            return
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)
        self._thread = None

    # --- the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        try:
            conn = self._open()
        except BaseException as exc:  # reported to start()
            self._open_error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while True:
                batch = self._take()
                stop = batch and batch[-1] is _STOP
                jobs = [job for job in batch if job is not _STOP]
                if jobs:
                    self._run_safely(conn, jobs)
                if stop:
                    return
        finally:
            conn.close()

    def _take(self) -> list[Any]:
        first = self._queue.get()
        batch = [first]
        while first is not _STOP and len(batch) < self._max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            batch.append(item)
            if item is _STOP:
                break
        return batch

    def _run_safely(self, conn: Any, jobs: list[_Job]) -> None:
        """Run a batch; a bug in the batch machinery itself fails its jobs (nothing of the
        batch committed) instead of killing the thread and leaving callers waiting."""
        try:
            self._run_batch(conn, jobs)
        except Exception as exc:
            log.exception("store: writer batch failed")
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            failed = StoreError(f"store writer failed: {exc}")
            self._settle([(job, None, failed) for job in jobs])

    def _run_batch(self, conn: Any, jobs: list[_Job]) -> None:
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        tx = Tx(conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            error = translate(exc)
            self._settle([(job, None, error) for job in jobs])
            return
        yielded = time.perf_counter()
        try:
            for job in jobs:
                conn.execute("SAVEPOINT job")
                try:
                    result = job.fn(tx)
                except BaseException as exc:  # the job's own error: undo the job alone
                    conn.execute("ROLLBACK TO job")
                    conn.execute("RELEASE job")
                    if isinstance(exc, sqlite3.Error):
                        exc = translate(exc)
                    outcomes.append((job, None, exc))
                else:
                    conn.execute("RELEASE job")
                    outcomes.append((job, result, None))
                # Let the event loop's thread have the GIL between jobs now and then: a
                # batch's Python work would otherwise keep it waiting a whole switch
                # interval (5 ms) at a time. Not after every job: each hand-over costs.
                if time.perf_counter() - yielded > _YIELD_EVERY:
                    time.sleep(0)
                    yielded = time.perf_counter()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:  # the transaction itself failed: nothing committed
            log.warning("store: commit failed: %s", exc)
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            error = translate(exc)
            self._settle([(job, None, error) for job in jobs])
            return
        self.transactions += 1
        self.jobs += len(jobs)
        if self._on_commit is not None and tx.event_seq:
            with contextlib.suppress(Exception):  # waking waiters is a courtesy
                self._on_commit(tx.event_seq)
        self._settle(outcomes)

    @staticmethod
    def _settle(outcomes: list[tuple[_Job, Any, BaseException | None]]) -> None:
        """Complete the futures: one wake-up of each loop per batch, not one per job."""
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[Any, ...]]] = {}
        for job, result, error in outcomes:
            by_loop.setdefault(job.loop, []).append((job.future, result, error))
        for loop, done in by_loop.items():
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(_complete, done)


#: Futures completed per loop iteration: a batch of a hundred results would otherwise wake a
#: hundred tasks in one iteration, and every other callback (a timer, a read) would wait for
#: them all. The rest follow in the next iterations.
_WAKE_PER_ITERATION = 8


def _complete(done: list[tuple[asyncio.Future[Any], Any, BaseException | None]]) -> None:
    now, rest = done[:_WAKE_PER_ITERATION], done[_WAKE_PER_ITERATION:]
    if rest:
        asyncio.get_running_loop().call_soon(_complete, rest)
    for future, result, error in now:
        if future.cancelled():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


class Readers:
    """Read-only connections in a small thread pool; each read runs in one read
    transaction, so it sees one consistent snapshot."""

    def __init__(self, open_connection: Callable[[], Any], workers: int = 2) -> None:
        self._open = open_connection
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="store-read")
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    async def run(self, fn: Callable[[Any], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, fn)

    def _call(self, fn: Callable[[Any], T]) -> T:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        try:
            conn.execute("BEGIN")
            try:
                return fn(conn)
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise translate(exc) from None

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True)
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
