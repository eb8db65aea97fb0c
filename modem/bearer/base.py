"""The bearer interface: how an HTTP exchange reaches the MMSC (OMA MMS CTR §7: MMS over WSP/HTTP).

A `Bearer` is one way to the MMSC: the host's own network (`direct`), a network interface the
modem's packet data connection already is (`interface`), a PPP link this program dials on the
modem's data port (`ppp`), or the modem's own HTTP stack over AT (`modem`, vendor profiles).
Each gives the same thing: `exchange(request)` sends one HTTP/1.1 request and returns the
whole answer, or raises `BearerError` whose `kind` is a `MmsFailure` word (dns, refused,
timeout, truncated, ...), the one vocabulary the client and its retries understand.

    async with bearer.hold():          # up for as long as someone needs it
        response = await bearer.exchange(HttpRequest("GET", url, headers), proxy=proxy)

Bearers that run on a socket implement `connect()` and inherit the HTTP/1.1 exchange of
`modem.bearer.http`; a bearer whose modem speaks HTTP itself overrides `exchange()`. Through an
MMS proxy the request line carries the absolute URL (RFC 9112 §3.2.2), as phones send it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar

from modem.bearer.carriers import Proxy

__all__ = ["Bearer", "HttpRequest", "HttpResponse", "Limits", "Proxy"]

log = logging.getLogger("modem.bearer")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request: method, absolute URL, headers in the order they are sent, body."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first header of that name (case-insensitive), or None."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class Limits:
    """How long and how much. `connect_timeout`: to open the connection (name lookups
    included); `timeout`: for the whole answer once the request is written (Android's MMS
    HTTP socket timeout is 60 s, carrier config `httpSocketTimeout`); `read_timeout`: the
    longest silence in the middle of an answer (a body that trickles in stalls the
    transaction no longer than this); `max_body`: bytes of body accepted, counted as they
    arrive, whatever Content-Length claims; `max_header`: bytes of status line and headers."""

    connect_timeout: float = 30.0
    timeout: float = 60.0
    read_timeout: float = 30.0
    max_body: int = 4 * 1024 * 1024
    max_header: int = 16 * 1024


class Bearer(ABC):
    """One way to the MMSC. `start()` brings it up (raises `BearerDown` saying why not),
    `stop()` takes it down (never raises); both are idempotent. `hold()` keeps it up while a
    block runs, and takes it down `linger` seconds after the last holder leaves (a PPP link is
    kept a little for the M-NotifyResp.ind that follows a fetch, as Android keeps its MMS
    network a while)."""

    kind: ClassVar[str] = "bearer"
    linger: float = 0.0

    def __init__(self) -> None:
        self._holders = 0
        self._lock = asyncio.Lock()
        self._linger_task: asyncio.Task[None] | None = None
        self.up = False

    async def start(self) -> None:
        async with self._lock:
            if not self.up:
                await self._start()
                self.up = True

    async def stop(self) -> None:
        self._cancel_linger()
        async with self._lock:
            if self.up:
                self.up = False
                await self._stop()

    async def _start(self) -> None:  # noqa: B027 - most bearers have nothing to bring up
        """Bring the bearer up; raise BearerDown saying why not."""

    async def _stop(self) -> None:  # noqa: B027
        """Take it down; never raise."""

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[Bearer]:
        self._cancel_linger()
        self._holders += 1
        try:
            await self.start()
            yield self
        finally:
            self._holders -= 1
            if self._holders == 0 and self.up:
                if self.linger > 0:
                    self._linger_task = asyncio.get_running_loop().create_task(self._later())
                else:
                    await asyncio.shield(self.stop())

    async def _later(self) -> None:
        await asyncio.sleep(self.linger)
        self._linger_task = None
        if self._holders == 0:
            await self.stop()

    def _cancel_linger(self) -> None:
        if self._linger_task is not None:
            self._linger_task.cancel()
            self._linger_task = None

    async def __aenter__(self) -> Bearer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @abstractmethod
    async def connect(
        self, host: str, port: int, *, timeout: float
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A TCP connection to host:port over this bearer (names resolved the bearer's way);
        BearerError with kind dns, refused, unreachable or timeout when it cannot be had."""

    async def exchange(
        self, request: HttpRequest, *, proxy: Proxy | None = None, limits: Limits | None = None
    ) -> HttpResponse:
        """Send `request` (through `proxy` when given) and return the whole answer, whatever
        its status. BearerError for everything that is not an HTTP answer."""
        from modem.bearer.http import exchange_over

        return await exchange_over(self, request, proxy=proxy, limits=limits or Limits())

    def describe(self) -> dict[str, Any]:
        """What this bearer is, for logs and status views."""
        return {"kind": self.kind, "up": self.up}
