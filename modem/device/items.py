"""What the driver hands its one consumer (`Modem.items()`): received items and ack tokens.

An item is one thing the modem received, with what a store needs to keep it and to
acknowledge it later, even from another process run: `modem_id` (stable: the configured
name, else IMSI, else IMEI), `sim` (IMSI when known), `received_at` (our clock, UTC), the raw
`pdu`, `warnings` (what was odd about it), and a plain-data `AckToken`.

- `SmsReceived`: one SMS-DELIVER part ("sms.received"). Concatenated messages come part by
  part (a store persists parts); `Modem.messages()` joins them.
- `StatusReportReceived`: one SMS-STATUS-REPORT ("sms.status_report"), with its outcome word
  and TP-ST in words.
- `UndecodableMessage`: a PDU the codec refused ("sms.undecodable"), raw with the error, so a
  store keeps it and the SIM does not fill with messages nobody can read.
- `UssdReply`: a +CUSD the network sent outside a `Modem.ussd()` call ("ussd.reply"), no token.

Nothing leaves the modem before `Modem.ack(token)`: a stored message is deleted (AT+CMGD) and a
routed one acknowledged (AT+CNMA) only then. Every `to_json()` speaks `modem.vocabulary`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from modem.sms.status import report_outcome, status_text
from modem.vocabulary import ItemType, ReportOutcome, concat_json, iso

if TYPE_CHECKING:
    from modem.sms import Deliver, StatusReport

__all__ = [
    "AckToken",
    "Item",
    "SmsReceived",
    "StatusReportReceived",
    "UndecodableMessage",
    "UssdReply",
    "build_item",
    "deliver_json",
    "pdu_digest",
    "report_json",
]


def pdu_digest(pdu: str) -> str:
    """sha256 of the PDU hex (upper case, blanks removed), its first 16 hex digits."""
    text = "".join(pdu.split()).upper()
    return hashlib.sha256(text.encode("ascii", "replace")).hexdigest()[:16]


@dataclass(frozen=True)
class AckToken:
    """How to acknowledge one item later: plain data a store keeps (`to_json`/`from_json`).

    `kind` "stored": the message is at `index` of `storage` until deleted; "routed": it was
    handed over directly (+CMT/+CDS) and waits for AT+CNMA (`index` then counts the routed
    messages of the session). `digest` identifies the PDU (`pdu_digest`), `session` the
    `open()` (or reopen) it came from. `Modem.ack` deletes a stored message of an older
    session only if the PDU at that index still has the same digest; a routed token of an
    older session does nothing (the modem gave up waiting long ago)."""

    modem_id: str
    kind: Literal["stored", "routed"]
    storage: str | None
    index: int | None
    digest: str
    session: str

    def to_json(self) -> dict[str, Any]:
        return {
            "modem_id": self.modem_id,
            "kind": self.kind,
            "storage": self.storage,
            "index": self.index,
            "digest": self.digest,
            "session": self.session,
        }

    @classmethod
    def from_json(cls, data: Any) -> AckToken:
        """The token `to_json()` gave; ValueError for anything else."""
        if not isinstance(data, dict):
            raise ValueError("an ack token is a JSON object")
        try:
            modem_id, kind, digest, session = (
                data["modem_id"], data["kind"], data["digest"], data["session"]
            )  # fmt: skip
        except KeyError as exc:
            raise ValueError(f"ack token without {exc.args[0]!r}") from None
        storage, index = data.get("storage"), data.get("index")
        if kind not in ("stored", "routed"):
            raise ValueError(f"ack token kind {kind!r}: 'stored' or 'routed'")
        strings = (modem_id, digest, session)
        if not all(isinstance(x, str) and x for x in strings):
            raise ValueError("ack token: modem_id, digest and session must be strings")
        if storage is not None and not isinstance(storage, str):
            raise ValueError("ack token: storage must be a string or null")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
            raise ValueError("ack token: index must be an integer or null")
        if kind == "stored" and (storage is None or index is None):
            raise ValueError("a stored ack token needs its storage and index")
        return cls(modem_id, kind, storage, index, digest, session)


class _Acker(Protocol):
    async def ack(self, token: AckToken) -> bool: ...


@dataclass(frozen=True, eq=False, kw_only=True)
class _Received:
    """What every received item has (see the module docstring)."""

    modem_id: str
    sim: str | None = None
    received_at: datetime
    token: AckToken
    warnings: tuple[str, ...] = ()
    port: str = ""
    _acker: _Acker | None = field(default=None, repr=False)

    async def ack(self) -> bool:
        """`modem.ack(self.token)`: delete it from the modem's storage, or acknowledge it to
        the network. True when done now; False when there was nothing to do."""
        if self._acker is None:
            return False
        return await self._acker.ack(self.token)

    def _common(self) -> dict[str, Any]:
        return {
            "modem_id": self.modem_id,
            "sim": self.sim,
            "received_at": iso(self.received_at),
            "port": self.port,
            "token": self.token.to_json(),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, eq=False)
class SmsReceived(_Received):
    """One received SMS part. `storage`/`index` say where it is kept until acknowledged
    (None for a routed +CMT); `pdu` is the hex as the modem gave it (SMSC field included)."""

    message: Deliver
    pdu: str
    storage: str | None = None
    index: int | None = None

    type = ItemType.SMS_RECEIVED

    @property
    def sender(self) -> str:
        return str(self.message.sender)

    @property
    def text(self) -> str:
        return self.message.text

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            **deliver_json(self.message),
            "storage": self.storage,
            "index": self.index,
            "pdu": self.pdu,
            **self._common(),
        }


@dataclass(frozen=True, eq=False)
class StatusReportReceived(_Received):
    """A delivery report: `reference` is the TP-MR `send_pdu`/`send_sms` returned for the
    part, `recipient` where it went, `outcome` a `ReportOutcome` word, `status` TP-ST and
    `status_text` its meaning (TS 23.040 §9.2.3.15)."""

    report: StatusReport
    pdu: str
    storage: str | None = None
    index: int | None = None

    type = ItemType.STATUS_REPORT

    @property
    def reference(self) -> int:
        return self.report.reference

    @property
    def recipient(self) -> str | None:
        """The number the part went to; None when the report's digits could not be read."""
        recipient = self.report.recipient
        return None if recipient is None else str(recipient)

    @property
    def status(self) -> int:
        return self.report.status

    @property
    def outcome(self) -> ReportOutcome:
        return report_outcome(self.report.status)

    @property
    def status_text(self) -> str:
        return status_text(self.report.status)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            **report_json(self.report),
            "storage": self.storage,
            "index": self.index,
            "pdu": self.pdu,
            **self._common(),
        }


@dataclass(frozen=True, eq=False)
class UndecodableMessage(_Received):
    """A PDU the codec refused (or no PDU at all where one was announced): kept raw with the
    `error`, acknowledged like any other item once a store has kept it."""

    pdu: str
    error: str
    storage: str | None = None
    index: int | None = None

    type = ItemType.UNDECODABLE

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "pdu": self.pdu,
            "error": self.error,
            "storage": self.storage,
            "index": self.index,
            **self._common(),
        }


@dataclass(frozen=True)
class UssdReply:
    """A decoded +CUSD (TS 27.007 §7.15): `status` 0 done, 1 the network waits for an answer
    (`Modem.ussd(answer)` continues the session), 2 ended by network, 4 not supported,
    5 timed out. `raw` is the text as the modem sent it, `dcs` the CBS coding (TS 23.038 §5).
    Nothing to acknowledge."""

    status: int
    text: str | None
    dcs: int | None = None
    raw: str | None = None
    port: str = ""
    modem_id: str = ""
    received_at: datetime | None = None

    type = ItemType.USSD_REPLY
    token = None
    warnings: tuple[str, ...] = ()

    @property
    def needs_answer(self) -> bool:
        return self.status == 1

    async def ack(self) -> bool:
        return False

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "modem_id": self.modem_id,
            "status": self.status,
            "text": self.text,
            "dcs": self.dcs,
            "raw": self.raw,
            "received_at": iso(self.received_at),
            "port": self.port,
        }


Item = SmsReceived | StatusReportReceived | UndecodableMessage | UssdReply


# --- the JSON of the decoded TPDUs, shared with stored messages -------------------------------


def deliver_json(deliver: Deliver) -> dict[str, Any]:
    """An SMS-DELIVER's fields as every view shows them."""
    concat = deliver.concat
    ports = deliver.ports
    cls = deliver.message_class
    return {
        "sender": str(deliver.sender),
        "text": deliver.text,
        "data": deliver.data.hex() if deliver.data else None,
        "timestamp": iso(deliver.timestamp),
        "concat": None
        if concat is None
        else concat_json(concat.reference, concat.sequence, concat.total),
        "ports": None
        if ports is None
        else {"destination": ports.destination, "source": ports.source},
        "message_class": None if cls is None else int(cls),
    }


def report_json(report: StatusReport) -> dict[str, Any]:
    """An SMS-STATUS-REPORT's fields as every view shows them."""
    return {
        "reference": report.reference,
        "recipient": None if report.recipient is None else str(report.recipient),
        "status": report.status,
        "status_text": status_text(report.status),
        "outcome": str(report_outcome(report.status)),
        "timestamp": iso(report.timestamp),
        "discharge_time": iso(report.discharge_time),
    }


def build_item(
    pdu: str,
    storage: str | None,
    index: int | None,
    problem: str | None,
    *,
    decode: bool,
    **common: Any,
) -> SmsReceived | StatusReportReceived | UndecodableMessage:
    """The item for a received PDU: decoded, or an UndecodableMessage (also for an
    SMS-SUBMIT, which has no business among received messages, and for no PDU at all).
    `problem` is what was odd about how it was read; `common` the fields every item has
    (modem_id, sim, received_at, token, port)."""
    from modem.sms import Deliver, StatusReport, decode_pdu

    warnings = (problem,) if problem else ()
    error = problem or "no PDU"
    if decode:
        try:
            tpdu = decode_pdu(pdu, smsc=True)
        except Exception as exc:  # PduError, and whatever a codec bug raises
            error = str(exc) if not problem else f"{exc} ({problem})"
        else:
            warnings += tuple(getattr(tpdu, "warnings", ()))
            if isinstance(tpdu, Deliver):
                return SmsReceived(tpdu, pdu, storage, index, warnings=warnings, **common)
            if isinstance(tpdu, StatusReport):
                return StatusReportReceived(tpdu, pdu, storage, index, warnings=warnings, **common)
            error = "an SMS-SUBMIT where a received message was expected"
    return UndecodableMessage(pdu, error, storage, index, warnings=warnings, **common)
