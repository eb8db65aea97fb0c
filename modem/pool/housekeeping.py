"""The pool's clockwork: what has to happen at times rather than on events.

Every tick (a second): scheduled messages whose time came are queued (`promote_scheduled`),
queued ones past their validity expire (`expire_due`), and the dispatcher is woken (retries,
breakers and limits come due by the clock). Every third of the lease: this node's leases are
renewed. Every few seconds: leases of nodes that stopped renewing them are taken back
(`recover(None, ...)`), reports overdue are flagged (`mark_reports_overdue`), incomplete
incoming messages are kept as they are (`flush_incomplete`), the modem registry is refreshed
and acks left pending are retried. Every hour: retention (`prune`). A step that fails is
logged and tried again at its next turn; none stops the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from modem.pool.context import Context
from modem.store.errors import StoreUnavailable

__all__ = ["Housekeeping"]

log = logging.getLogger("modem.pool")


@dataclass
class _Job:
    name: str
    every: Callable[[], float]
    run: Callable[[], Awaitable[Any]]
    due: float = 0.0


class Housekeeping:
    """Runs the pool's periodic jobs (see the module docstring) on one task."""

    def __init__(self, ctx: Context, *, tick: float = 1.0) -> None:
        self.ctx = ctx
        self.tick = tick
        self._jobs: list[_Job] = []
        self._task: asyncio.Task[None] | None = None

    def every(
        self, name: str, every: Callable[[], float], run: Callable[[], Awaitable[Any]]
    ) -> None:
        """Add a job run every `every()` seconds (read anew each time: a reload may change it)."""
        self._jobs.append(_Job(name, every, run))

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def run_once(self) -> None:
        """Every job now (at start, and for tests)."""
        for job in self._jobs:
            await self._step(job)

    async def _run(self) -> None:
        while True:
            now = time.monotonic()
            for job in self._jobs:
                if now >= job.due:
                    job.due = now + max(job.every(), 0.05)
                    await self._step(job)
            await asyncio.sleep(self.tick)

    async def _step(self, job: _Job) -> None:
        try:
            await job.run()
        except StoreUnavailable as exc:
            log.warning("%s: store unavailable (%s); trying again later", job.name, exc)
        except Exception:
            log.exception("%s failed; trying again later", job.name)
