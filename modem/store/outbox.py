"""The outbox's records: events (what changed, in commit order) and their deliveries to
webhook endpoints. Frozen, with `to_json()` in the vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from modem.vocabulary import EventType, ResourceType, iso

__all__ = ["EVENT_RECIPIENTS", "Delivery", "Event", "event_message"]

#: See `Event`.
EVENT_RECIPIENTS = 100


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the outbox, written in the same transaction as the change it tells of.

    `seq` increases in commit order: once a reader has seen `seq` N, no event with a smaller
    seq appears later (so `events_after(N)` never misses one). `data` is `{"message": <the
    message's JSON at that moment>, "recipient": number | None}` or `{"modem": <modem>}`.
    A message with more than `EVENT_RECIPIENTS` recipients carries, in each event, only the
    recipient the event is about, and `"recipients_total"` (one event per recipient, each
    with every recipient, would grow as the square of the list)."""

    seq: int
    id: str
    type: EventType
    created_at: datetime
    data: Mapping[str, Any]
    message_id: str | None = None
    modem_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "id": self.id,
            "seq": self.seq,
            "created_at": iso(self.created_at),
            "message_id": self.message_id,
            "modem_id": self.modem_id,
            "data": dict(self.data),
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event's delivery to one webhook endpoint: "pending" (to try, or trying under a
    lease), "delivered" or "failed" (given up). `event` is filled by `due_deliveries()` (the
    dispatcher needs the body), None in listings."""

    id: str
    endpoint: str
    event_id: str
    event_seq: int
    event_type: EventType
    state: str
    attempts: int
    created_at: datetime
    updated_at: datetime
    message_id: str | None = None
    next_attempt_at: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None
    event: Event | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(ResourceType.WEBHOOK_DELIVERY),
            "id": self.id,
            "endpoint": self.endpoint,
            "event_id": self.event_id,
            "event_type": str(self.event_type),
            "message_id": self.message_id,
            "state": self.state,
            "attempts": self.attempts,
            "next_attempt_at": iso(self.next_attempt_at),
            "last_status": self.last_status,
            "last_error": self.last_error,
            "delivered_at": iso(self.delivered_at),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }


def event_message(
    message: Any, number: str | None, whole: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The message's JSON as an event about `number` carries it (see `Event`); `whole` is
    `message.to_json()` when the caller has it already (several events of one change)."""
    resource = dict(whole) if whole is not None else message.to_json()
    if number is not None and len(message.recipients) > EVENT_RECIPIENTS:
        resource["recipients"] = [message.recipient(number).to_json()]
        resource["recipients_total"] = len(message.recipients)
    return resource
