"""modem/sim/serve.py and modem.sim.connect: the asyncio layer, sim:// sockets and ptys."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import replace

import pytest

import modem.sim
from modem.errors import ModemError, ModemGone
from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork

CONFIG = SimConfig(modems=[ModemSpec("sim0"), ModemSpec("sim1")], latency_scale=0.0, seed=1)


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: str) -> str:
    """Send a command line and read up to its final result."""
    writer.write(line.encode() + b"\r")
    await writer.drain()
    out = b""
    while not out.endswith((b"OK\r\n", b"ERROR\r\n", b"> ")) and b"ERROR:" not in out:
        out += await asyncio.wait_for(reader.read(4096), 5)
    return out.decode("latin-1")


async def open_url(url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(sock=modem.sim.connect(url))


async def test_connect_by_url_and_talk_at() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        assert m.url == "sim://sim0" and m.number == "+15550000001"
        reader, writer = await open_url(m.url)
        assert await exchange(reader, writer, "ATE0") == "ATE0\r\r\nOK\r\n"
        assert await exchange(reader, writer, "AT+CGMI") == "\r\nSimModem\r\n\r\nOK\r\n"
        writer.close()


async def test_sms_between_two_socket_connections() -> None:
    from modem.sms import decode_pdu, encode_pdu, submits

    async with SimNetwork(CONFIG) as net:
        ra, wa = await open_url("sim://sim0")
        rb, wb = await open_url("sim://sim1")
        await exchange(ra, wa, "ATE0")
        await exchange(rb, wb, "ATE0;+CNMI=2,1,0,2,0")
        pdu = encode_pdu(submits("+15550000002", "over sockets")[0])
        assert await exchange(ra, wa, f"AT+CMGS={len(pdu) - 1}") == "\r\n> "
        assert "+CMGS: 1" in await exchange(ra, wa, pdu.hex() + "\x1a")
        urc = await asyncio.wait_for(rb.readuntil(b"\r\n"), 5)
        urc += await asyncio.wait_for(rb.readuntil(b"\r\n"), 5)
        assert urc == b'\r\n+CMTI: "SM",1\r\n'
        assert [decode_pdu(s.pdu).text for s in net.modem("sim1").inbox] == ["over sockets"]
        assert net.modem("sim0").sent[0].reference == 1
        wa.close()
        wb.close()


async def test_inject_sms() -> None:
    async with SimNetwork(CONFIG) as net:
        assert await net.inject_sms("+15550000002", "hi", sender="MyBank") == 1
        (stored,) = net.modem("sim1").inbox
        assert stored.memory == "SM" and stored.index == 1
        assert stored.tpdu.sender.number == "MyBank"


async def test_unknown_url_and_unknown_name() -> None:
    with pytest.raises(ModemGone):
        modem.sim.connect("sim://nobody")
    async with SimNetwork(CONFIG) as net:
        with pytest.raises(ModemError):
            net.modem("nobody")


async def test_two_networks_with_the_same_names_get_distinct_urls() -> None:
    async with SimNetwork(CONFIG) as one, SimNetwork(CONFIG) as two:
        assert one.modem("sim0").url != two.modem("sim0").url
        for net in (one, two):
            reader, writer = await open_url(net.modem("sim0").url)
            assert (await exchange(reader, writer, "AT")).endswith("OK\r\n")
            writer.close()


async def test_unplug_closes_connections_and_replug_boots() -> None:
    config = replace(CONFIG, modems=[ModemSpec("q", personality="quectel")])
    async with SimNetwork(config) as net:
        m = net.modem("q")
        reader, writer = await open_url(m.url)
        m.unplug()
        assert await asyncio.wait_for(reader.read(), 5) == b""  # EOF
        with pytest.raises(ModemGone):
            modem.sim.connect(m.url)
        await m.replug()
        reader, writer = await open_url(m.url)
        boot = b""
        while b"SMS DONE" not in boot:
            boot += await asyncio.wait_for(reader.read(4096), 5)
        assert b"RDY" in boot
        writer.close()


async def test_sms_to_an_unplugged_modem_waits_for_it() -> None:
    async with SimNetwork(CONFIG) as net:
        net.modem("sim1").unplug()
        await net.inject_sms("+15550000002", "held at the SMSC")
        assert net.modem("sim1").inbox == []
        await net.modem("sim1").replug()
        assert [s.tpdu.text for s in net.modem("sim1").inbox] == ["held at the SMSC"]


async def test_hang_until_reset() -> None:
    config = replace(CONFIG, modems=[ModemSpec("h", faults=FaultSpec(hang_after=2))])
    async with SimNetwork(config) as net:
        m = net.modem("h")
        reader, writer = await open_url(m.url)
        await exchange(reader, writer, "ATE0")
        await exchange(reader, writer, "AT")
        writer.write(b"AT\r")
        await writer.drain()
        while not m.interp.hung:  # the third command hangs it: no echo, no answer
            await asyncio.sleep(0)
        assert m.commands[-1] == "AT"
        m.faults = FaultSpec()
        m.reset()
        assert (await exchange(reader, writer, "AT")).endswith("OK\r\n")
        writer.close()


async def test_storm() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        reader, writer = await open_url(m.url)
        m.storm(count=50, lines=("^RSSI:17",))
        await m.drain()
        data = b""
        while data.count(b"^RSSI:17") < 50:
            data += await asyncio.wait_for(reader.read(65536), 5)
        writer.close()


async def test_ready_waits_for_sms_ready() -> None:
    config = replace(CONFIG, modems=[ModemSpec("s", personality="simcom")], latency_scale=0.01)
    async with SimNetwork(config) as net:
        m = net.modem("s")
        assert not m.interp.sms_ready
        await asyncio.wait_for(m.ready(), 5)
        assert m.interp.sms_ready


async def test_latency_is_scaled() -> None:
    config = replace(
        CONFIG, modems=[ModemSpec("l", faults=FaultSpec(latency=1000.0))], latency_scale=0.0
    )
    async with SimNetwork(config) as net:
        reader, writer = await open_url(net.modem("l").url)
        assert (await exchange(reader, writer, "AT")).endswith("OK\r\n")
        writer.close()


async def test_pty_raw_mode_with_pyserial() -> None:
    import serial

    async with SimNetwork(CONFIG) as net:
        path = await net.modem("sim0").serve_pty()
        assert path.startswith("/dev/")
        port = serial.Serial(path, 115200, timeout=0)
        try:
            port.write(b"ATE0\r")
            data = b""
            while b"OK\r\n" not in data:
                await asyncio.sleep(0.01)  # pyserial is blocking: poll its buffer
                data += port.read(4096)
            assert data == b"ATE0\r\r\nOK\r\n"
        finally:
            port.close()


async def test_pty_link_follows_replug(tmp_path: object) -> None:
    link = os.path.join(str(tmp_path), "sim0")
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        assert await m.serve_pty(link) == link
        first = os.path.realpath(link)
        m.unplug()
        assert not os.path.exists(link)
        assert await m.replug() == link
        assert os.path.realpath(link).startswith("/dev/")
        assert m.port is not None and first  # a new pty, maybe with the same number


def test_connect_from_another_thread() -> None:
    from modem.sim.harness import serve_in_thread

    with serve_in_thread(CONFIG) as served:
        sock = modem.sim.connect(served.network.modem("sim0").url)
        try:
            sock.settimeout(5)
            sock.sendall(b"ATE0\r")
            data = b""
            while not data.endswith(b"OK\r\n"):
                data += sock.recv(4096)
            assert data == b"ATE0\r\r\nOK\r\n"
        finally:
            sock.close()
        assert [name for name, _, _ in served] == ["sim0", "sim1"]
        assert isinstance(sock, socket.socket)


async def test_output_to_a_closed_connection_does_not_kill_the_modem() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        reader, writer = await open_url(m.url)
        await exchange(reader, writer, "AT+CNMI=2,1,0,2,0")
        writer.close()
        await writer.wait_closed()
        for text in "abc":  # +CMTI written while the peer is gone (EPIPE)
            await net.inject_sms(m.number, text)
        await m.drain()
        reader, writer = await open_url(m.url)
        assert (await exchange(reader, writer, "AT")).endswith("OK\r\n")
        writer.close()


async def test_replug_brings_a_pty_back_without_a_link() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        await m.serve_pty()
        m.unplug()
        assert m.port is None
        port = await m.replug()
        assert port is not None and port == m.port and os.path.exists(port)


async def test_scheduled_unplug_and_replug_from_the_fault_spec() -> None:
    """FaultSpec.unplug_after/replug_after (the YAML's way to unplug): the port goes, comes
    back booted, and goes again; listeners hear each event."""
    faults = FaultSpec(unplug_after=0.05, replug_after=0.05)
    config = replace(CONFIG, modems=[ModemSpec("f", faults=faults)])
    async with SimNetwork(config) as net:
        m = net.modem("f")
        await m.serve_pty()
        events: asyncio.Queue[str | None] = asyncio.Queue()
        m.plug_listeners.append(lambda modem, port: events.put_nowait(port))
        reader, _ = await open_url(m.url)
        assert await asyncio.wait_for(events.get(), 5) is None  # unplugged
        assert await asyncio.wait_for(reader.read(), 5) == b""  # connections saw EOF
        port = await asyncio.wait_for(events.get(), 5)  # replugged, on a pty again
        assert port is not None and port == m.port and m.plugged
        assert await asyncio.wait_for(events.get(), 5) is None  # and it keeps flapping
        m.faults = FaultSpec()  # no schedule any more: stays as it is
        await m.replug()
        assert await asyncio.wait_for(events.get(), 5) == m.port
        assert m.plugged
