"""UCS-2 user data (3GPP TS 23.038 §5, §6.2.3 and TS 23.040 §9.2.3.24), read as UTF-16BE.

The spec says UCS-2, but every current phone sends and expects UTF-16: characters outside the
Basic Multilingual Plane (emoji) travel as surrogate pairs, two 16-bit units each. So: encode
as UTF-16BE; decode tolerantly, because user data comes from the network and a segmenter
elsewhere may have split a pair. A lone surrogate becomes U+FFFD, a trailing odd octet is
dropped (only whole units are decoded); decoding never raises.
"""

from __future__ import annotations

from modem.errors import EncodeError

__all__ = ["decode_ucs2", "encode_ucs2", "utf16_units"]


def encode_ucs2(text: str) -> bytes:
    """UTF-16BE octets of `text` (surrogate pairs for code points above U+FFFF).
    Raises EncodeError for a lone surrogate in `text`, naming its index."""
    try:
        return text.encode("utf-16-be")
    except UnicodeEncodeError as exc:
        raise EncodeError(
            f"{text[exc.start]!r} at index {exc.start} is a lone surrogate, not a character"
        ) from None


def decode_ucs2(data: bytes) -> str:
    """Text of UTF-16BE octets: lone surrogates -> U+FFFD, an odd last octet ignored."""
    if len(data) & 1:
        data = data[:-1]
    return str(data, "utf-16-be", "replace")  # any buffer: bytes, bytearray, memoryview


def utf16_units(text: str) -> int:
    """16-bit units `text` takes in UCS-2 user data (2 per character above U+FFFF)."""
    return len(text.encode("utf-16-be", "surrogatepass")) >> 1
