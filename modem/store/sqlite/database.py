"""One SQLite database as the store uses it: the file made ready, the writer and the
readers started, the schema checked before every call, and waiters woken when a commit
wrote events. `SqliteStore` holds one and puts each method's SQL through it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from modem.store.errors import SchemaMismatch
from modem.store.sqlite import outbox, schema
from modem.store.sqlite.engine import Readers, Tx, Writer, connect, create_file, translate

__all__ = ["Database"]

T = TypeVar("T")


class Database:
    """The file at `path` with its writer thread and reader pool (see engine.py)."""

    def __init__(
        self,
        path: Path,
        *,
        group_commit: bool,
        max_batch: int,
        synchronous: str,
        busy_timeout: float,
        poll_interval: float,
        readers: int,
    ) -> None:
        if synchronous not in ("normal", "full"):
            raise ValueError(f"synchronous must be 'normal' or 'full', not {synchronous!r}")
        self.path = path
        self._group = group_commit
        self._max_batch = max_batch
        self._synchronous = synchronous
        self._busy = busy_timeout
        self._poll = poll_interval
        self._reader_count = readers
        self._writer: Writer | None = None
        self._readers: Readers | None = None
        self._version = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._known_seq = 0
        self._new_events: asyncio.Future[None] | None = None

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            raise RuntimeError("the store is not open")
        return self._writer

    def _connect(self, *, readonly: bool = False) -> Any:
        return connect(
            self.path, synchronous=self._synchronous, busy_timeout=self._busy, readonly=readonly
        )

    def _prepare(self) -> int:
        """In a thread: create the file (0600), set the file-wide pragmas, read the version."""
        create_file(self.path)
        try:
            conn = self._connect()
            try:
                if schema.read_version(conn) == 0 and not _has_tables(conn):
                    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before any table
                conn.execute("PRAGMA journal_mode = WAL").fetchall()
                version = schema.read_version(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise translate(exc, str(self.path)) from None
        schema.refuse_newer(version, str(self.path))
        return version

    async def open(self) -> None:
        if self._writer is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._version = await asyncio.to_thread(self._prepare)
        writer = Writer(
            self._connect, group=self._group, max_batch=self._max_batch,
            on_commit=self._committed,
        )  # fmt: skip
        await writer.start()
        self._writer = writer
        self._readers = Readers(lambda: self._connect(readonly=True), self._reader_count)
        if self._version == schema.LATEST:
            self._known_seq = await self._readers.run(outbox.last_event_seq)

    async def close(self) -> None:
        writer, readers = self._writer, self._readers
        self._writer = self._readers = None
        if writer is not None:
            await writer.stop()
        if readers is not None:
            await readers.close()

    async def migrate(self) -> list[int]:
        applied = await asyncio.to_thread(self._migrate)
        self._version = schema.LATEST
        self._known_seq = await self.read(outbox.last_event_seq)
        return applied

    def _migrate(self) -> list[int]:
        try:
            conn = self._connect()
            try:
                return schema.apply(conn, str(self.path))
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise translate(exc, str(self.path)) from None

    async def version(self) -> int:
        if self._readers is None:
            raise RuntimeError("the store is not open")
        return await self._readers.run(schema.read_version)

    async def _current(self) -> None:
        """SchemaMismatch unless the schema is the one this program speaks (read again
        only while it was not: another process may have migrated meanwhile)."""
        if self._version != schema.LATEST:
            self._version = await self.version()
            schema.refuse_newer(self._version, str(self.path))
            if self._version != schema.LATEST:
                raise SchemaMismatch(
                    f"{self.path}: the database's schema is version {self._version}, this "
                    f"program needs {schema.LATEST}: run `modem store migrate`"
                )

    async def write(self, fn: Callable[[Tx], T]) -> T:
        """Run `fn` in the writer's next transaction; its result once committed."""
        await self._current()
        return await self.writer.submit(fn)

    async def read(self, fn: Callable[[Any], T]) -> T:
        """Run `fn` on a reader connection, in one read transaction."""
        if self._readers is None:
            raise RuntimeError("the store is not open")
        await self._current()
        return await self._readers.run(fn)

    # --- events: who is waiting for them --------------------------------------------------

    def _committed(self, seq: int) -> None:
        """In the writer thread, after a commit that wrote events up to `seq`."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, seq)

    def _wake(self, seq: int) -> None:
        self._known_seq = max(self._known_seq, seq)
        waiter, self._new_events = self._new_events, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def last_event_seq(self) -> int:
        seq = await self.read(outbox.last_event_seq)
        self._known_seq = max(self._known_seq, seq)
        return seq

    async def wait_events(self, after_seq: int, timeout: float) -> bool:
        """True once an event above `after_seq` is known: at once on this process's
        commits, within `poll_interval` for other processes'."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._known_seq > after_seq:
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            if self._new_events is None or self._new_events.done():
                self._new_events = loop.create_future()
            try:
                async with asyncio.timeout(min(remaining, self._poll)):
                    await asyncio.shield(self._new_events)
            except TimeoutError:  # another process may have written: look
                await self.last_event_seq()


def _has_tables(conn: Any) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
