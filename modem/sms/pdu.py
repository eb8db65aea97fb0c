"""SMS TPDUs: SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.2).

Values in, bytes out, and back: no I/O. `decode_pdu` reads what a modem prints after
AT+CMGR, +CMT or +CDS (hex, usually with the SMSC address in front); `encode_pdu` builds what
AT+CMGS wants, and what a simulated modem hands out.

Theory of operation. A TPDU is a fixed sequence of fields whose presence depends on the first
octet: TP-MTI picks the type, TP-VPF the size of TP-VP, TP-UDHI whether the user data starts
with a header. The decoder walks the buffer once with an integer offset, so every error can name
the byte it found wrong, and builds the frozen value at the end (no per-field objects). The
user data is the only part whose layout depends on another field (TP-DCS): septets for GSM
7-bit, octets otherwise, with the UDH first and, for septets, fill bits so the text starts on
a septet boundary (§9.2.3.24). TP-UDL counts septets including the header and fill, or octets.

Direction matters for TP-MTI: 00 is SMS-DELIVER towards the phone and SMS-DELIVER-REPORT away
from it. A modem only ever shows us the phone-side view (stored or received DELIVERs,
stored SUBMITs, STATUS-REPORTs), so 00/01/10 are read as DELIVER/SUBMIT/STATUS-REPORT and 11
(reserved) is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from modem.errors import EncodeError, PduError
from modem.sms import gsm7, ucs2
from modem.sms._frozen import fast_constructor
from modem.sms.address import Address, decode_address, decode_smsc, encode_address, encode_smsc
from modem.sms.dcs import Alphabet, DataCoding, MessageClass
from modem.sms.timestamp import (
    Validity,
    decode_scts,
    decode_validity,
    encode_scts,
    encode_validity,
    validity_format,
)
from modem.sms.udh import Concat, Ports, UserDataHeader

__all__ = [
    "Deliver",
    "StatusReport",
    "Submit",
    "Tpdu",
    "decode_pdu",
    "encode_pdu",
    "to_bytes",
    "tpdu_length",
]

_GSM7 = Alphabet.GSM7
_UCS2 = Alphabet.UCS2
_DEFAULT_DCS = DataCoding()
# TP-DCS is one octet: decode all 256 once, share the frozen values.
_DCS = [DataCoding.decode(octet) for octet in range(256)]


class _UserDataMixin:
    """Shortcuts to what the UDH and DCS say, shared by the three TPDU types."""

    __slots__ = ()
    udh: UserDataHeader | None
    dcs: DataCoding | None

    @property
    def concat(self) -> Concat | None:
        return None if self.udh is None else self.udh.concat

    @property
    def ports(self) -> Ports | None:
        return None if self.udh is None else self.udh.ports

    @property
    def message_class(self) -> MessageClass | None:
        return None if self.dcs is None else self.dcs.message_class


@dataclass(frozen=True, slots=True)
class Deliver(_UserDataMixin):
    """SMS-DELIVER (TP-MTI 00): a message from the network to the phone.

    `text` holds GSM 7-bit or UCS-2 user data, `data` 8-bit (or compressed) user data; the UDH,
    if any, is in `udh`, never in `text`/`data`. `more_messages` is TP-MMS with its inverted
    wire meaning undone: True means the SC has more messages waiting.
    """

    sender: Address
    timestamp: datetime
    text: str = ""
    data: bytes = b""
    dcs: DataCoding = _DEFAULT_DCS
    pid: int = 0
    udh: UserDataHeader | None = None
    more_messages: bool = False
    reply_path: bool = False
    status_report_indication: bool = False
    smsc: Address | None = None
    loop_prevention: bool = False  # TP-LP: forwarded/spawned message (§9.2.3.28)


@dataclass(frozen=True, slots=True)
class Submit(_UserDataMixin):
    """SMS-SUBMIT (TP-MTI 01): a message from the phone to the network.

    `reference` is TP-MR; with AT+CMGS the modem fills in its own and reports it as +CMGS: <mr>.
    `validity` is a timedelta (relative TP-VP), a datetime (absolute) or an EnhancedValidity.
    """

    recipient: Address
    text: str = ""
    data: bytes = b""
    dcs: DataCoding = _DEFAULT_DCS
    pid: int = 0
    udh: UserDataHeader | None = None
    reference: int = 0
    validity: Validity | None = None
    status_report_request: bool = False
    reject_duplicates: bool = False
    reply_path: bool = False
    smsc: Address | None = None


@dataclass(frozen=True, slots=True)
class StatusReport(_UserDataMixin):
    """SMS-STATUS-REPORT (TP-MTI 10): what became of a submitted message with TP-SRR set.

    `reference` is the TP-MR of that SUBMIT, `timestamp` when the SC took it (TP-SCTS),
    `discharge_time` when it was delivered or the SC gave up (TP-DT), `status` TP-ST.
    `pid`, `dcs` and the user data are optional (TP-PI says which are present).
    """

    reference: int
    recipient: Address
    timestamp: datetime
    discharge_time: datetime
    status: int
    more_messages: bool = False
    qualifier: bool = False  # TP-SRQ: True when reporting on an SMS-COMMAND
    pid: int | None = None
    dcs: DataCoding | None = None
    udh: UserDataHeader | None = None
    text: str = ""
    data: bytes = b""
    smsc: Address | None = None
    loop_prevention: bool = False  # TP-LP (§9.2.3.28)

    @property
    def outcome(self) -> Literal["delivered", "pending", "failed"]:
        """TP-ST by range (§9.2.3.15): 0x00-0x1F done, 0x20-0x3F the SC is still trying,
        0x40-0x7F it gave up (permanent, or temporary with no more attempts); reserved values
        above 0x7F count as failed."""
        if self.status < 0x20:
            return "delivered"
        if self.status < 0x40:
            return "pending"
        return "failed"


Tpdu = Deliver | Submit | StatusReport

# The decoders build values through the slots (see _frozen.py): every field is checked already.
_new_deliver = fast_constructor(Deliver)
_new_submit = fast_constructor(Submit)
_new_status_report = fast_constructor(StatusReport)


# --- decoding ----------------------------------------------------------------------------------


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
            text, body, udh = _decode_user_data(data, i, dcs or _DEFAULT_DCS, first & 0x40)
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


# --- encoding ----------------------------------------------------------------------------------


def encode_pdu(tpdu: Tpdu, *, smsc: bool = True) -> bytes:
    """The PDU for `tpdu`. With `smsc` (the default) it starts with tpdu.smsc, or "00" (use the
    modem's AT+CSCA) when that is None. Raises EncodeError for what cannot be put on the wire."""
    head = encode_smsc(tpdu.smsc) if smsc else b""
    udhi = 0x40 if tpdu.udh is not None else 0
    if isinstance(tpdu, Deliver):
        first = (
            udhi
            | (0 if tpdu.more_messages else 0x04)
            | (0x80 if tpdu.reply_path else 0)
            | (0x20 if tpdu.status_report_indication else 0)
            | (0x08 if tpdu.loop_prevention else 0)
        )
        return b"".join(
            (
                head,
                bytes((first,)),
                encode_address(tpdu.sender),
                bytes((_octet(tpdu.pid, "TP-PID"), tpdu.dcs.encode())),
                encode_scts(tpdu.timestamp),
                _encode_user_data(tpdu.text, tpdu.data, tpdu.dcs, tpdu.udh),
            )
        )
    if isinstance(tpdu, Submit):
        first = (
            0x01
            | udhi
            | (validity_format(tpdu.validity) << 3)
            | (0x04 if tpdu.reject_duplicates else 0)
            | (0x20 if tpdu.status_report_request else 0)
            | (0x80 if tpdu.reply_path else 0)
        )
        return b"".join(
            (
                head,
                bytes((first, _octet(tpdu.reference, "TP-MR"))),
                encode_address(tpdu.recipient),
                bytes((_octet(tpdu.pid, "TP-PID"), tpdu.dcs.encode())),
                encode_validity(tpdu.validity),
                _encode_user_data(tpdu.text, tpdu.data, tpdu.dcs, tpdu.udh),
            )
        )
    if isinstance(tpdu, StatusReport):
        first = (
            0x02
            | udhi
            | (0 if tpdu.more_messages else 0x04)
            | (0x20 if tpdu.qualifier else 0)
            | (0x08 if tpdu.loop_prevention else 0)
        )
        parts = [
            head,
            bytes((first, _octet(tpdu.reference, "TP-MR"))),
            encode_address(tpdu.recipient),
            encode_scts(tpdu.timestamp),
            encode_scts(tpdu.discharge_time),
            bytes((_octet(tpdu.status, "TP-ST"),)),
        ]
        has_user_data = bool(tpdu.text or tpdu.data or tpdu.udh is not None)
        indicator = (
            (0x01 if tpdu.pid is not None else 0)
            | (0x02 if tpdu.dcs is not None else 0)
            | (0x04 if has_user_data else 0)
        )
        if indicator:
            parts.append(bytes((indicator,)))
            if tpdu.pid is not None:
                parts.append(bytes((_octet(tpdu.pid, "TP-PID"),)))
            if tpdu.dcs is not None:
                parts.append(bytes((tpdu.dcs.encode(),)))
            if has_user_data:
                dcs = tpdu.dcs or _DEFAULT_DCS
                parts.append(_encode_user_data(tpdu.text, tpdu.data, dcs, tpdu.udh))
        return b"".join(parts)
    raise EncodeError(f"not a TPDU: {type(tpdu).__name__}")


def _octet(value: int, name: str) -> int:
    if not 0 <= value <= 0xFF:
        raise EncodeError(f"{name} {value} does not fit in one octet")
    return value


def _encode_user_data(text: str, data: bytes, dcs: DataCoding, udh: UserDataHeader | None) -> bytes:
    """TP-UDL and TP-UD. At most 140 octets of user data, i.e. 160 septets."""
    header = udh.encode() if udh is not None else b""
    alphabet = dcs.alphabet
    if alphabet is _GSM7 and not dcs.compressed:
        if data:
            raise EncodeError("GSM 7-bit user data takes text, not data")
        locking = (udh.locking_shift or 0) if udh is not None else 0
        single = (udh.single_shift or 0) if udh is not None else 0
        septets = gsm7.encode_septets(text, locking=locking, single=single)
        if header:
            header_septets = (len(header) * 8 + 6) // 7
            fill = header_septets * 7 - len(header) * 8
            udl = header_septets + len(septets)
            body = header + gsm7.pack_septets(septets, fill_bits=fill)
        else:
            udl = len(septets)
            body = gsm7.pack_septets(septets)
        if udl > 160:
            raise EncodeError(f"user data is {udl} septets, more than the 160 that fit")
        return bytes((udl,)) + body
    if alphabet is _UCS2 and not dcs.compressed:
        if data:
            raise EncodeError("UCS-2 user data takes text, not data")
        payload = ucs2.encode_ucs2(text)
    else:
        if text:
            raise EncodeError("8-bit user data takes data, not text")
        payload = bytes(data)
    udl = len(header) + len(payload)
    if udl > 140:
        raise EncodeError(f"user data is {udl} octets, more than the 140 that fit")
    return bytes((udl,)) + header + payload


def tpdu_length(pdu: bytes | str, *, smsc: bool = True) -> int:
    """The length AT+CMGS (and +CMT, +CMGR) state: TPDU octets, the SMSC field excluded."""
    data = to_bytes(pdu)
    if not smsc:
        return len(data)
    if not data:
        raise PduError("empty PDU", 0)
    return len(data) - 1 - data[0]
