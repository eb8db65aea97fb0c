"""Content-Type values (WAP-230-WSP §8.4.2.24) and their parameters (§8.4.2.4, Table 38).

    Content-type-value = Constrained-media | Content-general-form
    Content-general-form = Value-length Media-type *(Parameter)

A media type with a code in Table 40 is written as that code; one without (application/smil,
audio/amr, video/3gpp) as text, which every decoder accepts. Parameters are read in all their
WSP 1.1-1.4 forms (typed with a token, untyped with a name) and written in the 1.1/1.2 forms
MMS clients know (OMA-TS-MMS-ENC §7.3.11: Type 0x89, Start 0x8A for multipart/related).
"""

from __future__ import annotations

from dataclasses import dataclass

from modem.errors import MmsError
from modem.mms.wsp import (
    charset_code,
    charset_name,
    decode_integer,
    decode_long_integer,
    decode_quoted_string,
    decode_text_string,
    decode_uintvar,
    decode_value_length,
    encode_integer,
    encode_long_integer,
    encode_text_string,
    encode_value_length,
)
from modem.mms.wsp_types import CONTENT_TYPE_CODES, CONTENT_TYPES, PARAMETER_CODES, PARAMETERS

__all__ = [
    "ContentType",
    "ParamValue",
    "decode_content_type",
    "decode_parameters",
    "encode_content_type",
    "encode_parameters",
]

ParamValue = str | int


@dataclass(frozen=True, slots=True)
class ContentType:
    """A media type and its parameters, e.g. `text/plain; charset=utf-8`.

    Parameter names are lower case (`charset`, `name`, `filename`, `type`, `start`); a charset
    value is its name (`utf-8`) or, when unknown, its MIBenum."""

    media_type: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    def get(self, name: str) -> ParamValue | None:
        for key, value in self.params:
            if key == name:
                return value
        return None

    @property
    def charset(self) -> str | int | None:
        return self.get("charset")

    @property
    def name(self) -> str | None:
        value = self.get("name") or self.get("filename")
        return None if value is None else str(value)

    @property
    def start(self) -> str | None:
        value = self.get("start")
        return None if value is None else str(value)

    @property
    def is_multipart(self) -> bool:
        return self.media_type.lower().startswith(("application/vnd.wap.multipart.", "multipart/"))

    def __str__(self) -> str:
        return "; ".join([self.media_type, *(f"{k}={v}" for k, v in self.params)])


def _media_name(code: int) -> str:
    return CONTENT_TYPES.get(code, f"x-wsp-type/0x{code:02x}")


def _media_code(media: str) -> int | None:
    """The Table 40 code of a media type, or of an `x-wsp-type/0x...` name the decoder gave to
    an unlisted code (which can exceed 127: Well-known-media is an Integer-value)."""
    lower = media.lower()
    code = CONTENT_TYPE_CODES.get(lower)
    if code is None and lower.startswith("x-wsp-type/0x"):
        try:
            return int(lower[13:], 16)
        except ValueError:
            return None
    return code


def decode_content_type(data: bytes, pos: int) -> tuple[ContentType, int]:
    """Content-type-value: Constrained-media, or Value-length Media-type *(Parameter)."""
    try:
        return _decode_content_type(data, pos)
    except IndexError:
        raise MmsError("Content-Type runs past the end of the data", pos) from None


def _decode_content_type(data: bytes, pos: int) -> tuple[ContentType, int]:
    octet = data[pos]
    if octet >= 0x80:
        return ContentType(_media_name(octet & 0x7F)), pos + 1
    if octet > 31:
        media, end = decode_text_string(data, pos)
        return _textual(media, ()), end
    length, start = decode_value_length(data, pos)
    end = start + length
    if end > len(data):
        raise MmsError("Content-Type runs past the end of the data", pos)
    octet = data[start]
    if octet >= 0x80:
        media, p = _media_name(octet & 0x7F), start + 1
    elif octet <= 30:
        code, p = decode_long_integer(data, start)
        media = _media_name(code)
    else:
        media, p = decode_text_string(data, start)
    return _textual(media, decode_parameters(data, p, end)), end


def _textual(media: str, params: tuple[tuple[str, ParamValue], ...]) -> ContentType:
    """Some encoders write the whole HTTP form as the media text, `text/plain; charset=utf-8`:
    the parameters are read out of it, so the charset is honoured and the type compares."""
    if ";" not in media:
        return ContentType(media, params)
    head, *pieces = media.split(";")
    found: list[tuple[str, ParamValue]] = []
    for piece in pieces:
        key, eq, value = piece.partition("=")
        if eq and key.strip():
            value = value.strip().strip('"')
            key = key.strip().lower()
            found.append((key, value.lower() if key == "charset" else value))
    return ContentType(head.strip(), (*found, *params))


def decode_parameters(data: bytes, pos: int, end: int) -> tuple[tuple[str, ParamValue], ...]:
    """Parameters (§8.4.2.4) from `pos` to `end`, as (name, value) pairs."""
    params: list[tuple[str, ParamValue]] = []
    while pos < end:
        name, value, pos = _decode_parameter(data, pos)
        params.append((name, value))
    if pos > end:
        raise MmsError("parameters run past their length", end)
    return tuple(params)


def _decode_parameter(data: bytes, pos: int) -> tuple[str, ParamValue, int]:
    octet = data[pos]
    if octet < 0x20:  # untyped parameter never starts below 0x20; typed one as Long-integer
        token, p = decode_integer(data, pos)
        kind_name, kind = PARAMETERS.get(token, (f"x-wsp-param-{token}", "untyped"))
    elif octet >= 0x80:
        token, p = octet & 0x7F, pos + 1
        kind_name, kind = PARAMETERS.get(token, (f"x-wsp-param-{token}", "untyped"))
    else:
        kind_name, p = decode_text_string(data, pos)
        kind_name, kind = kind_name.lower(), "untyped"
    value: ParamValue
    if kind == "charset":
        if data[p] >= 0x80 or data[p] <= 30:
            mib, p = decode_integer(data, p)
            value = charset_name(mib)
        else:
            value, p = decode_text_string(data, p)
            value = value.lower()
    elif kind in ("integer", "date"):
        value, p = decode_integer(data, p)
    elif kind == "type":
        if data[p] >= 0x80:
            value, p = _media_name(data[p] & 0x7F), p + 1
        else:
            value, p = decode_text_string(data, p)
    elif kind == "q":
        value, p = decode_uintvar(data, p)
    elif kind == "none":
        value, p = "", p + 1
    elif data[p] >= 0x80 or (data[p] <= 30 and kind == "untyped"):
        value, p = decode_integer(data, p)
    else:  # Text-value: No-value (0x00), Token-text or Quoted-string
        value, p = decode_quoted_string(data, p)
    return kind_name, value, p


def encode_content_type(content_type: ContentType | str) -> bytes:
    """The short form when the type is well known and has no parameters, otherwise the general
    form; types with no code (application/smil, audio/amr, video/3gpp) are written as text."""
    if isinstance(content_type, str):
        content_type = ContentType(content_type)
    code = _media_code(content_type.media_type)
    if code is None:
        media = encode_text_string(content_type.media_type)
    elif code < 0x80:
        media = bytes((0x80 | code,))
    else:  # no Short-integer form: general form with the code as a Long-integer
        media = encode_long_integer(code)
    if not content_type.params and (code is None or code < 0x80):
        return media
    body = media + encode_parameters(content_type.params)
    return encode_value_length(len(body)) + body


def encode_parameters(params: tuple[tuple[str, ParamValue], ...]) -> bytes:
    return b"".join(_encode_parameter(name, value) for name, value in params)


def _encode_parameter(name: str, value: ParamValue) -> bytes:
    key = name.lower()
    code = PARAMETER_CODES.get(key)
    if code is None:
        head = encode_text_string(key)
        return head + (encode_integer(value) if isinstance(value, int) else _text_value(value))
    head = bytes((0x80 | code,))
    if key == "charset":
        return head + encode_integer(charset_code(value))
    if key == "type":
        media = str(value)
        media_code = _media_code(media)
        if media_code is not None and media_code < 0x80:  # Constrained-encoding: Short-integer
            return head + bytes((0x80 | media_code,))
        return head + encode_text_string(media)
    if isinstance(value, int):
        return head + encode_integer(value)
    return head + encode_text_string(value)


def _text_value(value: str) -> bytes:
    return encode_text_string(value) if value else b"\x00"
