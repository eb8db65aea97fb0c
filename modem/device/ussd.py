"""USSD texts on the wire: what AT+CUSD sends and how a +CUSD reply is decoded.

TS 27.007 §7.15: `AT+CUSD=1,<str>,<dcs>`; the reply is `+CUSD: <m>[,<str>,<dcs>]`. <dcs> is
a Cell Broadcast coding scheme (TS 23.038 §5), not an SMS one. Modems disagree on <str>:
plain text in the AT+CSCS character set (most), packed GSM 7-bit as hex (Huawei, gammu
F_ENCODED_USSD), or UCS-2 as hex when <dcs> says UCS2. `decode_reply` handles all three.
"""

from __future__ import annotations

import string

from modem.at.info import Ussd
from modem.device.events import UssdReply

__all__ = ["cbs_alphabet", "decode_reply", "encode_request"]

_HEX = frozenset(string.hexdigits)


def cbs_alphabet(dcs: int | None) -> str:
    """ "gsm7", "8bit" or "ucs2" for a CBS data coding scheme (TS 23.038 §5)."""
    if dcs is None:
        return "gsm7"
    group = dcs >> 4
    if dcs == 0x11:
        return "ucs2"  # UCS2, preceded by a two-character language
    if group in (0x4, 0x5, 0x6, 0x7, 0x9):  # general data coding, with/without UDH
        return {0: "gsm7", 1: "8bit", 2: "ucs2"}.get((dcs >> 2) & 0x3, "gsm7")
    if group == 0xF:
        return "8bit" if dcs & 0x04 else "gsm7"
    return "gsm7"  # 0000, 0001 (language groups), 0010, 0011 and reserved ones


def _is_hex(text: str) -> bool:
    return len(text) >= 2 and len(text) % 2 == 0 and all(c in _HEX for c in text)


def decode_reply(ussd: Ussd, *, packed: bool = False) -> UssdReply:
    """A parsed +CUSD to a `UssdReply` with the text decoded as its <dcs> says.

    `packed`: the modem sends GSM 7-bit texts as packed hex (profile `ussd_packed`). A UCS2
    text is decoded from hex when it is hex; anything else is taken as the plain text it is.
    """
    raw = ussd.text
    text = raw
    alphabet = cbs_alphabet(ussd.dcs)
    if raw and _is_hex(raw):
        data = bytes.fromhex(raw)
        if alphabet == "ucs2":
            from modem.sms.ucs2 import decode_ucs2

            text = decode_ucs2(data)
            if ussd.dcs == 0x11 and len(text) > 2:
                text = text[2:]  # the language prefix (TS 23.038 §5, 0001 0001)
        elif alphabet == "gsm7" and packed:
            from modem.sms.gsm7 import decode_septets, unpack_all

            text = decode_septets(unpack_all(data))
    return UssdReply(int(ussd.status), text, ussd.dcs, raw)


def encode_request(code: str, *, packed: bool = False) -> tuple[str, int]:
    """(<str>, <dcs>) for AT+CUSD: plain text with dcs 15 (GSM 7-bit, language unspecified),
    or its packed septets as hex for modems that want them so."""
    if packed:
        from modem.sms.gsm7 import pack_for_ussd

        return pack_for_ussd(code).hex().upper(), 15
    return code, 15
