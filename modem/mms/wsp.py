"""WSP encoding primitives (WAP-230-WSP §8.1.2, §8.4.1-§8.4.2) as the MMS encapsulation uses them.

Decoders take `(data, offset)` and return `(value, next_offset)`, so a caller walks a PDU without
copying it; encoders return bytes. Text is decoded leniently, because real traffic is not what
the spec says: charsets arrive as short or long integers (UTF-16 is `02 03 F7`), labels lie
(Latin-1 marked UTF-8), byte-order marks sit inside UTF-8, the 0x7F quote goes missing before a
first octet >= 0x80, and `*` appears as a charset. Structural errors raise `MmsError` with the
offset where they were found; nothing else escapes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from modem.errors import MmsError
from modem.mms.wsp_types import CHARSET_ALIASES, CHARSET_CODES, CHARSETS, PYTHON_CODECS

__all__ = [
    "charset_code",
    "charset_name",
    "decode_date",
    "decode_encoded_string",
    "decode_generic",
    "decode_integer",
    "decode_long_integer",
    "decode_quoted_string",
    "decode_text",
    "decode_text_string",
    "decode_uintvar",
    "decode_value_length",
    "encode_date",
    "encode_encoded_string",
    "encode_generic",
    "encode_integer",
    "encode_long_integer",
    "encode_quoted_string",
    "encode_short_integer",
    "encode_text_string",
    "encode_uintvar",
    "encode_value_length",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UTF16 = frozenset({"utf-16", "utf-16be", "utf-16le", "iso-10646-ucs-2"})


# --- integers ---------------------------------------------------------------------------------


def decode_uintvar(data: bytes, pos: int) -> tuple[int, int]:
    """Uintvar (§8.1.2): 7 bits per octet, continuation bit set on all but the last, <= 5 octets."""
    value = 0
    for i in range(pos, min(pos + 5, len(data))):
        octet = data[i]
        value = (value << 7) | (octet & 0x7F)
        if octet < 0x80:
            return value, i + 1
    if len(data) - pos < 5:
        raise MmsError("uintvar runs past the end of the data", pos)
    raise MmsError("uintvar longer than 5 octets", pos)


def encode_uintvar(value: int) -> bytes:
    if not 0 <= value < 1 << 35:
        raise MmsError(f"uintvar out of range: {value}")
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def decode_value_length(data: bytes, pos: int) -> tuple[int, int]:
    """Value-length (§8.4.2.2): one octet 0-30, or 0x1F (Length-quote) then a uintvar.

    The quoted form is accepted for short values too, as the OMA conformance files use it."""
    octet = data[pos]
    if octet < 31:
        return octet, pos + 1
    if octet == 31:
        return decode_uintvar(data, pos + 1)
    raise MmsError(f"expected a Value-length, found 0x{octet:02X}", pos)


def encode_value_length(length: int) -> bytes:
    return bytes((length,)) if length < 31 else b"\x1f" + encode_uintvar(length)


def encode_short_integer(value: int) -> bytes:
    """Short-integer (§8.4.2.1): one octet, 0x80 | value, value 0-127."""
    if not 0 <= value < 128:
        raise MmsError(f"short integer out of range: {value}")
    return bytes((0x80 | value,))


def decode_long_integer(data: bytes, pos: int) -> tuple[int, int]:
    """Long-integer (§8.4.2.1): Short-length (1-30) then that many big-endian octets.

    A Short-integer found where a Long-integer belongs is accepted: some encoders write small
    sizes and dates that way."""
    octet = data[pos]
    if octet >= 0x80:
        return octet & 0x7F, pos + 1
    if octet > 30:
        raise MmsError(f"expected a Long-integer, found 0x{octet:02X}", pos)
    end = pos + 1 + octet
    if end > len(data):
        raise MmsError("Long-integer runs past the end of the data", pos)
    return int.from_bytes(data[pos + 1 : end], "big"), end


def encode_long_integer(value: int) -> bytes:
    if value < 0:
        raise MmsError(f"Long-integer cannot be negative: {value}")
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    if len(raw) > 30:
        raise MmsError(f"Long-integer too large: {value}")
    return bytes((len(raw),)) + raw


def decode_integer(data: bytes, pos: int) -> tuple[int, int]:
    """Integer-value (§8.4.2.3): Short-integer or Long-integer."""
    octet = data[pos]
    if octet >= 0x80:
        return octet & 0x7F, pos + 1
    return decode_long_integer(data, pos)


def encode_integer(value: int) -> bytes:
    return bytes((0x80 | value,)) if 0 <= value < 128 else encode_long_integer(value)


def decode_date(data: bytes, pos: int) -> tuple[datetime, int]:
    """Date-value (§8.4.2.1): Long-integer seconds since 1970-01-01T00:00:00Z."""
    seconds, end = decode_long_integer(data, pos)
    try:
        return datetime.fromtimestamp(seconds, UTC), end
    except (OverflowError, OSError, ValueError):
        raise MmsError(f"date out of range: {seconds} seconds", pos) from None


def encode_date(when: datetime) -> bytes:
    if when.tzinfo is None:
        raise MmsError("dates must be timezone-aware (UTC is written on the wire)")
    return encode_long_integer(int((when - _EPOCH).total_seconds()))


# --- text -------------------------------------------------------------------------------------


def charset_name(mib: int) -> str | int:
    """The charset's name for a MIBenum, or the number itself when it is not in the table."""
    return CHARSETS.get(mib, mib)


def charset_code(charset: str | int) -> int:
    """The MIBenum of a charset name (`utf-8`, `UTF8`, `latin-1`) or number."""
    if isinstance(charset, int):
        return charset
    name = charset.lower()
    code = CHARSET_CODES.get(CHARSET_ALIASES.get(name, name))
    if code is None:
        raise MmsError(f"unknown charset: {charset!r}")
    return code


def decode_text(raw: bytes, charset: str | int | None = None) -> str:
    """Bytes of a text in `charset` (a name, a MIBenum, or None when none was given) to str.

    Never fails: no charset, `*`, US-ASCII and UTF-8 try UTF-8 (with or without a BOM) and fall
    back to Latin-1, which is what mislabelled senders mean; UTF-16 honours a BOM and is
    big-endian without one (RFC 2781 §4.3); undecodable bytes become U+FFFD."""
    name = CHARSETS.get(charset, charset) if isinstance(charset, int) else charset
    if name is None or name in ("*", "us-ascii", "utf-8"):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    elif not isinstance(name, str):
        return raw.decode("utf-8", "replace")
    elif name in _UTF16:
        if len(raw) % 2 and raw.endswith(b"\x00"):
            raw = raw[:-1]
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return raw.decode("utf-16", "replace").rstrip("\x00")  # the codec ate the BOM
        codec = "utf-16-le" if name == "utf-16le" else "utf-16-be"
        text = raw.decode(codec, "replace").rstrip("\x00")
    else:
        try:
            text = raw.decode(PYTHON_CODECS.get(name, name), "replace")
        except LookupError:
            text = raw.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


def decode_text_string(data: bytes, pos: int) -> tuple[str, int]:
    """Text-string (§8.4.2.1): [0x7F quote] TEXT 0x00; read as UTF-8, Latin-1 if that fails."""
    raw, end = _text_bytes(data, pos)
    return decode_text(raw), end


def _text_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    nul = data.find(0, pos)
    if nul < 0:
        raise MmsError("text string without its terminating NUL", pos)
    start = pos + 1 if data[pos] == 0x7F else pos
    return data[start:nul], nul + 1


def encode_text_string(text: str | bytes) -> bytes:
    """Text-string with the quote rule: 0x7F precedes a first octet >= 0x80."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if b"\x00" in raw:
        raise MmsError(f"text contains a NUL octet: {text!r}")
    if raw and raw[0] >= 0x7F:  # 0x7F itself too, or the decoder would take it as the quote
        return b"\x7f" + raw + b"\x00"
    return raw + b"\x00"


def decode_quoted_string(data: bytes, pos: int) -> tuple[str, int]:
    """Quoted-string (§8.4.2.1): 0x22 TEXT 0x00 (no closing quote); a plain Text-string is
    accepted too."""
    if data[pos] == 0x22:
        raw, end = _text_bytes(data, pos + 1)
        return decode_text(raw), end
    return decode_text_string(data, pos)


def encode_quoted_string(text: str) -> bytes:
    """0x22 TEXT 0x00: the 0x22 already marks the start, so no 0x7F quote follows it even
    when the text begins with an octet >= 0x80 (Quoted-string has no such rule)."""
    raw = text.encode("utf-8")
    if b"\x00" in raw:
        raise MmsError(f"text contains a NUL octet: {text!r}")
    return b'"' + raw + b"\x00"


def decode_encoded_string(data: bytes, pos: int) -> tuple[str, int]:
    """Encoded-string-value (OMA-TS-MMS-ENC §7.3.19): Text-string, or Value-length Char-set
    Text-string. The charset form is bounded by its length, not the NUL, so UTF-16 text (which
    is full of 0x00) decodes."""
    octet = data[pos]
    if octet > 31:
        raw, end = _text_bytes(data, pos)
        return decode_text(raw), end
    if octet == 0:  # an empty Text-string (also readable as Value-length 0)
        return "", pos + 1
    length, start = decode_value_length(data, pos)
    end = start + length
    if end > len(data):
        raise MmsError("Encoded-string-value runs past the end of the data", pos)
    if data[start] < 0x80 and data[start] > 30:
        # no charset at all inside the length: a text string wrapped in a length
        charset: int | None = None
        body = start
    else:
        charset, body = decode_integer(data, start)
    raw = data[body:end]
    # The 0x7F quote belongs to a Text-string; UTF-16 text has none, and may start with 0x7F
    # itself (U+7Fxx), so it is kept there.
    if raw[:1] == b"\x7f" and CHARSETS.get(charset) not in _UTF16:
        raw = raw[1:]
    if raw.endswith(b"\x00"):
        raw = raw[:-1]
    return decode_text(raw, charset), end


def encode_encoded_string(text: str, charset: str | int | None = None) -> bytes:
    """Plain Text-string for ASCII; UTF-8 with its charset otherwise (OMA-MMS-CONF §10.2.1:
    non-ASCII text SHALL be UTF-8). Pass `charset` to force another one (UTF-16 for tests)."""
    if charset is None:
        if text.isascii() and (not text or text[0] >= " "):
            return encode_text_string(text)
        charset = 106  # also for a leading control octet, which would read as a Value-length
    mib = charset_code(charset)
    name = CHARSETS.get(mib, "utf-8")
    if text.startswith("\ufeff"):  # one BOM is dropped when read: keep the text's own
        text = "\ufeff" + text
    codec = PYTHON_CODECS.get(name, name)
    try:
        raw = text.encode(codec)
    except (LookupError, UnicodeEncodeError) as exc:
        raise MmsError(f"cannot encode {text!r} as {name}: {exc}") from None
    if name in _UTF16:
        body = encode_integer(mib) + raw + b"\x00"
    else:
        body = encode_integer(mib) + encode_text_string(raw)
    return encode_value_length(len(body)) + body


# --- generic header values (§8.4.1.2) ---------------------------------------------------------

GenericValue = int | str | bytes


def decode_generic(data: bytes, pos: int) -> tuple[GenericValue, int]:
    """Any field value by its first octet: a length-prefixed value (kept as bytes), a text
    string (str) or a short integer (int). How unknown headers are skipped, and kept."""
    octet = data[pos]
    if octet <= 31:
        length, start = decode_value_length(data, pos)
        end = start + length
        if end > len(data):
            raise MmsError("header value runs past the end of the data", pos)
        return data[start:end], end
    if octet < 0x80:
        return decode_text_string(data, pos)
    return octet & 0x7F, pos + 1


def encode_generic(value: GenericValue) -> bytes:
    if isinstance(value, bytes):
        return encode_value_length(len(value)) + value
    if isinstance(value, str):
        return encode_text_string(value)
    return encode_integer(value)
