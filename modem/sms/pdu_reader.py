"""Reading SMS TPDUs from bytes (3GPP TS 23.040 §9.2.2, §9.2.3): see modem/sms/pdu.py.

One pass over the buffer with an integer offset, so every error names the byte it found
wrong; values are built through their slots at the end (see _frozen.py).
"""

from __future__ import annotations

from datetime import datetime

from modem.errors import PduError
from modem.sms._frozen import fast_constructor
from modem.sms.address import Address, decode_address, decode_smsc
from modem.sms.dcs import DataCoding
from modem.sms.lenient import Notes
from modem.sms.timestamp import TZ_IS_BCD, decode_scts, decode_validity, read_scts
from modem.sms.tpdu import DEFAULT_DCS, Deliver, StatusReport, Submit, Tpdu
from modem.sms.user_data import UserData, read_user_data, trailing

__all__ = ["decode_pdu", "to_bytes", "tpdu_length"]

# TP-DCS is one octet: decode all 256 once, share the frozen values.
_DCS = [DataCoding.decode(octet) for octet in range(256)]
# The decoders build values through the slots (see _frozen.py): every field is checked already.
_new_deliver = fast_constructor(Deliver)
_new_submit = fast_constructor(Submit)
_new_status_report = fast_constructor(StatusReport)


def to_bytes(pdu: bytes | bytearray | memoryview | str) -> bytes:
    """Hex text as a modem prints it (any case, spaces allowed) or bytes, as bytes."""
    if isinstance(pdu, str):
        try:
            return bytes.fromhex(pdu)
        except ValueError:
            text = "".join(pdu.split())
            bad = next((i for i, c in enumerate(text) if c not in "0123456789abcdefABCDEF"), None)
            if bad is None:
                raise PduError(f"odd number of hex digits ({len(text)})") from None
            raise PduError(f"not hexadecimal: {text[bad]!r} at character {bad}") from None
    if not isinstance(pdu, bytes | bytearray | memoryview):
        # bytes(5) would be five zero octets, and decode as a PDU: refuse, do not guess.
        raise PduError(f"a PDU is hex text or bytes, not {type(pdu).__name__}")
    return bytes(pdu)


def decode_pdu(
    pdu: bytes | bytearray | memoryview | str, *, smsc: bool = True, strict: bool = False
) -> Tpdu:
    """Decode one PDU. With `smsc` (the default) it starts with the SMSC address, as AT+CMGR,
    +CMT and +CDS print it.

    Lenient by default: what real PDUs get wrong and other decoders read anyway (a TP-UDL
    longer than the data, a time zone octet that is not BCD, 0xFF padding after a status
    report) is decoded as far as it goes and named in the value's `warnings`; octets after the
    user data are named there too. `strict=True` refuses all but those trailing octets.
    Raises PduError, naming what is wrong and at which byte, and nothing else, whatever the
    input."""
    data = to_bytes(pdu)
    notes = Notes(strict)
    try:
        if smsc and data and data[0]:
            centre, i = decode_smsc(data, 0)
        else:
            centre, i = None, 1 if smsc else 0
            if smsc and not data:
                raise PduError("empty PDU", 0)
        if i >= len(data):
            raise PduError("no TPDU after the SMSC address", i)
        first = data[i]
        mti = first & 0x03
        if mti == 0:
            return _decode_deliver(data, i, first, centre, notes)
        if mti == 1:
            return _decode_submit(data, i, first, centre, notes)
        if mti == 2:
            return _decode_status_report(data, i, first, centre, notes)
        raise PduError("TP-MTI 3 is reserved", i)
    except PduError:
        raise
    except Exception as exc:  # a safety net: nothing but PduError may leave a decoder
        raise PduError(f"malformed PDU: {exc}") from None


def _decode_deliver(
    data: bytes, i: int, first: int, centre: Address | None, notes: Notes
) -> Deliver:
    sender, i = decode_address(data, i + 1)
    if i + 9 > len(data):
        raise PduError("truncated SMS-DELIVER header (TP-PID, TP-DCS, TP-SCTS)", i)
    pid = data[i]
    dcs = _DCS[data[i + 1]]
    read = _scts(data, i + 2, notes, "TP-SCTS")
    if read is None:  # a message needs its time: kept raw by the caller instead
        raise PduError("TP-SCTS cannot be read", i + 2)
    timestamp = read
    text, body, udh, end = read_user_data(data, i + 9, dcs, first & 0x40, notes)
    if end < len(data):
        trailing(data, end, notes)
    return _new_deliver(
        sender,
        timestamp,
        text,
        body,
        dcs,
        pid,
        udh,
        not first & 0x04,
        bool(first & 0x80),
        bool(first & 0x20),
        centre,
        bool(first & 0x08),
        notes.result(),
    )


def _decode_submit(data: bytes, i: int, first: int, centre: Address | None, notes: Notes) -> Submit:
    if i + 1 >= len(data):
        raise PduError("truncated SMS-SUBMIT: no TP-MR", i + 1)
    reference = data[i + 1]
    recipient, i = decode_address(data, i + 2)
    if i + 2 > len(data):
        raise PduError("truncated SMS-SUBMIT header (TP-PID, TP-DCS)", i)
    pid = data[i]
    dcs = _DCS[data[i + 1]]
    validity, i = decode_validity((first >> 3) & 0x03, data, i + 2, notes)
    text, body, udh, end = read_user_data(data, i, dcs, first & 0x40, notes)
    if end < len(data):
        trailing(data, end, notes)
    return _new_submit(
        recipient,
        text,
        body,
        dcs,
        pid,
        udh,
        reference,
        validity,
        bool(first & 0x20),
        bool(first & 0x04),
        bool(first & 0x80),
        centre,
        notes.result(),
    )


def _decode_status_report(
    data: bytes, i: int, first: int, centre: Address | None, notes: Notes
) -> StatusReport:
    if i + 1 >= len(data):
        raise PduError("truncated SMS-STATUS-REPORT: no TP-MR", i + 1)
    reference = data[i + 1]
    recipient, i = decode_address(data, i + 2)
    timestamp = _scts(data, i, notes, "TP-SCTS")
    discharge = _scts(data, i + 7, notes, "TP-DT")
    i += 14
    if i >= len(data):
        raise PduError("truncated SMS-STATUS-REPORT: no TP-ST", i)
    status = data[i]
    pid, dcs, (text, body, udh, end) = _optional_fields(data, i + 1, first, notes)
    if end < len(data):
        trailing(data, end, notes)
    return _new_status_report(
        reference,
        recipient,
        timestamp,
        discharge,
        status,
        not first & 0x04,
        bool(first & 0x20),
        pid,
        dcs,
        udh,
        text,
        body,
        centre,
        bool(first & 0x08),
        notes.result(),
    )


def _scts(data: bytes, offset: int, notes: Notes, name: str) -> datetime | None:
    """A time stamp: the strict reader when it can (the common case, fast), else the lenient
    one, which says what was wrong."""
    if offset + 7 <= len(data) and TZ_IS_BCD[data[offset + 6]]:
        try:
            return decode_scts(data, offset)
        except PduError:
            pass
    return read_scts(data, offset, notes, name)


def _optional_fields(
    data: bytes, i: int, first: int, notes: Notes
) -> tuple[int | None, DataCoding | None, UserData]:
    """TP-PI and what it announces (§9.2.3.27): TP-PID, TP-DCS, TP-UDL and TP-UD."""
    if i >= len(data):
        return None, None, ("", b"", None, i)
    if data[i:] == b"\xff" * (len(data) - i):
        # A SIM record's padding where TP-PI would be (TS 31.102 EF_SMS): no parameters.
        notes.odd("0xFF from TP-PI to the end of the PDU", i, "read as padding, no TP-PI")
        return None, None, ("", b"", None, len(data))
    indicator = data[i]
    while data[i] & 0x80:  # TP-PI extension octets: skip, their bits are reserved
        i += 1
        if i >= len(data):
            raise PduError("truncated TP-PI extension", i)
    i += 1
    pid: int | None = None
    dcs: DataCoding | None = None
    if indicator & 0x01:
        if i >= len(data):
            notes.odd("TP-PI announces TP-PID but the PDU ends", i, "left out")
            return None, None, ("", b"", None, i)
        pid = data[i]
        i += 1
    if indicator & 0x02:
        if i >= len(data):
            notes.odd("TP-PI announces TP-DCS but the PDU ends", i, "left out")
            return pid, None, ("", b"", None, i)
        dcs = _DCS[data[i]]
        i += 1
    if indicator & 0x04:
        if i >= len(data):
            notes.odd("TP-PI announces TP-UDL but the PDU ends", i, "no user data")
            return pid, dcs, ("", b"", None, i)
        return pid, dcs, read_user_data(data, i, dcs or DEFAULT_DCS, first & 0x40, notes)
    return pid, dcs, ("", b"", None, i)


def tpdu_length(pdu: bytes | str, *, smsc: bool = True) -> int:
    """The length AT+CMGS (and +CMT, +CMGR) state: TPDU octets, the SMSC field excluded."""
    data = to_bytes(pdu)
    if not smsc:
        return len(data)
    if not data:
        raise PduError("empty PDU", 0)
    length = len(data) - 1 - data[0]
    if length <= 0:
        raise PduError(f"SMSC address of {data[0]} octets leaves no TPDU", 0)
    return length
