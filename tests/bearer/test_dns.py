"""Name lookups over the bearer's own DNS servers (modem/bearer/resolve.py), against a tiny
DNS server on loopback: AAAA before A and only the families the bearer has, CNAME chains,
NXDOMAIN, a truncated UDP answer asked again over TCP, a server that does not answer."""

from __future__ import annotations

import socket
from ipaddress import ip_address

import pytest
from dns_server import TinyDns
from raw_server import RawServer

from modem.bearer.base import HttpRequest
from modem.bearer.direct import DirectBearer
from modem.bearer.resolve import BearerDns
from modem.errors import BearerError

BOTH = (socket.AF_INET6, socket.AF_INET)
RECORDS: dict[str, list[str] | str] = {
    "mmsc.carrier.test": ["10.9.8.7", "2001:db8::7"],
    "mms.carrier.test": "cname:mmsc.carrier.test",
    "v6only.carrier.test": ["2001:db8::66"],
}


async def test_aaaa_first_then_a_and_cnames_followed() -> None:
    server = await TinyDns(RECORDS).start()
    try:
        dns = BearerDns([server.server])
        found = await dns.resolve("mms.carrier.test", BOTH, timeout=2)
        assert found == [ip_address("2001:db8::7"), ip_address("10.9.8.7")]
        only4 = await dns.resolve("mmsc.carrier.test", (socket.AF_INET,), timeout=2)
        assert only4 == [ip_address("10.9.8.7")]
        assert ("udp", "mmsc.carrier.test", "AAAA") not in server.queries[-1:]
        assert await dns.resolve("10.1.2.3", BOTH, timeout=2) == [ip_address("10.1.2.3")]
    finally:
        await server.close()


async def test_no_such_name_and_no_address_of_a_usable_family() -> None:
    server = await TinyDns(RECORDS).start()
    try:
        dns = BearerDns([server.server])
        with pytest.raises(BearerError, match="no such name") as caught:
            await dns.resolve("nothing.carrier.test", BOTH, timeout=2)
        assert caught.value.kind == "dns" and caught.value.retryable
        with pytest.raises(BearerError, match="give no address"):
            await dns.resolve("v6only.carrier.test", (socket.AF_INET,), timeout=2)
    finally:
        await server.close()


async def test_a_truncated_answer_is_asked_again_over_tcp() -> None:
    server = await TinyDns(RECORDS, truncate=True).start()
    try:
        found = await BearerDns([server.server]).resolve(
            "mmsc.carrier.test", (socket.AF_INET,), timeout=3
        )
        assert found == [ip_address("10.9.8.7")]
        assert [q[0] for q in server.queries] == ["udp", "tcp"]
    finally:
        await server.close()


async def test_a_silent_server_and_a_closed_port_are_dns_failures() -> None:
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))  # bound, never read: queries go unanswered
    try:
        port = silent.getsockname()[1]
        with pytest.raises(BearerError) as caught:
            await BearerDns([f"127.0.0.1:{port}"], attempts=1).resolve(
                "mmsc.carrier.test", BOTH, timeout=1
            )
        assert caught.value.kind == "dns" and "no answer" in str(caught.value)
    finally:
        silent.close()
    server = await TinyDns(RECORDS).start()
    await server.close()
    with pytest.raises(BearerError, match="refused") as caught:
        await BearerDns([server.server], attempts=1).resolve("x.test", BOTH, timeout=2)
    assert caught.value.kind == "dns"


async def test_the_direct_bearer_with_dns_servers_reaches_a_name_only_they_know() -> None:
    async with RawServer() as web:
        server = await TinyDns({"mmsc.only-here.test": ["127.0.0.1"]}).start()
        try:
            bearer = DirectBearer(dns=[server.server])
            url = f"http://mmsc.only-here.test:{web.port}/mms"
            response = await bearer.exchange(HttpRequest("GET", url))
        finally:
            await server.close()
    assert response.body == b"ok"
    assert web.requests[0].startswith(b"GET /mms HTTP/1.1\r\nHost: mmsc.only-here.test:")
