"""MMS PDUs as plain JSON-ready dicts, for `modem mms decode --json`, `modem pdu decode` of a
WAP push, and logs. Values: enums by name, dates in ISO 8601, relative times as seconds,
addresses as sent, part data summarised (text shown, binary sized)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from modem.mms.body import Part
from modem.mms.enums import type_name
from modem.mms.headers import MULTI_VALUED, header_name
from modem.mms.wsp_content import ContentType

__all__ = ["part_to_dict", "pdu_to_dict", "plain"]

TEXT_PREVIEW = 2000


def plain(value: Any) -> Any:
    """One header value as JSON: str, int, bool, list or dict."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, datetime):
        return value.isoformat()
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
    """`{"message_type": "M-Notification.ind", "headers": {...}, "parts": [...]}`."""
    headers: dict[str, Any] = {}
    for key, value in pdu.headers():
        name = header_name(key)
        if key in MULTI_VALUED:
            headers.setdefault(name, []).append(plain(value))
        else:
            headers[name] = plain(value)
    out: dict[str, Any] = {"message_type": type_name(pdu.message_type), "headers": headers}
    parts = getattr(pdu, "parts", ())
    if parts:
        out["parts"] = [part_to_dict(p, index=i) for i, p in enumerate(parts)]
    return out
