"""One open file descriptor of a simulated modem's AT port: a pty master, a socketpair end
(sim://) or an accepted TCP connection (socket://).

Reads go to the modem's interpreter from the event loop's reader callback. Writes go out
whole and in order: what the descriptor does not take at once (a pty holds about 20 KB, a
socket a little more) waits in this endpoint's own buffer and is written as the peer reads,
from the loop's writer callback, so a burst larger than the kernel's buffer (a full storage
listed with AT+CMGL=4, a URC storm) reaches the client intact.

The buffer has a bound (`limit`, 1 MiB by default). A client that never reads must not make
the simulator grow without end, and a real USB modem nobody reads from keeps only what its
own buffer holds and loses the rest. So past the bound, new output is dropped as on such a
port, but by whole lines: the lines that still fit are kept, the ones that do not are lost,
and nothing already queued is touched. `dropped` counts the bytes lost; a warning is logged
once per overflow. EOF or an error on the descriptor closes the endpoint.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modem.sim.serve import SimModem

log = logging.getLogger("modem.sim")

DEFAULT_LIMIT = 1 << 20


class Endpoint:
    """One open file descriptor the modem reads from and writes to (non-blocking).

    `kind` says what it is ("pty", "socket" for sim://, "tcp" for socket://)."""

    def __init__(self, modem: SimModem, fd: int, kind: str, *, limit: int = DEFAULT_LIMIT) -> None:
        self.modem, self.fd, self.kind, self.closed = modem, fd, kind, False
        self.loop = modem.loop
        self.limit = limit
        self.dropped = 0
        self._pending = bytearray()  # written by the interpreter, not yet taken by the fd
        self._overflowing = False
        os.set_blocking(fd, False)
        self.loop.add_reader(fd, self._readable)
        modem.endpoints.add(self)

    @property
    def pending(self) -> int:
        """Bytes waiting for the peer to read."""
        return len(self._pending)

    def _readable(self) -> None:
        try:
            data = os.read(self.fd, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            return
        self.modem.interp.receive_data(data)

    def write(self, data: bytes) -> None:
        """Queue `data` after everything written before; write what the peer takes now."""
        if self.closed or not data:
            return
        if self._pending:
            self._queue(data)
            return
        try:
            written = os.write(self.fd, data)
        except (BlockingIOError, InterruptedError):
            written = 0
        except OSError:
            self.close()  # the peer went away (EPIPE, ECONNRESET, EIO)
            return
        if written < len(data):
            self._queue(data[written:])
            if self._pending:
                self.loop.add_writer(self.fd, self._writable)

    def _queue(self, data: bytes) -> None:
        room = self.limit - len(self._pending)
        if len(data) > room:
            cut = data.rfind(b"\n", 0, max(room, 0)) + 1  # whole lines only
            kept, lost = data[:cut], len(data) - cut
            self.dropped += lost
            if not self._overflowing:
                log.warning(
                    "simulated modem %s: a %s client reads too slowly; output past %d "
                    "buffered bytes is lost, as on a USB port nobody reads",
                    self.modem.name,
                    self.kind,
                    self.limit,
                )
                self._overflowing = True
            data = kept
        self._pending += data

    def _writable(self) -> None:
        try:
            written = os.write(self.fd, self._pending)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.close()
            return
        del self._pending[:written]
        if not self._pending:
            self.loop.remove_writer(self.fd)
            self._overflowing = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.loop.remove_reader(self.fd)
        self.loop.remove_writer(self.fd)
        self._pending.clear()
        self.modem.endpoints.discard(self)
        with contextlib.suppress(OSError):
            os.close(self.fd)
