"""Helpers for simulator tests that talk to a modem's real port from the test's event loop."""

from __future__ import annotations

import asyncio
import os
import re
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

FINAL = re.compile(rb"\r\n(OK|ERROR|\+CM[ES] ERROR: [^\r]*)\r\n|\r\n> ")


class Terminal:
    """A client of a simulated modem's AT port, as a terminal program is: a pty opened like a
    tty, or a TCP connection to its socket:// URL. What arrives is collected; `expect()` waits
    for a pattern and takes everything up to it. `reading=False` opens without reading, as a
    client that is busy elsewhere (`start()` begins)."""

    def __init__(self, fd: int, *, reading: bool = True) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.eof = False
        self._arrived = asyncio.Event()
        self.loop = asyncio.get_running_loop()
        os.set_blocking(fd, False)
        if reading:
            self.start()

    @classmethod
    async def pty(cls, path: str, *, reading: bool = True) -> Terminal:
        return cls(os.open(path, os.O_RDWR | os.O_NOCTTY), reading=reading)

    @classmethod
    async def tcp(cls, url: str, *, reading: bool = True) -> Terminal:
        parts = urlsplit(url)
        sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock.detach(), reading=reading)

    def start(self) -> None:
        self.loop.add_reader(self.fd, self._readable)

    def _readable(self) -> None:
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.eof = True
            self.loop.remove_reader(self.fd)
        self.buffer += data
        self._arrived.set()

    def send(self, data: str | bytes) -> None:
        raw = data.encode("latin-1") + b"\r" if isinstance(data, str) else data
        view = memoryview(raw)
        while view:
            try:
                view = view[os.write(self.fd, view) :]
            except BlockingIOError:
                continue

    async def expect(self, pattern: bytes | re.Pattern[bytes], timeout: float = 10.0) -> bytes:
        """Everything up to and including the first match of `pattern`, taken from the buffer."""
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        async with asyncio.timeout(timeout):
            while True:
                found = regex.search(self.buffer)
                if found:
                    taken = bytes(self.buffer[: found.end()])
                    del self.buffer[: found.end()]
                    return taken
                if self.eof:
                    raise EOFError(bytes(self.buffer))
                self._arrived.clear()
                await self._arrived.wait()

    async def command(self, line: str, timeout: float = 10.0) -> str:
        """Send a command line; its answer up to the final result (or the "> " prompt)."""
        self.send(line)
        return (await self.expect(FINAL, timeout)).decode("latin-1")

    async def closed(self, timeout: float = 5.0) -> None:
        """Wait for EOF (the port went away)."""
        async with asyncio.timeout(timeout):
            while not self.eof:
                self._arrived.clear()
                await self._arrived.wait()

    def close(self) -> None:
        if not self.eof:
            self.loop.remove_reader(self.fd)
        os.close(self.fd)


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for a condition of the *simulator*, which has no event for it (a command it has
    read, an endpoint it has accepted)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.005)
