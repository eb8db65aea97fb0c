"""What the store gives back: frozen records, each with `to_json()` in the vocabulary.

The same records come out of every backend. Times are aware datetimes in UTC (our clocks),
except an SMSC's own stamps (`discharge_time`, `smsc_time`), which keep the offset the SMSC
gave. `to_json()` is what the API, the webhooks and SSE show: ISO 8601 times, the state words
of `modem.vocabulary`, `"type"` on every resource that stands on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from modem.vocabulary import (
    ItemType,
    MessageState,
    PartState,
    ResourceType,
    concat_json,
    iso,
)

__all__ = [
    "Claim",
    "Error",
    "HistoryEntry",
    "InboundPart",
    "IncomingResult",
    "Message",
    "Page",
    "Part",
    "Recipient",
    "Recovery",
    "ReportMatch",
    "Undecodable",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Error:
    """Why something failed, as a user reads it and as the modem or network said it.

    source: "modem", "network", "pool" or "api". kind: "cms", "cme", "timeout",
    "modem_gone", "expired", "unknown", "report", ... code: the +CMS/+CME number or TP-ST,
    when there is one. message: words. raw: the line or value as it came, when useful.
    """

    source: str
    kind: str
    message: str
    code: int | None = None
    raw: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "raw": self.raw,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Error:
        return cls(
            source=str(data["source"]),
            kind=str(data["kind"]),
            message=str(data.get("message") or ""),
            code=data.get("code"),
            raw=data.get("raw"),
        )


def _error(value: Error | None) -> dict[str, Any] | None:
    return None if value is None else value.to_json()


@dataclass(frozen=True, slots=True)
class Part:
    """One SMS part to one recipient: its planned PDU and what became of it.

    `reference` is the TP-MR the network gave (0-255; reused after 256 parts on a modem).
    The report fields come from the latest status report matched to this part."""

    seq: int
    state: PartState
    pdu: str
    length: int
    reference: int | None = None
    modem_id: str | None = None
    sent_at: datetime | None = None
    status: int | None = None  # TP-ST of the latest report
    outcome: str | None = None  # ReportOutcome word of the latest report
    status_text: str | None = None
    discharge_time: datetime | None = None  # TP-DT, the SMSC's clock
    report_pdu: str | None = None
    reported_at: datetime | None = None  # when the latest report was received
    error: Error | None = None

    def to_json(self) -> dict[str, Any]:
        report = None
        if self.reported_at is not None:
            report = {
                "status": self.status,
                "outcome": self.outcome,
                "status_text": self.status_text,
                "discharge_time": iso(self.discharge_time),
                "received_at": iso(self.reported_at),
                "pdu": self.report_pdu,
            }
        return {
            "seq": self.seq,
            "state": str(self.state),
            "reference": self.reference,
            "modem_id": self.modem_id,
            "sent_at": iso(self.sent_at),
            "length": self.length,
            "pdu": self.pdu,
            "report": report,
            "error": _error(self.error),
        }


@dataclass(frozen=True, slots=True)
class Recipient:
    """One number of an outbound message: the unit of work a modem claims. All its parts go
    through one modem, in order. `modem_id` is the modem that sent (or is sending) it;
    `attempts` counts claims; `report_overdue` says reports were asked for and have not all
    come within the configured time (the state stays `sent`)."""

    number: str
    state: MessageState
    parts: tuple[Part, ...]
    modem_id: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    error: Error | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    report_overdue: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "state": str(self.state),
            "modem_id": self.modem_id,
            "attempts": self.attempts,
            "next_attempt_at": iso(self.next_attempt_at),
            "error": _error(self.error),
            "sent_at": iso(self.sent_at),
            "delivered_at": iso(self.delivered_at),
            "report_overdue": self.report_overdue,
            "parts": [p.to_json() for p in self.parts],
        }


@dataclass(frozen=True, slots=True)
class InboundPart:
    """One received SMS-DELIVER of an incoming message. `concat` is (reference, total, bits)
    for a part of a concatenated message, else None. `smsc_time` is its TP-SCTS."""

    seq: int
    text: str
    pdu: str
    received_at: datetime
    modem_id: str
    smsc_time: datetime | None = None
    concat: tuple[int, int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "text": self.text,
            "pdu": self.pdu,
            "modem_id": self.modem_id,
            "received_at": iso(self.received_at),
            "smsc_time": iso(self.smsc_time),
            "concat": None
            if self.concat is None
            else concat_json(self.concat[0], self.seq, self.concat[1]),
        }


@dataclass(frozen=True, slots=True)
class Message:
    """An outgoing ("outbound") or incoming ("inbound") message.

    Outbound: `recipients`, and what was asked (`modem`/`group` to route to, `priority`,
    `status_report`, `send_at`, `expires_at`); `state` sums up the recipients
    (`modem.store.states.message_state`). Inbound: `sender`, the receiving `modem_id` and
    `sim` (IMSI), `received_at` (its last part), `smsc_time` (its first part's TP-SCTS),
    `complete` (False when parts never came: `missing` lists their numbers), `parts`.
    `metadata` is the caller's JSON object, echoed in every webhook."""

    id: str
    direction: str
    kind: str
    state: MessageState
    text: str
    encoding: str | None
    created_at: datetime
    updated_at: datetime
    metadata: Mapping[str, Any] = field(default_factory=dict)
    modem: str | None = None
    group: str | None = None
    priority: int = 0
    status_report: bool = False
    send_at: datetime | None = None
    expires_at: datetime | None = None
    error: Error | None = None
    recipients: tuple[Recipient, ...] = ()
    sender: str | None = None
    modem_id: str | None = None
    sim: str | None = None
    received_at: datetime | None = None
    smsc_time: datetime | None = None
    complete: bool = True
    missing: tuple[int, ...] = ()
    parts: tuple[InboundPart, ...] = ()

    def recipient(self, number: str) -> Recipient:
        """The recipient with this number as stored (KeyError if none)."""
        for r in self.recipients:
            if r.number == number:
                return r
        raise KeyError(number)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": str(ResourceType.MESSAGE),
            "id": self.id,
            "direction": self.direction,
            "kind": self.kind,
            "state": str(self.state),
            "text": self.text,
            "encoding": self.encoding,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "metadata": dict(self.metadata),
            "error": _error(self.error),
        }
        if self.direction == "outbound":
            out.update(
                modem=self.modem,
                group=self.group,
                priority=self.priority,
                status_report=self.status_report,
                send_at=iso(self.send_at),
                expires_at=iso(self.expires_at),
                recipients=[r.to_json() for r in self.recipients],
            )
        else:
            out.update(
                sender=self.sender,
                modem_id=self.modem_id,
                sim=self.sim,
                received_at=iso(self.received_at),
                smsc_time=iso(self.smsc_time),
                complete=self.complete,
                missing=list(self.missing),
                parts=[p.to_json() for p in self.parts],
            )
        return out


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a message's history, oldest first: a state change of a recipient
    (`state`) or of a part (`part_state`), or something that happened without a change (a
    pending report, a late report, a claim released). `source` says who: "api", "pool",
    "modem", "network" (an SMSC's report), "store" (recovery, retention)."""

    at: datetime
    source: str
    state: MessageState | None = None
    part_state: PartState | None = None
    recipient: str | None = None
    part: int | None = None
    code: int | None = None
    raw: str | None = None
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "state": None if self.state is None else str(self.state),
            "part_state": None if self.part_state is None else str(self.part_state),
            "recipient": self.recipient,
            "part": self.part,
            "source": self.source,
            "code": self.code,
            "raw": self.raw,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Undecodable:
    """A PDU the codec refused, kept raw with the codec's error."""

    id: str
    modem_id: str
    pdu: str
    error: str
    received_at: datetime
    sim: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(ItemType.UNDECODABLE),
            "id": self.id,
            "modem_id": self.modem_id,
            "sim": self.sim,
            "pdu": self.pdu,
            "error": self.error,
            "received_at": iso(self.received_at),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One recipient claimed by one modem: the work a worker does, under a lease.

    `parts` are all the recipient's parts in order, as they stand: the worker sends those
    still `queued`, in order (earlier ones may be sent already, after a retry).
    `attempt` counts claims of this recipient, this one included."""

    id: str
    message_id: str
    number: str
    modem_id: str
    node: str
    lease_until: datetime
    attempt: int
    parts: tuple[Part, ...]
    priority: int = 0
    status_report: bool = False
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReportMatch:
    """The part a status report was matched to, and the states after it."""

    message_id: str
    number: str
    seq: int
    part_state: PartState
    recipient_state: MessageState
    message_state: MessageState
    changed: bool  # the part's state changed (False: a pending, late or repeated report)


@dataclass(frozen=True, slots=True)
class IncomingResult:
    """What `record_incoming()` did with one part: `message` is the message this part
    completed (None while parts are missing, and for a duplicate); `duplicate` says the
    same part was already stored (its token still needs acknowledging); `missing` how many
    parts of its message are still to come."""

    message: Message | None
    duplicate: bool = False
    missing: int = 0


@dataclass(frozen=True, slots=True)
class Recovery:
    """What `recover()` did: recipients whose claims it took back, parts put back to queued
    (at-least-once) and parts marked unknown (at-most-once)."""

    recipients: tuple[tuple[str, str], ...] = ()  # (message_id, number)
    requeued_parts: int = 0
    unknown_parts: int = 0


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, newest first. `next_cursor` (opaque) fetches the next page;
    None when this is the last."""

    items: tuple[T, ...]
    next_cursor: str | None = None
