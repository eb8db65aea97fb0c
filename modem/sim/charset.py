"""Text parameters in the AT+CSCS character set (TS 27.007 §5.5) and packed USSD strings.

"IRA" is T.50 (ASCII), "8859-1" Latin-1, "GSM" the 23.038 default alphabet one septet per
character, "UCS2" hex of UTF-16BE code units ("0041" = "A"). Characters a set cannot carry
become "?", as modems print them. USSD on some modems travels as packed GSM 7-bit in hex
(23.038 §6.1.2.3). The GSM tables come from modem.sms.gsm7, imported when first needed.
"""

from __future__ import annotations

import string


def is_hex(text: str) -> bool:
    return bool(text) and all(c in string.hexdigits for c in text)


def encode_text(text: str, cscs: str) -> str:
    """A str as the modem prints it in this character set."""
    if cscs == "UCS2":
        return text.encode("utf-16-be").hex().upper()
    if cscs == "GSM":
        from modem.sms.gsm7 import encode_septets

        out = []
        for char in text:
            try:
                out.extend(chr(s) for s in encode_septets(char))
            except ValueError:
                out.append("?")
        return "".join(out)
    if cscs == "8859-1":
        return text.encode("latin-1", errors="replace").decode("latin-1")
    return text.encode("ascii", errors="replace").decode("ascii")


def decode_text(text: str, cscs: str) -> str:
    """What the terminal typed in this character set, as a str. ValueError if malformed."""
    if cscs == "UCS2":
        if not is_hex(text) or len(text) % 4:
            raise ValueError("UCS2 text must be hex, 4 digits a character")
        return bytes.fromhex(text).decode("utf-16-be", errors="replace")
    if cscs == "GSM":
        from modem.sms.gsm7 import decode_septets

        return decode_septets([ord(c) & 0x7F for c in text])
    return text


def pack_gsm7_hex(text: str) -> str:
    from modem.sms.gsm7 import encode_septets, pack_septets

    return pack_septets(encode_septets(text)).hex().upper()


def unpack_gsm7_hex(text: str) -> str:
    from modem.sms.gsm7 import decode_septets, unpack_all

    return decode_septets(unpack_all(bytes.fromhex(text)))
