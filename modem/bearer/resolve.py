"""Name lookups for a bearer: the host's resolver, or the bearer's own DNS servers over it.

Carrier MMSC and proxy names often resolve only on the carrier's DNS, reached through the MMS
APN (mmsd-tng moved to c-ares bound to the modem interface for this; Android resolves on the
MMS network and bypasses Private DNS). `BearerDns` asks the bearer's servers with sockets bound
like the HTTP ones (see `sockets.Binding`): queries and answers are dnspython messages, sent
over UDP and again over TCP when the answer comes back truncated (RFC 1035 §4.2, RFC 7766).
AAAA is asked before A, and only the families the bearer has addresses for, so an IPv6-only
MMS APN works and an IPv4-only one does not wait for AAAA answers it cannot use.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Sequence
from typing import Any, Protocol

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype

from modem.bearer.sockets import Binding, IpAddress, literal, make_socket
from modem.errors import BearerError

__all__ = ["BearerDns", "HostResolver", "Resolver"]


class Resolver(Protocol):
    async def resolve(
        self, host: str, families: Sequence[int], *, timeout: float
    ) -> list[IpAddress]:
        """Addresses of `host` in the preferred order; BearerError kind "dns" if none."""
        ...


class HostResolver:
    """The host's own resolver (getaddrinfo): for `direct`, and for an interface bearer whose
    DNS servers are not known."""

    async def resolve(
        self, host: str, families: Sequence[int], *, timeout: float
    ) -> list[IpAddress]:
        ip = literal(host)
        if ip is not None:
            return [ip]
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise BearerError(
                "dns", f"{host}: no answer from the resolver in {timeout:g} s"
            ) from None
        except socket.gaierror as exc:
            raise BearerError("dns", f"{host}: cannot resolve ({exc.strerror})") from None
        seen: list[IpAddress] = []
        for family in families:
            for info in infos:
                if info[0] == family:
                    ip = literal(str(info[4][0]))
                    if ip is not None and ip not in seen:
                        seen.append(ip)
        if not seen:
            raise BearerError("dns", f"{host}: no address of a family this bearer can reach")
        return seen


class BearerDns:
    """The bearer's own DNS servers, asked over the bearer. `servers` are addresses
    ("10.0.0.1", "2001:db8::53", or "127.0.0.1:5353" / "[::1]:5353" with a port)."""

    def __init__(
        self, servers: Sequence[str], *, binding: Binding | None = None, attempts: int = 2
    ) -> None:
        if not servers:
            raise ValueError("BearerDns needs at least one DNS server")
        self.servers = [_server(s) for s in servers]
        self.binding = binding
        self.attempts = attempts

    async def resolve(
        self, host: str, families: Sequence[int], *, timeout: float
    ) -> list[IpAddress]:
        ip = literal(host)
        if ip is not None:
            return [ip]
        kinds = [dns.rdatatype.AAAA if f == socket.AF_INET6 else dns.rdatatype.A for f in families]
        try:
            async with asyncio.timeout(timeout):
                answers = await asyncio.gather(
                    *(self._ask(host, kind) for kind in kinds), return_exceptions=True
                )
        except TimeoutError:
            raise BearerError(
                "dns", f"{host}: no answer from {self._names()} in {timeout:g} s"
            ) from None
        found: list[IpAddress] = []
        errors: list[BearerError] = []
        for answer in answers:
            if isinstance(answer, BearerError):
                errors.append(answer)
            elif isinstance(answer, BaseException):
                raise answer
            else:
                found += [a for a in answer if a not in found]
        if found:
            return found
        if errors:
            raise errors[0]
        raise BearerError("dns", f"{host}: {self._names()} know the name but give no address")

    def _names(self) -> str:
        return ", ".join(_show(s) for s in self.servers)

    async def _ask(self, host: str, kind: int) -> list[IpAddress]:
        query = dns.message.make_query(host, kind)
        last: BearerError | None = None
        for _ in range(self.attempts):
            for server in self.servers:
                try:
                    reply = await self._udp(query, server)
                    if reply.flags & dns.flags.TC:
                        reply = await self._tcp(query, server)
                except (OSError, TimeoutError, dns.exception.DNSException) as exc:
                    last = BearerError("dns", f"{host}: DNS server {_show(server)}: {_why(exc)}")
                    continue
                rcode = reply.rcode()
                if rcode == dns.rcode.NXDOMAIN:
                    raise BearerError("dns", f"{host}: no such name (asked {_show(server)})")
                if rcode != dns.rcode.NOERROR:
                    last = BearerError(
                        "dns", f"{host}: {_show(server)} answered {dns.rcode.to_text(rcode)}"
                    )
                    continue
                return _addresses(reply, kind)
        assert last is not None
        raise last

    async def _udp(self, query: Any, server: tuple[str, int]) -> Any:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in server[0] else socket.AF_INET
        sock = make_socket(family, socket.SOCK_DGRAM, self.binding)
        try:
            await loop.sock_connect(sock, server)
            await loop.sock_sendall(sock, query.to_wire())
            async with asyncio.timeout(2.0):
                while True:  # datagrams that do not answer this query are dropped
                    data = await loop.sock_recv(sock, 65535)
                    try:
                        reply = dns.message.from_wire(data, ignore_trailing=True)
                    except dns.exception.DNSException:
                        continue
                    if query.is_response(reply):
                        return reply
        finally:
            sock.close()

    async def _tcp(self, query: Any, server: tuple[str, int]) -> Any:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in server[0] else socket.AF_INET
        sock = make_socket(family, socket.SOCK_STREAM, self.binding)
        try:
            async with asyncio.timeout(5.0):
                await loop.sock_connect(sock, server)
                wire = query.to_wire()
                await loop.sock_sendall(sock, struct.pack("!H", len(wire)) + wire)
                (length,) = struct.unpack("!H", await _recv_exactly(loop, sock, 2))
                return dns.message.from_wire(await _recv_exactly(loop, sock, length))
        finally:
            sock.close()


async def _recv_exactly(loop: asyncio.AbstractEventLoop, sock: socket.socket, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = await loop.sock_recv(sock, n - len(data))
        if not chunk:
            raise ConnectionResetError("the DNS server closed the connection")
        data += chunk
    return bytes(data)


def _addresses(reply: Any, kind: int) -> list[IpAddress]:
    chain = reply.resolve_chaining()  # follows CNAMEs
    if chain.answer is None:
        return []
    out: list[IpAddress] = []
    for rdata in chain.answer:
        ip = literal(rdata.address)
        if ip is not None:
            out.append(ip)
    return out


def _server(text: str) -> tuple[str, int]:
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else 53
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, 53


def _show(server: tuple[str, int]) -> str:
    host, port = server
    shown = f"[{host}]" if ":" in host else host
    return shown if port == 53 else f"{shown}:{port}"


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer"
    if isinstance(exc, ConnectionRefusedError):
        return "refused (nothing listens on port 53?)"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__
