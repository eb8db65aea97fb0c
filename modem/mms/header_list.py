"""Walking an MMS PDU's list of headers (OMA-TS-MMS-ENC-V1_3 §7): the values' codecs are in
headers.py; this module reads one header after another up to Content-Type, after which the
body starts, and decides what a list the end of the data cuts short still holds (lenient
decoding, see modem.mms.pdu_reader)."""

from __future__ import annotations

from typing import Any, Final

from modem.errors import MmsError
from modem.mms.enums import Field
from modem.mms.headers import BY_CODE, HeaderKey, header_name
from modem.mms.wsp import decode_generic, decode_text_string

__all__ = ["decode_headers"]


def decode_headers(
    data: bytes, pos: int = 0, warnings: list[str] | None = None
) -> tuple[list[tuple[HeaderKey, Any]], int]:
    """Headers from `pos` up to and including Content-Type (or the end of the data).

    Returns the headers in wire order and the offset of the body. Unknown field codes and
    application headers (Token-text Text-string, §7.4) are kept, not refused. With a
    `warnings` list (lenient), a last header that the end of the data cuts short is not an
    error: a text missing only its terminating NUL is read to the end, anything else cut is
    left out, and the list says which."""
    headers: list[tuple[HeaderKey, Any]] = []
    end = len(data)
    while pos < end:
        octet = data[pos]
        start = pos
        try:
            key, value, pos = _decode_header(data, pos)
        except (IndexError, MmsError) as exc:
            cut = None if warnings is None else _cut_at_end(data, start, warnings)
            if cut is None:
                raise _header_error(exc, octet, start) from None
            if cut is not _LEFT_OUT:
                headers.append(cut)
            return headers, end
        headers.append((key, value))
        if key is Field.CONTENT_TYPE:
            break
    if pos > end:
        raise MmsError("the last header runs past the end of the data", end)
    return headers, pos


def _decode_header(data: bytes, pos: int) -> tuple[HeaderKey, Any, int]:
    octet = data[pos]
    if octet >= 0x80:
        entry = BY_CODE.get(octet & 0x7F)
        if entry is None:
            value, pos = decode_generic(data, pos + 1)
            return octet & 0x7F, value, pos
        field, decoder = entry
        value, pos = decoder(data, pos + 1)
        return field, value, pos
    if octet >= 0x20:
        name, pos = decode_text_string(data, pos)
        value, pos = decode_text_string(data, pos)
        return name, value, pos
    raise MmsError(f"expected a header field, found 0x{octet:02X}", pos)


def _header_error(exc: Exception, octet: int, start: int) -> MmsError:
    if isinstance(exc, IndexError):
        return MmsError(f"header 0x{octet:02X} runs past the end of the data", start)
    assert isinstance(exc, MmsError)
    if exc.offset is None or octet < 0x80:
        return exc
    name = header_name(BY_CODE.get(octet & 0x7F, (octet & 0x7F,))[0])
    return MmsError(f"bad {name} value: {exc.reason}", exc.offset)


_LEFT_OUT: Final = ("", None)
_PADDING = 64  # more than any header but a long text needs beyond the end of the data


def _cut_at_end(data: bytes, start: int, warnings: list[str]) -> tuple[HeaderKey, Any] | None:
    """The header at `start` if the end of the data cut it (else None: a real error). A text
    that lacks only its NUL is whole; anything else is left out (`_LEFT_OUT`)."""
    name = _name_at(data, start)
    for tail in (b"\x00", b"\x00" * _PADDING):
        try:
            key, value, pos = _decode_header(data + tail, start)
        except (IndexError, MmsError):
            continue
        if pos <= len(data):
            return None  # it decodes without the padding: the error was something else
        if tail == b"\x00" and pos == len(data) + 1 and isinstance(value, str) and value:
            warnings.append(
                f"{name} lacks its terminating NUL at the end of the PDU: read to the end"
            )
            return key, value
        warnings.append(f"{name} is cut off by the end of the PDU (at byte {start}): left out")
        return _LEFT_OUT
    return None


def _name_at(data: bytes, start: int) -> str:
    octet = data[start]
    if octet >= 0x80:
        return header_name(BY_CODE.get(octet & 0x7F, (octet & 0x7F,))[0])
    return "an application header"
