"""`direct`: the host's own network, for an MMSC reachable from it (a lab MMSC, a VPN to the
carrier, the simulated MMSC) and for tests. Names go to the host's resolver unless DNS servers
are given; `source` binds the local address (a multi-homed host, or one simulated modem's
loopback address, which the simulated MMSC takes for its line the way a real network knows a
PDP context's address)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from modem.bearer.base import Bearer
from modem.bearer.resolve import BearerDns, HostResolver, Resolver
from modem.bearer.sockets import Binding, literal, open_tcp

__all__ = ["DirectBearer"]


class DirectBearer(Bearer):
    kind = "direct"

    def __init__(self, *, source: str | None = None, dns: Sequence[str] = ()) -> None:
        super().__init__()
        self.source = source
        self.binding = Binding(source=source) if source else None
        self.dns = tuple(dns)
        self.resolver: Resolver = BearerDns(dns, binding=self.binding) if dns else HostResolver()

    async def connect(
        self, host: str, port: int, *, timeout: float
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await connect_with(
            self.resolver, self.binding, host, port, timeout=timeout, families=_families(self)
        )

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "source": self.source, "dns": list(self.dns)}


def _families(bearer: DirectBearer) -> tuple[int, ...]:
    import socket

    if bearer.source:
        ip = literal(bearer.source)
        if ip is not None:
            return (socket.AF_INET6,) if ip.version == 6 else (socket.AF_INET,)
    return (socket.AF_INET6, socket.AF_INET)


async def connect_with(
    resolver: Resolver,
    binding: Binding | None,
    host: str,
    port: int,
    *,
    timeout: float,
    families: Sequence[int],
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Resolve `host` with `resolver`, connect to its first answering address, wrap the
    socket in asyncio streams. Shared by every socket bearer."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    addresses = await resolver.resolve(host, families, timeout=timeout)
    what = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    remaining = max(deadline - loop.time(), 0.001)
    sock = await open_tcp(addresses, port, binding=binding, timeout=remaining, what=what)
    try:
        return await asyncio.open_connection(sock=sock, limit=2**16)
    except BaseException:
        sock.close()
        raise
