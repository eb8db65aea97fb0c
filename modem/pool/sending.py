"""Sending one claim: its parts in order through one modem, every step recorded in the store.

    part_sending     committed before the body is written: after a crash a `sending` part is
                     one that may be out
    send_pdu         one AT+CMGS (the driver never retries)
    part_sent (reference, modem, time) | part_failed | part_unknown
    finish | release (retry later, maybe elsewhere) | fail (permanent, or out of retries)

The records are pipelined, never skipped: a part's `sent` is committed together with the
next part's `sending` (one commit, both awaited before the next body is written), and the
claim's last `sent` and its `finish` are committed in the background while the modem starts
on the next recipient, whose first part (claimed and recorded `sending` while this one was
in flight, see `Worker.prefetch`) goes at once. So in a steady stream no commit stands
between two messages, and one between two parts of a message.

A part whose outcome the modem could not tell (`SendUnknown`) is recorded unknown and the
claim goes on with the next part: resending it might deliver it twice, and a status report
can still settle it. A modem that goes away mid-claim fails the part in flight with
`PartNotSent` (nothing went out) or `SendUnknown`; the claim is then released at once, not
left to its lease.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from modem.errors import PartNotSent, PartRejected, SendUnknown
from modem.pool.context import durably
from modem.pool.retry import backoff, judge_failure
from modem.store.errors import LeaseLost
from modem.store.records import Claim, Error, Part
from modem.vocabulary import PartState

if TYPE_CHECKING:
    from modem.pool.worker import Worker

__all__ = ["ClaimRun", "Pipeline"]

log = logging.getLogger("modem.pool")

OUT = (PartState.SENT, PartState.UNKNOWN, PartState.DELIVERED, PartState.UNDELIVERED)


class Pipeline:
    """The records one worker has in flight in the background (a recipient's last `sent`,
    then its `finish`), so it can wait for them all before it stops."""

    def __init__(self, modem_id: str) -> None:
        self.modem_id = modem_id
        self._tasks: set[asyncio.Task[None]] = set()

    def record(
        self, what: str, call: Callable[[], Awaitable[Any]], after: asyncio.Task[None] | None = None
    ) -> asyncio.Task[None]:
        """Commit `call()` in the background (once `after` is committed), waiting out an
        unavailable store; a claim taken over meanwhile is logged, not raised."""

        async def run() -> None:
            if after is not None:
                await after
            await self._quietly(what, call)

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait until every record is committed."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def _quietly(self, what: str, call: Callable[[], Awaitable[Any]]) -> None:
        try:
            await durably(what, call)
        except LeaseLost as exc:  # the store kept what happened; the claim is not ours now
            log.warning("%s: %s while %s", self.modem_id, exc, what)
        except Exception:
            log.exception("%s: %s failed", self.modem_id, what)


class ClaimRun:
    """Sends one claim on a worker's modem (module docstring). `early`: the seq of a part
    already recorded `sending` (a prefetched claim, at-least-once: see `Worker.prefetch`)."""

    def __init__(self, worker: Worker, claim: Claim, early: int | None = None) -> None:
        self.worker = worker
        self.claim = claim
        self.early = early
        self.store = worker.ctx.store
        self.modem_id = worker.modem_id
        self.pending: asyncio.Task[None] | None = None  # this claim's last `sent` record

    async def run(self) -> None:
        w, claim = self.worker, self.claim
        queued = [p for p in claim.parts if p.state == PartState.QUEUED]
        out = any(p.state in OUT for p in claim.parts)
        if claim.expires_at is not None and claim.expires_at <= w.ctx.now():
            await self.release(attempted=False)  # the clockwork expires it
            return
        if not w.allowance.allows(len(queued)):
            # Not enough room for all of it: leave it whole to a modem that has room (the
            # parts of one message go through one modem), and wait until this one has.
            w.need = len(queued)
            await self.release(attempted=False, avoid=not out)
            return
        for i, part in enumerate(queued):
            if w.stopping or not w.modem.ready:
                why = None if w.stopping else w.gone_error()
                await self.release(error=why, attempted=i > 0, avoid=why is not None and not out)
                return
            if not await self.send(part, last=i == len(queued) - 1):
                return
            out = True
        w.pipeline.record("finishing a recipient", lambda: self.store.finish(claim), self.pending)
        w.counters.recipients_done += 1

    async def send(self, part: Part, *, last: bool) -> bool:
        """Send one part; False when the claim was ended here (failed or released)."""
        w, claim = self.worker, self.claim

        def sending() -> Awaitable[Any]:
            return durably(
                "recording a part as sending", lambda: self.store.part_sending(claim, part.seq)
            )

        if self.pending is not None:  # the part before must be recorded sent before this goes
            await asyncio.gather(self.pending, sending())
        elif part.seq != self.early:  # (else recorded already, while the claim before was out)
            await sending()
        if last:
            w.prefetch()  # the next recipient, claimed while this part is in flight
        try:
            sent = await w.modem.send_pdu(
                part.pdu, part.length, recipient=claim.number, sequence=part.seq - 1
            )
        except (PartRejected, PartNotSent, SendUnknown) as exc:
            return await self.failed(part, exc)
        self.pending = w.pipeline.record(
            "recording a part as sent",
            lambda: self.store.part_sent(
                claim, part.seq, reference=sent.reference, sent_at=sent.sent_at
            ),
        )
        w.allowance.took(1)
        w.counters.parts_sent += 1
        w.succeeded()
        return True

    async def failed(self, part: Part, exc: BaseException) -> bool:
        w, claim, store = self.worker, self.claim, self.store
        verdict = judge_failure(exc)
        error = verdict.error
        w.failed(error, modem_fault=verdict.modem_fault)
        if verdict.action == "unknown":
            # Written, no answer: it may be out. Never resent (a duplicate on the handset
            # is worse than a doubt); a status report, if asked for, can still settle it.
            log.warning(
                "%s: part %d to %s: %s", self.modem_id, part.seq, claim.number, error.message
            )
            await durably(
                "recording an unknown part", lambda: store.part_unknown(claim, part.seq, error)
            )
            w.allowance.took(1)
            w.counters.parts_unknown += 1
            return True
        await durably("recording a failed part", lambda: store.part_failed(claim, part.seq, error))
        w.counters.parts_failed += 1
        if verdict.action == "fail":
            log.info("%s: %s failed for good: %s", self.modem_id, claim.number, error.message)
            await self.fail(error)
            return False
        limit = w.ctx.config.retries.max_attempts
        if claim.attempt >= limit:
            final = Error(
                error.source,
                error.kind,
                f"gave up after {claim.attempt} attempts: {error.message}",
                code=error.code,
                raw=error.raw,
            )
            log.info("%s: %s: %s", self.modem_id, claim.number, final.message)
            await self.fail(final)
            return False
        delay = backoff(claim.attempt, w.ctx.config.retries, w.ctx.rng)
        out = any(p.state in OUT for p in claim.parts) or part.seq > _first_queued(claim)
        log.info(
            "%s: %s: %s; retrying in %.1f s",
            self.modem_id,
            claim.number,
            error.message,
            delay.total_seconds(),
        )
        # Elsewhere if nothing of it went out yet; else here (one sender for all its parts).
        await self.release(retry_in=delay, error=error, avoid=not out)
        w.counters.retries += 1
        return False

    async def fail(self, error: Error) -> None:
        await durably("failing a recipient", lambda: self.store.fail(self.claim, error))
        self.worker.counters.recipients_failed += 1

    async def release(
        self,
        *,
        retry_in: timedelta | None = None,
        error: Error | None = None,
        attempted: bool = True,
        avoid: bool = False,
    ) -> None:
        w = self.worker
        retry_at = None if retry_in is None else w.ctx.now() + retry_in
        await durably(
            "releasing a recipient",
            lambda: self.store.release(
                self.claim, retry_at=retry_at, error=error, avoid_modem=avoid, attempted=attempted
            ),
        )
        w.ctx.wake()


def _first_queued(claim: Claim) -> int:
    return min((p.seq for p in claim.parts if p.state == PartState.QUEUED), default=0)
