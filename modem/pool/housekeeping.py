"""The pool's clockwork: what has to happen at times rather than on events.

Every tick (a second): scheduled messages whose time came are queued (`promote_scheduled`),
queued ones past their validity expire (`expire_due`), and the dispatcher is woken (retries,
breakers and limits come due by the clock). Every third of the lease: this node's leases are
renewed. Every few seconds: leases of nodes that stopped renewing them are taken back
(`recover(None, ...)`), reports overdue are flagged (`mark_reports_overdue`), incomplete
incoming messages are kept as they are (`flush_incomplete`). Every half minute: the pool's
own refresh (modems of other nodes, acks left pending). Every hour: retention (`prune`).
A step that fails is logged and tried again at its next turn; none stops the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from modem.pool.context import Context
from modem.store.errors import StoreUnavailable

if TYPE_CHECKING:
    from modem.config import RetentionConfig

__all__ = ["Clockwork"]

log = logging.getLogger("modem.pool")


@dataclass
class _Job:
    name: str
    every: Callable[[], float]
    run: Callable[[], Awaitable[Any]]
    due: float = 0.0


class Clockwork:
    """Runs the pool's periodic jobs (see the module docstring) on one task."""

    def __init__(
        self,
        ctx: Context,
        *,
        tick: float = 1.0,
        retention: Callable[[], RetentionConfig | None] = lambda: None,
        refresh: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        self.ctx = ctx
        self.tick = tick
        self._retention = retention
        self._jobs: list[_Job] = []
        self._task: asyncio.Task[None] | None = None
        lease = lambda: ctx.config.lease.total_seconds() / 3  # noqa: E731
        self.every("scheduling", lambda: tick, self.schedule)
        self.every("leases", lease, self.renew)
        self.every("recovery", lambda: max(tick, min(15.0, lease())), self.recover_dead)
        self.every("reports and reassembly", self._sweep_every, self.sweep)
        if refresh is not None:
            self.every("refresh", lambda: 30.0, refresh)
        self.every("retention", lambda: 3600.0, self.prune)

    def every(
        self, name: str, every: Callable[[], float], run: Callable[[], Awaitable[Any]]
    ) -> None:
        """Add a job run every `every()` seconds (read anew each time: a reload may change it)."""
        self._jobs.append(_Job(name, every, run))

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="clockwork")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

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

    # --- the jobs ---------------------------------------------------------------------------

    def _sweep_every(self) -> float:
        c = self.ctx.config
        shortest = min(c.report_timeout, c.reassembly_timeout).total_seconds() / 4
        return max(self.tick, min(15.0, shortest))

    async def schedule(self) -> None:
        now, store = self.ctx.now(), self.ctx.store
        _, expired = await asyncio.gather(store.promote_scheduled(now), store.expire_due(now))
        if expired:
            log.info("%d recipients expired before they could be sent", expired)
        self.ctx.wake()

    async def renew(self) -> None:
        await self.ctx.store.renew_leases(self.ctx.node, self.ctx.now() + self.ctx.config.lease)

    async def recover_dead(self) -> None:
        c = self.ctx.config
        recovery = await self.ctx.store.recover(None, c.crash_semantics, self.ctx.now())
        if recovery.recipients:
            log.warning("took back %d claims whose lease ran out (a node stopped)",
                        len(recovery.recipients))  # fmt: skip
            self.ctx.wake()

    async def sweep(self) -> None:
        now, c, store = self.ctx.now(), self.ctx.config, self.ctx.store
        marked = await store.mark_reports_overdue(now, c.report_timeout.total_seconds())
        if marked:
            log.info("%d recipients have waited over %s for their status reports", marked,
                     c.report_timeout)  # fmt: skip
        for message in await store.flush_incomplete(c.reassembly_timeout.total_seconds(), now):
            log.info("message from %s kept incomplete (parts %s never came)", message.sender,
                     ", ".join(map(str, message.missing)))  # fmt: skip

    async def prune(self) -> None:
        retention = self._retention()
        if retention is None:
            return
        deleted = await self.ctx.store.prune(self.ctx.now() - retention.keep)
        if deleted:
            log.info("retention: deleted %d messages older than %s", deleted,
                     _days(retention.keep))  # fmt: skip


def _days(span: timedelta) -> str:
    days = span.total_seconds() / 86400
    return f"{days:g} days" if days >= 1 else str(span)
