"""Opaque page cursors: what a listing hands out to continue after its last item.

A cursor is URL-safe base64 of a small JSON object, so it travels in a query string as it
is. Callers never look inside; a backend puts there what it needs to resume (the last id,
usually). A cursor that does not decode is the caller's mistake: ValueError.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(kind: str, **values: Any) -> str:
    payload = json.dumps({"k": kind, **values}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> dict[str, Any]:
    """The values of a cursor made by `encode_cursor(kind, ...)`; ValueError otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("cursor: not a cursor this listing gave out") from None
    if not isinstance(data, dict) or data.pop("k", None) != kind:
        raise ValueError("cursor: not a cursor this listing gave out")
    return data
