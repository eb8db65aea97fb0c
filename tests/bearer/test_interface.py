"""The `interface` bearer with the MMSC inside a network namespace the test creates, reachable
only through a veth interface that stands for wwan0 (see netns.py): an MMS is sent and fetched
over it, the MMSC's name is known only to the carrier's DNS server behind it and is resolved
over it, the host's own routes cannot reach the MMSC, and an IPv6-only APN works."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest
from dns_server import TinyDns
from netns import Wan, run_in, socket_in

from modem.bearer.base import HttpRequest, Limits
from modem.bearer.carriers import CarrierSettings
from modem.bearer.interface import InterfaceBearer
from modem.bearer.mmsc import MmscHttp
from modem.errors import BearerDown, BearerError
from modem.mms import MmsMessage, RetrieveConf, decode_pdu, encode_push
from modem.mms.client import MmsClient
from modem.mms.client_policy import RetryPolicy
from modem.sim.mmsc import SimMmsc
from modem.sim.mmsc_config import MmscSpec
from modem.vocabulary import RetrievalState

JPEG = (Path(__file__).parent.parent / "mms" / "data" / "gradient.jpg").read_bytes()
NAME = "mmsc.carrier.test"
QUICK = Limits(connect_timeout=3, timeout=5, read_timeout=3)


async def _send_and_fetch(wan: Wan, family: int) -> dict[str, object]:
    v6 = family == socket.AF_INET6
    mmsc_ip, dns_ip = (wan.mmsc6, wan.dns6) if v6 else (wan.mmsc4, wan.dns4)
    listener = socket_in(wan.carrier, family, socket.SOCK_STREAM, (mmsc_ip, 8080))
    udp = socket_in(wan.carrier, family, socket.SOCK_DGRAM, (dns_ip, 53))
    tcp = socket_in(wan.carrier, family, socket.SOCK_STREAM, (dns_ip, 53))
    mmsc = SimMmsc(MmscSpec(public_host=NAME))
    await mmsc.start(sock=listener)
    mmsc.add_line(wan.host_ip6 if v6 else wan.host_ip4, "+15550001111")
    dns = await TinyDns({NAME: [wan.mmsc4, wan.mmsc6]}).start(udp=udp, tcp=tcp)
    try:
        bearer = InterfaceBearer(wan.wwan, dns=[dns.server])
        carrier = CarrierSettings(name="test", mmsc=mmsc.url, max_size=1 << 20)
        client = MmsClient(
            MmscHttp(bearer, carrier, limits=QUICK), modem_id="wwan", retry=RetryPolicy(scale=0.001)
        )
        async with bearer.hold():
            message = MmsMessage.build(
                "+15550002222", text="over the MMS APN", attachments=[(JPEG, "photo.jpg")]
            )
            sent = await client.send(message)
            [(_, notification)] = mmsc.pushes
            received = await client.receive(encode_push(notification.encode()))
            [done] = await client.run_due()
            with pytest.raises(OSError) as unbound:  # the host's own routes: no way there
                socket.create_connection((mmsc_ip, 8080), timeout=2).close()
        return {
            "url": mmsc.url,
            "sent": sent,
            "received": received,
            "done": done,
            "peers": {r.peer for r in mmsc.requests},
            "queries": list(dns.queries),
            "unbound_errno": unbound.value.errno,
            "describe": bearer.describe(),
        }
    finally:
        await dns.close()
        await mmsc.close()


def _check(result: dict[str, object], wan: Wan, host_ip: str, asked: str) -> None:
    assert str(result["url"]).startswith(f"http://{NAME}:8080/")
    assert result["sent"].message_id  # type: ignore[attr-defined]
    done = result["done"]
    assert done.state is RetrievalState.RETRIEVED  # type: ignore[attr-defined]
    conf = decode_pdu(done.retrieved)  # type: ignore[attr-defined]
    assert isinstance(conf, RetrieveConf)
    assert next(p for p in conf.parts if p.media_type == "image/jpeg").data == JPEG
    assert result["peers"] == {host_ip}  # every request came over the wwan link
    assert ("udp", NAME, asked) in result["queries"]  # resolved by the carrier's DNS
    assert result["unbound_errno"] in (errno.ENETUNREACH, errno.EHOSTUNREACH)


def test_an_mms_goes_and_comes_over_the_interface_and_its_dns() -> None:
    with Wan() as wan:
        result = run_in(wan.host, lambda: _send_and_fetch(wan, socket.AF_INET))
    _check(result, wan, wan.host_ip4, "A")
    assert result["describe"]["addresses"] == [wan.host_ip4, wan.host_ip6]  # type: ignore[index]


def test_an_ipv6_only_apn() -> None:
    with Wan(ipv4=False) as wan:
        result = run_in(wan.host, lambda: _send_and_fetch(wan, socket.AF_INET6))
    _check(result, wan, wan.host_ip6, "AAAA")
    assert ("udp", NAME, "A") not in result["queries"]  # no IPv4 here: not even asked


def test_an_ipv4_literal_over_an_ipv6_only_apn_says_why_it_cannot_work() -> None:
    async def main() -> tuple[str, str]:
        bearer = InterfaceBearer(wan.wwan)
        with pytest.raises(BearerError) as caught:
            await bearer.exchange(HttpRequest("GET", "http://10.99.0.10:8080/mms"), limits=QUICK)
        return caught.value.kind, str(caught.value)

    with Wan(ipv4=False) as wan:
        kind, words = run_in(wan.host, main)
    assert kind == "unreachable" and "464XLAT" in words


def test_a_missing_interface_or_one_without_an_address_is_a_bearer_down() -> None:
    async def main() -> list[str]:
        out = []
        for name in ("nosuchwwan0", "lo_dummy"):
            with pytest.raises(BearerDown) as caught:
                await InterfaceBearer(name).start()
            out.append(str(caught.value))
        return out

    with Wan() as wan:
        import subprocess

        pair = ["link", "add", "lo_dummy", "type", "veth", "peer", "name", "lo_dummy1"]
        subprocess.run(["ip", "-n", wan.host, *pair], check=True, timeout=10)
        missing, bare = run_in(wan.host, main)
    assert "does not exist" in missing
    assert "has no IP address" in bare
