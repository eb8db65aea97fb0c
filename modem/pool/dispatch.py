"""The dispatcher: offers new work to idle modems, in the strategy's order.

Woken when work may have come (a message submitted here, a `message.queued` event from
another process, the housekeeping tick: retries and scheduled messages coming due, limits
and breakers freeing up) or when a modem became idle or fit. Each round offers every idle,
fit modem one claim, in the order `routing.order` gives; a round that handed out anything is
followed by another (more work may wait), else it sleeps until woken.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from modem.pool.context import Context, durably
from modem.pool.routing import Rotation, order

if TYPE_CHECKING:
    from modem.pool.worker import Worker

__all__ = ["Dispatcher"]

log = logging.getLogger("modem.pool")


class Dispatcher:
    def __init__(self, ctx: Context, workers: Callable[[], Sequence[Worker]]) -> None:
        self.ctx = ctx
        self._workers = workers
        self._wake = asyncio.Event()
        self.rotation = Rotation()
        self._task: asyncio.Task[None] | None = None
        self.rounds = 0

    def wake(self) -> None:
        self._wake.set()

    def others_waiting(self, worker: Worker) -> bool:
        """Another fit modem waits for work: `worker` leaves the next claim to the strategy."""
        return any(w is not worker and w.idle and w.fit() for w in self._workers())

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                if await self._round():
                    self._wake.set()
            except Exception:  # a bug must not stop the pool: the next wake tries again
                log.exception("dispatcher round failed")
                await asyncio.sleep(1.0)

    async def _round(self) -> bool:
        self.rounds += 1
        everyone = self._workers()
        idle = [w for w in everyone if w.idle and w.fit()]
        if not idle:
            return False
        names = [w.modem_id for w in everyone]
        handed = False
        for worker in order(self.ctx.config.strategy, idle, names, self.rotation):
            if not worker.idle:
                continue
            claim = await worker.try_claim()
            if claim is None:
                continue
            if worker.offer(claim):
                self.rotation.last = worker.modem_id
                handed = True
            else:  # it stopped meanwhile: the claim goes back untouched
                await durably(
                    "returning a claim",
                    lambda c=claim: self.ctx.store.release(c, retry_at=None, attempted=False),
                )
        return handed
