"""modem/sim/endpoint.py: output larger than the kernel's buffer arrives whole and in order;
a client that never reads costs a bounded amount of memory.

A pty holds about 20 KB and a socket not much more; a full storage listed with AT+CMGL=4 or a
URC storm is far bigger, and the modem writes it in one go. These tests read only after the
modem has written everything, so nothing but the endpoint's own buffer can keep it.
"""

from __future__ import annotations

import re

import pytest

from modem.sim import ModemSpec, SimConfig, SimNetwork
from modem.sim.state import Stat, StoredMessage
from modem.sms import Deliver, decode_pdu, encode_pdu
from modem.sms.address import Address

from .conftest import Terminal, until


def network(personality: str = "generic") -> SimNetwork:
    spec = ModemSpec("sim0", personality=personality)
    return SimNetwork(SimConfig(modems=[spec], latency_scale=0.0, seed=1))


def fill(net: SimNetwork, storage: str) -> int:
    """Fill a storage with distinct messages ("message 0", "message 1", ...)."""
    store = net.modem("sim0").interp.storages[storage]
    sender = Address.parse("+15559990000")
    for i in range(store.capacity):
        deliver = Deliver(sender=sender, timestamp=net.smsc.now(), text=f"message {i} " + "x" * 140)
        store.store(StoredMessage(Stat.REC_UNREAD, encode_pdu(deliver, smsc=True)))
    return store.capacity


async def open_port(net: SimNetwork, how: str, *, reading: bool = False) -> Terminal:
    m = net.modem("sim0")
    if how == "pty":
        return await Terminal.pty(await m.serve_pty(), reading=reading)
    term = await Terminal.tcp(m.serve_tcp(), reading=reading)
    await until(lambda: any(e.kind == "tcp" for e in m.endpoints))  # accepted
    return term


@pytest.mark.parametrize("how", ["pty", "tcp"])
async def test_a_full_storage_listed_at_once_arrives_whole_and_in_order(how: str) -> None:
    async with network("huawei") as net:  # ME holds 500: about 180 KB of +CMGL
        count = fill(net, "ME")
        term = await open_port(net, how, reading=True)
        await term.command('ATE0;+CPMS="ME"')
        term.loop.remove_reader(term.fd)  # busy elsewhere while the modem writes it all
        term.send("AT+CMGL=4")
        await until(lambda: "AT+CMGL=4" in net.modem("sim0").commands)
        await net.modem("sim0").drain()
        (endpoint,) = net.modem("sim0").endpoints
        if how == "pty":  # loopback TCP buffers grow to hold it all; a pty's do not
            assert endpoint.pending > 100_000
        term.start()
        answer = (await term.expect(b"\r\nOK\r\n")).decode()
        entries = re.findall(r"\+CMGL: (\d+),0,,(\d+)\r\n([0-9A-F]+)\r\n", answer)
        assert [int(index) for index, _, _ in entries] == list(range(count))  # Huawei: from 0
        texts = [decode_pdu(pdu, smsc=True).text.split()[1] for _, _, pdu in entries]
        assert texts == [str(i) for i in range(count)]
        assert endpoint.dropped == 0 and endpoint.pending == 0
        term.close()


@pytest.mark.parametrize("how", ["pty", "tcp"])
async def test_a_urc_storm_arrives_whole_and_in_order(how: str) -> None:
    async with network() as net:
        term = await open_port(net, how)
        lines = tuple(f"+CIEV: 2,{i}" for i in range(20_000))  # about 300 KB
        net.modem("sim0").storm(count=1, lines=lines)
        await net.modem("sim0").drain()
        term.start()
        got = await term.expect(b"+CIEV: 2,19999\r\n")
        assert got.decode().split("\r\n")[1::2] == list(lines)
        term.close()


async def test_a_client_that_never_reads_costs_a_bounded_buffer_of_whole_lines() -> None:
    async with network() as net:
        m = net.modem("sim0")
        m.output_limit = 64 * 1024
        term = await open_port(net, "pty")
        lines = tuple(f"^RSSI:{i:06d}" for i in range(50_000))  # 750 KB nobody reads
        for _ in range(3):
            m.storm(count=1, lines=lines)
        await m.drain()
        (endpoint,) = m.endpoints
        assert endpoint.pending <= 64 * 1024
        assert endpoint.dropped > 2_000_000
        # What was kept is whole lines, in order, then the loss; once the client has caught
        # up, the modem's answers arrive whole again.
        term.start()
        await until(lambda: endpoint.pending == 0)
        term.send("AT")
        got = (await term.expect(b"\r\nOK\r\n")).decode()
        kept = [line for line in got.split("\r\n") if line.startswith("^RSSI:")]
        assert kept == list(lines[: len(kept)]) and len(kept) > 3_000
        assert got.endswith("AT\r\r\nOK\r\n")  # the echo and the answer, whole
        term.close()
