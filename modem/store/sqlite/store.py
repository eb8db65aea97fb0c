"""`SqliteStore`: the store on one SQLite file (the embedded default).

Each method hands its SQL to the writer thread (writes, with group commit) or the readers
(reads), so the event loop never waits on disk; the SQL itself lives in the sibling modules,
one per concern. See engine.py for the durability this gives and the pragmas behind it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from modem.store.base import Semantics, Store, Token
from modem.store.cursor import decode_cursor
from modem.store.errors import LeaseLost
from modem.store.outbox import Delivery, Event
from modem.store.records import (
    Claim,
    Error,
    HistoryEntry,
    IncomingResult,
    Message,
    Page,
    Part,
    Recipient,
    Recovery,
    ReportMatch,
    Undecodable,
)
from modem.store.registry import ModemRecord
from modem.store.requests import DeliveryQuery, IncomingPart, MessageQuery, NewMessage, Slot
from modem.store.sqlite import (
    inbound,
    modems,
    outbound,
    outbox,
    reports,
    retention,
    schedule,
    work,
)
from modem.store.sqlite.codec import time_out
from modem.store.sqlite.database import Database
from modem.store.sqlite.engine import Tx, Writer
from modem.vocabulary import PartState, ReportOutcome, new_id

__all__ = ["SqliteStore"]

T = TypeVar("T")
_US = 1_000_000


class SqliteStore(Store):
    """The store in one SQLite file.

    Options: `group_commit` (False: one transaction per write, for comparison),
    `synchronous` ("normal", or "full" to sync every commit: see engine.py), `busy_timeout`
    (seconds another process may hold the write lock before a call fails with
    StoreUnavailable), `modem_ttl` (seconds a registry entry counts as fresh for routing
    around an avoided modem), `reassembly_gap` (seconds of TP-SCTS spread allowed within one
    incoming message), `poll_interval` (how often `wait_events` looks for other processes'
    events), `clock` (the store's own time, for tests)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        group_commit: bool = True,
        max_batch: int = 512,
        synchronous: str = "full",
        busy_timeout: float = 5.0,
        modem_ttl: float = 120.0,
        reassembly_gap: float = 900.0,
        poll_interval: float = 1.0,
        readers: int = 2,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path).expanduser()
        self._db = Database(
            self.path, group_commit=group_commit, max_batch=max_batch,
            synchronous=synchronous, busy_timeout=busy_timeout, poll_interval=poll_interval,
            readers=readers,
        )  # fmt: skip
        self._modem_ttl = int(modem_ttl * _US)
        self._gap = int(reassembly_gap * _US)
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def writer(self) -> Writer:
        """The writer thread (its `transactions` and `jobs` counters show group commit)."""
        return self._db.writer

    # --- lifecycle -------------------------------------------------------------------------

    async def open(self) -> SqliteStore:
        await self._db.open()
        return self

    async def close(self) -> None:
        await self._db.close()

    async def migrate(self) -> list[int]:
        return await self._db.migrate()

    async def schema_version(self) -> int:
        return await self._db.version()

    async def check_writable(self) -> None:
        now = self._now()
        await self._write(
            lambda tx: tx.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('checked_at', ?)", (str(now),)
            )
        )

    # --- plumbing --------------------------------------------------------------------------

    def _now(self) -> int:
        return time_out(self._clock())  # type: ignore[return-value]

    async def _write(self, fn: Callable[[Tx], T]) -> T:
        return await self._db.write(fn)

    async def _read(self, fn: Callable[[Any], T]) -> T:
        return await self._db.read(fn)

    async def _write_claim(self, fn: Callable[[Tx], T | work.Lost]) -> T:
        result = await self._write(fn)
        if isinstance(result, work.Lost):
            raise LeaseLost(result.message)
        return result

    # --- outbound --------------------------------------------------------------------------

    async def create_message(
        self, new: NewMessage, *, idempotency_key: str | None = None, fingerprint: str | None = None
    ) -> tuple[Message, bool]:
        job = functools.partial(
            outbound.create_message, at=self._now(), message_id=new_id("msg"), new=new,
            key=idempotency_key, fingerprint=fingerprint,
        )  # fmt: skip
        return await self._write(job)

    async def get_message(self, message_id: str) -> Message:
        return await self._read(lambda c: outbound.get_message(c, message_id))

    async def list_messages(self, query: MessageQuery) -> Page[Message]:
        return await self._read(lambda c: outbound.list_messages(c, query))

    async def count_messages(self, direction: str | None = None) -> dict[str, int]:
        return await self._read(lambda c: outbound.count_messages(c, direction))

    async def cancel_message(self, message_id: str) -> Message:
        at = self._now()
        return await self._write(lambda tx: outbound.cancel_message(tx, at, message_id))

    async def history(self, message_id: str) -> list[HistoryEntry]:
        return await self._read(lambda c: outbound.history(c, message_id))

    # --- the pool --------------------------------------------------------------------------

    async def claim(self, slot: Slot, now: datetime) -> Claim | None:
        at, now_us = self._now(), time_out(now)
        return await self._write(lambda tx: work.claim(tx, at, slot, now_us, self._modem_ttl))

    async def renew_leases(self, node: str, until: datetime) -> int:
        until_us = time_out(until)
        return await self._write(lambda tx: work.renew_leases(tx, node, until_us))

    async def _part(self, claim: Claim, seq: int, to: PartState, **kw: Any) -> Part:
        at = self._now()
        return await self._write_claim(lambda tx: work.part_event(tx, at, claim, seq, to, **kw))

    async def part_sending(self, claim: Claim, seq: int) -> Part:
        return await self._part(claim, seq, PartState.SENDING)

    async def part_sent(
        self, claim: Claim, seq: int, *, reference: int | None, sent_at: datetime
    ) -> Part:
        return await self._part(
            claim, seq, PartState.SENT, reference=reference, sent_at=time_out(sent_at)
        )

    async def part_failed(self, claim: Claim, seq: int, error: Error) -> Part:
        return await self._part(claim, seq, PartState.FAILED, error=error)

    async def part_unknown(self, claim: Claim, seq: int, error: Error) -> Part:
        return await self._part(claim, seq, PartState.UNKNOWN, error=error)

    async def release(
        self,
        claim: Claim,
        *,
        retry_at: datetime | None,
        error: Error | None = None,
        avoid_modem: bool = False,
        attempted: bool = True,
    ) -> Recipient:
        at, retry = self._now(), time_out(retry_at)
        return await self._write_claim(
            lambda tx: work.release(tx, at, claim, retry, error, avoid_modem, attempted)
        )

    async def fail(self, claim: Claim, error: Error) -> Recipient:
        at = self._now()
        return await self._write_claim(lambda tx: work.fail(tx, at, claim, error))

    async def finish(self, claim: Claim) -> Recipient:
        at = self._now()
        return await self._write_claim(lambda tx: work.finish(tx, at, claim))

    async def _until_done(self, fn: Callable[[Tx, int], int], limit: int = 1000) -> int:
        """Run a batched job until a batch comes back short; the total."""
        total = 0
        while True:
            at = self._now()
            n = await self._write(functools.partial(fn, at=at))
            total += n
            if n < limit:
                return total

    async def promote_scheduled(self, now: datetime) -> int:
        now_us = time_out(now)
        return await self._until_done(lambda tx, at: schedule.promote_scheduled(tx, at, now_us))

    async def expire_due(self, now: datetime) -> int:
        now_us = time_out(now)
        return await self._until_done(lambda tx, at: schedule.expire_due(tx, at, now_us))

    async def recover(self, node: str | None, semantics: Semantics, now: datetime) -> Recovery:
        if semantics not in ("at_least_once", "at_most_once"):
            raise ValueError(f"semantics must be at_least_once or at_most_once: {semantics!r}")
        at, now_us = self._now(), time_out(now)
        return await self._write(lambda tx: schedule.recover(tx, at, node, semantics, now_us))

    async def record_report(
        self,
        modem_id: str,
        reference: int,
        recipient: str,
        *,
        outcome: ReportOutcome | str,
        status: int,
        received_at: datetime,
        status_text: str | None = None,
        discharge_time: datetime | None = None,
        pdu: str | None = None,
        token: Token | None = None,
    ) -> ReportMatch | None:
        report = {
            "outcome": ReportOutcome(outcome),
            "status": status,
            "received_at": time_out(received_at),
            "status_text": status_text,
            "discharge_time": discharge_time,
            "pdu": pdu,
        }
        at = self._now()
        return await self._write(
            lambda tx: reports.record_report(tx, at, modem_id, reference, recipient, report, token)
        )

    async def mark_reports_overdue(self, now: datetime, after: float) -> int:
        now_us, after_us = time_out(now), int(after * _US)
        return await self._until_done(
            lambda tx, at: schedule.mark_reports_overdue(tx, at, now_us, after_us)
        )

    async def sent_count(self, modem_id: str, since: datetime) -> int:
        since_us = time_out(since)
        return await self._read(lambda c: schedule.sent_count(c, modem_id, since_us))

    async def queue_depth(self, modem_id: str | None = None) -> int:
        return await self._read(lambda c: schedule.queue_depth(c, modem_id))

    # --- inbound ---------------------------------------------------------------------------

    async def record_incoming(self, part: IncomingPart) -> IncomingResult:
        at = self._now()
        return await self._write(lambda tx: inbound.record_incoming(tx, at, part, self._gap))

    async def record_undecodable(
        self,
        *,
        modem_id: str,
        pdu: str,
        error: str,
        received_at: datetime,
        sim: str | None = None,
        token: Token | None = None,
    ) -> Undecodable:
        at, received = self._now(), time_out(received_at)
        return await self._write(
            lambda tx: inbound.record_undecodable(
                tx, at, modem_id, pdu, error, received, sim, token
            )
        )

    async def list_undecodable(
        self, *, limit: int = 100, cursor: str | None = None
    ) -> Page[Undecodable]:
        if not 1 <= limit <= 1000:
            raise ValueError(f"limit must be 1 to 1000, not {limit}")
        before = None if cursor is None else str(decode_cursor("undecodable", cursor)["before"])
        return await self._read(lambda c: inbound.list_undecodable(c, limit, before))

    async def flush_incomplete(self, older_than: float, now: datetime) -> list[Message]:
        before = time_out(now) - int(older_than * _US)
        out: list[Message] = []
        while True:
            at = self._now()
            job = functools.partial(inbound.flush_incomplete, at=at, before=before)
            batch = await self._write(job)
            out.extend(batch)
            if len(batch) < 500:
                return out

    async def pending_acks(self, modem_id: str | None = None) -> list[dict[str, Any]]:
        return await self._read(lambda c: inbound.pending_acks(c, modem_id))

    async def acked(self, token: Token) -> bool:
        return await self._write(lambda tx: inbound.acked(tx, token))

    # --- outbox ----------------------------------------------------------------------------

    async def events_after(
        self, seq: int, limit: int = 100, types: Iterable[Any] | None = None
    ) -> list[Event]:
        wanted = None if types is None else list(types)
        return await self._read(lambda c: outbox.events_after(c, seq, limit, wanted))

    async def last_event_seq(self) -> int:
        return await self._db.last_event_seq()

    async def wait_events(self, after_seq: int, timeout: float) -> bool:
        return await self._db.wait_events(after_seq, timeout)

    async def webhook_cursor(self, endpoint: str) -> int | None:
        return await self._read(lambda c: outbox.webhook_cursor(c, endpoint))

    async def add_deliveries(
        self, endpoint: str, events: Sequence[Event], *, upto: int | None = None
    ) -> int:
        at = self._now()
        return await self._write(lambda tx: outbox.add_deliveries(tx, at, endpoint, events, upto))

    async def due_deliveries(
        self, endpoint: str, now: datetime, limit: int, node: str, lease_until: datetime
    ) -> list[Delivery]:
        at, now_us, until = self._now(), time_out(now), time_out(lease_until)
        return await self._write(
            lambda tx: outbox.due_deliveries(tx, at, endpoint, now_us, limit, node, until)
        )

    async def record_attempt(
        self,
        delivery_id: str,
        *,
        at: datetime,
        delivered: bool,
        status: int | None = None,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> Delivery:
        now, when, next_at = self._now(), time_out(at), time_out(next_attempt_at)
        return await self._write(
            lambda tx: outbox.record_attempt(
                tx, now, delivery_id, when, delivered, status, error, next_at
            )
        )

    async def list_deliveries(self, query: DeliveryQuery) -> Page[Delivery]:
        return await self._read(lambda c: outbox.list_deliveries(c, query))

    async def redeliver(self, delivery_id: str, now: datetime) -> Delivery:
        at, now_us = self._now(), time_out(now)
        return await self._write(lambda tx: outbox.redeliver(tx, at, delivery_id, now_us))

    # --- modems ----------------------------------------------------------------------------

    async def upsert_modem(self, record: ModemRecord) -> ModemRecord:
        at = self._now()
        return await self._write(lambda tx: modems.upsert_modem(tx, at, record))

    async def list_modems(self) -> list[ModemRecord]:
        return await self._read(modems.list_modems)

    async def get_modem(self, modem_id: str) -> ModemRecord:
        return await self._read(lambda c: modems.get_modem(c, modem_id))

    # --- retention -------------------------------------------------------------------------

    async def prune(self, before: datetime) -> int:
        before_us = time_out(before)
        total = 0
        while True:
            n = await self._write(lambda tx: retention.prune_chunk(tx, before_us))
            total += n
            if n < retention.CHUNK:
                break
        at = self._now()
        await self._write(lambda tx: retention.prune_rest(tx, at, before_us))
        await self._write(retention.vacuum)
        return total
