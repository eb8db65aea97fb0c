"""What every handler reaches through `request.app[BRIDGE]`: the store, the pool, the config,
the authenticator, the rate limiter, the metrics and the webhook dispatcher.

`Sending` is what the bridge needs of the pool (contract: submit, estimate, cancel, ussd,
reset, modems); `modem/bridge/pool_api.py` adapts the pool to it. Without a pool (a bridge over a
store only: a read replica, tests of the reads) the operations that need one answer 503.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web

from modem.bridge.auth import Authenticator, Principal, RateLimiter
from modem.bridge.metrics import Metrics
from modem.bridge.problems import Problem
from modem.bridge.validation import SendFields
from modem.bridge.webhooks import Dispatcher
from modem.config.bridge import BridgeConfig
from modem.store import Message, Store

__all__ = [
    "BRIDGE", "PRINCIPAL", "BridgeContext", "Sending", "json_response", "needs", "principal",
]  # fmt: skip


class Sending(Protocol):
    async def submit(
        self, fields: SendFields, *, idempotency_key: str | None
    ) -> tuple[Message, bool]: ...

    async def estimate(self, fields: SendFields) -> dict[str, Any]: ...

    async def cancel(self, message_id: str) -> Message: ...

    async def modems(self) -> list[dict[str, Any]]: ...

    async def modem(self, modem_id: str) -> dict[str, Any]: ...

    async def ussd(self, modem_id: str, code: str, timeout: float | None) -> dict[str, Any]: ...

    async def reset(self, modem_id: str) -> None: ...


@dataclass
class BridgeContext:
    config: BridgeConfig
    store: Store
    pool: Sending | None
    auth: Authenticator
    limiter: RateLimiter
    metrics: Metrics
    dispatcher: Dispatcher
    node: str
    version: str
    heartbeat: float = 15.0
    streams: set[asyncio.Task[object]] = field(default_factory=set)  # open event streams

    def sending(self) -> Sending:
        if self.pool is None:
            raise Problem("unavailable", "no pool runs behind this bridge: nothing can be sent")
        return self.pool


BRIDGE = web.AppKey("bridge", BridgeContext)
# aiohttp 3.14 types a request's own storage too; older releases take a plain string.
PRINCIPAL: Any = (
    web.RequestKey("principal", Principal) if hasattr(web, "RequestKey") else "principal"
)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_response(data: Any, *, status: int = 200, headers: Any = None) -> web.Response:
    """JSON as UTF-8 text (emoji stay emoji, not surrogate escapes)."""
    return web.json_response(data, status=status, headers=headers, dumps=_dumps)


def needs(scope: str) -> Any:
    """Mark a handler with the scope its caller's token needs (checked by the middleware)."""

    def mark(handler: Any) -> Any:
        handler.scope = scope
        return handler

    return mark


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL]
