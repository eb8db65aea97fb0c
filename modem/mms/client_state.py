"""What the MMS client keeps between transactions, and the interface of whoever keeps it.

A `Notification` is one incoming M-Notification.ind and where its retrieval stands (a
`RetrievalState`), what still has to be said to the MMSC (`answer`: an M-NotifyResp.ind or
M-Acknowledge.ind not yet delivered), and when to try next. A `SentMms` is an M-Send.req the
MMSC accepted, kept under its Message-ID so delivery and read reports that come by push later
(`MmsReport`) find it. `MmsStore` is the interface the gateway's store implements (committed
before anyone is told, like every other change); `MemoryMmsStore` keeps them in memory, for
the Python API without a gateway and for tests. Records are plain data with `to_json()`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from modem.vocabulary import ItemType, RetrievalState, iso, new_id

__all__ = [
    "MemoryMmsStore",
    "MmsReport",
    "MmsStore",
    "Notification",
    "SentMms",
    "TransferError",
]


@dataclass(frozen=True, slots=True)
class TransferError:
    """The last thing that went wrong: `kind` a `MmsFailure` word, words, HTTP or MMS status."""

    kind: str
    message: str
    status: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "status": self.status}


@dataclass(frozen=True, slots=True)
class Notification:
    """One M-Notification.ind received by `modem_id`, and what became of it.

    `location` is the URL to fetch (the carrier's quirks applied); `pdu` the notification as it
    came (to decode again after a restart); `answer` is "notify_resp" or "acknowledge" while
    that PDU still has to reach the MMSC (`answer_status`: the X-Mms-Status it carries);
    `retrieved` the M-Retrieve.conf bytes once fetched; `seen` how often the network sent it.
    """

    id: str
    modem_id: str
    transaction_id: str
    location: str
    pdu: bytes
    received_at: datetime
    expires_at: datetime
    state: RetrievalState = RetrievalState.PENDING
    sender: str | None = None
    subject: str | None = None
    size: int | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    error: TransferError | None = None
    answer: str | None = None
    answer_status: int | None = None
    answer_attempts: int = 0
    retrieved: bytes | None = None
    retrieved_at: datetime | None = None
    message_id: str | None = None
    deferred: bool = False
    seen: int = 1

    @staticmethod
    def new_id() -> str:
        return new_id("mmsn")

    def but(self, **changes: Any) -> Notification:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": ItemType.MMS_NOTIFICATION.value,
            "id": self.id,
            "modem_id": self.modem_id,
            "transaction_id": self.transaction_id,
            "location": self.location,
            "state": self.state.value,
            "sender": self.sender,
            "subject": self.subject,
            "size": self.size,
            "received_at": iso(self.received_at),
            "expires_at": iso(self.expires_at),
            "attempts": self.attempts,
            "next_attempt_at": iso(self.next_attempt_at),
            "error": self.error.to_json() if self.error else None,
            "answer_pending": self.answer,
            "message_id": self.message_id,
            "retrieved_at": iso(self.retrieved_at),
            "deferred": self.deferred,
            "seen": self.seen,
        }


@dataclass(frozen=True, slots=True)
class MmsReport:
    """A delivery report (M-Delivery.ind: `status` an X-Mms-Status) or read report
    (M-Read-Orig.ind: `read_status`) for a message this line sent."""

    kind: str  # "delivery" or "read"
    message_id: str
    recipient: str | None
    status: int | None
    status_text: str  # "Retrieved", "Read", ... as OMA-TS-MMS-ENC names them
    outcome: str | None  # ReportOutcome word for delivery reports
    date: datetime | None
    received_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "type": ItemType.MMS_REPORT.value,
            "kind": self.kind,
            "message_id": self.message_id,
            "recipient": self.recipient,
            "status": self.status,
            "status_text": self.status_text,
            "outcome": self.outcome,
            "date": iso(self.date),
            "received_at": iso(self.received_at),
        }


@dataclass(frozen=True, slots=True)
class SentMms:
    """An M-Send.req the MMSC accepted. `reference` is the caller's (the store's message id);
    `reports` collect as they arrive."""

    message_id: str
    transaction_id: str
    modem_id: str
    recipients: tuple[str, ...]
    sent_at: datetime
    reference: str | None = None
    response_text: str | None = None
    reports: tuple[MmsReport, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "type": ItemType.MMS_SENT.value,
            "message_id": self.message_id,
            "transaction_id": self.transaction_id,
            "modem_id": self.modem_id,
            "recipients": list(self.recipients),
            "sent_at": iso(self.sent_at),
            "reference": self.reference,
            "response_text": self.response_text,
            "reports": [r.to_json() for r in self.reports],
        }


class MmsStore(Protocol):
    """Where the MMS client's records live. Every method commits before it returns."""

    async def add_notification(self, notification: Notification) -> tuple[Notification, bool]:
        """Keep `notification` unless this modem already has one for the same location (the
        network sent it again): then count it (`seen` + 1) and return that one, False."""
        ...

    async def save_notification(self, notification: Notification) -> None:
        """Replace the record with this id."""
        ...

    async def get_notification(self, id: str) -> Notification | None: ...

    async def due_notifications(self, modem_id: str, now: datetime) -> list[Notification]:
        """Notifications of `modem_id` with work due: a fetch (pending) or an answer whose
        next attempt is at or before `now`, oldest first."""
        ...

    async def next_due(self, modem_id: str) -> datetime | None:
        """When the earliest pending work of `modem_id` is due, or None."""
        ...

    async def add_sent(self, sent: SentMms) -> None: ...

    async def add_report(self, modem_id: str, report: MmsReport) -> SentMms | None:
        """Attach `report` to the message this modem sent with its Message-ID; the updated
        SentMms, or None when no sent message matches (the report is then not kept)."""
        ...


def _has_work(n: Notification) -> bool:
    return n.state is RetrievalState.PENDING or n.answer is not None


class MemoryMmsStore:
    """`MmsStore` in memory: for the Python API on its own and for tests (a restart is a new
    client on the same store)."""

    def __init__(self) -> None:
        self.notifications: dict[str, Notification] = {}
        self.sent: dict[tuple[str, str], SentMms] = {}

    async def add_notification(self, notification: Notification) -> tuple[Notification, bool]:
        for kept in self.notifications.values():
            if kept.modem_id == notification.modem_id and kept.location == notification.location:
                kept = kept.but(seen=kept.seen + 1)
                self.notifications[kept.id] = kept
                return kept, False
        self.notifications[notification.id] = notification
        return notification, True

    async def save_notification(self, notification: Notification) -> None:
        self.notifications[notification.id] = notification

    async def get_notification(self, id: str) -> Notification | None:
        return self.notifications.get(id)

    async def due_notifications(self, modem_id: str, now: datetime) -> list[Notification]:
        due = [
            n
            for n in self.notifications.values()
            if n.modem_id == modem_id
            and _has_work(n)
            and (n.next_attempt_at is None or n.next_attempt_at <= now)
        ]
        return sorted(due, key=lambda n: (n.next_attempt_at or n.received_at, n.id))

    async def next_due(self, modem_id: str) -> datetime | None:
        times = [
            n.next_attempt_at or n.received_at
            for n in self.notifications.values()
            if n.modem_id == modem_id and _has_work(n)
        ]
        return min(times, default=None)

    async def add_sent(self, sent: SentMms) -> None:
        self.sent[(sent.modem_id, sent.message_id)] = sent

    async def add_report(self, modem_id: str, report: MmsReport) -> SentMms | None:
        sent = self.sent.get((modem_id, report.message_id))
        if sent is None:
            return None
        sent = dataclasses.replace(sent, reports=(*sent.reports, report))
        self.sent[(modem_id, report.message_id)] = sent
        return sent
