"""MMS header fields and their value encodings (OMA-TS-MMS-ENC-V1_3 §7.3, §7.4).

An MMS PDU is a flat list of headers with no overall length: each is a field code (0x80 | code,
§7.4 Table 25) and a value whose encoding depends on the field. `CODECS` maps each field to
its value codec; `encode_header` writes one header, and header_list.py walks a list of them.

Values, as Python sees them:
  addresses and encoded strings -> str            dates -> aware datetime (UTC)
  Expiry, Delivery-Time, Deadline -> datetime (absolute) or timedelta (relative)
  Yes/No -> bool       token tables -> their enum (an unknown value stays an int)
  From -> str, or INSERT_ADDRESS for the insert-address token (§7.3.21)
  X-Mms-MMS-Version -> "1.2"        Content-Type -> ContentType
  Previously-Sent-By/-Date -> (count, value)      MM-Flags -> (MmFlagsToken, str)
  Mbox-Totals/-Quotas -> ("messages" | "bytes", int)
  anything not understood -> bytes / str / int as the generic WSP rule reads it (§8.4.1.2),
  written back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, Final

from modem.errors import MmsError
from modem.mms import enums as e
from modem.mms.enums import Field
from modem.mms.wsp import (
    decode_date,
    decode_encoded_string,
    decode_generic,
    decode_integer,
    decode_long_integer,
    decode_text_string,
    decode_value_length,
    encode_date,
    encode_encoded_string,
    encode_generic,
    encode_integer,
    encode_long_integer,
    encode_text_string,
    encode_value_length,
)
from modem.mms.wsp_content import decode_content_type, encode_content_type

__all__ = [
    "BY_CODE",
    "CODECS",
    "INSERT_ADDRESS",
    "MULTI_VALUED",
    "HeaderKey",
    "encode_header",
    "header_name",
]

INSERT_ADDRESS: Final = "#insert-address"
"""From value meaning "MMSC, insert my address" (Insert-address-token, §7.3.21)."""

HeaderKey = Field | int | str  # Field; unknown field code; application header name
Decoder = Callable[[bytes, int], tuple[Any, int]]
Encoder = Callable[[Any], bytes]

MULTI_VALUED: Final = frozenset(
    {Field.TO, Field.CC, Field.BCC, Field.PREVIOUSLY_SENT_BY, Field.PREVIOUSLY_SENT_DATE,
     Field.MM_FLAGS, Field.ATTRIBUTES, Field.MM_STATE, Field.ELEMENT_DESCRIPTOR, Field.CONTENT}
)  # fmt: skip


def header_name(key: HeaderKey) -> str:
    if isinstance(key, Field):
        return key.wire_name
    if isinstance(key, int):
        return f"X-Mms-Unknown-0x{key:02X}"
    return key


# --- value codecs -----------------------------------------------------------------------------


def _bool_dec(data: bytes, pos: int) -> tuple[bool | int, int]:
    octet = data[pos]
    return (True if octet == 0x80 else False if octet == 0x81 else octet), pos + 1


def _bool_enc(value: bool | int) -> bytes:
    if isinstance(value, bool):
        return b"\x80" if value else b"\x81"
    return bytes((_octet(value),))


def _octet(value: int) -> int:
    if not 0 <= int(value) <= 0xFF:
        raise MmsError(f"token value out of range: {value}")
    return int(value)


def _enum(kind: type[IntEnum]) -> tuple[Decoder, Encoder]:
    def dec(data: bytes, pos: int) -> tuple[IntEnum | int, int]:
        octet = data[pos]
        try:
            return kind(octet), pos + 1
        except ValueError:
            return octet, pos + 1

    def enc(value: int) -> bytes:
        return bytes((_octet(value),))

    return dec, enc


def _class_dec(data: bytes, pos: int) -> tuple[e.MessageClass | str | int, int]:
    if data[pos] >= 0x80:
        return _enum(e.MessageClass)[0](data, pos)
    return decode_text_string(data, pos)


def _class_enc(value: e.MessageClass | str | int) -> bytes:
    if isinstance(value, str):
        return encode_text_string(value)
    return bytes((_octet(value),))


def _version_dec(data: bytes, pos: int) -> tuple[str, int]:
    octet = data[pos]
    if octet < 0x80:  # Text-string form, e.g. "1.3" (the Text-string alternative)
        return decode_text_string(data, pos)
    major, minor = (octet >> 4) & 0x07, octet & 0x0F
    return (f"{major}" if minor == 0x0F else f"{major}.{minor}"), pos + 1


def _version_enc(value: str) -> bytes:
    """Short-integer major<<4 | minor (0x0F: no minor) when it fits, text otherwise (§7.3)."""
    major, dot, minor = value.partition(".")
    if major.isdigit() and int(major) <= 7 and (not dot or (minor.isdigit() and int(minor) < 15)):
        return bytes((0x80 | int(major) << 4 | (int(minor) if dot else 0x0F),))
    return encode_text_string(value)


def _time_dec(data: bytes, pos: int) -> tuple[datetime | timedelta, int]:
    """Expiry / Delivery-Time / Reply-Charging-Deadline (§7.3.20 and alike): Value-length
    (Absolute-token Date-value | Relative-token Delta-seconds-value)."""
    length, start = decode_value_length(data, pos)
    end = start + length
    token = data[start]
    value: datetime | timedelta
    if token == 0x80:
        value, p = decode_date(data, start + 1)
    elif token == 0x81:
        seconds, p = decode_integer(data, start + 1)
        try:
            value = timedelta(seconds=seconds)
        except OverflowError:
            raise MmsError(f"relative time out of range: {seconds} seconds", start) from None
    else:
        raise MmsError(f"time value with unknown token 0x{token:02X}", start)
    if p != end:
        raise MmsError("time value does not fill its length", pos)
    return value, end


def _time_enc(value: datetime | timedelta) -> bytes:
    if isinstance(value, timedelta):
        body = b"\x81" + encode_long_integer(int(value.total_seconds()))
    elif isinstance(value, datetime):
        body = b"\x80" + encode_date(value)
    else:
        raise MmsError(f"a time must be a datetime or a timedelta, not {value!r}")
    return encode_value_length(len(body)) + body


def _from_dec(data: bytes, pos: int) -> tuple[str, int]:
    """From (§7.3.21): Value-length (Address-present-token Encoded-string | Insert-address)."""
    if data[pos] > 31:  # no Value-length: a bare Encoded-string, seen from old encoders
        return decode_encoded_string(data, pos)
    length, start = decode_value_length(data, pos)
    end = start + length
    token = data[start]
    if token == 0x81:
        return INSERT_ADDRESS, end
    if token != 0x80:
        raise MmsError(f"From with unknown token 0x{token:02X}", start)
    address, _ = decode_encoded_string(data, start + 1)
    return address, end


def _from_enc(value: str) -> bytes:
    if value == INSERT_ADDRESS:
        return b"\x01\x81"
    body = b"\x80" + encode_encoded_string(value)
    return encode_value_length(len(body)) + body


def _counted(inner: tuple[Decoder, Encoder]) -> tuple[Decoder, Encoder]:
    """Previously-Sent-By (§7.3.23) / -Date: Value-length Forwarded-count Value."""

    def dec(data: bytes, pos: int) -> tuple[tuple[int, Any], int]:
        length, start = decode_value_length(data, pos)
        count, p = decode_integer(data, start)
        value, _ = inner[0](data, p)
        return (count, value), start + length

    def enc(value: tuple[int, Any]) -> bytes:
        count, inner_value = value
        body = encode_integer(count) + inner[1](inner_value)
        return encode_value_length(len(body)) + body

    return dec, enc


def _flags_dec(data: bytes, pos: int) -> tuple[tuple[e.MmFlagsToken | int, str], int]:
    length, start = decode_value_length(data, pos)
    token, _ = _enum(e.MmFlagsToken)[0](data, start)
    text, _ = decode_encoded_string(data, start + 1)
    return (token, text), start + length


def _flags_enc(value: tuple[int, str]) -> bytes:
    body = bytes((_octet(value[0]),)) + encode_encoded_string(value[1])
    return encode_value_length(len(body)) + body


_QUANTITY = {0x80: "messages", 0x81: "bytes"}


def _quantity_dec(data: bytes, pos: int) -> tuple[tuple[str, int], int]:
    length, start = decode_value_length(data, pos)
    kind = _QUANTITY.get(data[start], f"0x{data[start]:02X}")
    value, _ = decode_integer(data, start + 1)
    return (kind, value), start + length


def _quantity_enc(value: tuple[str, int]) -> bytes:
    token = 0x80 if value[0] == "messages" else 0x81
    body = bytes((token,)) + encode_integer(value[1])
    return encode_value_length(len(body)) + body


def _attr_dec(data: bytes, pos: int) -> tuple[Field | int, int]:
    octet = data[pos] & 0x7F
    try:
        return Field(octet), pos + 1
    except ValueError:
        return octet, pos + 1


def _attr_enc(value: int) -> bytes:
    return bytes((0x80 | int(value),))


def _text_enc(value: str) -> bytes:
    return encode_text_string(value)


def _date_dec(data: bytes, pos: int) -> tuple[datetime, int]:
    return decode_date(data, pos)


_TEXT = (decode_text_string, _text_enc)
_ENCODED = (decode_encoded_string, encode_encoded_string)
_LONG = (decode_long_integer, encode_long_integer)
_INTEGER = (decode_integer, encode_integer)
_BOOL = (_bool_dec, _bool_enc)
_TIME = (_time_dec, _time_enc)
_GENERIC = (decode_generic, encode_generic)

CODECS: dict[Field, tuple[Decoder, Encoder]] = {
    Field.BCC: _ENCODED,
    Field.CC: _ENCODED,
    Field.CONTENT_LOCATION: _TEXT,
    Field.CONTENT_TYPE: (decode_content_type, encode_content_type),
    Field.DATE: (_date_dec, encode_date),
    Field.DELIVERY_REPORT: _BOOL,
    Field.DELIVERY_TIME: _TIME,
    Field.EXPIRY: _TIME,
    Field.FROM: (_from_dec, _from_enc),
    Field.MESSAGE_CLASS: (_class_dec, _class_enc),
    Field.MESSAGE_ID: _TEXT,
    Field.MESSAGE_TYPE: _enum(e.MessageType),
    Field.MMS_VERSION: (_version_dec, _version_enc),
    Field.MESSAGE_SIZE: _LONG,
    Field.PRIORITY: _enum(e.Priority),
    Field.READ_REPORT: _BOOL,
    Field.REPORT_ALLOWED: _BOOL,
    Field.RESPONSE_STATUS: _enum(e.ResponseStatus),
    Field.RESPONSE_TEXT: _ENCODED,
    Field.SENDER_VISIBILITY: _enum(e.SenderVisibility),
    Field.STATUS: _enum(e.Status),
    Field.SUBJECT: _ENCODED,
    Field.TO: _ENCODED,
    Field.TRANSACTION_ID: _TEXT,
    Field.RETRIEVE_STATUS: _enum(e.RetrieveStatus),
    Field.RETRIEVE_TEXT: _ENCODED,
    Field.READ_STATUS: _enum(e.ReadStatus),
    Field.REPLY_CHARGING: _enum(e.ReplyCharging),
    Field.REPLY_CHARGING_DEADLINE: _TIME,
    Field.REPLY_CHARGING_ID: _TEXT,
    Field.REPLY_CHARGING_SIZE: _LONG,
    Field.PREVIOUSLY_SENT_BY: _counted(_ENCODED),
    Field.PREVIOUSLY_SENT_DATE: _counted((_date_dec, encode_date)),
    Field.STORE: _BOOL,
    Field.MM_STATE: _enum(e.MmState),
    Field.MM_FLAGS: (_flags_dec, _flags_enc),
    Field.STORE_STATUS: _enum(e.StoreStatus),
    Field.STORE_STATUS_TEXT: _ENCODED,
    Field.STORED: _BOOL,
    Field.ATTRIBUTES: (_attr_dec, _attr_enc),
    Field.TOTALS: _BOOL,
    Field.MBOX_TOTALS: (_quantity_dec, _quantity_enc),
    Field.QUOTAS: _BOOL,
    Field.MBOX_QUOTAS: (_quantity_dec, _quantity_enc),
    Field.MESSAGE_COUNT: _INTEGER,
    Field.CONTENT: _GENERIC,
    Field.START: _INTEGER,
    Field.ADDITIONAL_HEADERS: _GENERIC,
    Field.DISTRIBUTION_INDICATOR: _BOOL,
    Field.ELEMENT_DESCRIPTOR: _GENERIC,
    Field.LIMIT: _INTEGER,
    Field.RECOMMENDED_RETRIEVAL_MODE: _enum(e.RecommendedRetrievalMode),
    Field.RECOMMENDED_RETRIEVAL_MODE_TEXT: _ENCODED,
    Field.STATUS_TEXT: _ENCODED,
    Field.APPLIC_ID: _TEXT,
    Field.REPLY_APPLIC_ID: _TEXT,
    Field.AUX_APPLIC_INFO: _TEXT,
    Field.CONTENT_CLASS: _enum(e.ContentClass),
    Field.DRM_CONTENT: _BOOL,
    Field.ADAPTATION_ALLOWED: _BOOL,
    Field.REPLACE_ID: _TEXT,
    Field.CANCEL_ID: _TEXT,
    Field.CANCEL_STATUS: _enum(e.CancelStatus),
}
BY_CODE: dict[int, tuple[Field, Decoder]] = {f.value: (f, c[0]) for f, c in CODECS.items()}
"""Field code (without the 0x80 bit) -> the field and its value decoder."""


def encode_header(key: HeaderKey, value: Any) -> bytes:
    """One header: field code (or application header name) and its encoded value."""
    if isinstance(key, Field):
        try:
            return bytes((0x80 | key,)) + CODECS[key][1](value)
        except MmsError as exc:
            raise MmsError(f"cannot encode {key.wire_name}: {exc.reason}") from None
        except (TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise MmsError(f"cannot encode {key.wire_name} = {value!r}: {exc}") from None
    if isinstance(key, int):
        return bytes((0x80 | key,)) + encode_generic(value)
    return encode_text_string(key) + encode_text_string(str(value))
