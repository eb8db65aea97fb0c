"""One modem's worker: takes recipients from the queue and hands each to `ClaimRun`
(sending.py), which sends its parts in order.

A worker takes work two ways: the dispatcher offers it when it is idle (new work came; the
strategy decides who is offered first), or it claims the next recipient itself when no other
modem is waiting for work (a backlog: everyone busy, nothing to choose). In a backlog it
claims the next recipient while the last part of the current one is in flight (a prefetch),
so the modem never waits for the store between two messages. A prefetched claim that cannot
be sent (the modem went away, the pool stops) goes back to the queue as no attempt.

Stopping (`stop()`) lets the part in flight finish and releases the rest of its recipient.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modem.pool.context import Context, durably
from modem.pool.health import Breaker, judge
from modem.pool.limits import Allowance
from modem.pool.sending import ClaimRun, Pipeline
from modem.store.errors import LeaseLost
from modem.store.records import Claim, Error
from modem.store.requests import Slot

if TYPE_CHECKING:
    from modem.device import Modem, ModemState

__all__ = ["Counters", "Worker"]

log = logging.getLogger("modem.pool")


@dataclass
class Counters:
    """What this worker did since it started (parts and recipients)."""

    parts_sent: int = 0
    parts_failed: int = 0
    parts_unknown: int = 0
    recipients_done: int = 0
    recipients_failed: int = 0
    retries: int = 0

    def to_json(self) -> dict[str, int]:
        return dict(vars(self))


class Worker:
    """The sender of one modem (see the module docstring)."""

    def __init__(self, ctx: Context, modem: Modem, others_waiting: Any) -> None:
        self.ctx = ctx
        self.modem = modem
        self.modem_id = modem.modem_id
        self.allowance = Allowance(self.modem_id, ctx.config.limits_for(self.modem_id))
        self.breaker = Breaker(ctx.config.health)
        self.counters = Counters()
        self.last_error: Error | None = None
        self.unfit: str | None = judge(modem.state, ctx.config.health)
        self.stopping = False
        self.need = 1  # parts the next claim needs room for (more after a bounce)
        self.pipeline = Pipeline(self.modem_id)
        self._others_waiting = others_waiting
        self._prefetch: asyncio.Task[tuple[Claim | None, int | None]] | None = None
        self._offer: asyncio.Future[Claim | None] | None = None
        self._claim: Claim | None = None
        self._task: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self.on_change: Any = lambda worker: None  # health or state changed (the registry)

    # --- what the dispatcher and the pool see -----------------------------------------------

    @property
    def groups(self) -> tuple[str, ...]:
        return self.ctx.config.groups_of(self.modem_id)

    @property
    def idle(self) -> bool:
        """Waiting for the dispatcher to offer work."""
        return self._offer is not None and not self._offer.done()

    @property
    def busy(self) -> bool:
        return self._claim is not None

    @property
    def usage(self) -> float:
        return self.allowance.usage

    @property
    def sent_today(self) -> int:
        return self.allowance.sent_today

    def fit(self) -> bool:
        """Healthy and allowed by its breaker (limits are checked when claiming)."""
        return not self.stopping and self.unfit is None and self.breaker.allows(self.ctx.now())

    def health_reason(self) -> str | None:
        """Why it is out of rotation now, or None."""
        if self.unfit is not None:
            return self.unfit
        if not self.breaker.allows(self.ctx.now()):
            return f"resting after {self.breaker.failures} failures ({self.breaker.reason})"
        left = self.allowance.left()
        if left is not None and left < self.need:
            return "sending limit reached"
        return None

    def reconfigure(self) -> None:
        """The configuration changed (reload): limits and health settings anew."""
        self.allowance.limits = self.ctx.config.limits_for(self.modem_id)
        self.breaker.config = self.ctx.config.health
        self.unfit = judge(self.modem.state, self.ctx.config.health)

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"worker {self.modem_id}")
        self._watch = asyncio.create_task(self._watch_state(), name=f"watch {self.modem_id}")

    async def stop(self, timeout: float | None = None) -> None:
        """Stop claiming; let the part in flight finish (at most `timeout` seconds, then it
        is cut off as a crash would: recovery settles it), release what remains."""
        self.stopping = True
        if self._offer is not None and not self._offer.done():
            self._offer.set_result(None)
        if self._watch is not None:
            self._watch.cancel()
        task = self._task
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            log.warning("%s: the send in flight did not end in time; cut off", self.modem_id)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            if self._watch is not None:
                await asyncio.gather(self._watch, return_exceptions=True)

    def offer(self, claim: Claim) -> bool:
        """The dispatcher's claim for this idle worker; False if it is no longer idle (the
        dispatcher then releases the claim)."""
        if self._offer is None or self._offer.done():
            return False
        self._offer.set_result(claim)
        return True

    async def _watch_state(self) -> None:
        async for state in self.modem.watch_state():
            self._state_changed(state)

    def _state_changed(self, state: ModemState) -> None:
        unfit = judge(state, self.ctx.config.health)
        if unfit != self.unfit:
            self.unfit = unfit
            if unfit is None:
                log.info("%s: ready for work", self.modem_id)
            else:
                log.info("%s: out of rotation: %s", self.modem_id, unfit)
            self.ctx.wake()
        self.on_change(self)

    # --- the loop -----------------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            while not self.stopping:
                claim, early = await self._wait_for_offer(), None
                while claim is not None:
                    await self._work(claim, early)
                    claim, early = await self._next()
        finally:
            await self.pipeline.drain()

    async def _wait_for_offer(self) -> Claim | None:
        self._offer = asyncio.get_running_loop().create_future()
        self.ctx.wake()
        try:
            return await self._offer
        finally:
            self._offer = None

    async def _work(self, claim: Claim, early: int | None) -> None:
        self._claim = claim
        try:
            await ClaimRun(self, claim, early).run()
        except LeaseLost as exc:
            log.warning("%s: %s; leaving it", self.modem_id, exc)
        finally:
            self._claim = None

    async def _next(self) -> tuple[Claim | None, int | None]:
        """The prefetched claim, else the next one claimed now when no other modem waits."""
        task, self._prefetch = self._prefetch, None
        if task is not None:
            claim, early = await task
            if claim is not None:
                if not self.stopping:
                    return claim, early
                await durably(
                    "returning a claim",
                    lambda: self.ctx.store.release(claim, retry_at=None, attempted=False),
                )
        if self.stopping or self._others_waiting(self):
            return None, None
        return await self.try_claim(), None

    def prefetch(self) -> None:
        """Claim the next recipient now, while the current one's last part is in flight,
        if this modem is well, has room for more, and no other modem waits for work."""
        if self._prefetch is not None or not self.fit() or self._others_waiting(self):
            return
        if self.breaker.state(self.ctx.now()) != "closed":
            return  # a trial after a rest: one recipient at a time
        left = self.allowance.left()
        if left is not None and left < 2:
            return
        self._prefetch = asyncio.create_task(self._claim_ahead(), name=f"next {self.modem_id}")

    async def _claim_ahead(self) -> tuple[Claim | None, int | None]:
        """A claim, and with at-least-once semantics its first part recorded `sending`
        already, so that it can go the moment the modem is free. (Recorded but not yet
        written at a crash, it is sent after the restart, as at-least-once does anyway; at
        most once it would be marked unknown without having gone out, so not there.)"""
        claim = await self.try_claim()
        if claim is None or self.ctx.config.crash_semantics != "at_least_once":
            return claim, None
        first = next((p.seq for p in claim.parts if p.state == "queued"), None)
        if first is None:
            return claim, None
        try:
            await durably(
                "recording a part as sending", lambda: self.ctx.store.part_sending(claim, first)
            )
        except LeaseLost:
            return claim, None  # ClaimRun meets it again and leaves the claim
        return claim, first

    async def try_claim(self) -> Claim | None:
        """Claim the next recipient this modem may send, if it is fit and has allowance."""
        if not self.fit():
            return None
        now = self.ctx.now()
        if self.allowance.limited:
            left = self.allowance.left()
            await self.allowance.refresh(
                self.ctx.store, now, force=left is not None and left < self.need
            )
            if not self.allowance.allows(self.need):
                return None
        self.need = 1
        lease = self.ctx.config.lease
        slot = Slot(self.modem_id, self.ctx.node, now + lease, self.groups)
        return await durably(
            f"claiming for {self.modem_id}", lambda: self.ctx.store.claim(slot, now)
        )

    # --- what ClaimRun reports ------------------------------------------------------------

    def succeeded(self) -> None:
        """A part went out: the breaker closes."""
        if self.breaker.failures or self.breaker.opened_until is not None:
            self.breaker.success()
            self.on_change(self)

    def failed(self, error: Error, *, modem_fault: bool) -> None:
        """A part failed; a fault of the modem's counts against its breaker."""
        self.last_error = error
        if modem_fault and self.breaker.failure(self.ctx.now(), error.message):
            log.warning(
                "%s: out of rotation for %s after %d failures in a row (%s)",
                self.modem_id,
                self.breaker.cooldown,
                self.breaker.failures,
                error.message,
            )
        self.on_change(self)

    def gone_error(self) -> Error:
        state = self.modem.state
        why = f": {state.reason}" if state.reason else ""
        return Error("modem", "modem_gone", f"modem {self.modem_id} is {state.status}{why}")
