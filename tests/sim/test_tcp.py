"""modem/sim/tcp.py: a simulated modem on a loopback TCP port, as ser2net serves a tty."""

from __future__ import annotations

import socket

import pytest

from modem.errors import ModemError
from modem.sim import ModemSpec, SimConfig, SimNetwork
from modem.sim.tcp import socket_url

from .conftest import Terminal, until

CONFIG = SimConfig(modems=[ModemSpec("sim0")], latency_scale=0.0, seed=1)


async def connected(net: SimNetwork, url: str, count: int = 1) -> Terminal:
    term = await Terminal.tcp(url)
    await until(lambda: sum(e.kind == "tcp" for e in net.modem("sim0").endpoints) == count)
    return term


async def test_serve_tcp_gives_a_socket_url_that_talks_at() -> None:
    async with SimNetwork(CONFIG) as net:
        url = net.modem("sim0").serve_tcp()
        assert url.startswith("socket://127.0.0.1:") and int(url.rsplit(":", 1)[1]) > 0
        assert net.modem("sim0").serve_tcp() == url  # served once
        term = await connected(net, url)
        assert await term.command("ATE0;+CGMI") == "ATE0;+CGMI\r\r\nSimModem\r\n\r\nOK\r\n"
        term.close()


async def test_two_clients_see_the_same_modem() -> None:
    """As two programs that open one tty: what either types reaches the one command line, and
    each sees the whole answer (a tty would share the bytes out between them)."""
    async with SimNetwork(CONFIG) as net:
        url = net.modem("sim0").serve_tcp()
        one = await connected(net, url)
        two = await connected(net, url, 2)
        assert "SimModem" in await one.command("ATE0;+CGMI")
        assert "SimModem" in (await two.expect(b"OK\r\n")).decode()
        one.close()
        two.close()


async def test_unplug_is_eof_and_the_same_url_works_after_the_replug() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        url = m.serve_tcp()
        term = await connected(net, url)
        m.unplug()
        await term.closed()
        term.close()
        meanwhile = await Terminal.tcp(url)  # the listener stays; the connection ends at once
        await meanwhile.closed()
        meanwhile.close()
        await m.replug()
        await m.ready()
        again = await connected(net, url)
        assert (await again.command("AT")).endswith("OK\r\n")
        again.close()


async def test_clients_past_the_limit_are_closed_at_once() -> None:
    async with SimNetwork(CONFIG) as net:
        m = net.modem("sim0")
        url = m.serve_tcp()
        clients = [await connected(net, url, n + 1) for n in range(m.tcp.max_clients)]
        extra = await Terminal.tcp(url)
        await extra.closed()
        extra.close()
        assert (await clients[0].command("AT")).endswith("OK\r\n")
        for client in clients:
            client.close()


async def test_a_busy_port_is_an_error_in_words() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with SimNetwork(CONFIG) as net:
            with pytest.raises(ModemError, match=rf"sim0: cannot listen on 127.0.0.1:{port} \("):
                net.modem("sim0").serve_tcp(port=port)
            with pytest.raises(
                ModemError, match=r"cannot listen on no-such-host\.invalid:0 \(unknown host"
            ):
                net.modem("sim0").serve_tcp("no-such-host.invalid")


async def test_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    async with SimNetwork(CONFIG) as net:
        try:
            url = net.modem("sim0").serve_tcp("::1")
        except ModemError as exc:
            pytest.skip(f"no IPv6 loopback here: {exc}")
        assert url.startswith("socket://[::1]:")
        term = await connected(net, url)
        assert (await term.command("AT")).endswith("OK\r\n")
        term.close()


def test_a_wildcard_address_is_shown_as_loopback() -> None:
    """Listening on every address (--tcp-host 0.0.0.0), the printed URL must still be one a
    program here can open. (Not bound in the test: tests listen on loopback only.)"""
    assert socket_url("0.0.0.0", 7000) == "socket://127.0.0.1:7000"
    assert socket_url("::", 7000) == "socket://[::1]:7000"
    assert socket_url("192.0.2.7", 7000) == "socket://192.0.2.7:7000"
    assert socket_url("::1", 7000) == "socket://[::1]:7000"
