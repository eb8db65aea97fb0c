"""Telling systemd how the service is doing: sd_notify over $NOTIFY_SOCKET, no library needed.

A `Type=notify` service sends newline-separated assignments as one datagram to the unix socket
systemd names in $NOTIFY_SOCKET (a path, or "@name" for the abstract namespace): "READY=1"
when it can do its work (systemd then counts it as started), "STATUS=..." free text for
`systemctl status`, "WATCHDOG=1" at least every $WATCHDOG_USEC microseconds when the unit sets
WatchdogSec= (else systemd kills and restarts it), "STOPPING=1" when it begins to shut down.
See sd_notify(3) and systemd.service(5) (Type=notify, WatchdogSec=).

Outside systemd (no $NOTIFY_SOCKET) every call does nothing and returns False, so the daemon
calls these unconditionally. A failure to send is logged, never raised: the service must not
stop because its supervisor's socket hiccuped (systemd restarts it if the watchdog misses).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable

__all__ = [
    "keep_alive",
    "notify",
    "ready",
    "status",
    "stopping",
    "watchdog",
    "watchdog_interval",
]

log = logging.getLogger("modem.systemd")


def notify(*assignments: str) -> bool:
    """Send "KEY=VALUE" assignments in one datagram; True when one was sent."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address or not assignments:
        return False
    if address[0] == "@":
        address = "\0" + address[1:]  # the abstract namespace (sd_notify(3))
    elif address[0] != "/":
        log.debug("NOTIFY_SOCKET %r is neither a path nor @abstract: not notifying", address)
        return False
    for item in assignments:
        if "=" not in item or "\n" in item:
            raise ValueError(f"not one KEY=VALUE assignment: {item!r}")
    message = "\n".join(assignments).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message, address)
    except OSError as exc:
        log.warning("cannot notify systemd at %s: %s", os.environ["NOTIFY_SOCKET"], exc)
        return False
    return True


def ready(text: str | None = None) -> bool:
    """The service is up: systemd's start job finishes (and units ordered after it start)."""
    return notify("READY=1", *_status(text))


def status(text: str) -> bool:
    """A one-line status for `systemctl status` ("2 modems ready, 0 queued")."""
    return notify(*_status(text))


def watchdog() -> bool:
    """Still alive: call at least every `watchdog_interval()` seconds (half is customary)."""
    return notify("WATCHDOG=1")


def stopping(text: str | None = None) -> bool:
    """Shutting down: systemd shows "deactivating" and does not count the exit as a crash."""
    return notify("STOPPING=1", *_status(text))


def _status(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return ("STATUS=" + " ".join(text.split()),)  # one line: a newline would end the value


def watchdog_interval() -> float | None:
    """Seconds within which systemd wants a WATCHDOG=1, or None when it wants none (no
    WatchdogSec=, not under systemd, or $WATCHDOG_PID names another process: a child that
    inherited the environment must not ping on its parent's behalf)."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and (not pid.isdigit() or int(pid) != os.getpid()):
        return None
    return int(usec) / 1_000_000


async def keep_alive(healthy: Callable[[], bool] | None = None) -> None:
    """Ping the watchdog at half its interval for as long as this task runs, skipping a ping
    while `healthy()` says no (a wedged event loop pings nothing either: that is the point).
    Returns at once when no watchdog is wanted. Cancel it to stop."""
    interval = watchdog_interval()
    if interval is None:
        return
    while True:
        if healthy is None or healthy():
            watchdog()
        else:
            log.warning("not pinging the systemd watchdog: the service is not healthy")
        await asyncio.sleep(interval / 2)
