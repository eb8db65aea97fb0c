"""modem/transport.py: every URL kind opens; failures are ModemGone naming the port and why;
schemes registered by other modules (sim://); socket:// end to end against a simulated modem
served on loopback TCP (EOF when it is unplugged, a new connection after the replug); tracing.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
import textwrap

import pytest

from modem import transport as transport_module
from modem.errors import ModemGone
from modem.sim import ModemSpec
from modem.transport import TracingTransport, open_transport, register_scheme

from .conftest import network, opened, until


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
        ("socket://127.0.0.1:1", r"connection refused: nothing listens there; is ser2net"),
        ("sim://nobody", "sim://nobody: no simulated modem of that name runs in this process"),
        ("socket://nohost", "expected socket://host:port"),
        ("socket://127.0.0.1:5000/x", "expected socket://host:port"),
        ("socket://127.0.0.1:99999", r"cannot open \(Port out of range"),
        ("socket://no-such-host.invalid:7000", r"cannot open \(unknown host no-such-host.invalid"),
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


async def test_a_registered_scheme_opens_by_its_opener() -> None:
    """As pyserial's URL handlers: a module registers a scheme and the driver opens its URLs
    without knowing what is behind them. The opener may return a socket (wrapped here) or
    a coroutine of one."""
    peers: list[socket.socket] = []

    def opener(url: str) -> socket.socket:
        assert url == "loopback-test://one"
        ours, theirs = socket.socketpair()
        peers.append(theirs)
        return ours

    async def async_opener(url: str) -> socket.socket:
        return opener(url.replace("async-", ""))

    register_scheme("loopback-test", opener)
    register_scheme("async-loopback-test", async_opener)
    for url in ("loopback-test://one", "async-loopback-test://one"):
        transport = await open_transport(url, trace=False)
        peers[-1].sendall(b"\r\nOK\r\n")
        assert await transport.read() == b"\r\nOK\r\n"
        await transport.write(b"AT\r")
        assert peers[-1].recv(16) == b"AT\r"
        await transport.close()
        peers[-1].close()
    with pytest.raises(ValueError, match="not a URL scheme"):
        register_scheme("no spaces", opener)


def test_the_simulator_registers_sim_when_first_needed() -> None:
    """modem.transport imports no simulator: the first sim:// URL imports it by name from the
    table of providers, and importing it registers the scheme."""
    script = textwrap.dedent(
        """
        import asyncio, sys
        from modem.errors import ModemGone
        from modem.transport import open_transport
        assert "modem.sim" not in sys.modules
        try:
            asyncio.run(open_transport("sim://sim0"))
        except ModemGone as exc:
            print(exc)
        assert "modem.sim" in sys.modules
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "only inside the program that runs the simulator" in done.stdout


async def test_socket_url_end_to_end_unplug_is_eof_then_reconnect() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        url = sim.serve_tcp()
        transport = await open_transport(url, trace=False)
        assert b"OK" in await _ask(transport, b"AT\r")
        eof = asyncio.Event()
        transport.start(lambda data: None, eof.set)
        sim.unplug()
        async with asyncio.timeout(5):
            await eof.wait()  # the driver sees an unplugged modem
        await transport.close()
        # Unplugged: the port still listens (as ser2net's does) but ends the connection.
        gone = await open_transport(url, trace=False)
        async with asyncio.timeout(5):
            assert await gone.read() == b""
        await gone.close()
        await sim.replug()
        again = await open_transport(url, trace=False)
        assert b"OK" in await _ask(again, b"AT\r")
        await again.close()


async def test_a_connection_nobody_accepts_times_out_in_words(monkeypatch) -> None:
    """A host that drops the connection attempt (here: a listener whose accept queue is
    full, so the kernel ignores further SYNs) does not hang the open."""
    monkeypatch.setattr(transport_module, "CONNECT_TIMEOUT", 0.3)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        host, port = server.getsockname()
        waiting = []
        for _ in range(3):  # fill the accept queue
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex((host, port))
            waiting.append(client)
        try:
            with pytest.raises(ModemGone, match=rf"no answer from {host} within 0.3 s"):
                await open_transport(f"socket://{host}:{port}")
        finally:
            for client in waiting:
                client.close()


async def test_the_driver_over_socket_url() -> None:
    async with network(ModemSpec("sim0", personality="quectel")) as net:
        url = net.modem("sim0").serve_tcp()
        async with opened(url) as modem:
            info = await modem.info()
            assert info.manufacturer == "Quectel"
