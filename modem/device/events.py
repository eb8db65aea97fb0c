"""The values a `Modem` returns (`SentPart`, `SendResult`, `StoredMessage`, `ModemInfo`), and the
state-change events `Modem.events()` mixes into the items for line-by-line consumers
(`modem listen`): `ModemLost`, `ModemReady`, `SignalChanged`, `RegistrationChanged`.

The state events are views of `ModemState` changes (state.py), made when the consumer asks for
the next event, never queued: a slow consumer cannot lose them nor hold anything up. Each
carries the snapshot it was made from. Every value has `to_json()` in the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from modem.device.items import deliver_json, report_json
from modem.vocabulary import ItemType, SendOutcome, iso

if TYPE_CHECKING:
    from modem.at.info import Registration, Signal
    from modem.device.state import ModemState
    from modem.device.storage import Entry
    from modem.sms import Deliver, StatusReport

__all__ = [
    "ModemInfo",
    "ModemLost",
    "ModemReady",
    "RegistrationChanged",
    "SendResult",
    "SentPart",
    "SignalChanged",
    "StateEvent",
    "StoredMessage",
]


# --- sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentPart:
    """One part handed to the network ("sms.sent_part"): its TP-MR (`reference`, what status
    reports carry; None when the modem's answer lost it or the outcome is unknown), the modem
    that sent it, to whom, when, and the PDU (hex, SMSC field included). `outcome` "sent", or
    "unknown": the body was written but no result came (timeout, cancel, port gone); it may
    have gone out and is never sent again by the driver."""

    sequence: int
    reference: int | None
    modem_id: str
    recipient: str | None
    sent_at: datetime
    pdu: str
    outcome: SendOutcome = SendOutcome.SENT

    type = ItemType.SENT_PART

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "sequence": self.sequence,
            "reference": self.reference,
            "modem_id": self.modem_id,
            "recipient": self.recipient,
            "sent_at": iso(self.sent_at),
            "pdu": self.pdu,
            "outcome": str(self.outcome),
        }


@dataclass(frozen=True)
class SendResult:
    """What `send_sms` returns ("sms.send_result"): the parts sent, in order."""

    to: str
    parts: tuple[SentPart, ...]
    concat_reference: int | None = None
    modem_id: str = ""

    type = ItemType.SEND_RESULT

    @property
    def references(self) -> tuple[int | None, ...]:
        return tuple(p.reference for p in self.parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "to": self.to,
            "modem_id": self.modem_id,
            "references": list(self.references),
            "concat_reference": self.concat_reference,
            "parts": [p.to_json() for p in self.parts],
        }


# --- the storage (`modem inbox`) -------------------------------------------------------------

# <stat> of TS 27.005 §3.1 as text mode spells it.
_STAT = {0: "REC UNREAD", 1: "REC READ", 2: "STO UNSENT", 3: "STO SENT", 4: "ALL"}
_MESSAGE_TYPES = {"Deliver": "SMS-DELIVER", "StatusReport": "SMS-STATUS-REPORT",
                  "Submit": "SMS-SUBMIT"}  # fmt: skip


@dataclass(frozen=True)
class StoredMessage:
    """A message listed from (or read in) a modem storage ("sms.stored"). `tpdu` None when
    the PDU did not decode (`error` says why); it stays on the modem until deleted. `status`
    is <stat> (TS 27.005 §3.1: 0 REC UNREAD, 1 REC READ, ...), None when the modem left it
    out or garbled it."""

    storage: str
    index: int
    status: int | None
    pdu: str
    tpdu: Deliver | StatusReport | object | None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    type = ItemType.STORED

    @classmethod
    def from_entry(cls, storage: str, entry: Entry) -> StoredMessage:
        """The message a storage entry holds, decoded where it can be."""
        from modem.sms import decode_pdu

        assert entry.index is not None
        warnings = (entry.problem,) if entry.problem else ()
        if entry.pdu is None:
            return cls(storage, entry.index, entry.status, "", None, entry.problem, warnings)
        try:
            tpdu = decode_pdu(entry.pdu, smsc=True)
        except Exception as exc:  # PduError, and whatever a codec bug raises
            return cls(storage, entry.index, entry.status, entry.pdu, None, str(exc), warnings)
        warnings += tuple(getattr(tpdu, "warnings", ()))
        return cls(storage, entry.index, entry.status, entry.pdu, tpdu, None, warnings)

    def to_json(self) -> dict[str, Any]:
        from modem.sms import Deliver, StatusReport, to_dict

        kind = type(self.tpdu).__name__ if self.tpdu is not None else None
        fields: dict[str, Any] = {}
        if isinstance(self.tpdu, Deliver):
            fields = deliver_json(self.tpdu)
        elif isinstance(self.tpdu, StatusReport):
            fields = report_json(self.tpdu)
        return {
            "type": str(self.type),
            "storage": self.storage,
            "index": self.index,
            "stat": _STAT.get(self.status) if self.status is not None else None,
            "message_type": _MESSAGE_TYPES.get(kind) if kind else None,
            **fields,
            "pdu": self.pdu,
            "error": self.error,
            "warnings": list(self.warnings),
            "tpdu": to_dict(self.tpdu) if self.tpdu is not None else None,  # type: ignore[arg-type]
        }


# --- identity and state ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModemInfo:
    """Identity and state ("modem.info"); a field is None when the modem did not answer."""

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
    modem_id: str = ""

    type = ItemType.MODEM_INFO

    def to_json(self) -> dict[str, Any]:
        from modem.device.state import registration_word, technology_word

        signal = self.signal
        return {
            "type": str(self.type),
            "modem_id": self.modem_id,
            "port": self.port,
            "profile": self.profile,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "revision": self.revision,
            "imei": self.imei,
            "imsi": self.imsi,
            "iccid": self.iccid,
            "operator": self.operator,
            "signal": None
            if signal is None
            else {"rssi": signal.rssi, "ber": signal.ber, "dbm": signal.dbm},
            "registration": {
                kind: {
                    "status": registration_word(r),
                    "registered": r.status.registered,
                    "roaming": r.status.roaming,
                    "lac": r.lac,
                    "cell": r.cell,
                    "technology": technology_word(r.act),
                }
                for kind, r in self.registration.items()
            },
            "smsc": self.smsc,
            "own_number": self.own_number,
        }


@dataclass(frozen=True)
class _StateChange:
    """A change of the modem's state, with the snapshot after it."""

    state: ModemState

    def to_json(self) -> dict[str, Any]:
        return {**self.state.to_json(), "change": self.change}

    change = ""

    @property
    def port(self) -> str:
        return self.state.port


@dataclass(frozen=True)
class ModemLost(_StateChange):
    """The port vanished or the modem stopped answering; the driver reopens it with backoff
    (a `ModemReady` follows) unless reconnecting was turned off."""

    change = "lost"

    @property
    def reason(self) -> str:
        return self.state.reason or ""


@dataclass(frozen=True)
class ModemReady(_StateChange):
    """The modem is initialised (`reopened`: after a `ModemLost`)."""

    reopened: bool = False
    change = "ready"


@dataclass(frozen=True)
class SignalChanged(_StateChange):
    """A new signal reading (the latest of those that came since the last event)."""

    signal: Signal | None = None
    change = "signal"


@dataclass(frozen=True)
class RegistrationChanged(_StateChange):
    """Registration changed: `kind` "CREG" (circuit switched), "CGREG" or "CEREG", and the
    report."""

    kind: str = ""
    registration: Registration | None = None
    change = "registration"


StateEvent = ModemLost | ModemReady | SignalChanged | RegistrationChanged
