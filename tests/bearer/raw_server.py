"""A one-purpose HTTP server on loopback for the bearer tests: it records each request as
bytes and answers with whatever bytes (and pauses, and early closes) the test scripts, which
no well-behaved server library would send."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

Script = Callable[[asyncio.StreamWriter], Awaitable[None]]


class RawServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.requests: list[bytes] = []
        self.peers: list[str] = []
        self.script: Script = answer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        self.server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> RawServer:
        self.server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = await reader.readexactly(length) if length else b""
            self.requests.append(head + body)
            self.peers.append(writer.get_extra_info("peername")[0])
            await self.script(writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()


def answer(data: bytes, *, pause: float = 0.0, pieces: int = 1) -> Script:
    """Send `data` (in `pieces`, `pause` seconds apart), then close."""

    async def script(writer: asyncio.StreamWriter) -> None:
        size = max(1, -(-len(data) // pieces))
        for start in range(0, len(data), size):
            writer.write(data[start : start + size])
            await writer.drain()
            if pause:
                await asyncio.sleep(pause)

    return script


def in_pieces(*pieces: bytes, pause: float) -> Script:
    """Send each piece, `pause` seconds apart."""

    async def script(writer: asyncio.StreamWriter) -> None:
        for piece in pieces:
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(pause)

    return script


def reset() -> Script:
    """Close at once with a TCP reset (SO_LINGER 0), no answer."""

    async def script(writer: asyncio.StreamWriter) -> None:
        import socket
        import struct

        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return script
