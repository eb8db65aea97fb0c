"""Serial ports for the transport: device paths and pyserial `serial_for_url` URLs.

A port with a file descriptor (a tty, a pty, loop://) is driven by pyserial-asyncio's
transport, writing at once when nothing is queued; rfc2217:// has no descriptor to wait on and
is polled (the only polling in the driver). `serial` and `serial_asyncio` are imported only
when such a port is opened, so importing the driver stays cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from modem.errors import ModemGone
from modem.transport import (
    AsyncioTransport,
    DataCallback,
    EofCallback,
    PortProtocol,
    Transport,
    modemmanager_hint,
    reason_of,
)

log = logging.getLogger("modem.transport")


class PollingTransport:
    """A pyserial port without a file descriptor (rfc2217://): read by polling `in_waiting`."""

    def __init__(self, url: str, port: object, interval: float = 0.01) -> None:
        self.url = url
        self._port = port
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self, on_data: DataCallback, on_eof: EofCallback) -> None:
        async def pump() -> None:
            while data := await self.read():
                on_data(data)
            on_eof()

        self._task = asyncio.create_task(pump(), name=f"poll {self.url}")

    async def read(self) -> bytes:
        port = self._port
        while True:
            try:
                waiting = port.in_waiting  # type: ignore[attr-defined]
                if waiting:
                    return port.read(waiting)  # type: ignore[attr-defined]
            except Exception as exc:  # serial.SerialException, socket errors
                log.debug("%s: read failed: %s", self.url, exc)
                return b""
            await asyncio.sleep(self._interval)

    async def write(self, data: bytes) -> None:
        try:
            self._port.write(data)  # type: ignore[attr-defined]
        except Exception as exc:
            raise ModemGone(f"{self.url}: cannot write ({exc})") from None

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        with contextlib.suppress(Exception):
            self._port.close()  # type: ignore[attr-defined]


async def open_serial(url: str, baudrate: int) -> Transport:
    import serial

    # A device path is locked (flock) so a second program cannot open it too: one owner per
    # port. ModemManager does not lock, so it is looked for when a port is busy or silent.
    options = {"exclusive": True} if url.startswith("/") else {}
    try:
        port = serial.serial_for_url(url, baudrate=baudrate, timeout=0, do_not_open=True, **options)
        port.open()
    except serial.SerialException as exc:
        reason = reason_of(exc)
        if "lock" in reason.lower() or "busy" in reason.lower():
            reason = f"in use by another program{modemmanager_hint()}"
        raise ModemGone(f"{url}: cannot open ({reason})") from None
    try:
        port.fileno()
    except Exception:
        return PollingTransport(url, port)
    protocol = PortProtocol()
    transport = _serial_transport_class()(asyncio.get_running_loop(), protocol, port)
    await asyncio.sleep(0)  # connection_made runs
    return AsyncioTransport(url, transport, protocol)


_SERIAL_TRANSPORT: type | None = None


def _serial_transport_class() -> type:
    """pyserial-asyncio's SerialTransport, writing at once when nothing is queued.

    The library always queues a write and waits for the next turn of the event loop (an
    epoll round trip) before writing; an AT exchange is two short writes per SMS, so that
    turn is a measurable share of a send at zero latency. Writing straight away when the
    queue is empty is what asyncio's own socket transports do; anything the port does not
    take is queued as before. (Relies on the transport's `_write_buffer`, `_serial` and
    `_closing`, present since pyserial-asyncio 0.5.)
    """
    global _SERIAL_TRANSPORT
    if _SERIAL_TRANSPORT is None:
        import serial
        import serial_asyncio

        class EagerSerialTransport(serial_asyncio.SerialTransport):  # type: ignore[misc]
            def write(self, data: bytes) -> None:
                if not self._closing and not self._write_buffer and data:
                    try:
                        written = self._serial.write(data)
                    except (BlockingIOError, InterruptedError):
                        written = 0
                    except serial.SerialException as exc:
                        self._fatal_error(exc, "Fatal write error on serial transport")
                        return
                    if written == len(data):
                        return
                    data = data[written:]
                super().write(data)

        _SERIAL_TRANSPORT = EagerSerialTransport
    return _SERIAL_TRANSPORT
