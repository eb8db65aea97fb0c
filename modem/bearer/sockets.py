"""Sockets that leave by one interface: SO_BINDTODEVICE, or the interface's own address.

A socket bound to the modem's interface (wwan0, ppp0) reaches the MMSC over the MMS APN while
the host's default route stays on Ethernet or Wi-Fi: the kernel routes it out of that device
even where no route says so (upstream mmsd's gweb and curl's `--interface if!wwan0` do the
same). SO_BINDTODEVICE needs CAP_NET_RAW before Linux 5.7; without it the socket is bound to
the interface's address instead, which works where policy routing sends that source out of the
interface (`ip rule add from <addr> table N`).

Errors of connecting are mapped to the `MmsFailure` words: refused, unreachable, reset, timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import ipaddress
import socket
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modem.errors import BearerDown, BearerError

__all__ = ["Binding", "IpAddress", "interface_addresses", "literal", "make_socket", "open_tcp"]

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)  # <asm-generic/socket.h>
_SIOCGIFADDR = 0x8915  # <linux/sockios.h>
_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.ENETDOWN}


@dataclass(frozen=True, slots=True)
class Binding:
    """Where a socket leaves from: an interface (bound with SO_BINDTODEVICE, or to one of
    `addresses` when that is not permitted), or a plain local `source` address."""

    interface: str | None = None
    addresses: tuple[IpAddress, ...] = ()
    source: str | None = None

    def families(self) -> tuple[int, ...]:
        """The address families this binding can reach (both when it does not know)."""
        if not self.addresses:
            return (socket.AF_INET6, socket.AF_INET)
        have = {socket.AF_INET6 if a.version == 6 else socket.AF_INET for a in self.addresses}
        return tuple(f for f in (socket.AF_INET6, socket.AF_INET) if f in have)


def make_socket(family: int, kind: int, binding: Binding | None) -> socket.socket:
    """A non-blocking socket of `family` and `kind` (SOCK_STREAM, SOCK_DGRAM) bound as asked.
    BearerDown when the binding cannot be made (no permission and no address to fall back to)."""
    sock = socket.socket(family, kind)
    try:
        sock.setblocking(False)
        if binding is not None:
            _bind(sock, family, binding)
    except BaseException:
        sock.close()
        raise
    return sock


def _bind(sock: socket.socket, family: int, binding: Binding) -> None:
    if binding.interface:
        try:
            sock.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, binding.interface.encode())
            return
        except PermissionError:
            pass  # not root: bind to the interface's address below
        except OSError as exc:
            if exc.errno == errno.ENODEV:
                raise BearerDown(f"interface {binding.interface} does not exist") from None
            raise BearerDown(f"cannot bind to {binding.interface}: {exc.strerror}") from None
        version = 6 if family == socket.AF_INET6 else 4
        ours = [a for a in binding.addresses if a.version == version]
        if not ours:
            raise BearerDown(
                f"cannot bind to {binding.interface}: SO_BINDTODEVICE is not permitted "
                f"(needs CAP_NET_RAW before Linux 5.7) and it has no IPv{version} address"
            )
        sock.bind((str(ours[0]), 0))
    elif binding.source:
        sock.bind((binding.source, 0))


def interface_addresses(name: str) -> tuple[IpAddress, ...]:
    """The IPv4 address (SIOCGIFADDR) and global IPv6 addresses of interface `name`, as the
    calling thread's network namespace sees them. Link-local IPv6 is left out: it does not
    reach an MMSC. BearerDown if there is no such interface."""
    try:
        socket.if_nametoindex(name)
    except OSError:
        raise BearerDown(f"interface {name} does not exist (is the data connection up?)") from None
    found: list[IpAddress] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with probe, contextlib.suppress(OSError):  # EADDRNOTAVAIL: no IPv4 address
        packed = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()))
        found.append(ipaddress.IPv4Address(packed[20:24]))
    # /proc/thread-self: the thread's own network namespace (/proc/self is the process's)
    table = Path("/proc/thread-self/net/if_inet6")
    with contextlib.suppress(OSError):
        for line in table.read_text().splitlines():
            fields = line.split()
            if len(fields) == 6 and fields[5] == name and int(fields[3], 16) == 0:
                found.append(ipaddress.IPv6Address(bytes.fromhex(fields[0])))
    return tuple(found)


def literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def open_tcp(
    addresses: Sequence[IpAddress],
    port: int,
    *,
    binding: Binding | None,
    timeout: float,
    what: str,
) -> socket.socket:
    """A connected socket to the first of `addresses` that answers, within `timeout` for all
    of them. `what` names the peer in errors ("proxy.example:80")."""
    loop = asyncio.get_running_loop()
    errors: list[OSError] = []
    try:
        async with asyncio.timeout(timeout):
            for address in addresses:
                family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
                sock = make_socket(family, socket.SOCK_STREAM, binding)
                try:
                    await loop.sock_connect(sock, (str(address), port))
                    return sock
                except OSError as exc:
                    sock.close()
                    errors.append(exc)
                except BaseException:
                    sock.close()
                    raise
    except TimeoutError:
        raise BearerError("timeout", f"{what}: no connection within {timeout:g} s") from None
    raise _connect_error(what, addresses, errors)


def _connect_error(what: str, addresses: Sequence[IpAddress], errors: list[OSError]) -> BearerError:
    tried = ", ".join(str(a) for a in addresses) or "no address"
    if any(isinstance(e, ConnectionRefusedError) for e in errors):
        return BearerError("refused", f"{what}: connection refused ({tried})")
    if any(isinstance(e, ConnectionResetError) for e in errors):
        return BearerError("reset", f"{what}: connection reset ({tried})")
    reasons = "; ".join(sorted({e.strerror or str(e) for e in errors})) or "no address to try"
    if all(e.errno in _UNREACHABLE for e in errors):
        return BearerError("unreachable", f"{what}: unreachable ({tried}: {reasons})")
    if any(e.errno == errno.ETIMEDOUT for e in errors):
        return BearerError("timeout", f"{what}: connection timed out ({tried})")
    return BearerError("unreachable", f"{what}: cannot connect ({tried}: {reasons})")
