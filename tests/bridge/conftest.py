"""Fixtures for the bridge's tests: a real SQLite store in a temporary directory, a bridge
listening on 127.0.0.1 (a free port), and an aiohttp client speaking real HTTP to it.

Store-only tests (reads, the event stream, webhooks, metrics, auth, problems) make their
messages and events through the store's own interface, as the pool would; the tests that
send run `modem serve` on simulated modems (test_serve_*.py)."""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from modem.bridge.app import Bridge
from modem.config.bridge import BridgeConfig, Listen, TokenConfig
from modem.sms import plan_sms
from modem.store import ModemRecord, NewMessage, NewRecipient, Store, store_for

ADMIN = "admin-token-0123456789abcdef"
READER = "reader-token-0123456789abcdef"
SENDER = "sender-token-0123456789abcdef"
TOKENS = (
    TokenConfig("admin", ADMIN, frozenset({"admin"})),
    TokenConfig("reader", READER, frozenset({"read"})),
    TokenConfig("sender", SENDER, frozenset({"send"})),
)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = store_for(str(tmp_path / "modem.db"), synchronous="normal", poll_interval=0.05)
    await s.open()
    await s.migrate()
    try:
        yield s
    finally:
        await s.close()


@dataclass
class Running:
    bridge: Bridge
    session: aiohttp.ClientSession
    token: str | None = ADMIN
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.bridge.url

    def headers(self, token: str | None = "default", **more: str) -> dict[str, str]:
        token = self.token if token == "default" else token
        out = dict(more)
        if token:
            out["Authorization"] = f"Bearer {token}"
        return out

    async def call(
        self, method: str, path: str, *, token: str | None = "default", **kw: Any
    ) -> tuple[int, Any, aiohttp.ClientResponse]:
        headers = self.headers(token, **kw.pop("headers", {}))
        async with self.session.request(method, self.url + path, headers=headers, **kw) as r:
            body: Any = await r.read()
            if r.content_type.endswith("json"):
                import json

                body = json.loads(body)
            return r.status, body, r


StartBridge = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_bridge(store: Store) -> AsyncIterator[StartBridge]:
    """Start a bridge over `store` (tokens: admin, reader, sender unless given)."""
    started: list[Running] = []

    async def start(pool: Any = None, **config: Any) -> Running:
        config.setdefault("tokens", TOKENS)
        config.setdefault("listen", Listen("127.0.0.1", 0))
        bridge = Bridge(BridgeConfig(**config), store, pool, node="test", heartbeat=0.5)
        await bridge.start()
        running = Running(bridge, aiohttp.ClientSession())
        started.append(running)
        return running

    yield start
    for running in started:
        await running.session.close()
        await running.bridge.stop()


def outgoing(*numbers: str, text: str = "hello", **kw: Any) -> NewMessage:
    """A message planned as the pool plans one."""
    numbers = numbers or ("+4915112345678",)
    recipients = tuple(NewRecipient(n, plan_sms(n, text).parts) for n in numbers)
    return NewMessage(recipients=recipients, text=text, encoding="gsm7", **kw)


async def modem_online(store: Store, modem_id: str = "alice", **kw: Any) -> ModemRecord:
    record = ModemRecord(
        modem_id=modem_id, node="test", name=modem_id, status="ready", healthy=True,
        identity={"imei": "356938035643809", "own_number": "+4915100000001"},
        state={"operator": "Sim Net", "signal_dbm": -71, "registration": "registered",
               "technology": "lte"},
        **kw,
    )  # fmt: skip
    return await store.upsert_modem(record)


class Receiver:
    """A webhook receiver on 127.0.0.1: keeps every request; answers `status()`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.answer: Callable[[int], int] = lambda n: 200
        self.arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        async with self.arrived:
            self.requests.append((dict(request.headers), body))
            n = len(self.requests)
            self.arrived.notify_all()
        return web.Response(status=self.answer(n), text="ok")

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"
        return self

    async def wait_for(self, predicate: Callable[[list], bool], timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout):
            async with self.arrived:
                await self.arrived.wait_for(lambda: predicate(self.requests))

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await Receiver().start()
    yield r
    await r.stop()


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- a real gateway: `modem sim` + `modem serve` subprocesses ---------------------------------


def sim_config(**faults: Any) -> dict[str, Any]:
    """Two simulated modems answering fast; `faults` for sim0."""
    return {
        "latency_scale": 0.02,
        "seed": 3,
        "modems": [
            {"name": "sim0", "faults": faults} if faults else {"name": "sim0"},
            {"name": "sim1"},
        ],
    }


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """Start `modem sim` and `modem serve` (tokens admin/reader/sender as in TOKENS)."""
    from tests.bridge.daemon import Daemon, SimModems

    started: list[Any] = []

    async def start(sim: dict[str, Any] | None = None, **bridge: Any) -> Daemon:
        sims = await SimModems(sim or sim_config(), tmp_path).start()
        started.append(sims)
        bridge.setdefault(
            "tokens",
            [{"name": t.name, "token": t.token, "scopes": sorted(t.scopes)} for t in TOKENS],
        )
        daemon = Daemon(sims, tmp_path, bridge=bridge, extra=bridge.pop("extra", {}))
        started.append(daemon)
        return await daemon.start()

    yield start
    for thing in reversed(started):
        await thing.stop()


class Client:
    """Real HTTP to a daemon, as a token."""

    def __init__(self, url: str, token: str | None = ADMIN) -> None:
        self.url = url
        self.token = token
        self.session = aiohttp.ClientSession()

    async def call(self, method: str, path: str, *, token: str | None = "default", **kw: Any):
        token = self.token if token == "default" else token
        headers = dict(kw.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        async with self.session.request(method, self.url + path, headers=headers, **kw) as r:
            body: Any = await r.read()
            if r.content_type.endswith("json"):
                import json

                body = json.loads(body)
            return r.status, body, r

    async def wait_message(self, message_id: str, states: set[str], timeout: float = 60) -> dict:
        async with asyncio.timeout(timeout):
            while True:
                status, body, _ = await self.call("GET", f"/api/v1/messages/{message_id}")
                assert status == 200, body
                if body["state"] in states:
                    return body
                await asyncio.sleep(0.1)

    async def close(self) -> None:
        await self.session.close()


@pytest.fixture
async def client_for() -> AsyncIterator[Callable[..., Client]]:
    made: list[Client] = []

    def make(url: str, token: str | None = ADMIN) -> Client:
        c = Client(url, token)
        made.append(c)
        return c

    yield make
    for c in made:
        await c.close()
