"""The daemon's log lines on stderr, in the form the place they go to wants.

Under systemd (stderr is the journal's stream: $JOURNAL_STREAM names its device and inode)
each line starts with its syslog priority in angle brackets, `<4>modem.pool: ...`, which
journald turns into the entry's priority (sd-daemon(3)), and carries no time stamp: the
journal adds its own. Elsewhere (a terminal, a file) lines carry a time stamp and the level
in words. A message of several lines (a traceback) gets the priority on each, since journald
makes an entry of every line.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import IO, Any

__all__ = ["JournalFormatter", "setup_logging", "to_journal"]

#: syslog priorities (RFC 5424) of Python's levels
_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def priority(levelno: int) -> int:
    for level, value in sorted(_PRIORITY.items(), reverse=True):
        if levelno >= level:
            return value
    return 7


class JournalFormatter(logging.Formatter):
    """`<N>logger: message`, each line with its priority, no time stamp."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        prefix = f"<{priority(record.levelno)}>"
        return "\n".join(prefix + line for line in text.splitlines() or [""])


def to_journal(stream: IO[Any] | None = None) -> bool:
    """True when `stream` (stderr) is connected to the journal: $JOURNAL_STREAM is
    "<device>:<inode>" of the stream systemd gave the service (a child writing elsewhere, or
    a program started from a shell of a service, does not match)."""
    value = os.environ.get("JOURNAL_STREAM", "")
    if not value:
        return False
    stream = stream if stream is not None else sys.stderr
    try:
        device, inode = (int(x) for x in value.split(":", 1))
        info = os.fstat(stream.fileno())
    except (ValueError, OSError, AttributeError):
        return False
    return (info.st_dev, info.st_ino) == (device, inode)


def setup_logging(level: str = "info", stream: IO[Any] | None = None) -> logging.Handler:
    """Log to stderr: the `modem` loggers at `level` ("debug", "info", "warning",
    "error"), every other library's warnings and errors (asyncio's among them). Returns
    the handler (to remove it again, in tests)."""
    stream = stream if stream is not None else sys.stderr
    handler = logging.StreamHandler(stream)
    if to_journal(stream):
        handler.setFormatter(JournalFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("modem").setLevel(level.upper())
    return handler
