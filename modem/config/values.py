"""Checkers shared by every section of the configuration: each names the key it checks.

A section module (`driver.py`, and the gateway's, bridge's and MMS sections as they come) reads
its part of the parsed YAML with these, so every mistake reads the same way: the dotted key,
then what is wrong ("modems.usb0.pin: must be 4 to 8 digits").
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from modem.errors import ConfigError

__all__ = ["mapping", "parse_duration", "positive_number", "string"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_PIECE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any, where: str = "duration") -> timedelta:
    """90, "90s", "15m", "24h", "1d", "2w", "1h30m", "1.5h" -> timedelta; ConfigError naming
    `where`. The one parser for durations: config files and command-line options."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        m = _DURATION.match(text)
        if m:
            seconds = float(m.group(1)) * _UNITS[m.group(2)]
        elif text and not _PIECE.sub("", text).strip():
            seconds = sum(float(n) * _UNITS[unit] for n, unit in _PIECE.findall(text))
        else:
            raise ConfigError(
                f"{where}: {value!r} is not a duration like 90, 15m, 1h30m, 24h, 1d or 2w"
            )
    if seconds <= 0:
        raise ConfigError(f"{where}: must be more than zero")
    return timedelta(seconds=seconds)


def mapping(where: str, data: Any, known: set[str]) -> dict[str, Any]:
    """`data` as a mapping whose keys are all in `known`."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping")
    for key in data:
        if key not in known:
            prefix = f"{where}." if where != "config" else ""
            raise ConfigError(f"{prefix}{key}: unknown key (known: {', '.join(sorted(known))})")
    return data


def string(where: str, value: Any) -> str:
    """A non-empty string (a bare YAML number is taken as its digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a non-empty string")
    return value.strip()


def positive_number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: must be a number above zero")
    return float(value)
