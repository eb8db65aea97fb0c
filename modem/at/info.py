"""Typed readings of the information lines and URCs an SMS driver needs.

Signal (+CSQ, TS 27.007 §8.5), registration (+CREG/+CGREG/+CEREG <stat>, §7.2, §10.1.20,
§10.1.22), USSD (+CUSD, §7.15), new-message indications (+CMTI/+CDSI, TS 27.005 §3.4.1),
message listings (+CMGL/+CMGR headers, TS 27.005 §3.4.2/§3.4.3, PDU and text mode) and the
message reference of +CMGS (§3.5.1). Each parser takes the line (with or without its "+NAME:")
and raises ValueError with the line in the message when it cannot make sense of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from modem.at.params import Value, parse_params

__all__ = [
    "MessageHeader",
    "MessageStatus",
    "Registration",
    "RegistrationStatus",
    "Signal",
    "Ussd",
    "UssdStatus",
    "csq_to_dbm",
    "parse_cmgs",
    "parse_csq",
    "parse_cusd",
    "parse_message_header",
    "parse_new_message",
    "parse_registration",
]


# --- +CSQ -----------------------------------------------------------------------------------


def csq_to_dbm(rssi: int) -> int | None:
    """TS 27.007 §8.5 <rssi> to dBm: 0 -> -113 (or less), 1 -> -111, 2..30 -> -109..-53,
    31 -> -51 (or more); 99 (not known or not detectable) and anything else -> None."""
    if 0 <= rssi <= 31:
        return -113 + 2 * rssi
    return None


@dataclass(frozen=True, slots=True)
class Signal:
    """+CSQ: <rssi>,<ber>. `dbm` None when unknown (99); `ber` is the RXQUAL class 0-7 or None."""

    rssi: int
    ber: int | None
    dbm: int | None


def parse_csq(line: str) -> Signal:
    """'+CSQ: 20,99' -> Signal(rssi=20, ber=None, dbm=-73)."""
    values = parse_params(line)
    if not values or not isinstance(values[0], int):
        raise ValueError(f"not a +CSQ answer: {line!r}")
    rssi = values[0]
    ber = values[1] if len(values) > 1 and isinstance(values[1], int) else None
    return Signal(rssi, ber if ber is not None and 0 <= ber <= 7 else None, csq_to_dbm(rssi))


# --- +CREG / +CGREG / +CEREG ------------------------------------------------------------------


class RegistrationStatus(IntEnum):
    """<stat> of +CREG/+CGREG/+CEREG (TS 27.007 §7.2, §10.1.20, §10.1.22)."""

    NOT_REGISTERED = 0  # not searching
    REGISTERED_HOME = 1
    SEARCHING = 2  # not registered, trying to attach
    DENIED = 3  # registration denied
    UNKNOWN = 4  # e.g. out of coverage
    REGISTERED_ROAMING = 5
    REGISTERED_SMS_ONLY_HOME = 6  # E-UTRAN
    REGISTERED_SMS_ONLY_ROAMING = 7
    EMERGENCY_ONLY = 8  # attached for emergency bearer services only
    REGISTERED_CSFB_NOT_PREFERRED_HOME = 9
    REGISTERED_CSFB_NOT_PREFERRED_ROAMING = 10
    ATTACHED_RLOS = 11  # attached for access to restricted local operator services

    @property
    def registered(self) -> bool:
        """Registered on a network that can carry SMS (home or roaming)."""
        return self in _REGISTERED

    @property
    def roaming(self) -> bool:
        return self in _ROAMING


_REGISTERED = frozenset({1, 5, 6, 7, 9, 10})
_ROAMING = frozenset({5, 7, 10})


@dataclass(frozen=True, slots=True)
class Registration:
    """A registration report: `mode` (<n>) only in a read command's answer."""

    status: RegistrationStatus
    mode: int | None = None
    lac: str | None = None  # <lac>/<tac>, hex string
    cell: str | None = None  # <ci>, hex string
    act: int | None = None  # access technology (§7.3 <AcT>: 0 GSM, 2 UTRAN, 7 E-UTRAN, ...)


def parse_registration(line: str, *, solicited: bool | None = None) -> Registration:
    """+CREG/+CGREG/+CEREG, as the answer to a read ("+CREG: 2,1,...", with <n> first) or as a
    URC ("+CREG: 1,..." with <stat> first). Pass `solicited` when the caller knows which; else
    the shape tells: a URC's second field is the quoted <lac>, a read's the <stat> number."""
    values = parse_params(line)
    if not values:
        raise ValueError(f"not a registration report: {line!r}")
    if solicited is None:
        solicited = len(values) >= 2 and isinstance(values[1], int)
    mode = None
    if solicited:
        if len(values) < 2:
            raise ValueError(f"registration answer without <stat>: {line!r}")
        mode = values[0] if isinstance(values[0], int) else None
        values = values[1:]
    stat = values[0]
    if not isinstance(stat, int):
        raise ValueError(f"registration <stat> is not a number: {line!r}")
    try:
        status = RegistrationStatus(stat)
    except ValueError:
        status = RegistrationStatus.UNKNOWN
    lac = values[1] if len(values) > 1 and isinstance(values[1], str) else None
    cell = values[2] if len(values) > 2 and isinstance(values[2], str) else None
    act = values[3] if len(values) > 3 and isinstance(values[3], int) else None
    return Registration(status, mode, lac, cell, act)


# --- +CUSD ---------------------------------------------------------------------------------


class UssdStatus(IntEnum):
    """+CUSD <m> (TS 27.007 §7.15)."""

    DONE = 0  # no further user action required
    ACTION_REQUIRED = 1  # further user action required (a menu: answer with AT+CUSD=1,"n")
    TERMINATED = 2  # USSD terminated by network
    OTHER_CLIENT = 3  # other local client has responded
    NOT_SUPPORTED = 4  # operation not supported
    TIMEOUT = 5  # network time out


@dataclass(frozen=True, slots=True)
class Ussd:
    """A +CUSD report. `text` is as the modem sent it (it may be hex: UCS2 or packed GSM 7-bit,
    depending on AT+CSCS and the modem; decode with modem.sms and `dcs`)."""

    status: UssdStatus | int
    text: str | None = None
    dcs: int | None = None


def parse_cusd(line: str) -> Ussd:
    """'+CUSD: 0,"Balance 5.00",15' -> Ussd(DONE, "Balance 5.00", 15). Text may hold newlines."""
    values = parse_params(line)
    if not values or not isinstance(values[0], int):
        raise ValueError(f"not a +CUSD report: {line!r}")
    m = values[0]
    try:
        status: UssdStatus | int = UssdStatus(m)
    except ValueError:
        status = m
    text = values[1] if len(values) > 1 and isinstance(values[1], str) else None
    if text is None and len(values) > 1 and isinstance(values[1], int):
        text = str(values[1])  # unquoted numeric text, seen on some modems
    dcs = values[2] if len(values) > 2 and isinstance(values[2], int) else None
    return Ussd(status, text, dcs)


# --- +CMTI / +CDSI, +CMGS ----------------------------------------------------------------------


def parse_new_message(line: str) -> tuple[str, int]:
    """+CMTI / +CDSI: '"SM",3' -> ("SM", 3). SIMCom's extended form ('"SM",1,"MMS PUSH",2,1')
    gives the same pair. The storage is upper-cased."""
    values = parse_params(line)
    if len(values) < 2 or not isinstance(values[1], int):
        raise ValueError(f"not a new-message indication: {line!r}")
    storage = values[0]
    return (storage.upper() if isinstance(storage, str) else ""), values[1]


def parse_cmgs(line: str) -> int:
    """'+CMGS: 12' (or text mode '+CMGS: 12,"25/11/25,..."') -> the TP-MR 12."""
    values = parse_params(line)
    if not values or not isinstance(values[0], int):
        raise ValueError(f"not a +CMGS answer: {line!r}")
    return values[0]


# --- +CMGL / +CMGR headers ---------------------------------------------------------------------


class MessageStatus(IntEnum):
    """<stat> (TS 27.005 §3.1); text mode spells them "REC UNREAD" etc."""

    REC_UNREAD = 0
    REC_READ = 1
    STO_UNSENT = 2
    STO_SENT = 3
    ALL = 4


_TEXT_STAT = {s.name.replace("_", " "): s for s in MessageStatus}


@dataclass(frozen=True, slots=True)
class MessageHeader:
    """The header line of a +CMGL entry or a +CMGR answer (the PDU or text is the next line).

    PDU mode: `length` is the TPDU length in octets. Text mode: `address` and `timestamp`
    (<oa>/<da>, <scts> as sent) instead. `index` only for +CMGL. `status` None when the modem
    left it out (ZTE +CMGR).
    """

    index: int | None
    status: MessageStatus | None
    alpha: str | None = None
    length: int | None = None
    address: str | None = None
    timestamp: str | None = None


def parse_message_header(line: str) -> MessageHeader:
    """A '+CMGL: ...' or '+CMGR: ...' line in PDU or text mode, with or without <stat>.

    '+CMGL: 1,0,,23' -> index 1, REC UNREAD, length 23; '+CMGR: 0,,23'; ZTE '+CMGR: ,23' or
    '+CMGR: 23'; text '+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"'.
    """
    name = line.split(":", 1)[0].strip().upper() if ":" in line else ""
    values: list[Value] = list(parse_params(line))
    index: int | None = None
    if name == "+CMGL":
        first_value = values.pop(0) if values else None
        if not isinstance(first_value, int):
            raise ValueError(f"+CMGL entry without an index: {line!r}")
        index = first_value
    if not values:
        raise ValueError(f"message header without fields: {line!r}")
    first = values[0]
    if isinstance(first, str) and first.upper() in _TEXT_STAT:
        return _text_header(index, _TEXT_STAT[first.upper()], values[1:])
    # PDU mode: [<stat>],[<alpha>],<length>
    status: Value
    alpha: Value
    length: Value
    if len(values) == 1:
        status, alpha, length = None, None, values[0]
    elif len(values) == 2:
        if isinstance(first, str):
            status, alpha, length = None, first, values[1]
        else:
            status, alpha, length = first, None, values[1]
    else:
        status, alpha, length = first, values[1], values[-1]
    if not isinstance(length, int):
        raise ValueError(f"message header without a length: {line!r}")
    return MessageHeader(
        index,
        _status(status, line),
        alpha if isinstance(alpha, str) and alpha else None,
        length,
    )


def _status(value: object, line: str) -> MessageStatus | None:
    if value is None:
        return None
    if isinstance(value, int) and 0 <= value <= 4:
        return MessageStatus(value)
    raise ValueError(f"bad <stat> in message header: {line!r}")


def _text_header(index: int | None, status: MessageStatus, rest: list[Value]) -> MessageHeader:
    address = rest[0] if rest and isinstance(rest[0], str) else None
    alpha = rest[1] if len(rest) > 1 and isinstance(rest[1], str) and rest[1] else None
    timestamp = rest[2] if len(rest) > 2 and isinstance(rest[2], str) else None
    return MessageHeader(index, status, alpha, None, address, timestamp)
