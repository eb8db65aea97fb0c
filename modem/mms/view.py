"""MMS PDUs for people and scripts: plain JSON-ready dicts (`modem mms decode --json`, `modem pdu
decode --json` of a WAP push, logs) and readable "Header: value" lines (their text output).

JSON speaks the project's vocabulary (modem/vocabulary.py): a top-level "type" ("mms.pdu"),
tokens as the spec writes them ("M-Notification.ind", "Personal", "Error-transient-failure"),
dates in ISO 8601 with "T", relative times as seconds, addresses as sent, part data summarised
(text shown, binary sized). Only the headers the PDU holds are shown, and `warnings` says what
a lenient decode found missing. Text values: tokens by name and code."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum, IntEnum
from typing import Any

from modem.mms.body import Part
from modem.mms.enums import Field, MessageType, spec_token, type_name
from modem.mms.headers import INSERT_ADDRESS, MULTI_VALUED, header_name
from modem.mms.wsp_content import ContentType
from modem.vocabulary import ItemType, iso

__all__ = ["Described", "part_to_dict", "pdu_lines", "pdu_to_dict", "plain", "show_value"]

TEXT_PREVIEW = 2000


def plain(value: Any) -> Any:
    """One header value as JSON: str, int, bool, list or dict."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, IntEnum):
        return spec_token(value)
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, timedelta):
        return {"relative_seconds": int(value.total_seconds())}
    if isinstance(value, ContentType):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def part_to_dict(part: Part, *, index: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"content_type": str(part.content_type), "size": len(part.data)}
    if index is not None:
        out = {"index": index, **out}
    for key in ("content_id", "content_location", "disposition"):
        if getattr(part, key) is not None:
            out[key] = getattr(part, key)
    if part.filename:
        out["filename"] = part.filename
    if part.headers:
        out["headers"] = {str(k): plain(v) for k, v in part.headers}
    if part.is_text:
        text = part.text
        out["text"] = text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "..."
    return out


def pdu_to_dict(pdu: Any) -> dict[str, Any]:
    """`{"type": "mms.pdu", "message_type": "M-Notification.ind", "headers": {...},
    "parts": [...], "warnings": [...]}` ("parts" only for a PDU with a body)."""
    headers: dict[str, Any] = {}
    for key, value in pdu.headers():
        name = header_name(key)
        if key in MULTI_VALUED:
            headers.setdefault(name, []).append(plain(value))
        else:
            headers[name] = plain(value)
    out: dict[str, Any] = {
        "type": ItemType.MMS_PDU.value,
        "message_type": type_name(pdu.message_type),
        "headers": headers,
    }
    parts = getattr(pdu, "parts", ())
    if parts:
        out["parts"] = [part_to_dict(p, index=i) for i, p in enumerate(parts)]
    out["warnings"] = list(getattr(pdu, "warnings", ()))
    return out


def show_value(value: Any) -> str:
    """One header value for people: tokens by name and code, times in ISO 8601."""
    if isinstance(value, MessageType):
        return f"{value.pdu_name} (0x{value:02X})"
    if isinstance(value, IntEnum):
        return f"{spec_token(value)} (0x{value:02X})"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return iso(value)  # type: ignore[return-value]
    if isinstance(value, timedelta):
        return f"+{int(value.total_seconds())} s ({value})"
    if value == INSERT_ADDRESS:
        return "(insert address: the MMSC fills in the sender)"
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, tuple):
        return ", ".join(show_value(v) for v in value)
    return str(value)


def pdu_lines(pdu: Any, *, skip_type: bool = False) -> list[str]:
    """The PDU's headers as "Name: value" lines, in wire order."""
    return [
        f"{header_name(key)}: {show_value(value)}"
        for key, value in pdu.headers()
        if not (skip_type and key is Field.MESSAGE_TYPE)
    ]


class Described(dict[str, Any]):
    """A JSON-ready dict whose `str()` is readable text, so one value serves both outputs of
    `modem pdu decode` (which prints `f"  wap push:  {value}"` or dumps it as JSON).

    Continuation lines are indented to the value column of that output (13 spaces)."""

    INDENT = " " * 13

    def __init__(self, data: dict[str, Any], lines: list[str]) -> None:
        super().__init__(data)
        self.lines = lines

    def __str__(self) -> str:
        return ("\n" + self.INDENT).join(self.lines)
