"""A tiny authoritative DNS server for the tests (dnspython messages over UDP and TCP): it
stands for the carrier's DNS server on the MMS APN, knowing names nothing else resolves.

`records` maps a name to addresses (A or AAAA by their form) or to "cname:<target>". Unknown
names are NXDOMAIN. `truncate` answers every UDP query with TC set and no records (RFC 1035
§4.2.1), so the client has to ask again over TCP. `queries` records (transport, name, type).
Sockets may be handed in (made inside a network namespace)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import struct

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class TinyDns:
    def __init__(self, records: dict[str, list[str] | str], *, truncate: bool = False) -> None:
        self.records = {k.rstrip(".").lower(): v for k, v in records.items()}
        self.truncate = truncate
        self.queries: list[tuple[str, str, str]] = []
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.Server | None = None
        self.address = ""
        self.port = 0

    async def start(
        self,
        host: str = "127.0.0.1",
        *,
        udp: socket.socket | None = None,
        tcp: socket.socket | None = None,
    ) -> TinyDns:
        loop = asyncio.get_running_loop()
        if udp is None and tcp is None:
            udp, tcp = _pair(host)
        elif udp is None or tcp is None:
            raise ValueError("give both sockets or neither")
        self.address, self.port = udp.getsockname()[:2]
        tcp.listen(8)
        tcp.setblocking(False)
        self._udp, _ = await loop.create_datagram_endpoint(lambda: _Udp(self), sock=udp)
        self._tcp = await asyncio.start_server(self._serve_tcp, sock=tcp)
        return self

    @property
    def server(self) -> str:
        """The server as BearerDns takes it: "127.0.0.1:5353" or "[fd00::53]:5353"."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"

    async def close(self) -> None:
        if self._udp is not None:
            self._udp.close()
        if self._tcp is not None:
            self._tcp.close()
            await self._tcp.wait_closed()

    def answer(self, wire: bytes, transport: str) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        self.queries.append((transport, name, kind))
        reply = dns.message.make_response(query)
        reply.flags |= dns.flags.AA
        if transport == "udp" and self.truncate:
            reply.flags |= dns.flags.TC
            return reply.to_wire()
        owner = name
        for _ in range(8):
            value = self.records.get(owner)
            if value is None:
                if owner == name:
                    reply.set_rcode(dns.rcode.NXDOMAIN)
                break
            if isinstance(value, str) and value.startswith("cname:"):
                target = value.removeprefix("cname:")
                reply.answer.append(
                    dns.rrset.from_text(owner + ".", 60, "IN", "CNAME", target + ".")
                )
                owner = target.lower()
                continue
            for address in value:
                version = ipaddress.ip_address(address).version
                if (version == 6) == (question.rdtype == dns.rdatatype.AAAA):
                    rdtype = "AAAA" if version == 6 else "A"
                    reply.answer.append(dns.rrset.from_text(owner + ".", 60, "IN", rdtype, address))
            break
        return reply.to_wire()

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            (length,) = struct.unpack("!H", await reader.readexactly(2))
            out = self.answer(await reader.readexactly(length), "tcp")
            if out is not None:
                writer.write(struct.pack("!H", len(out)) + out)
                await writer.drain()
        writer.close()


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, server: TinyDns) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        out = self.server.answer(data, "udp")
        if out is not None and self.transport is not None:
            self.transport.sendto(out, addr)


def _pair(host: str) -> tuple[socket.socket, socket.socket]:
    """A UDP and a TCP socket on the same free port. The UDP port is free when bound, but
    another program (a parallel test) may hold the TCP port of the same number: try again."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(50):
        udp = socket.socket(family, socket.SOCK_DGRAM)
        udp.bind((host, 0))
        tcp = socket.socket(family, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind((host, udp.getsockname()[1]))
        except OSError:
            udp.close()
            tcp.close()
            continue
        return udp, tcp
    raise OSError("no port free for both UDP and TCP")
