"""A simulated modem's AT port on a TCP port, as ser2net offers a serial port: raw bytes both
ways, no telnet, no banner. Any program on this host (or, with a non-loopback address, in a
container or on another host) reaches it as "socket://HOST:PORT".

Several clients may be connected at once, as several programs may open one tty: each sees
everything the modem writes (on a real tty they would share the bytes out between them, which
helps nobody), and what they type goes to the one command line. At most `max_clients`; one
more is closed at once. The listener stays while the modem is unplugged, as ser2net's does
while its device is gone: a connection made then is closed at once (the client sees EOF, as on
an unplugged USB tty), and after the replug the same URL works again.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from typing import TYPE_CHECKING

from modem.errors import ModemError
from modem.sim.endpoint import Endpoint

if TYPE_CHECKING:
    from modem.sim.serve import SimModem

log = logging.getLogger("modem.sim")

MAX_CLIENTS = 8


class TcpListener:
    """The listening socket of one modem, accepting in the modem's event loop."""

    def __init__(
        self, modem: SimModem, host: str, port: int, *, max_clients: int = MAX_CLIENTS
    ) -> None:
        self.modem = modem
        self.max_clients = max_clients
        self.sock = _listen(host, port, max_clients, modem.name)
        bound_host, bound_port = self.sock.getsockname()[:2]
        self.url = socket_url(bound_host, bound_port)
        self.port = bound_port
        modem.loop.add_reader(self.sock.fileno(), self._accept)

    def _accept(self) -> None:
        try:
            conn, peer = self.sock.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:  # EMFILE and the like: the next client may be luckier
            log.warning(
                "simulated modem %s: cannot accept on %s: %s", self.modem.name, self.url, exc
            )
            return
        modem = self.modem
        clients = sum(1 for e in modem.endpoints if e.kind == "tcp")
        if not modem.plugged or clients >= self.max_clients:
            why = "unplugged" if not modem.plugged else f"{clients} clients already"
            log.info("simulated modem %s: closed a connection from %s (%s)", modem.name, peer, why)
            conn.close()
            return
        with contextlib.suppress(OSError):
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        Endpoint(modem, conn.detach(), "tcp", limit=modem.output_limit)

    def close(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            self.modem.loop.remove_reader(self.sock.fileno())
        self.sock.close()


def socket_url(host: str, port: int) -> str:
    """The socket:// URL of a listening address. Listening on every address, the URL names
    loopback, which works from this host (other hosts use this host's own address)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"socket://[{host}]:{port}" if ":" in host else f"socket://{host}:{port}"


def _listen(host: str, port: int, backlog: int, name: str) -> socket.socket:
    """A non-blocking listening socket on host:port (0: any free port); ModemError in words."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ModemError(
            f"{name}: cannot listen on {where} (unknown host: {exc.strerror})"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        raise ModemError(f"{name}: cannot listen on {where} ({exc.strerror or exc})") from None
    sock.setblocking(False)
    return sock
