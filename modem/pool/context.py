"""What the pool's parts share: the store, the configuration, this node, the clock, and the
one habit every part has with the store (wait and retry while it is unavailable)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from modem.store.errors import StoreUnavailable

if TYPE_CHECKING:
    from modem.config import SendDefaults
    from modem.config.pool import PoolConfig
    from modem.store import Store

__all__ = ["Context", "durably", "utcnow"]

log = logging.getLogger("modem.pool")

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    """The pool's shared settings; `config` may be replaced on reload (parts read it anew
    each time they need it). `wake` asks the dispatcher to offer work to idle modems."""

    store: Store
    config: PoolConfig
    node: str
    send: SendDefaults
    clock: Callable[[], datetime] = utcnow
    rng: random.Random = field(default_factory=random.Random)
    wake: Callable[[], None] = lambda: None

    def now(self) -> datetime:
        return self.clock()


async def durably(what: str, call: Callable[[], Awaitable[T]]) -> T:
    """`call()` until the store takes it: a change that must be recorded (a part sent, an
    item received) is worth waiting for; nothing else proceeds meanwhile. The first failure
    is logged as a warning, the recovery as info."""
    delay = 0.05
    warned = False
    while True:
        try:
            result = await call()
        except StoreUnavailable as exc:
            if not warned:
                log.warning("store unavailable while %s (%s); waiting for it", what, exc)
                warned = True
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
            continue
        if warned:
            log.info("store available again; %s done", what)
        return result


def describe(value: Any) -> str:
    """A short description for log lines."""
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."
