"""What a `Modem` reports and returns: small immutable values, in one place.

Events (from `Modem.events()`) are what the store, the pool and the HTTP bridge consume:

- `SmsReceived`: one SMS-DELIVER part, decoded, with its raw PDU, where it was (storage and
  index; None for a +CMT routed one), when it arrived, and `ack()`. Concatenated messages
  come part by part (the store persists parts); `Modem.messages()` reassembles.
- `StatusReportReceived`: an SMS-STATUS-REPORT (match `report.reference` with a sent part's
  `reference`), same shape.
- `UssdReply`: a +CUSD the network sent outside a `Modem.ussd()` call (a menu, a push).
- `SignalChanged`, `RegistrationChanged`: +CSQ/^RSSI and +CREG/+CGREG/+CEREG reports.
- `ModemLost`, `ModemReady`: the port went away / the modem is (again) initialised.

`ack()` is what makes "nothing lost" work: a stored message is deleted (AT+CMGD) and a routed
one acknowledged (AT+CNMA) only then. `Modem.events()` acks an event by itself when the
consumer asks for the next one (its handler returned), so a crash in between loses nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modem.at.info import Registration, Signal
    from modem.sms import Deliver, StatusReport

__all__ = [
    "Event",
    "ModemInfo",
    "ModemLost",
    "ModemReady",
    "RegistrationChanged",
    "SendResult",
    "SentPart",
    "SignalChanged",
    "SmsReceived",
    "StatusReportReceived",
    "StoredMessage",
    "UssdReply",
]

Acker = Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


class _Ackable:
    """Shared by the two message events: `ack()` runs once, later calls do nothing."""

    _acker: Acker
    _done: list[bool]

    async def ack(self) -> None:
        """Tell the modem the consumer has taken this (committed it): delete it from storage
        or acknowledge it to the network. Idempotent."""
        if self._done[0]:
            return
        self._done[0] = True
        await self._acker()

    @property
    def acked(self) -> bool:
        return self._done[0]


@dataclass(frozen=True, eq=False)
class SmsReceived(_Ackable):
    """One received SMS part. `storage`/`index` say where it is kept until `ack()` (None for
    a routed +CMT); `pdu` is the hex as the modem gave it (SMSC field included)."""

    message: Deliver
    pdu: str
    received_at: datetime
    storage: str | None = None
    index: int | None = None
    port: str = ""
    _acker: Acker = field(default=_nothing, repr=False)
    _done: list[bool] = field(default_factory=lambda: [False], repr=False)

    @property
    def sender(self) -> str:
        return str(self.message.sender)

    @property
    def text(self) -> str:
        return self.message.text


@dataclass(frozen=True, eq=False)
class StatusReportReceived(_Ackable):
    """A delivery report; `report.reference` is the TP-MR `send_sms` returned for the part."""

    report: StatusReport
    pdu: str
    received_at: datetime
    storage: str | None = None
    index: int | None = None
    port: str = ""
    _acker: Acker = field(default=_nothing, repr=False)
    _done: list[bool] = field(default_factory=lambda: [False], repr=False)

    @property
    def reference(self) -> int:
        return self.report.reference

    @property
    def outcome(self) -> str:
        return self.report.outcome


@dataclass(frozen=True)
class UssdReply:
    """A decoded +CUSD (TS 27.007 §7.15): `status` 0 done, 1 the network waits for an answer
    (`Modem.ussd(answer)` continues the session), 2 ended by network, 4 not supported,
    5 timed out. `raw` is the text as the modem sent it, `dcs` the CBS coding (TS 23.038 §5)."""

    status: int
    text: str | None
    dcs: int | None = None
    raw: str | None = None
    port: str = ""

    @property
    def needs_answer(self) -> bool:
        return self.status == 1


@dataclass(frozen=True)
class SignalChanged:
    signal: Signal
    port: str = ""


@dataclass(frozen=True)
class RegistrationChanged:
    """`kind` is "CREG" (circuit switched, carries SMS), "CGREG" (GPRS) or "CEREG" (LTE)."""

    kind: str
    registration: Registration
    port: str = ""


@dataclass(frozen=True)
class ModemLost:
    """The port vanished or the modem stopped answering; the driver reopens it with backoff
    (a `ModemReady` follows) unless reconnecting was turned off. Commands raise ModemGone
    meanwhile."""

    port: str
    reason: str


@dataclass(frozen=True)
class ModemReady:
    """The modem is initialised (`reopened`: after a `ModemLost`, on `port`)."""

    port: str
    reopened: bool = False


Event = (
    SmsReceived
    | StatusReportReceived
    | UssdReply
    | SignalChanged
    | RegistrationChanged
    | ModemLost
    | ModemReady
)


# --- values returned by commands -------------------------------------------------------------


@dataclass(frozen=True)
class SentPart:
    """One part handed to the network: its TP-MR (`reference`, what status reports carry;
    None in the rare case the modem's answer lost it) and the PDU sent (hex, SMSC field
    included)."""

    sequence: int
    reference: int | None
    pdu: str


@dataclass(frozen=True)
class SendResult:
    to: str
    parts: tuple[SentPart, ...]
    concat_reference: int | None = None

    @property
    def references(self) -> tuple[int | None, ...]:
        return tuple(p.reference for p in self.parts)


@dataclass(frozen=True)
class StoredMessage:
    """A message listed from (or read in) a modem storage. `tpdu` None when the PDU did not
    decode (`error` says why); it stays on the modem until deleted."""

    storage: str
    index: int
    status: int | None
    pdu: str
    tpdu: Deliver | StatusReport | object | None
    error: str | None = None


@dataclass(frozen=True)
class ModemInfo:
    """Identity and state; a field is None when the modem did not answer that question."""

    port: str
    profile: str
    manufacturer: str | None = None
    model: str | None = None
    revision: str | None = None
    imei: str | None = None
    imsi: str | None = None
    iccid: str | None = None
    operator: str | None = None
    signal: Signal | None = None
    registration: dict[str, Registration] = field(default_factory=dict)
    smsc: str | None = None
    own_number: str | None = None
