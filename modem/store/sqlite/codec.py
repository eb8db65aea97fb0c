"""Values in and out of SQLite columns: times as integer microseconds (UTC), SMSC stamps as
ISO text with their offset, JSON as compact text, errors as JSON objects."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from modem.store.records import Error

__all__ = [
    "dumps",
    "error_in",
    "error_out",
    "loads",
    "stamp_in",
    "stamp_out",
    "time_in",
    "time_out",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def time_out(value: datetime | None) -> int | None:
    """A datetime as microseconds since the epoch (a naive one is UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH) // _US


def time_in(value: int | None) -> datetime | None:
    return None if value is None else _EPOCH + value * _US


def stamp_out(value: datetime | None) -> str | None:
    """An SMSC's stamp, offset kept."""
    return None if value is None else value.isoformat()


def stamp_in(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def error_out(error: Error | None) -> str | None:
    return None if error is None else dumps(error.to_json())


def error_in(text: str | None) -> Error | None:
    return None if text is None else Error.from_json(json.loads(text))
