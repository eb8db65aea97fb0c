"""Render AT traffic readably for logs: line ends shown, PDU hex kept, secrets masked.

The device's trace wrapper (a decorator around the transport, as warthog618/modem's `trace`
package does it) calls `format_traffic(data, direction)` for every chunk it reads or writes.
CR/LF are shown as \\r \\n so a missing line end is visible; Ctrl-Z and ESC as <SUB> and <ESC>;
other control and non-ASCII bytes as \\xNN. The digits of PINs, PUKs and passwords in
AT+CPIN / AT+CLCK / AT+CPWD / AT^CPIN lines are replaced by '*' (TS 27.007 §8.3, §7.4, §7.5).
"""

from __future__ import annotations

import re

__all__ = ["format_traffic", "mask_secrets"]

_NAMES = {0x0D: "\\r", 0x0A: "\\n", 0x1A: "<SUB>", 0x1B: "<ESC>", 0x09: "\\t", 0x5C: "\\\\"}
_TABLE = [_NAMES.get(b, chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}") for b in range(256)]

# A command carrying a secret: everything quoted (or a bare number) after it gets masked.
_SECRET_CMD = re.compile(r"(AT\s*[+^](?:CPIN|CLCK|CPWD|CPIN2)\s*=)([^\r\n]*)", re.IGNORECASE)
_SECRET_FIELD = re.compile(r'"([^"]*)"|(?<![\w"])(\d{4,})(?![\w"])')


def mask_secrets(text: str) -> str:
    """'AT+CPIN="1234"' -> 'AT+CPIN="****"'; facility names like "SC" are kept."""

    def fields(m: re.Match[str]) -> str:
        def one(f: re.Match[str]) -> str:
            if f.group(1) is not None:
                inner = f.group(1)
                return '"' + ("*" * len(inner) if any(c.isdigit() for c in inner) else inner) + '"'
            return "*" * len(f.group(2))

        return m.group(1) + _SECRET_FIELD.sub(one, m.group(2))

    return _SECRET_CMD.sub(fields, text)


def format_traffic(data: bytes, direction: str = "") -> str:
    """One chunk of traffic as a printable string, e.g. '> AT+CPIN="****"\\r'.

    `direction` is a prefix such as "<" (from the modem) or ">" (to the modem)."""
    raw = bytes(data).decode("latin-1")
    upper = raw.upper()
    if "PIN" in upper or "CLCK" in upper or "CPWD" in upper:
        raw = mask_secrets(raw)
    text = "".join(_TABLE[ord(c)] for c in raw)
    return f"{direction} {text}" if direction else text
