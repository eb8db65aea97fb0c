"""What callers hand to the store: new messages, received parts, queries, a worker's slot.

Plain frozen values, checked on construction: a value that could never be stored (no
recipient, a part without a PDU, a limit out of range) is a caller's mistake and raises
ValueError at once, before anything reaches a database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

__all__ = [
    "DeliveryQuery",
    "IncomingPart",
    "MessageQuery",
    "NewMessage",
    "NewPart",
    "NewRecipient",
    "PlannedPartLike",
    "Slot",
    "utc",
]


def utc(value: datetime | None) -> datetime | None:
    """An aware datetime (a naive one is taken as UTC, as the vocabulary does)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class PlannedPartLike(Protocol):
    """What `modem.sms.plan_sms()` gives per part: the PDU (hex, SMSC field "00", TP-MR 0)
    and the length AT+CMGS wants."""

    pdu: str
    length: int


@dataclass(frozen=True, slots=True)
class NewPart:
    pdu: str
    length: int

    def __post_init__(self) -> None:
        if not self.pdu or not isinstance(self.pdu, str):
            raise ValueError("a part needs its PDU (hex)")
        if not isinstance(self.length, int) or self.length <= 0:
            raise ValueError(f"a part's length must be a positive int, not {self.length!r}")


@dataclass(frozen=True, slots=True)
class NewRecipient:
    """One number and the parts planned for it (the PDU holds the destination address, so
    each recipient has its own). `group`: the routing group this recipient goes to when the
    message itself names no modem or group (the pool's rules route by destination prefix,
    so the recipients of one message may go to different groups)."""

    number: str
    parts: tuple[NewPart, ...]
    group: str | None

    def __init__(
        self, number: str, parts: Sequence[PlannedPartLike], group: str | None = None
    ) -> None:
        if not isinstance(number, str) or not number.strip():
            raise ValueError("a recipient needs a number")
        planned = tuple(NewPart(p.pdu, p.length) for p in parts)
        if not planned:
            raise ValueError(f"recipient {number}: no parts planned")
        if group is not None and (not isinstance(group, str) or not group):
            raise ValueError(f"recipient {number}: a group is a non-empty string")
        object.__setattr__(self, "number", number.strip())
        object.__setattr__(self, "parts", planned)
        object.__setattr__(self, "group", group)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """An outbound message as the pool commits it: validated, planned, routed.

    `modem` names one modem (its modem_id), or `group` a routing group, or neither (each
    recipient's own `group`, else any modem). `send_at` in the future makes it `scheduled`;
    `expires_at` is when it must no longer be sent (its validity). Recipients with the same
    number are kept once."""

    recipients: tuple[NewRecipient, ...]
    text: str = ""
    encoding: str | None = None
    kind: str = "sms"
    metadata: Mapping[str, Any] = field(default_factory=dict)
    modem: str | None = None
    group: str | None = None
    priority: int = 0
    status_report: bool = False
    send_at: datetime | None = None
    expires_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.recipients:
            raise ValueError("a message needs at least one recipient")
        seen: dict[str, NewRecipient] = {}
        for r in self.recipients:
            if not isinstance(r, NewRecipient):
                raise TypeError(f"recipients must be NewRecipient values, not {type(r).__name__}")
            seen.setdefault(r.number, r)
        object.__setattr__(self, "recipients", tuple(seen.values()))
        if self.kind not in ("sms", "mms"):
            raise ValueError(f"kind must be 'sms' or 'mms', not {self.kind!r}")
        if self.modem is not None and self.group is not None:
            raise ValueError("name a modem or a group, not both")
        if (self.modem is not None or self.group is not None) and any(
            r.group is not None for r in self.recipients
        ):
            raise ValueError("a message that names a modem or group routes all its recipients")
        if isinstance(self.priority, bool) or not isinstance(self.priority, int):
            raise ValueError(f"priority must be an int, not {self.priority!r}")
        if not isinstance(self.metadata, Mapping):
            raise ValueError("metadata must be a JSON object")
        try:
            json.dumps(dict(self.metadata))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"metadata is not JSON: {exc}") from None
        object.__setattr__(self, "send_at", utc(self.send_at))
        object.__setattr__(self, "expires_at", utc(self.expires_at))


@dataclass(frozen=True, slots=True)
class MessageQuery:
    """A listing's filters. `state`: one word or several. `modem`: the modem that received
    an inbound message, or sent (or was asked to send) an outbound one. `number`: a
    recipient or the sender, compared in normal form (`modem.store.numbers`). `since` and
    `until` bound `created_at` (since inclusive, until exclusive). Newest first."""

    direction: str | None = None
    state: str | tuple[str, ...] | None = None
    modem: str | None = None
    number: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    cursor: str | None = None

    def __post_init__(self) -> None:
        if self.direction not in (None, "inbound", "outbound"):
            raise ValueError(f"direction must be inbound or outbound, not {self.direction!r}")
        if isinstance(self.limit, bool) or not isinstance(self.limit, int):
            raise ValueError("limit must be an int")
        if not 1 <= self.limit <= 1000:
            raise ValueError(f"limit must be 1 to 1000, not {self.limit}")
        if isinstance(self.state, str):
            object.__setattr__(self, "state", (self.state,))
        object.__setattr__(self, "since", utc(self.since))
        object.__setattr__(self, "until", utc(self.until))

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.state or ())


@dataclass(frozen=True, slots=True)
class DeliveryQuery:
    """Filters for webhook deliveries; newest first."""

    endpoint: str | None = None
    state: str | None = None
    event_id: str | None = None
    message_id: str | None = None
    limit: int = 100
    cursor: str | None = None

    def __post_init__(self) -> None:
        if self.state not in (None, "pending", "delivered", "failed"):
            raise ValueError(f"state must be pending, delivered or failed, not {self.state!r}")
        if isinstance(self.limit, bool) or not 1 <= self.limit <= 1000:
            raise ValueError(f"limit must be 1 to 1000, not {self.limit}")


@dataclass(frozen=True, slots=True)
class Slot:
    """A worker asking for work: its modem, the node it runs on, the routing groups the
    modem serves, and how long the lease it takes lasts."""

    modem_id: str
    node: str
    lease_until: datetime
    groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "lease_until", utc(self.lease_until))
        object.__setattr__(self, "groups", tuple(self.groups))


@dataclass(frozen=True, slots=True)
class IncomingPart:
    """One received SMS-DELIVER, decoded by the receive path.

    `owner` for reassembly is `sim` when known (a SIM moved to another modem keeps its
    half-received messages), else `modem_id`. `concat` is (reference, sequence, total, bits)
    from the UDH (bits 8 or 16), None for a single SMS. `port` is the destination port
    (WAP push, ...) when the UDH has one. `data` the 8-bit user data, for binary messages.
    `token` is the driver's AckToken as JSON (`AckToken.to_json()`), kept until `acked()`."""

    modem_id: str
    sender: str
    text: str
    pdu: str
    received_at: datetime
    sim: str | None = None
    smsc_time: datetime | None = None
    encoding: str | None = None
    concat: tuple[int, int, int, int] | None = None
    port: int | None = None
    data: bytes = b""
    token: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "received_at", utc(self.received_at))
        if self.concat is not None:
            ref, seq, total, bits = self.concat
            if not (1 <= seq <= total and bits in (8, 16) and 0 <= ref < 1 << bits):
                raise ValueError(f"not a concatenated part's place: {self.concat}")

    @property
    def owner(self) -> str:
        return self.sim or self.modem_id
