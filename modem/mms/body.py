"""The multipart body of an MMS (WAP-230-WSP §8.5, OMA-TS-MMS-ENC-V1_3 §7.2, §7.3.11).

    nEntries (uintvar) { HeadersLen (uintvar) DataLen (uintvar) Content-Type Headers Data }

HeadersLen covers the Content-Type and the part headers. The part headers an MMS uses are
Content-Location (WSP 0x0E), Content-ID (0x40, a Quoted-string, usually `<...>`) and
Content-Disposition (0x2E, or 0x45 from WSP 1.4), also read when written as text headers (as
python-messaging writes Content-ID); others are kept as they came. Part data is
sliced, never walked byte by byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from modem.errors import MmsError
from modem.mms.wsp import (
    GenericValue,
    decode_generic,
    decode_quoted_string,
    decode_text,
    decode_text_string,
    decode_uintvar,
    decode_value_length,
    encode_generic,
    encode_quoted_string,
    encode_text_string,
    encode_uintvar,
    encode_value_length,
)
from modem.mms.wsp_content import (
    ContentType,
    ParamValue,
    decode_content_type,
    decode_parameters,
    encode_content_type,
    encode_parameters,
)
from modem.mms.wsp_types import HEADER_FIELD_CODES, HEADER_FIELDS

__all__ = ["Part", "decode_multipart", "encode_multipart"]

_LOCATION, _CONTENT_ID, _DISPOSITION, _DISPOSITION_14 = 0x0E, 0x40, 0x2E, 0x45
_DISPOSITIONS = {0x80: "form-data", 0x81: "attachment", 0x82: "inline"}
_DISPOSITION_CODES = {name: code for code, name in _DISPOSITIONS.items()}


@dataclass(frozen=True, slots=True)
class Part:
    """One body part: its type, data and the headers that name it.

    `content_id` is stored without the WSP quote (`<smil>`); `disposition` is `attachment`,
    `inline`, `form-data` or the token as sent; `headers` holds any other part header, keyed by
    its WSP name (or code when unknown, or its own name for application headers)."""

    content_type: ContentType
    data: bytes
    content_id: str | None = None
    content_location: str | None = None
    disposition: str | None = None
    disposition_params: tuple[tuple[str, ParamValue], ...] = ()
    headers: tuple[tuple[str | int, GenericValue], ...] = ()

    @classmethod
    def from_text(
        cls, text: str, *, content_location: str | None = None, content_id: str | None = None
    ) -> Part:
        """A text/plain part in UTF-8, labelled so (OMA-MMS-CONF §10.2.1)."""
        if text.startswith("\ufeff"):  # readers drop one leading BOM: keep the text's own
            text = "\ufeff" + text
        return cls(
            ContentType("text/plain", (("charset", "utf-8"),)),
            text.encode("utf-8"),
            content_id=content_id,
            content_location=content_location,
        )

    @property
    def media_type(self) -> str:
        return self.content_type.media_type.lower()

    @property
    def is_text(self) -> bool:
        return self.media_type.startswith("text/") or self.media_type == "application/smil"

    @property
    def text(self) -> str:
        """The data as text in its declared charset, leniently (see `wsp.decode_text`)."""
        return decode_text(self.data, self.content_type.charset)

    @property
    def filename(self) -> str | None:
        """The best name for the part: disposition filename, type name, or location."""
        for key, value in self.disposition_params:
            if key in ("filename", "name") and value:
                return str(value)
        return self.content_type.name or self.content_location


def decode_multipart(
    data: bytes, pos: int = 0, warnings: list[str] | None = None
) -> tuple[Part, ...]:
    """All parts of a multipart body starting at `pos`. With a `warnings` list (lenient), a
    body the end of the data cuts short gives the parts that are whole, and says so."""
    parts: list[Part] = []
    count = 0
    try:
        count, pos = decode_uintvar(data, pos)
        end = len(data)
        for index in range(count):
            if pos >= end:
                raise MmsError(f"multipart announces {count} parts but has {index}", pos)
            start = pos
            headers_len, pos = decode_uintvar(data, pos)
            data_len, pos = decode_uintvar(data, pos)
            headers_end = pos + headers_len
            data_end = headers_end + data_len
            if data_end > end:
                raise MmsError(
                    f"part {index + 1} claims {headers_len}+{data_len} octets, "
                    f"{end - pos} are left",
                    start,
                )
            parts.append(_decode_part(data, pos, headers_end, data_end))
            pos = data_end
    except (IndexError, MmsError) as exc:
        error = exc if isinstance(exc, MmsError) else None
        if warnings is None or (error is not None and not _cut_short(error)):
            if error is not None:
                raise
            raise MmsError("multipart body ends in the middle of a part", len(data)) from None
        whole = f"the first {len(parts)} of {count} parts are whole" if count else "no part"
        warnings.append(f"the multipart body is cut short by the end of the PDU: {whole}")
    return tuple(parts)


def _cut_short(error: MmsError) -> bool:
    """Whether `error` says the data ended (not that a part is malformed)."""
    reason = error.reason
    return "announces" in reason or "are left" in reason or "past the end" in reason


def _decode_part(data: bytes, pos: int, headers_end: int, data_end: int) -> Part:
    content_type, pos = decode_content_type(data, pos)
    content_id = location = disposition = None
    disposition_params: tuple[tuple[str, ParamValue], ...] = ()
    extra: list[tuple[str | int, GenericValue]] = []
    while pos < headers_end:
        octet = data[pos]
        if octet >= 0x80:
            code = octet & 0x7F
            if code == _CONTENT_ID:
                content_id, pos = decode_quoted_string(data, pos + 1)
            elif code == _LOCATION:
                location, pos = decode_text_string(data, pos + 1)
            elif code in (_DISPOSITION, _DISPOSITION_14):
                disposition, disposition_params, pos = _decode_disposition(data, pos + 1)
            else:
                value, pos = decode_generic(data, pos + 1)
                extra.append((HEADER_FIELDS.get(code, code), value))
        elif octet >= 0x20:  # Application-header: Token-text Application-specific-value
            name, pos = decode_text_string(data, pos)
            value, pos = decode_text_string(data, pos)
            textual = name.lower()  # python-messaging writes these three as text
            if textual == "content-id":
                content_id = value[1:] if value.startswith('"') else value
            elif textual == "content-location":
                location = value
            elif textual == "content-disposition":
                disposition = value
            else:
                extra.append((name, value))
        else:
            raise MmsError(f"expected a part header, found 0x{octet:02X}", pos)
    if pos != headers_end:
        raise MmsError("part headers overrun their length", headers_end)
    return Part(
        content_type,
        data[headers_end:data_end],
        content_id,
        location,
        disposition,
        disposition_params,
        tuple(extra),
    )


def _decode_disposition(
    data: bytes, pos: int
) -> tuple[str, tuple[tuple[str, ParamValue], ...], int]:
    """Content-Disposition (WSP §8.4.2.53): Value-length Disposition *(Parameter)."""
    if data[pos] > 31:  # some encoders send a bare token or text
        if data[pos] >= 0x80:
            return _DISPOSITIONS.get(data[pos], f"0x{data[pos]:02X}"), (), pos + 1
        text, end = decode_text_string(data, pos)
        return text, (), end
    length, start = decode_value_length(data, pos)
    end = start + length
    if data[start] >= 0x80:
        kind, p = _DISPOSITIONS.get(data[start], f"0x{data[start]:02X}"), start + 1
    else:
        kind, p = decode_text_string(data, start)
    return kind, decode_parameters(data, p, end), end


def _encode_disposition(kind: str, params: Iterable[tuple[str, ParamValue]]) -> bytes:
    code = _DISPOSITION_CODES.get(kind.lower())
    body = bytearray(bytes((code,)) if code is not None else encode_text_string(kind))
    body += encode_parameters(tuple(params))
    return encode_value_length(len(body)) + bytes(body)


def encode_part_headers(part: Part) -> bytes:
    out = [encode_content_type(part.content_type)]
    if part.content_id is not None:
        out.append(b"\xc0" + encode_quoted_string(part.content_id))
    if part.content_location is not None:
        out.append(b"\x8e" + encode_text_string(part.content_location))
    if part.disposition is not None:
        out.append(b"\xae" + _encode_disposition(part.disposition, part.disposition_params))
    for name, value in part.headers:
        if isinstance(name, int):
            out.append(bytes((0x80 | name,)) + encode_generic(value))
            continue
        code = _header_code(name)
        if code is None:
            out.append(encode_text_string(name) + encode_text_string(str(value)))
        else:
            out.append(bytes((0x80 | code,)) + encode_generic(value))
    return b"".join(out)


def _header_code(name: str) -> int | None:
    return HEADER_FIELD_CODES.get(name.lower())


def encode_multipart(parts: Iterable[Part]) -> bytes:
    parts = tuple(parts)
    out = [encode_uintvar(len(parts))]
    for part in parts:
        headers = encode_part_headers(part)
        out += (encode_uintvar(len(headers)), encode_uintvar(len(part.data)), headers, part.data)
    return b"".join(out)
