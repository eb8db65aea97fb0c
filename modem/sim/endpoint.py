"""One open file descriptor of a simulated modem's AT port: a pty master or a socketpair end.

Non-blocking reads go to the modem's interpreter from the event loop's reader callback; writes
that would block are dropped, as a USB serial port drops output nobody reads (the simulator
must never stall its loop on a client that stopped reading). EOF or an error closes it.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modem.sim.serve import SimModem


class Endpoint:
    """One open file descriptor the modem reads from and writes to (non-blocking)."""

    def __init__(self, modem: SimModem, fd: int) -> None:
        self.modem, self.fd, self.closed = modem, fd, False
        self.loop = modem.loop
        os.set_blocking(fd, False)
        self.loop.add_reader(fd, self._readable)
        modem.endpoints.add(self)

    def _readable(self) -> None:
        try:
            data = os.read(self.fd, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            return
        self.modem.interp.receive_data(data)

    def write(self, data: bytes) -> None:
        try:
            os.write(self.fd, data)
        except (BlockingIOError, InterruptedError):
            pass  # a full buffer drops output, as a USB port with nobody reading does
        except OSError:
            self.close()  # the peer went away (EPIPE, ECONNRESET, EIO)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.loop.remove_reader(self.fd)
        self.modem.endpoints.discard(self)
        with contextlib.suppress(OSError):
            os.close(self.fd)
