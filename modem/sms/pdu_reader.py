"""Reading SMS TPDUs from bytes (3GPP TS 23.040 §9.2.2, §9.2.3): see modem/sms/pdu.py.

One pass over the buffer with an integer offset, so every error names the byte it found
wrong; values are built through their slots at the end (see _frozen.py).
"""

from __future__ import annotations

from modem.errors import PduError
from modem.sms import gsm7, ucs2
from modem.sms._frozen import fast_constructor
from modem.sms.address import Address, decode_address, decode_smsc
from modem.sms.dcs import Alphabet, DataCoding
from modem.sms.timestamp import decode_scts, decode_validity
from modem.sms.tpdu import DEFAULT_DCS, Deliver, StatusReport, Submit, Tpdu
from modem.sms.udh import UserDataHeader

__all__ = ["decode_pdu", "to_bytes", "tpdu_length"]

_GSM7 = Alphabet.GSM7
_UCS2 = Alphabet.UCS2
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


def decode_pdu(pdu: bytes | bytearray | memoryview | str, *, smsc: bool = True) -> Tpdu:
    """Decode one PDU. With `smsc` (the default) it starts with the SMSC address, as AT+CMGR,
    +CMT and +CDS print it. Raises PduError, naming what is wrong and at which byte, and nothing
    else, whatever the input."""
    data = to_bytes(pdu)
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
            return _decode_deliver(data, i, first, centre)
        if mti == 1:
            return _decode_submit(data, i, first, centre)
        if mti == 2:
            return _decode_status_report(data, i, first, centre)
        raise PduError("TP-MTI 3 is reserved", i)
    except PduError:
        raise
    except Exception as exc:  # a safety net: nothing but PduError may leave a decoder
        raise PduError(f"malformed PDU: {exc}") from None


def _decode_deliver(data: bytes, i: int, first: int, centre: Address | None) -> Deliver:
    sender, i = decode_address(data, i + 1)
    if i + 9 > len(data):
        raise PduError("truncated SMS-DELIVER header (TP-PID, TP-DCS, TP-SCTS)", i)
    pid = data[i]
    dcs = _DCS[data[i + 1]]
    timestamp = decode_scts(data, i + 2)
    text, body, udh = _decode_user_data(data, i + 9, dcs, first & 0x40)
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
    )


def _decode_submit(data: bytes, i: int, first: int, centre: Address | None) -> Submit:
    if i + 1 >= len(data):
        raise PduError("truncated SMS-SUBMIT: no TP-MR", i + 1)
    reference = data[i + 1]
    recipient, i = decode_address(data, i + 2)
    if i + 2 > len(data):
        raise PduError("truncated SMS-SUBMIT header (TP-PID, TP-DCS)", i)
    pid = data[i]
    dcs = _DCS[data[i + 1]]
    validity, i = decode_validity((first >> 3) & 0x03, data, i + 2)
    text, body, udh = _decode_user_data(data, i, dcs, first & 0x40)
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
    )


def _decode_status_report(data: bytes, i: int, first: int, centre: Address | None) -> StatusReport:
    if i + 1 >= len(data):
        raise PduError("truncated SMS-STATUS-REPORT: no TP-MR", i + 1)
    reference = data[i + 1]
    recipient, i = decode_address(data, i + 2)
    timestamp = decode_scts(data, i)
    discharge = decode_scts(data, i + 7)
    i += 14
    if i >= len(data):
        raise PduError("truncated SMS-STATUS-REPORT: no TP-ST", i)
    status = data[i]
    i += 1
    pid: int | None = None
    dcs: DataCoding | None = None
    text, body, udh = "", b"", None
    if i < len(data):
        indicator = data[i]
        while data[i] & 0x80:  # TP-PI extension octets: skip, their bits are reserved
            i += 1
            if i >= len(data):
                raise PduError("truncated TP-PI extension", i)
        i += 1
        if indicator & 0x01:
            if i >= len(data):
                raise PduError("TP-PI announces TP-PID but the PDU ends", i)
            pid = data[i]
            i += 1
        if indicator & 0x02:
            if i >= len(data):
                raise PduError("TP-PI announces TP-DCS but the PDU ends", i)
            dcs = _DCS[data[i]]
            i += 1
        if indicator & 0x04:
            text, body, udh = _decode_user_data(data, i, dcs or DEFAULT_DCS, first & 0x40)
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
    )


def _decode_user_data(
    data: bytes, i: int, dcs: DataCoding, udhi: int
) -> tuple[str, bytes, UserDataHeader | None]:
    """TP-UDL and TP-UD at `i`: (text, 8-bit data, header). Bytes after the user data are
    ignored (some modems pad)."""
    if i >= len(data):
        raise PduError("missing TP-UDL", i)
    udl = data[i]
    i += 1
    udh = None
    if dcs.alphabet is _GSM7 and not dcs.compressed:
        if udl > 160:
            raise PduError(f"TP-UDL of {udl} septets is more than the 160 a TPDU holds", i - 1)
        end = i + ((udl * 7 + 7) >> 3)
        if end > len(data):
            raise PduError(
                f"TP-UDL of {udl} septets needs {end - i} octets, only {len(data) - i} follow",
                i - 1,
            )
        if not udhi:
            return gsm7.decode_septets(gsm7.unpack_bytes(data[i:end], udl)), b"", None
        udh = UserDataHeader.decode(data, i, end)
        header_bits = (data[i] + 1) * 8
        header_septets = (header_bits + 6) // 7
        if header_septets > udl:
            raise PduError(f"user data header is longer than TP-UDL of {udl} septets", i)
        septets = gsm7.unpack_bytes(
            data[i + data[i] + 1 : end],
            udl - header_septets,
            fill_bits=header_septets * 7 - header_bits,
        )
        text = gsm7.decode_septets(
            septets, locking=udh.locking_shift or 0, single=udh.single_shift or 0
        )
        return text, b"", udh
    if udl > 140:
        raise PduError(f"TP-UDL of {udl} octets is more than the 140 a TPDU holds", i - 1)
    end = i + udl
    if end > len(data):
        raise PduError(
            f"TP-UDL of {udl} octets is longer than the {len(data) - i} octets that follow",
            i - 1,
        )
    start = i
    if udhi:
        udh = UserDataHeader.decode(data, i, end)
        start = i + data[i] + 1
    if dcs.alphabet is _UCS2 and not dcs.compressed:
        return ucs2.decode_ucs2(data[start:end]), b"", udh
    return "", data[start:end], udh


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
