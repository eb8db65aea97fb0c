"""The dispatcher: offers new work to idle modems, in the strategy's order.

Woken when work may have come (a message submitted here, a `message.queued` event from
another process, the housekeeping tick: retries and scheduled messages coming due, limits
and breakers freeing up) or when a modem became idle or fit. Each round offers every idle,
fit modem one claim, in the order `routing.order` gives; a round that handed out anything is
followed by another (more work may wait), else it sleeps until woken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING

from modem.pool.context import Context, durably
from modem.pool.routing import Rotation, order

if TYPE_CHECKING:
    from modem.pool.worker import Worker

__all__ = ["Dispatcher", "Gate"]

log = logging.getLogger("modem.pool")


class Gate:
    """Submits run side by side (their commits share the store's group commit); a round
    runs alone: it waits for the submits in flight, and new ones wait for it."""

    def __init__(self) -> None:
        self._submits = 0
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._open = asyncio.Event()
        self._open.set()

    @contextlib.asynccontextmanager
    async def submit(self) -> AsyncIterator[None]:
        await self._open.wait()
        self._submits += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._submits -= 1
            if not self._submits:
                self._quiet.set()

    @contextlib.asynccontextmanager
    async def round(self) -> AsyncIterator[None]:
        self._open.clear()
        try:
            await self._quiet.wait()
            yield
        finally:
            self._open.set()


class Dispatcher:
    def __init__(self, ctx: Context, workers: Callable[[], Sequence[Worker]]) -> None:
        self.ctx = ctx
        self._workers = workers
        self._wake = asyncio.Event()
        self.rotation = Rotation()
        self._task: asyncio.Task[None] | None = None
        self._generation = 0  # wakes so far: work that came during a round restarts it
        #: A round waits for this process's submits in flight and holds new ones back while
        #: it runs: new work is offered in the strategy's order, not to whichever idle modem
        #: happened to ask at the moment it was committed.
        self.gate = Gate()
        self.rounds = 0

    def wake(self) -> None:
        self._wake.set()
        self._generation += 1

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
                async with self.gate.round():
                    handed = await self._round()
                if handed:
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
        generation = self._generation
        for worker in order(self.ctx.config.strategy, idle, names, self.rotation):
            if self._generation != generation:
                break  # new work may have come: offer it in order, from the top (wake is set)
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
