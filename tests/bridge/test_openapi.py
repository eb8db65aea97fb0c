"""The OpenAPI document against the routes (both ways), and schemathesis against a running
bridge: requests generated from /openapi.json (a bounded number per operation, so the suite
stays fast), every answer checked: no 5xx, every status, content type and body as documented.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from modem.bridge.app import Bridge
from modem.bridge.openapi import document
from modem.config.bridge import BridgeConfig, Listen
from modem.store import store_for
from tests.bridge.conftest import ADMIN, TOKENS, modem_online, outgoing

#: Pages that are not part of the API: the document itself, Swagger UI and its files, the
#: problem types' descriptions.
NOT_API = {"/openapi.json", "/docs", "/docs/static/{filename}", "/problems/{slug}"}


def _routes(app) -> set[tuple[str, str]]:
    out = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix", "") + "/{filename}"
        if path not in NOT_API and route.method != "HEAD":
            out.add((route.method.lower(), path))
    return out


def test_the_document_names_every_route_and_only_those(tmp_path):
    store = store_for(str(tmp_path / "x.db"))
    bridge = Bridge(BridgeConfig(listen=Listen("127.0.0.1", 0)), store)
    paths = document("1")["paths"]
    documented = {(method, path) for path, item in paths.items() for method in item}
    assert documented == _routes(bridge.app)


def test_every_operation_says_its_errors_as_problems():
    for path, item in document("1")["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")) and path != "/readyz":
                    assert "application/problem+json" in response["content"], (method, path)
            if op.get("security") != []:
                assert {"401", "403"} <= set(op["responses"]), (method, path)


class Server:
    """A bridge over a store with a few messages and a modem, on its own loop in a thread
    (schemathesis calls the API synchronously)."""

    def __init__(self, path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.url = ""
        self.path = path
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> Server:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)
        return self

    async def _start(self) -> None:
        self.store = store_for(str(self.path), synchronous="normal")
        await self.store.open()
        await self.store.migrate()
        await modem_online(self.store, "alice")
        for _ in range(3):
            await self.store.create_message(outgoing())
        config = BridgeConfig(listen=Listen("127.0.0.1", 0), tokens=TOKENS)
        self.bridge = Bridge(config, self.store, None, node="test", heartbeat=0.2)
        await self.bridge.start()
        self.url = self.bridge.url

    async def _stop(self) -> None:
        await self.bridge.stop()
        await self.store.close()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    s = Server(tmp_path_factory.mktemp("openapi") / "modem.db").start()
    yield s
    s.stop()


#: Operations that need a pool behind the bridge: test_serve_openapi.py runs them against
#: `modem serve` on simulated modems.
NEED_POOL = ["sendMessage", "estimateMessage", "sendUssd", "resetModem"]
schema = (
    schemathesis.openapi.from_dict(document("test"))
    .exclude(path="/api/v1/events")  # a stream that never ends; tested in test_events.py
    .exclude(operation_id=NEED_POOL)
)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_answer_matches_the_document(case, server):
    case.call_and_validate(
        base_url=server.url,
        headers={"Authorization": f"Bearer {ADMIN}"},
        checks=CHECKS,
        timeout=10,
    )


class Gateway:
    """`modem sim` + `modem serve` (tests/bridge/daemon.py) run from a loop in a thread."""

    def __init__(self, directory: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.directory = directory

    def run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(120)

    def start(self) -> Gateway:
        from tests.bridge.conftest import sim_config
        from tests.bridge.daemon import Daemon, SimModems

        self.thread.start()
        self.sim = self.run(SimModems(sim_config(), self.directory).start())
        tokens = [{"name": t.name, "token": t.token, "scopes": sorted(t.scopes)} for t in TOKENS]
        self.daemon = self.run(Daemon(self.sim, self.directory, bridge={"tokens": tokens}).start())
        self.url = self.daemon.url
        return self

    def stop(self) -> None:
        self.run(self.daemon.stop())
        self.run(self.sim.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def daemon(tmp_path_factory) -> Iterator[Gateway]:
    g = Gateway(tmp_path_factory.mktemp("openapi-serve")).start()
    yield g
    g.stop()


with_pool = schemathesis.openapi.from_dict(document("test")).include(operation_id=NEED_POOL)


@with_pool.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)  # fmt: skip
def test_sending_answers_match_the_document(case, daemon):
    """Against `modem serve` on simulated modems: what generated requests send is sent."""
    case.call_and_validate(
        base_url=daemon.url,
        headers={"Authorization": f"Bearer {ADMIN}"},
        checks=CHECKS,
        timeout=30,
    )
