"""`interface`: the modem's packet data connection is already a network interface (wwan0,
ppp0, usb0), brought up by ModemManager/NetworkManager, qmicli, mbimcli or by hand.

Every socket is bound to that interface (see `sockets`), so MMS traffic uses the MMS APN while
the host's default route stays on Ethernet or Wi-Fi, and names are resolved by the bearer's own
DNS servers over it (see `resolve.BearerDns`). Give those servers (`dns`): ModemManager shows
them in `mmcli -b N` (Ip4Config/Ip6Config dns), qmicli in `--wds-get-current-settings`, pppd
with `usepeerdns`; without them the host's resolver is used, and says so in the log once.
Which families are tried follows the addresses the interface has: an IPv6-only MMS APN
(T-Mobile US) uses IPv6 only, and an MMSC given as an IPv4 literal there fails plainly (it
needs 464XLAT, as Android's wait for IPv4 on that network shows).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence
from typing import Any

from modem.bearer.base import Bearer
from modem.bearer.direct import connect_with
from modem.bearer.resolve import BearerDns, HostResolver, Resolver
from modem.bearer.sockets import Binding, interface_addresses, literal
from modem.errors import BearerDown, BearerError

__all__ = ["InterfaceBearer"]

log = logging.getLogger("modem.bearer")


class InterfaceBearer(Bearer):
    kind = "interface"

    def __init__(self, interface: str, *, dns: Sequence[str] = ()) -> None:
        super().__init__()
        self.interface = interface
        self.dns = tuple(dns)
        self.binding = Binding(interface=interface)
        self.resolver: Resolver = HostResolver()

    async def _start(self) -> None:
        addresses = interface_addresses(self.interface)
        if not addresses:
            raise BearerDown(
                f"interface {self.interface} has no IP address (is the data connection up?)"
            )
        self.binding = Binding(interface=self.interface, addresses=addresses)
        if self.dns:
            self.resolver = BearerDns(self.dns, binding=self.binding)
        else:
            log.warning(
                "%s: no DNS servers given for this bearer; names are resolved by the host "
                "(carrier MMSC names may only resolve on the carrier's DNS)",
                self.interface,
            )
            self.resolver = HostResolver()

    async def connect(
        self, host: str, port: int, *, timeout: float
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if not self.up:
            await self.start()
        families = self.binding.families()
        ip = literal(host)
        if ip is not None and not any(_family(ip) == f for f in families):
            have = " and ".join("IPv6" if f == socket.AF_INET6 else "IPv4" for f in families)
            raise BearerError(
                "unreachable",
                f"{host} is an IPv{ip.version} address and {self.interface} has only {have}"
                + (
                    " (an IPv4 MMSC over an IPv6-only APN needs 464XLAT)" if ip.version == 4 else ""
                ),
            )
        return await connect_with(
            self.resolver, self.binding, host, port, timeout=timeout, families=families
        )

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "interface": self.interface,
            "addresses": [str(a) for a in self.binding.addresses],
            "dns": list(self.dns),
        }


def _family(ip: Any) -> int:
    return socket.AF_INET6 if ip.version == 6 else socket.AF_INET
