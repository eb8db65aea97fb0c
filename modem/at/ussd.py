"""USSD texts as modems send and want them: plain, UCS2 hex or packed GSM 7-bit hex.

+CUSD carries a text and a Cell Broadcast data coding scheme (TS 27.007 §7.15; the <dcs> is
the CBS one of TS 23.038 §5, not the SMS one). What the text looks like depends on the modem:
most convert it to the AT+CSCS character set, so "GSM"/"IRA" gives plain text and "UCS2" gives
UTF-16 hex; Huawei sticks (gammu F_ENCODED_USSD, research sms.md §3) pass GSM 7-bit packed
octets as hex both ways. `decode_ussd` undoes whichever was used; `ussd_command` builds the
request line.
"""

from __future__ import annotations

import re
from enum import Enum

from modem.at.params import build
from modem.errors import PduError
from modem.sms.gsm7 import decode_septets, pack_for_ussd, unpack_all
from modem.sms.ucs2 import decode_ucs2

__all__ = ["UssdAlphabet", "decode_ussd", "encode_ussd", "ussd_alphabet", "ussd_command"]

_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})+$")


class UssdAlphabet(Enum):
    GSM7 = "gsm7"
    DATA_8BIT = "8bit"
    UCS2 = "ucs2"


def ussd_alphabet(dcs: int) -> UssdAlphabet:
    """The alphabet of a CBS data coding scheme (TS 23.038 §5). Reserved values: GSM 7-bit."""
    group = dcs >> 4
    if group == 0x0 or group in (0x2, 0x3):
        return UssdAlphabet.GSM7  # languages, GSM 7 bit default alphabet
    if group == 0x1:
        return UssdAlphabet.UCS2 if dcs & 0x0F == 0x01 else UssdAlphabet.GSM7
    if group in (0x4, 0x5, 0x6, 0x7, 0x9):  # general data coding; 1001: with a UDH
        alphabet = (dcs >> 2) & 0x03
        if alphabet == 1:
            return UssdAlphabet.DATA_8BIT
        if alphabet == 2:
            return UssdAlphabet.UCS2
        return UssdAlphabet.GSM7
    if group == 0xF:
        return UssdAlphabet.DATA_8BIT if dcs & 0x04 else UssdAlphabet.GSM7
    return UssdAlphabet.GSM7


def decode_ussd(
    text: str, dcs: int | None = None, *, packed: bool = False, charset: str = "GSM"
) -> str:
    """The readable text of a +CUSD report. Never raises: what cannot be decoded is returned as
    it came.

    `packed`: the modem passes GSM 7-bit septets packed, as hex (Huawei). `charset`: the
    AT+CSCS in force ("UCS2": texts come as UTF-16 hex).
    """
    alphabet = ussd_alphabet(dcs) if dcs is not None else UssdAlphabet.GSM7
    if not _HEX.match(text):
        return text
    try:
        data = bytes.fromhex(text)
        if charset.upper() in ("UCS2", "UCS-2", "UTF-16"):
            return decode_ucs2(data) if len(data) % 2 == 0 else text
        if dcs == 0x11 and len(data) >= 4:
            # UCS2 "preceded by language indication": the language's two GSM 7-bit
            # characters packed in two octets, then the UCS2 text (TS 23.038 §5, 0001 0001).
            data = data[2:]
        if alphabet is UssdAlphabet.UCS2 and len(data) % 2 == 0:
            # The modem may also have converted the text to the GSM charset already, and a
            # text of hex digits ("2000") is then not UTF-16: keep it unless it decodes to
            # something printable.
            decoded = decode_ucs2(data)
            return decoded if decoded.replace("\n", "").isprintable() else text
        if alphabet is UssdAlphabet.GSM7 and packed:
            return decode_septets(unpack_all(data))
    except (PduError, ValueError):
        return text
    return text


def encode_ussd(text: str, *, packed: bool = False) -> str:
    """The string to put in AT+CUSD=1,"...": the text, or its packed septets as hex."""
    if packed:
        return pack_for_ussd(text).hex().upper()
    return text


def ussd_command(code: str, *, packed: bool = False, dcs: int = 15) -> str:
    """'AT+CUSD=1,"*100#",15' (or the packed form for modems that want it). dcs 15 is
    "GSM 7 bit, language unspecified" (TS 23.038 §5)."""
    return build("+CUSD", 1, encode_ussd(code, packed=packed), dcs)
