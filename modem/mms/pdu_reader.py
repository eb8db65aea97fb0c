"""Reading MMS PDUs from bytes (OMA-TS-MMS-ENC-V1_3 §6, §7): the values are in pdu.py.

The headers are walked once (header_list.py), sorted into the fields of the PDU's class (an
unknown or repeated header is kept in `extra`), and the body read by its Content-Type.
Lenient by default, because notifications arrive cut short by an SMS part or a modem that
drops the end of a line: see `decode_pdu`.
"""

from __future__ import annotations

from typing import Any

from modem.errors import MmsError
from modem.mms.body import Part, decode_multipart
from modem.mms.enums import Field, type_name
from modem.mms.header_list import decode_headers
from modem.mms.headers import MULTI_VALUED, HeaderKey
from modem.mms.pdu import HEADER_ATTRS, PDU_CLASSES, OtherPdu, Pdu
from modem.mms.pdu_base import PduBase, field_of
from modem.mms.wsp_content import ContentType

__all__ = ["decode_head", "decode_pdu"]


def decode_pdu(data: bytes | bytearray | memoryview | str, *, strict: bool = False) -> Pdu:
    """An MMS PDU from its bytes (or hex). Raises only MmsError, naming what and where.

    Lenient by default: mandatory fields that are missing are None (an absent
    X-Mms-MMS-Version too: nothing is shown that was not sent), and a PDU the end of the data
    cuts short decodes as far as it goes (a last header cut off, a body that ends after the
    headers or in the middle of a part), with `warnings` saying what was missing. `strict=True`
    refuses both."""
    return _decode(data, lenient=not strict, mandatory=strict)


def decode_head(data: bytes) -> Pdu:
    """The PDU as far as its headers are whole, without leniency for a cut (the first SMS of
    a longer WAP push ends in the middle of a header) and without the mandatory check."""
    return _decode(data, lenient=False, mandatory=False)


def _decode(data: bytes | bytearray | memoryview | str, *, lenient: bool, mandatory: bool) -> Pdu:
    if isinstance(data, str):
        try:
            data = bytes.fromhex("".join(data.split()))
        except ValueError:
            raise MmsError("not hexadecimal") from None
    data = bytes(data)
    if not data:
        raise MmsError("empty MMS PDU", 0)
    warnings: list[str] | None = [] if lenient else None
    try:
        headers, pos = decode_headers(data, 0, warnings)
    except RecursionError:  # pragma: no cover - defensive
        raise MmsError("MMS PDU nests too deeply", 0) from None
    kind = next((v for k, v in headers if k is Field.MESSAGE_TYPE), None)
    if kind is None:
        raise MmsError("no X-Mms-Message-Type header: not an MMS PDU", 0)
    cls = PDU_CLASSES.get(kind)
    common, values, rest, content_type = _sort_headers(headers, kind, cls)
    body: dict[str, Any] = {}
    if content_type is not None:
        body = {"content_type": content_type, "parts": _body(data, pos, content_type, warnings)}
    if cls is None:
        pdu: Pdu = OtherPdu(kind=kind, fields=tuple(rest), **common, **body)
    else:
        if not cls.HAS_BODY:
            body = {}  # a body where the standard allows none (python-messaging's NotifyResp)
        pdu = cls(**common, **values, **body, extra=tuple(rest))  # type: ignore[assignment]
    missing = pdu.missing()
    if missing and (mandatory or warnings is not None):
        names = ", ".join(field_of(name).wire_name for name in missing)
        message = f"{type_name(pdu.message_type)} lacks mandatory {names}"
        if mandatory:
            raise MmsError(message, 0)
        assert warnings is not None
        warnings.append(message)
    if warnings:
        object.__setattr__(pdu, "warnings", tuple(warnings))  # frozen: set once, here
    return pdu


def _sort_headers(
    headers: list[tuple[HeaderKey, Any]], kind: int, cls: type[PduBase] | None
) -> tuple[dict[str, Any], dict[str, Any], list[tuple[HeaderKey, Any]], ContentType | None]:
    """The decoded headers as constructor arguments: the common ones, the class's fields,
    the rest (repeated or unknown headers, kept in `extra`) and the Content-Type."""
    common: dict[str, Any] = {"mms_version": None}
    attrs: dict[Any, str] = HEADER_ATTRS.get(cls, {}) if cls is not None else {}
    # absent fields are None (not the constructor's sending defaults such as Personal)
    values: dict[str, Any] = {name: [] if f in MULTI_VALUED else None for f, name in attrs.items()}
    seen: set[str] = set()
    rest: list[tuple[HeaderKey, Any]] = []
    content_type: ContentType | None = None
    kind_seen = version_seen = False
    for key, value in headers:
        if key is Field.MESSAGE_TYPE and value == kind and not kind_seen:
            kind_seen = True
        elif key is Field.TRANSACTION_ID and "transaction_id" not in common:
            common["transaction_id"] = value
        elif key is Field.MMS_VERSION and not version_seen:
            common["mms_version"], version_seen = value, True
        elif key is Field.CONTENT_TYPE:
            content_type = value
        elif key in attrs and key in MULTI_VALUED:
            values[attrs[key]].append(value)
        elif key in attrs and attrs[key] not in seen:
            values[attrs[key]] = value
            seen.add(attrs[key])
        else:
            rest.append((key, value))
    return common, values, rest, content_type


def _body(
    data: bytes, pos: int, content_type: ContentType, warnings: list[str] | None
) -> tuple[Part, ...]:
    if not content_type.is_multipart:
        return (Part(content_type, data[pos:]),)
    if pos >= len(data) and warnings is not None:
        warnings.append(f"the PDU ends after its headers: no body for {content_type.media_type}")
        return ()
    return decode_multipart(data, pos, warnings)
