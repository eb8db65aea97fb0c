"""modem/transport.py: every URL kind opens; failures are ModemGone naming the port; tracing."""

from __future__ import annotations

import asyncio
import logging

import pytest

from modem.errors import ModemGone
from modem.sim import ModemSpec
from modem.transport import TracingTransport, open_transport

from .conftest import network, until


async def _ask(transport, line: bytes) -> bytes:
    await transport.write(line)
    data = b""
    async with asyncio.timeout(5):
        while b"OK" not in data and b"ERROR" not in data:
            data += await transport.read()
    return data


async def test_sim_url() -> None:
    async with network(ModemSpec("sim0")) as net:
        transport = await open_transport(net.modem("sim0").url)
        assert isinstance(transport, TracingTransport)
        assert b"OK" in await _ask(transport, b"AT\r")
        await transport.close()


async def test_pty_device_path() -> None:
    async with network(ModemSpec("sim0")) as net:
        path = await net.modem("sim0").serve_pty()
        transport = await open_transport(path, trace=False)
        assert b"SM-1" in await _ask(transport, b"AT+CGMM\r")
        await transport.close()


async def test_socket_url() -> None:
    """socket://host:port, as ser2net offers a modem on another host."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r")
        writer.write(b"\r\nOK\r\n")
        await writer.drain()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    transport = await open_transport(f"socket://127.0.0.1:{port}")
    assert b"OK" in await _ask(transport, b"AT\r")
    await transport.close()
    server.close()


async def test_loop_url_through_serial_for_url() -> None:
    transport = await open_transport("loop://", trace=False)
    await transport.write(b"ATI\r")
    assert await transport.read() == b"ATI\r"
    await transport.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/dev/does-not-exist-42", r"/dev/does-not-exist-42: cannot open \(no such device"),
        ("/dev/null", r"/dev/null: cannot open \(not a serial port\)$"),
        ("/tmp", r"a directory, not a serial port"),
        ("socket://127.0.0.1:1", r"connection refused: is ser2net"),
        ("sim://nobody", "sim://nobody"),
        ("socket://nohost", "expected socket://host:port"),
        ("", "no port given"),
    ],
)
async def test_open_failures_are_modem_gone(url: str, message: str) -> None:
    with pytest.raises(ModemGone, match=message):
        await open_transport(url)


async def test_eof_when_the_modem_is_unplugged() -> None:
    async with network(ModemSpec("sim0")) as net:
        transport = await open_transport(net.modem("sim0").url, trace=False)
        net.modem("sim0").unplug()
        async with asyncio.timeout(5):
            assert await transport.read() == b""
        with pytest.raises(ModemGone):
            for _ in range(100):  # the close is seen by a later write at the latest
                await transport.write(b"AT\r")
                await asyncio.sleep(0)
        await transport.close()


async def test_tracing_logs_both_ways_and_masks_pins(caplog: pytest.LogCaptureFixture) -> None:
    async with network(ModemSpec("sim0")) as net:
        caplog.set_level(logging.DEBUG, logger="modem.at")
        transport = await open_transport(net.modem("sim0").url)
        await _ask(transport, b'AT+CPIN="1234"\r')
        await transport.close()
    text = caplog.text
    assert '> AT+CPIN="****"\\r' in text
    assert "1234" not in text
    assert "< " in text


async def test_push_mode_hands_over_buffered_data_and_eof() -> None:
    async with network(ModemSpec("sim0")) as net:
        transport = await open_transport(net.modem("sim0").url)
        await transport.write(b"AT\r")
        got: list[bytes] = []
        ended = asyncio.Event()
        buffered = transport.inner._protocol.buffer  # type: ignore[attr-defined]
        await until(lambda: b"OK" in b"".join(buffered))  # arrived before start(): buffered
        transport.start(got.append, ended.set)
        async with asyncio.timeout(5):
            while b"OK" not in b"".join(got):
                await asyncio.sleep(0.005)
            net.modem("sim0").unplug()
            await ended.wait()
        await transport.close()
