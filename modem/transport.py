"""The byte stream to a modem's AT port, chosen by URL, plus a tracing wrapper.

Like pyserial's URL handlers, the caller names a port and does not care what is behind it:

- a device path ("/dev/ttyUSB2", "/dev/serial/by-id/...-if02-port0", "COM3") or any
  `serial.serial_for_url` URL ("rfc2217://host:port", "loop://"): serialport.py;
- "socket://host:port": a modem behind ser2net on another host (plain asyncio TCP; EOF from
  the far end is the port going away, as an unplugged USB tty);
- a scheme another module registered with `register_scheme(scheme, opener)`, as pyserial's
  URL handlers plug in: "sim://name" is one, a simulated modem inside this process (the
  simulator registers it when imported; the first "sim://" URL opened imports it, by the name
  in `_PROVIDERS`). Other processes reach a simulated modem by its pty or socket:// URL.

Data is pushed: `start(on_data, on_eof)` has the transport's own callback hand each chunk to
the driver, with no reader task in between (one event-loop turn less per answer). `serial` and
`serial_asyncio` are imported only when such a port is opened, so importing the driver stays
cheap. `TracingTransport` logs every chunk read and written at DEBUG
(the decorator warthog618/modem calls `trace`): the driver itself never logs traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import importlib
import inspect
import logging
import re
import socket
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

from modem.errors import ModemGone

__all__ = [
    "AsyncioTransport",
    "TracingTransport",
    "Transport",
    "modemmanager_hint",
    "modemmanager_running",
    "open_transport",
    "register_scheme",
]

log = logging.getLogger("modem.transport")


DataCallback = Callable[[bytes], None]
EofCallback = Callable[[], None]


class Transport(Protocol):
    """What the driver needs of a port.

    Push (the driver's way): `start(on_data, on_eof)` has every chunk handed to `on_data`
    as it arrives, in the event loop's callback, with no task in between; `on_eof` runs
    once when the port goes away. Pull (for probes and tests): `read()`, before `start`.
    """

    url: str

    def start(self, on_data: DataCallback, on_eof: EofCallback) -> None: ...

    async def read(self) -> bytes:
        """Some bytes, at least one; b"" when the port has gone (EOF, USB unplugged)."""
        ...

    async def write(self, data: bytes) -> None:
        """Write all of `data` (queued by the event loop if the port is slow); ModemGone
        when the port has gone."""
        ...

    async def close(self) -> None: ...


class PortProtocol(asyncio.Protocol):
    """asyncio protocol that hands data to a callback, or buffers it for `read()`."""

    def __init__(self) -> None:
        self.on_data: DataCallback | None = None
        self.on_eof: EofCallback | None = None
        self.buffer: deque[bytes] = deque()
        self.waiter: asyncio.Future[None] | None = None
        self.eof = False
        self.closed = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        if self.on_data is not None:
            self.on_data(data)
            return
        self.buffer.append(data)
        self._wake()

    def eof_received(self) -> bool:
        self._eof()
        return False  # the transport closes itself; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)
        self._eof()

    def _eof(self) -> None:
        if self.eof:
            return
        self.eof = True
        if self.on_eof is not None:
            self.on_eof()
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


class AsyncioTransport:
    """A port behind an asyncio transport: a socket (sim://, socket://) or a serial port
    (pyserial-asyncio's SerialTransport)."""

    def __init__(self, url: str, transport: asyncio.BaseTransport, protocol: PortProtocol):
        self.url = url
        self._transport = transport
        self._protocol = protocol

    def start(self, on_data: DataCallback, on_eof: EofCallback) -> None:
        protocol = self._protocol
        while protocol.buffer:
            on_data(protocol.buffer.popleft())
        protocol.on_data, protocol.on_eof = on_data, on_eof
        if protocol.eof:
            on_eof()

    async def read(self) -> bytes:
        protocol = self._protocol
        while not protocol.buffer:
            if protocol.eof:
                return b""
            protocol.waiter = asyncio.get_running_loop().create_future()
            await protocol.waiter
        return protocol.buffer.popleft()

    async def write(self, data: bytes) -> None:
        transport = self._transport
        if transport.is_closing() or self._protocol.eof:
            raise ModemGone(f"{self.url}: the port is closed")
        try:
            transport.write(data)  # type: ignore[attr-defined]
        except (OSError, RuntimeError) as exc:
            raise ModemGone(f"{self.url}: cannot write ({exc})") from None

    async def close(self) -> None:
        """Close and wait until the port is really closed (as StreamWriter.wait_closed)."""
        self._transport.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await asyncio.shield(self._protocol.closed)


class TracingTransport:
    """Wraps a transport and logs its traffic, one DEBUG record per chunk ("<" in, ">" out).

    PINs are masked by `modem.at.trace.format_traffic`. The check for DEBUG comes first, so a
    quiet logger costs one attribute lookup per chunk.
    """

    def __init__(self, inner: Transport, logger: logging.Logger | None = None) -> None:
        self.inner = inner
        self.url = inner.url
        self.log = logger or logging.getLogger("modem.at")

    def start(self, on_data: DataCallback, on_eof: EofCallback) -> None:
        log = self.log

        def traced(data: bytes) -> None:
            if log.isEnabledFor(logging.DEBUG):
                from modem.at.trace import format_traffic

                log.debug("%s %s", self.url, format_traffic(data, "<"))
            on_data(data)

        def traced_eof() -> None:
            log.debug("%s < EOF", self.url)
            on_eof()

        self.inner.start(traced, traced_eof)

    async def read(self) -> bytes:
        data = await self.inner.read()
        if self.log.isEnabledFor(logging.DEBUG):
            from modem.at.trace import format_traffic

            self.log.debug("%s %s", self.url, format_traffic(data, "<") if data else "< EOF")
        return data

    async def write(self, data: bytes) -> None:
        if self.log.isEnabledFor(logging.DEBUG):
            from modem.at.trace import format_traffic

            self.log.debug("%s %s", self.url, format_traffic(data, ">"))
        await self.inner.write(data)

    async def close(self) -> None:
        await self.inner.close()


# --- schemes other modules provide -------------------------------------------------------------

Opened = socket.socket | Transport
Opener = Callable[[str], Opened | Awaitable[Opened]]

_SCHEMES: dict[str, Opener] = {}

# Schemes whose opener lives in a module this one does not import: the module registers the
# scheme when imported, and it is imported the first time such a URL is opened.
_PROVIDERS: dict[str, str] = {"sim": "modem.sim"}


def register_scheme(scheme: str, opener: Opener) -> None:
    """Open "<scheme>://..." URLs with `opener(url)`, as pyserial's URL handlers plug in.

    The opener returns (or, if a coroutine function, returns when awaited) a connected stream
    socket, which the transport wraps, or a ready `Transport`. It raises ModemGone (or OSError)
    with the reason when the port cannot be opened. Registering a scheme again replaces it."""
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise ValueError(f"not a URL scheme: {scheme!r}")
    _SCHEMES[scheme] = opener


def _registered(url: str) -> Opener | None:
    scheme, sep, _ = url.partition("://")
    if not sep:
        return None
    scheme = scheme.lower()
    if scheme not in _SCHEMES and scheme in _PROVIDERS:
        importlib.import_module(_PROVIDERS[scheme])
    return _SCHEMES.get(scheme)


async def _open_registered(url: str, opener: Opener) -> Transport:
    opened = opener(url)
    if inspect.isawaitable(opened):
        opened = await opened
    if not isinstance(opened, socket.socket):
        return opened
    try:
        transport, protocol = await asyncio.get_running_loop().create_connection(
            PortProtocol, sock=opened
        )
    except BaseException:
        opened.close()
        raise
    return AsyncioTransport(url, transport, protocol)


async def open_transport(url: str, *, baudrate: int = 115200, trace: bool = True) -> Transport:
    """Open the port `url` names; ModemGone (naming the URL and why) when it cannot be opened.

    `trace`: wrap it in a `TracingTransport` (logging at DEBUG on the "modem.at" logger).
    """
    if not url:
        raise ModemGone("no port given")
    try:
        opener = _registered(url)
        if opener is not None:
            transport: Transport = await _open_registered(url, opener)
        elif url.startswith("socket://"):
            transport = await _open_socket(url)
        else:
            from modem.serialport import open_serial

            transport = await open_serial(url, baudrate)
    except ModemGone:
        raise
    except (OSError, ValueError) as exc:
        raise ModemGone(f"{url}: cannot open ({reason_of(exc)})") from None
    return TracingTransport(transport) if trace else transport


def modemmanager_running() -> bool:
    """True when a ModemManager process runs here: it probes and holds modem ttys, which
    shows as busy ports, garbage and timeouts (gammu FAQ, wammu#45)."""
    from pathlib import Path

    try:
        for comm in Path("/proc").glob("[0-9]*/comm"):
            try:
                if comm.read_text().strip() == "ModemManager":
                    return True
            except OSError:
                continue
    except OSError:
        pass
    return False


def modemmanager_hint() -> str:
    """A hint to append to an error message when ModemManager may be the cause, else ""."""
    if modemmanager_running():
        return (
            "; ModemManager is running and may hold the port: stop it or tag the device "
            "ID_MM_DEVICE_IGNORE"
        )
    return ""


_ERRNO_HINTS = {
    errno.ENOENT: "no such device: is the modem plugged in? `modem ports` lists the ports",
    errno.ENODEV: "no such device: is the modem plugged in? `modem ports` lists the ports",
    errno.ENXIO: "no such device: is the modem plugged in? `modem ports` lists the ports",
    errno.EACCES: "permission denied: add yourself to the dialout group (then log in again)",
    errno.EPERM: "permission denied: add yourself to the dialout group (then log in again)",
    errno.EBUSY: "in use by another program",
    errno.ENOTTY: "not a serial port",
    errno.EISDIR: "a directory, not a serial port",
    errno.ECONNREFUSED: (
        "connection refused: nothing listens there; is ser2net, `modem sim` or the RFC 2217 "
        "server running?"
    ),
}


def reason_of(exc: BaseException) -> str:
    """Why a port did not open, in one line: pyserial's SerialException repeats the path and
    hides the errno in its text ("could not open port X: [Errno 2] No such file ...")."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code is None:
        found = re.search(r"\[Errno (\d+)\]|\((\d+), '", text)  # pyserial has both forms
        code = int(found.group(1) or found.group(2)) if found else None
    if code in _ERRNO_HINTS:
        return _ERRNO_HINTS[code]
    if "could not open port" in text and ":" in text:
        text = text.split(":", 1)[1].strip()
    return getattr(exc, "strerror", None) or text or type(exc).__name__


CONNECT_TIMEOUT = 10.0  # seconds to wait for a TCP connection (a firewall may drop SYNs)


async def _open_socket(url: str) -> Transport:
    """socket://host:port: a raw TCP connection, as ser2net (or `modem sim`) serves a port.
    EOF from the far end is the port going away, like an unplugged USB tty."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.hostname or not parts.port or parts.path not in ("", "/"):
        raise ModemGone(f"{url}: expected socket://host:port")
    host, port = parts.hostname, parts.port
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            transport, protocol = await asyncio.get_running_loop().create_connection(
                PortProtocol, host, port
            )
    except TimeoutError:
        raise ModemGone(
            f"{url}: cannot open (no answer from {host} within {CONNECT_TIMEOUT:g} s)"
        ) from None
    except socket.gaierror as exc:
        raise ModemGone(f"{url}: cannot open (unknown host {host}: {exc.strerror})") from None
    return AsyncioTransport(url, transport, protocol)  # asyncio sets TCP_NODELAY itself
