"""Reading TP-UDL and TP-UD (3GPP TS 23.040 §9.2.3.16, §9.2.3.24): the one part of a TPDU whose
layout depends on another field.

TP-DCS says how to count: septets for GSM 7-bit (the header and its fill bits included), octets
otherwise. What real PDUs get wrong is the count: a TP-UDL larger than the data the modem
printed (a line cut short, a SIM record written by a sloppy phone), or octets after the user
data (0xFF padding of a SIM record, leftovers of an older message). The lenient reader decodes
what is there and says so (see lenient.py); the strict one refuses as before.
"""

from __future__ import annotations

from modem.errors import PduError
from modem.sms import gsm7, ucs2
from modem.sms.dcs import Alphabet, DataCoding
from modem.sms.lenient import Notes
from modem.sms.udh import UserDataHeader

__all__ = ["read_user_data", "trailing"]

_GSM7 = Alphabet.GSM7
_UCS2 = Alphabet.UCS2
UserData = tuple[str, bytes, UserDataHeader | None, int]


def read_user_data(data: bytes, i: int, dcs: DataCoding, udhi: int, notes: Notes) -> UserData:
    """TP-UDL and TP-UD at `i`: (text, 8-bit data, header, offset after the user data)."""
    if i >= len(data):
        raise PduError("missing TP-UDL", i)
    udl = data[i]
    if udhi and udl == 0:
        notes.odd("TP-UDHI is set but TP-UDL is 0", i, "no user data header")
        return "", b"", None, i + 1
    if dcs.alphabet is _GSM7 and not dcs.compressed:
        return _septets(data, i, udl, udhi, notes)
    return _octets(data, i, udl, udhi, dcs, notes)


def _septets(data: bytes, i: int, udl: int, udhi: int, notes: Notes) -> UserData:
    start = i + 1
    if udl > 160:
        notes.odd(f"TP-UDL of {udl} septets is more than the 160 a TPDU holds", i)
    end = start + ((udl * 7 + 7) >> 3)
    if end > len(data):
        there = len(data) - start
        septets = min(udl, (there * 8) // 7)
        notes.odd(
            f"TP-UDL of {udl} septets needs {end - start} octets, only {there} follow",
            i,
            f"decoded the {septets} septets that are there",
        )
        udl, end = septets, len(data)
        cut = True
    else:
        cut = False
    if not udhi:
        return (
            gsm7.decode_septets(_whole(gsm7.unpack_bytes(data[start:end], udl), cut)),
            b"",
            None,
            end,
        )
    udh = UserDataHeader.decode(data, start, end)
    header_bits = (data[start] + 1) * 8
    header_septets = (header_bits + 6) // 7
    if header_septets > udl:
        raise PduError(f"user data header is longer than TP-UDL of {udl} septets", start)
    septets = gsm7.unpack_bytes(
        data[start + data[start] + 1 : end],
        udl - header_septets,
        fill_bits=header_septets * 7 - header_bits,
    )
    text = gsm7.decode_septets(
        _whole(septets, cut), locking=udh.locking_shift or 0, single=udh.single_shift or 0
    )
    return text, b"", udh, end


def _whole(septets: bytes, cut: bool) -> bytes:
    """Septets of whole characters: where the data was cut short, a last escape (0x1B, TS 23.038
    §6.2.1.1) is half of an extension character whose second septet is missing; shown alone it
    would read as a space that was never sent."""
    if cut and len(septets) and septets[-1] == 0x1B:
        return septets[:-1]
    return septets


def _octets(data: bytes, i: int, udl: int, udhi: int, dcs: DataCoding, notes: Notes) -> UserData:
    start = i + 1
    if udl > 140:
        notes.odd(f"TP-UDL of {udl} octets is more than the 140 a TPDU holds", i)
    end = start + udl
    if end > len(data):
        there = len(data) - start
        notes.odd(
            f"TP-UDL of {udl} octets is longer than the {there} octets that follow",
            i,
            f"decoded the {there} that are there",
        )
        end = len(data)
    first = start
    udh = None
    if udhi:
        udh = UserDataHeader.decode(data, start, end)
        first = start + data[start] + 1
    if dcs.alphabet is _UCS2 and not dcs.compressed:
        if (end - first) & 1:
            notes.note("UCS-2 text of an odd number of octets: the last one is left out", end - 1)
        return ucs2.decode_ucs2(data[first:end]), b"", udh, end
    return "", data[first:end], udh, end


def trailing(data: bytes, end: int, notes: Notes) -> None:
    """Say so when octets follow the user data; both modes accept them, as modems pad."""
    extra = len(data) - end
    if extra <= 0:
        return
    if data[end:] == b"\xff" * extra:
        notes.note(f"{extra} octets of 0xFF padding after the TPDU, ignored", end)
    else:
        more = "..." if extra > 16 else ""
        notes.note(
            f"{extra} octets after the TPDU, ignored: {data[end : end + 16].hex()}{more}", end
        )
