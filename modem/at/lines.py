"""Bytes from the port -> text lines; no meaning attached (that is `protocol`'s job).

V.250 §5.7.1 says a modem frames responses as <CR><LF>text<CR><LF> (<S3><S4>), but real ones
send \\r\\n, \\n, \\r alone, runs of empty lines and, in numeric mode (ATV0), "0\\r". So any run
of CR and LF ends a line and empty lines vanish. Ctrl-Z and ESC (the end of an echoed SMS
body) end a line too. The "> " prompt (TS 27.005 §3.5.1) has no line end after it, so the
unfinished tail is exposed for the protocol to look at.

Decoding never fails: NUL bytes are dropped, UTF-8 is tried first and anything else is read as
latin-1 (one character per byte, so a garbled line stays visible in logs instead of vanishing).
"""

from __future__ import annotations

import re

__all__ = ["LineReader", "decode_line"]

_SPLIT = re.compile(rb"[\r\n]+").split
# A line longer than this is garbage (or a runaway binary stream): a complete one is cut to
# this length, an unfinished one is handed on in pieces of this length, so neither the buffer
# nor a line can grow without bound. No AT answer comes near it (AT+COPS=? lists every
# operator in one line: about 2 kB).
MAX_LINE = 8192


def decode_line(raw: bytes | bytearray) -> str:
    """One raw line to text: NULs dropped, UTF-8 or latin-1, blanks trimmed."""
    if b"\x00" in raw:
        raw = raw.replace(b"\x00", b"")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    text = text.strip()
    if "\x1b" in text:
        text = text.strip("\x1b").strip()  # an echoed ESC (cancel_body) means nothing
    return text


class LineReader:
    """Accumulates bytes and cuts them into complete, non-empty, decoded lines."""

    __slots__ = ("_tail",)

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, data: bytes | bytearray | memoryview) -> list[str]:
        """Add bytes; return the lines they completed (possibly none)."""
        data = bytes(data)
        if b"\x1a" in data or b"\x1b" in data:
            # The echo of an SMS body ends with Ctrl-Z (or ESC), often with no line end before
            # the result: end the line there, keeping the Ctrl-Z so the echo "OK^Z" of a
            # text-mode body is not taken for a result code.
            data = data.replace(b"\x1a", b"\x1a\r").replace(b"\x1b", b"\x1b\r")
        if b"\r" not in data and b"\n" not in data:
            self._tail += data
            if len(self._tail) > MAX_LINE:
                line = decode_line(self._tail[:MAX_LINE])
                self._tail = b""
                return [line] if line else []
            return []
        parts = _SPLIT(self._tail + data)
        self._tail = parts.pop()
        out = []
        for raw in parts:
            if raw:
                line = decode_line(raw[:MAX_LINE])  # longer: cut (the rest is noise)
                if line:
                    out.append(line)
        if len(self._tail) > MAX_LINE:  # a chunk ending in a runaway line
            line = decode_line(self._tail[:MAX_LINE])
            self._tail = b""
            if line:
                out.append(line)
        return out

    @property
    def tail(self) -> bytes:
        """The bytes after the last line end (a "> " prompt waits here)."""
        return self._tail

    def tail_is_prompt(self) -> bool:
        """True when the unfinished line is just ">" (with blanks or NULs around it)."""
        tail = self._tail
        return bool(tail) and tail.strip(b" \t\x00") == b">"

    def drop_tail(self) -> None:
        """Forget the unfinished line (after a prompt was taken from it, or on reset)."""
        self._tail = b""
