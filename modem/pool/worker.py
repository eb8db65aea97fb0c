"""One modem's sender: claims recipients through the store and sends their parts, in order.

The flow of one claim (every step committed before the next begins):

    claim (store: the recipient is `sending` on this modem, under a lease)
    for each part still queued:
        part_sending            committed before the body is written: after a crash a
                                `sending` part is one that may be out
        send_pdu                one AT+CMGS (the driver never retries)
        part_sent (reference, modem, time) | part_failed | part_unknown
    finish | release (retry later, maybe elsewhere) | fail (permanent, or out of retries)

A part whose outcome the modem could not tell (`SendUnknown`) is recorded unknown and the
claim goes on with the next part: resending it might deliver it twice, and a status report
can still settle it. A modem that goes away mid-claim fails the part in flight with
`PartNotSent` (nothing went out) or `SendUnknown`; the claim is then released at once, not
left to its lease. Stopping (`stop()`) lets the part in flight finish and releases the rest.

A worker takes work two ways: the dispatcher offers it when it is idle (new work came, in
the strategy's order), or it claims the next recipient itself right after finishing one when
no other modem is waiting for work (a backlog: everyone busy, nothing to choose).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from modem.errors import PartNotSent, PartRejected, SendUnknown
from modem.pool.context import Context, durably
from modem.pool.health import Breaker, judge
from modem.pool.limits import Allowance
from modem.pool.retry import backoff, judge_failure
from modem.store.errors import LeaseLost
from modem.store.records import Claim, Error, Part
from modem.store.requests import Slot
from modem.vocabulary import PartState

if TYPE_CHECKING:
    from modem.device import Modem, ModemState

__all__ = ["Counters", "Worker"]

log = logging.getLogger("modem.pool")

_OUT = (PartState.SENT, PartState.UNKNOWN, PartState.DELIVERED, PartState.UNDELIVERED)


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
        self._others_waiting = others_waiting
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
        while not self.stopping:
            claim = await self._wait_for_offer()
            while claim is not None and not self.stopping:
                await self._work(claim)
                claim = None
                if not self._others_waiting(self):
                    claim = await self.try_claim()

    async def _wait_for_offer(self) -> Claim | None:
        self._offer = asyncio.get_running_loop().create_future()
        self.ctx.wake()
        try:
            return await self._offer
        finally:
            self._offer = None

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

    # --- one claim ----------------------------------------------------------------------------

    async def _work(self, claim: Claim) -> None:
        self._claim = claim
        try:
            await self._send(claim)
        except LeaseLost as exc:
            log.warning("%s: %s; leaving it", self.modem_id, exc)
        finally:
            self._claim = None

    async def _send(self, claim: Claim) -> None:
        store = self.ctx.store
        queued = [p for p in claim.parts if p.state == PartState.QUEUED]
        out = any(p.state in _OUT for p in claim.parts)
        now = self.ctx.now()
        if claim.expires_at is not None and claim.expires_at <= now:
            await self._release(claim, attempted=False)  # the sweep expires it
            return
        if not self.allowance.allows(len(queued)):
            # Not enough room for all of it: leave it whole to a modem that has room (the
            # parts of one message go through one modem), and wait until this one has.
            self.need = len(queued)
            await self._release(claim, attempted=False, avoid=not out)
            return
        tried = False
        for part in queued:
            if self.stopping or not self.modem.ready:
                why = None if self.stopping else self._gone_error()
                await self._release(
                    claim, error=why, attempted=tried, avoid=why is not None and not out
                )
                return
            tried = True
            outcome = await self._send_part(claim, part)
            if outcome == "stop":
                return
            out = True
        await durably("finishing a recipient", lambda: store.finish(claim))
        self.counters.recipients_done += 1

    async def _send_part(self, claim: Claim, part: Part) -> str:
        """Send one part; "next" to go on, "stop" when the claim was ended here."""
        store = self.ctx.store
        await durably("recording a part as sending", lambda: store.part_sending(claim, part.seq))
        try:
            sent = await self.modem.send_pdu(
                part.pdu, part.length, recipient=claim.number, sequence=part.seq - 1
            )
        except (PartRejected, PartNotSent, SendUnknown) as exc:
            return await self._failed(claim, part, exc)
        await durably(
            "recording a part as sent",
            lambda: store.part_sent(
                claim, part.seq, reference=sent.reference, sent_at=sent.sent_at
            ),
        )
        self.allowance.took(1)
        self.counters.parts_sent += 1
        if self.breaker.failures:
            self.breaker.success()
            self.on_change(self)
        return "next"

    async def _failed(self, claim: Claim, part: Part, exc: BaseException) -> str:
        store = self.ctx.store
        verdict = judge_failure(exc)
        error = verdict.error
        self.last_error = error
        now = self.ctx.now()
        if verdict.modem_fault and self.breaker.failure(now, error.message):
            log.warning(
                "%s: out of rotation for %s after %d failures in a row (%s)",
                self.modem_id,
                self.breaker.cooldown,
                self.breaker.failures,
                error.message,
            )
        self.on_change(self)
        if verdict.action == "unknown":
            # Written, no answer: it may be out. Never resent (a duplicate on the handset
            # is worse than a doubt); a status report, if asked for, can still settle it.
            log.warning(
                "%s: part %d to %s: %s", self.modem_id, part.seq, claim.number, error.message
            )
            await durably(
                "recording an unknown part", lambda: store.part_unknown(claim, part.seq, error)
            )
            self.allowance.took(1)
            self.counters.parts_unknown += 1
            return "next"
        await durably("recording a failed part", lambda: store.part_failed(claim, part.seq, error))
        self.counters.parts_failed += 1
        if verdict.action == "fail":
            log.info("%s: %s failed for good: %s", self.modem_id, claim.number, error.message)
            await durably("failing a recipient", lambda: store.fail(claim, error))
            self.counters.recipients_failed += 1
            return "stop"
        limit = self.ctx.config.retries.max_attempts
        if claim.attempt >= limit:
            final = Error(
                error.source,
                error.kind,
                f"gave up after {claim.attempt} attempts: {error.message}",
                code=error.code,
                raw=error.raw,
            )
            log.info("%s: %s: %s", self.modem_id, claim.number, final.message)
            await durably("failing a recipient", lambda: store.fail(claim, final))
            self.counters.recipients_failed += 1
            return "stop"
        delay = backoff(claim.attempt, self.ctx.config.retries, self.ctx.rng)
        out = any(p.state in _OUT for p in claim.parts) or part.seq > _first_queued(claim)
        log.info(
            "%s: %s: %s; retrying in %.1f s",
            self.modem_id,
            claim.number,
            error.message,
            delay.total_seconds(),
        )
        # Elsewhere if nothing of it went out yet; else here (one sender for all its parts).
        await self._release(claim, retry_in=delay, error=error, avoid=not out)
        self.counters.retries += 1
        return "stop"

    async def _release(
        self,
        claim: Claim,
        *,
        retry_in: timedelta | None = None,
        error: Error | None = None,
        attempted: bool = True,
        avoid: bool = False,
    ) -> None:
        retry_at = None if retry_in is None else self.ctx.now() + retry_in
        await durably(
            "releasing a recipient",
            lambda: self.ctx.store.release(
                claim, retry_at=retry_at, error=error, avoid_modem=avoid, attempted=attempted
            ),
        )
        self.ctx.wake()

    def _gone_error(self) -> Error:
        state = self.modem.state
        return Error(
            "modem",
            "modem_gone",
            f"modem {self.modem_id} is {state.status}"
            + (f": {state.reason}" if state.reason else ""),
        )


def _first_queued(claim: Claim) -> int:
    return min((p.seq for p in claim.parts if p.state == PartState.QUEUED), default=0)
