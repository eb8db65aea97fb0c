"""This node's modems in the store's registry: which node holds which modem, its state,
health, allowance and counters, for other nodes (routing around a failing modem, a message
naming a modem of another node) and for `GET /api/v1/modems` on any node.

A modem's entry is written soon after it changes (a change of status to or from "ready" is
what the store turns into `modem.online` / `modem.offline` events) and every REFRESH
seconds regardless, well inside the store's `modem_ttl`, after which other nodes stop
trusting an entry (its node may be gone).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from modem.pool.context import Context
from modem.pool.status import record_of, status_of

if TYPE_CHECKING:
    from modem.pool.receiver import Receiver
    from modem.pool.worker import Worker

__all__ = ["Registry"]

log = logging.getLogger("modem.pool")

REFRESH = 30.0


class Registry:
    def __init__(
        self,
        ctx: Context,
        workers: Callable[[], Mapping[str, Worker]],
        receivers: Callable[[], Mapping[str, Receiver]],
    ) -> None:
        self.ctx = ctx
        self._workers = workers
        self._receivers = receivers
        self._dirty: set[str] = set()
        self._event = asyncio.Event()

    def changed(self, modem_id: str) -> None:
        self._dirty.add(modem_id)
        self._event.set()

    async def run(self) -> None:
        """Write changed entries soon (a burst of changes together), all every REFRESH s."""
        while True:
            try:
                async with asyncio.timeout(REFRESH):
                    await self._event.wait()
            except TimeoutError:
                self._dirty.update(self._workers())
            self._event.clear()
            dirty, self._dirty = self._dirty, set()
            for modem_id in dirty:
                worker = self._workers().get(modem_id)
                if worker is not None:
                    await self.write(worker, self._receivers().get(modem_id))
            await asyncio.sleep(0.2)

    async def write(
        self, worker: Worker, receiver: Receiver | None, *, closed: bool = False
    ) -> None:
        """Write one modem's entry now (`closed`: it left this node)."""
        now = self.ctx.now()
        status = status_of(worker, receiver, self.ctx.node, now, 0)
        state = worker.modem.state.to_json()
        if closed:
            status = dataclasses.replace(status, status="closed", healthy=False)
            state = {**state, "status": "closed", "ready": False}
        try:
            await self.ctx.store.upsert_modem(record_of(status, state))
        except Exception as exc:  # the next round writes it again
            log.warning("%s: registry not updated: %s", worker.modem_id, exc)
