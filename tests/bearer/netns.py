"""Network namespaces for the interface bearer tests (root and iproute2 needed; tests skip
with the reason otherwise).

`Wan` builds two namespaces: "host", where the code under test runs and where a veth end
named like wwan0 stands for the modem's interface, and "carrier", the other end, holding the
MMSC and the carrier's DNS server on addresses of their own (10.99.0.x, fd00:99::x), not on the
link's subnet. The host's default routes are `unreachable` (metric 100): nothing gets to the
carrier's addresses except a socket bound to the wwan interface (IPv4 needs no route for that;
IPv6 gets the route a router advertisement would install on wwan0, metric 1024). No address
outside these namespaces is ever used.

Code runs in a namespace from a thread that entered it with setns(2) (a socket belongs to the
namespace of the thread that made it): `run_in(ns, coroutine_function)`, `socket_in(...)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import secrets
import socket
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def _ip(*args: str) -> None:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise OSError(f"ip {' '.join(args)}: {result.stderr.strip()}")


def _setns(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)


@contextlib.contextmanager
def entered(name: str) -> Iterator[None]:
    """This thread in namespace `name` for the block."""
    home = "/proc/thread-self/ns/net"
    back = os.open(home, os.O_RDONLY)
    try:
        _setns(f"/run/netns/{name}")
        try:
            yield
        finally:
            if _libc.setns(back, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "cannot return to the original namespace")
    finally:
        os.close(back)


def socket_in(name: str, family: int, kind: int, address: tuple[Any, ...]) -> socket.socket:
    """A socket made (and bound to `address`) inside namespace `name`."""
    out: list[Any] = []

    def make() -> None:
        try:
            with entered(name):
                sock = socket.socket(family, kind)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(address)
                out.append(sock)
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=make)
    thread.start()
    thread.join(10)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def run_in(name: str, main: Callable[[], Awaitable[T]], timeout: float = 60) -> T:
    """Run `main()` in an event loop of its own, in a thread inside namespace `name`."""
    out: list[Any] = []

    def target() -> None:
        try:
            with entered(name):
                out.append(asyncio.run(main()))  # type: ignore[arg-type]
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the test in namespace {name} did not end in {timeout} s")
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


class Wan:
    """The two namespaces and the link between them; `ipv4`/`ipv6` say which the link has."""

    def __init__(self, *, ipv4: bool = True, ipv6: bool = True) -> None:
        tag = secrets.token_hex(3)
        self.host, self.carrier = f"gbh{tag}", f"gbc{tag}"
        self.wwan, self.peer = f"wwan{tag}", f"gw{tag}"
        self.ipv4, self.ipv6 = ipv4, ipv6
        self.host_ip4, self.host_ip6 = "10.64.0.2", "fd00:64::2"
        self.mmsc4, self.mmsc6 = "10.99.0.10", "fd00:99::10"
        self.dns4, self.dns6 = "10.99.0.53", "fd00:99::53"

    def __enter__(self) -> Wan:
        if os.geteuid() != 0:
            pytest.skip("network namespaces need root (ip netns add)")
        try:
            _ip("netns", "add", self.host)
        except (OSError, FileNotFoundError) as exc:
            pytest.skip(f"cannot make a network namespace here: {exc}")
        try:
            self._build()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _build(self) -> None:
        h, c = self.host, self.carrier
        _ip("netns", "add", c)
        _ip("link", "add", self.wwan, "type", "veth", "peer", "name", self.peer)
        _ip("link", "set", self.wwan, "netns", h)
        _ip("link", "set", self.peer, "netns", c)
        for ns, dev in ((h, self.wwan), (c, self.peer)):
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
        _ip("-n", h, "route", "add", "unreachable", "default", "metric", "100")
        _ip("-n", h, "-6", "route", "add", "unreachable", "default", "metric", "100")
        if self.ipv4:
            _ip("-n", h, "addr", "add", f"{self.host_ip4}/30", "dev", self.wwan)
            _ip("-n", c, "addr", "add", "10.64.0.1/30", "dev", self.peer)
            for address in (self.mmsc4, self.dns4):
                _ip("-n", c, "addr", "add", f"{address}/32", "dev", "lo")
        if self.ipv6:
            _ip("-n", h, "addr", "add", f"{self.host_ip6}/64", "dev", self.wwan, "nodad")
            _ip("-n", c, "addr", "add", "fd00:64::1/64", "dev", self.peer, "nodad")
            route = ["route", "add", "default", "via", "fd00:64::1", "dev", self.wwan]
            _ip("-n", h, "-6", *route, "metric", "1024")
            sysctl = f"net.ipv6.conf.{self.peer}.proxy_ndp=1"
            subprocess.run(
                ["ip", "netns", "exec", c, "sysctl", "-qw", sysctl], check=True, timeout=10
            )
            for address in (self.mmsc6, self.dns6):
                _ip("-n", c, "addr", "add", f"{address}/128", "dev", "lo", "nodad")
                _ip("-n", c, "-6", "neigh", "add", "proxy", address, "dev", self.peer)

    def __exit__(self, *exc: object) -> None:
        for ns in (self.host, self.carrier):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)
