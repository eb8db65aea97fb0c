"""Writing SMS TPDUs as bytes (3GPP TS 23.040 §9.2.2, §9.2.3): see modem/sms/pdu.py."""

from __future__ import annotations

from modem.errors import EncodeError
from modem.sms import gsm7, ucs2
from modem.sms.address import encode_address, encode_smsc
from modem.sms.dcs import Alphabet, DataCoding
from modem.sms.timestamp import encode_scts, encode_validity, validity_format
from modem.sms.tpdu import DEFAULT_DCS, Deliver, StatusReport, Submit, Tpdu
from modem.sms.udh import UserDataHeader

__all__ = ["encode_pdu"]

_GSM7 = Alphabet.GSM7
_UCS2 = Alphabet.UCS2


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
        if tpdu.timestamp is None or tpdu.discharge_time is None:
            raise EncodeError("a status report needs both time stamps (TP-SCTS and TP-DT)")
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
                dcs = tpdu.dcs or DEFAULT_DCS
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
        septets = gsm7.encode_bytes(text, locking=locking, single=single)  # no list: packs as is
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
