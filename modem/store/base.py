"""The store's interface: what the pool, the HTTP bridge, the receive path and the fleet rely
on, whichever database runs underneath. Each backend (`sqlite`, later `postgres`) implements
every method with the meaning written here, and nothing above `modem/store/` knows which one
runs.

Guarantees every method keeps:
- Committed before told: a method returns only after its change is durable (as the backend
  defines durable: see its module) together with the change's history entries and outbox
  events, in one transaction. A caller cancelled while waiting may find the change made.
- All or nothing: a method that raises changed nothing.
- Several writers: any number of tasks, processes or hosts may call any method at once;
  each method is atomic against all of them (two workers never claim the same recipient).
- State changes follow `modem.store.states`; a change it forbids is `IllegalTransition`
  (a bug in the caller). Every change of a recipient's state writes one event
  (`message.<state>`) carrying the whole message as JSON.
- Times: aware datetimes, UTC; `now` arguments are the caller's clock, every other stamp is
  the store's. Ids are `modem.vocabulary.new_id()` strings; cursors are opaque strings.
- `StoreUnavailable` when the database cannot be reached or written: nothing changed; wait
  and retry.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from modem.store.errors import (
    Conflict,
    IdempotencyConflict,
    IllegalTransition,
    LeaseLost,
    NotFound,
    SchemaMismatch,
    StoreError,
    StoreUnavailable,
)
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
from modem.vocabulary import EventType, ReportOutcome

__all__ = [
    "Conflict",
    "IdempotencyConflict",
    "IllegalTransition",
    "LeaseLost",
    "NotFound",
    "SchemaMismatch",
    "Semantics",
    "Store",
    "StoreError",
    "StoreUnavailable",
]

Semantics = Literal["at_least_once", "at_most_once"]
Token = Mapping[str, Any]


class Store(ABC):
    """One gateway's messages, work queue, outbox and modem registry."""

    # --- lifecycle -------------------------------------------------------------------------

    @abstractmethod
    async def open(self) -> Store:
        """Connect. Refuses (SchemaMismatch) a database whose schema is newer than this
        program knows; does not migrate (call `migrate()`). Returns self."""

    @abstractmethod
    async def close(self) -> None:
        """Finish what was asked (every pending write commits or fails its caller), then
        disconnect. Idempotent."""

    @abstractmethod
    async def migrate(self) -> list[int]:
        """Apply the pending schema migrations, each in its own transaction, in order;
        returns their numbers ([] when the schema is current). Idempotent; safe when several
        processes start at once. Every other method needs a current schema (SchemaMismatch
        otherwise)."""

    @abstractmethod
    async def schema_version(self) -> int:
        """The schema version of the database (0: empty)."""

    @abstractmethod
    async def check_writable(self) -> None:
        """Commit a trivial write; StoreUnavailable if the database cannot take writes now
        (for `/readyz`)."""

    async def __aenter__(self) -> Store:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- outbound messages (bridge, CLI) ----------------------------------------------------

    @abstractmethod
    async def create_message(
        self,
        new: NewMessage,
        *,
        idempotency_key: str | None = None,
        fingerprint: str | None = None,
    ) -> tuple[Message, bool]:
        """Commit a new outbound message, its recipients and planned parts, queued (or
        scheduled when `send_at` is in the future), with one `message.queued` (or
        `message.scheduled`) event per recipient. Returns (message, True).

        With `idempotency_key`: a key seen before (kept at least 24 hours) returns
        (the first message as it stands now, False) when `fingerprint` matches the first
        one's (or neither has one), else IdempotencyConflict. Two calls racing with one key
        create one message. A key whose message retention already deleted is a Conflict
        (the first may have been sent: never twice)."""

    @abstractmethod
    async def get_message(self, message_id: str) -> Message:
        """The message with its recipients, parts and their reports; NotFound."""

    @abstractmethod
    async def list_messages(self, query: MessageQuery) -> Page[Message]:
        """Messages matching `query`, newest first (by id, which sorts by creation time),
        `query.limit` at most. A page's `next_cursor` continues after its last item, stable
        under concurrent inserts (new messages never shift later pages)."""

    @abstractmethod
    async def count_messages(self, direction: str | None = None) -> dict[str, int]:
        """How many messages are in each state (only states with any), for metrics."""

    @abstractmethod
    async def cancel_message(self, message_id: str) -> Message:
        """Cancel every recipient of a message nothing of which was sent or claimed
        (scheduled or queued): recipients `canceled`, parts `canceled`, one event per
        recipient. NotFound; Conflict (naming the state) when any recipient was claimed,
        sent or already ended. Cancelling a canceled message returns it unchanged."""

    @abstractmethod
    async def history(self, message_id: str) -> list[HistoryEntry]:
        """Every recorded change of the message, oldest first; NotFound."""

    # --- the pool ------------------------------------------------------------------------

    @abstractmethod
    async def claim(self, slot: Slot, now: datetime) -> Claim | None:
        """Atomically take the next recipient `slot.modem_id` may send, or None.

        Eligible: state queued; due (`next_attempt_at` absent or <= now); not expired
        (`expires_at` absent or > now); the route matches (the message names this modem, or
        a group in `slot.groups`, or neither; a recipient's own `NewRecipient.group`, given
        when the message names neither, counts as its route). A recipient released with
        `avoid_modem` from this modem is left to others while a healthy modem (in the
        registry: healthy, refreshed within the store's `modem_ttl`) other than this one
        serves its route. A recipient some of whose parts went out on another modem is left
        to that modem while it is healthy (in the same sense): a handset joins the parts of
        a long message only when one sender sent them all.
        Order: higher priority first, then older message, then recipient order.
        The recipient becomes `sending` on this modem with a lease (slot.node,
        slot.lease_until) and attempts + 1; one `message.sending` event."""

    @abstractmethod
    async def renew_leases(self, node: str, until: datetime) -> int:
        """Extend every lease `node` holds on recipients to `until` (the heartbeat);
        returns how many. A lease already taken over is not renewed."""

    @abstractmethod
    async def part_sending(self, claim: Claim, seq: int) -> Part:
        """Part `seq` is about to be written (committed before the body goes: after a crash
        a `sending` part is one that may be out). queued -> sending; the error of an earlier
        try is cleared (the history keeps it). LeaseLost if the claim was taken over."""

    @abstractmethod
    async def part_sent(
        self, claim: Claim, seq: int, *, reference: int | None, sent_at: datetime
    ) -> Part:
        """The network took part `seq` and gave `reference` (TP-MR): sending -> sent, on the
        claim's modem. Committed before the next part goes. LeaseLost if the claim was
        taken over: the fact is still kept in the history (and the part marked sent when
        it is not being sent again by the new holder)."""

    @abstractmethod
    async def part_failed(self, claim: Claim, seq: int, error: Error) -> Part:
        """Part `seq` certainly did not go out: sending -> failed, with `error`. The
        recipient stays claimed: the pool then calls `release()` (retry) or `fail()` or
        `finish()` (which makes the recipient failed)."""

    @abstractmethod
    async def part_unknown(self, claim: Claim, seq: int, error: Error) -> Part:
        """Part `seq` was written and no result came: sending -> unknown (never resent by
        the store; a status report may still settle it)."""

    @abstractmethod
    async def release(
        self,
        claim: Claim,
        *,
        retry_at: datetime | None,
        error: Error | None = None,
        avoid_modem: bool = False,
        attempted: bool = True,
    ) -> Recipient:
        """Give the recipient back to the queue: sending -> queued, due at `retry_at`
        (None: at once). Its sending and failed parts go back to queued; sent and unknown
        parts stay (never sent twice). `avoid_modem` keeps it from this modem while another
        healthy one serves its route. `error` is kept as the recipient's last error.
        `attempted=False`: the claim tried to send nothing (the modem lacked the allowance
        for it, or was stopping), so it does not count as an attempt. If every part is
        already out, the recipient takes what its parts say instead."""

    @abstractmethod
    async def fail(self, claim: Claim, error: Error) -> Recipient:
        """End the claim as failed (a permanent error, or out of retries): recipient
        failed with `error`, its queued parts canceled, sent parts left as they are.
        RuntimeError if a part is still sending (record it as failed or unknown first)."""

    @abstractmethod
    async def finish(self, claim: Claim) -> Recipient:
        """End the claim normally once no part is queued or sending: the recipient takes
        what its parts say (failed if one failed, else sent, or delivered/partially/
        undelivered if every report already came), its lease dropped. RuntimeError if a part
        is still queued or sending (release it instead)."""

    @abstractmethod
    async def promote_scheduled(self, now: datetime) -> int:
        """Scheduled recipients whose `send_at` <= now become queued; returns how many."""

    @abstractmethod
    async def expire_due(self, now: datetime) -> int:
        """Scheduled and queued recipients whose `expires_at` <= now become expired (their
        parts canceled, error kind "expired"); never one already claimed. Returns how many."""

    @abstractmethod
    async def recover(self, node: str | None, semantics: Semantics, now: datetime) -> Recovery:
        """Take back claims after a crash: every claim `node` holds (call it at start, for
        this node's previous life; None: none), and every claim whose lease ended before
        `now` (a node that died). Parts in `sending` go back to queued ("at_least_once":
        they may be sent twice) or become unknown ("at_most_once"); failed parts (certainly
        not sent) go back to queued. Sent and unknown parts stay as they are.
        The recipient goes back to queued if parts remain to send, else takes what its
        parts say."""

    @abstractmethod
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
        """Record an SMS-STATUS-REPORT and match it: the part sent on `modem_id` with TP-MR
        `reference` to `recipient` (compared in normal form: `modem.store.numbers`), the
        most recent one sent at or before `received_at` (references wrap after 255, so
        older parts with the same reference are earlier messages). A pending status keeps
        the part sent; a final one makes it delivered or undelivered; the recipient's and
        message's states follow (`modem.store.states`). A report matching nothing is kept
        too, and None returned. `token` (the item's AckToken JSON) joins `pending_acks()`."""

    @abstractmethod
    async def mark_reports_overdue(self, now: datetime, after: float) -> int:
        """Recipients `sent` for more than `after` seconds with reports asked for and not
        all come: `report_overdue` set once, with a `message.report_overdue` event each.
        Their state stays sent. Returns how many were marked."""

    @abstractmethod
    async def sent_count(self, modem_id: str, since: datetime) -> int:
        """SMS parts handed to the network (sent, unknown, or since reported) by this modem
        at or after `since`: what a SIM plan counts."""

    @abstractmethod
    async def queue_depth(self, modem_id: str | None = None) -> int:
        """Recipients waiting (scheduled or queued). With `modem_id`: those naming that
        modem, plus those it is sending now."""

    # --- inbound (the receive path) ---------------------------------------------------------

    @abstractmethod
    async def record_incoming(self, part: IncomingPart) -> IncomingResult:
        """Commit one received part (before the driver acknowledges it), joining it to its
        message: parts are grouped by (sim or modem_id, sender, reference, total, bits,
        port). A part whose (sender, reference, seq, content, TP-SCTS) was stored before is a
        duplicate (nothing added). A part that cannot belong to the open message with its
        key (that sequence number already there with other content, or its TP-SCTS or
        arrival too far from the others': see the backend's `reassembly_window`) starts a
        new message. The part that completes a message makes it `received` with one
        `message.received` event, and is returned with it. `part.token` joins
        `pending_acks()`."""

    @abstractmethod
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
        """Keep a PDU the codec refused, with its error; `token` joins `pending_acks()`."""

    @abstractmethod
    async def list_undecodable(
        self, *, limit: int = 100, cursor: str | None = None
    ) -> Page[Undecodable]:
        """Undecodable PDUs kept, newest first."""

    @abstractmethod
    async def flush_incomplete(self, older_than: float, now: datetime) -> list[Message]:
        """Messages still missing parts whose last part came more than `older_than` seconds
        before `now`: each becomes `received` with `complete=False` and `missing` listed
        (text of the parts that came, in order), with its `message.received` event. A
        part arriving later for it starts a new message."""

    @abstractmethod
    async def pending_acks(self, modem_id: str | None = None) -> list[dict[str, Any]]:
        """Ack tokens (JSON) of items committed but not yet acknowledged, oldest first:
        after a restart the receive path acknowledges them."""

    @abstractmethod
    async def acked(self, token: Token) -> bool:
        """Forget a token once the driver acknowledged it; False if it was not pending."""

    # --- outbox and webhook deliveries ----------------------------------------------------

    @abstractmethod
    async def events_after(
        self, seq: int, limit: int = 100, types: Iterable[EventType | str] | None = None
    ) -> list[Event]:
        """Events with seq > `seq`, in seq order, at most `limit`, only of `types` if
        given. Seq order is commit order: none will appear later below the last returned."""

    @abstractmethod
    async def last_event_seq(self) -> int:
        """The highest event seq (0 when there is none)."""

    @abstractmethod
    async def wait_events(self, after_seq: int, timeout: float) -> bool:
        """Wait until an event with seq > `after_seq` may exist (True) or `timeout`
        seconds passed (False). Wakes on this process's commits at once, and notices other
        processes' within the backend's poll interval."""

    @abstractmethod
    async def webhook_cursor(self, endpoint: str) -> int | None:
        """The seq up to which events were turned into deliveries for `endpoint`; None for
        an endpoint never seen (the dispatcher decides where a new one starts: from the
        first event kept, or from now with `add_deliveries(endpoint, [], upto=last seq)`)."""

    @abstractmethod
    async def add_deliveries(
        self, endpoint: str, events: Sequence[Event], *, upto: int | None = None
    ) -> int:
        """One pending delivery per (event, endpoint), due at once; an existing pair is left
        alone (several nodes may add the same events). Moves the endpoint's cursor up to the
        highest seq of `events` or `upto` (events scanned but not wanted); never down.
        Returns how many deliveries were new."""

    @abstractmethod
    async def due_deliveries(
        self, endpoint: str, now: datetime, limit: int, node: str, lease_until: datetime
    ) -> list[Delivery]:
        """Take up to `limit` pending deliveries of `endpoint` that are due and not leased
        by another node (or whose lease ended), oldest event first, each with its `event`,
        leased to `node` until `lease_until`: no other node takes them meanwhile."""

    @abstractmethod
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
        """Record one attempt: attempts + 1, its HTTP status or error, lease dropped.
        delivered -> "delivered"; else pending again at `next_attempt_at`, or "failed" when
        that is None (given up). NotFound."""

    @abstractmethod
    async def list_deliveries(self, query: DeliveryQuery) -> Page[Delivery]:
        """Deliveries matching `query`, newest first."""

    @abstractmethod
    async def redeliver(self, delivery_id: str, now: datetime) -> Delivery:
        """Make a delivery pending and due at `now` again (a failed one, or a delivered one
        to send once more); its attempts are kept. NotFound."""

    # --- modem registry -------------------------------------------------------------------

    @abstractmethod
    async def upsert_modem(self, record: ModemRecord) -> ModemRecord:
        """Insert or replace a modem's registry entry (`updated_at` set by the store).
        A change of `status` to "ready" from anything else writes `modem.online`; from
        "ready" to anything else `modem.offline`."""

    @abstractmethod
    async def list_modems(self) -> list[ModemRecord]:
        """Every modem of every node, by modem_id."""

    @abstractmethod
    async def get_modem(self, modem_id: str) -> ModemRecord:
        """One modem's entry; NotFound."""

    # --- retention ------------------------------------------------------------------------

    @abstractmethod
    async def prune(self, before: datetime) -> int:
        """Delete messages whose last change is before `before` and which are no longer in
        flight (no recipient scheduled, queued or sending: delivered, sent without report,
        failed, ... and received ones), with their recipients, parts, history, events and
        those events' deliveries; also modem events, unmatched reports and undecodable PDUs
        older than `before`, and idempotency keys older than both `before` and 24 hours.
        Pending ack tokens are never pruned. Returns how many messages were deleted."""
