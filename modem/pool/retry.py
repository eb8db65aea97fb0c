"""What a failed send means for its recipient, and when to try again. Pure.

The driver says exactly what happened to a part (modem.device.send): `PartRejected` (a
+CMS/+CME code; `permanent` when no retry anywhere can help, `retryable` when this modem may
take it later), `PartNotSent` (no prompt, or the port went away before the body: nothing went
out), `SendUnknown` (the body was written, no result). Here each becomes a stored `Error`
(source, kind, code, words, the raw line) and a verdict:

- "fail": permanent (unassigned number, barred, a PDU the network calls malformed): the
  recipient fails at once with the reason; retrying would only repeat it.
- "retry": transient (congestion, network out of order, a timeout before the body, a modem
  that vanished, +CMS codes the AT tables call retryable, and those another modem or SIM may
  cure: no SMSC, SIM barred, storage full): back to the queue after a backoff, preferably
  on another modem, up to the attempt limit.
- "unknown": the body went out and no answer came. Never retried: resending risks a
  duplicate on the handset, and a status report, if one was asked for, can still settle it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from modem.errors import CommandTimeout, ModemGone, PartNotSent, PartRejected, SendUnknown
from modem.store.records import Error

if TYPE_CHECKING:
    from modem.config.pool import RetryConfig

__all__ = ["Verdict", "backoff", "judge_failure"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """`action` is "fail", "retry" or "unknown"; `error` what is stored; `modem_fault` says
    whether the failure counts against the modem's breaker."""

    action: str
    error: Error
    modem_fault: bool


def judge_failure(exc: BaseException) -> Verdict:
    """The verdict on one failed `send_pdu` (PartRejected, PartNotSent, SendUnknown)."""
    if isinstance(exc, PartRejected):
        kind = str(getattr(exc.kind, "value", exc.kind) or "error").lstrip("+").lower()
        kind = "cms" if "cms" in kind else "cme" if "cme" in kind else "error"
        # +CMS 0-255 are the network's causes (RP-cause, TP-FCS); 300 and up the modem's own.
        source = "network" if exc.code is not None and exc.code < 300 else "modem"
        meaning = exc.text or str(exc)
        error = Error(source, kind, meaning, code=exc.code, raw=exc.result or None)
        if exc.permanent:
            return Verdict("fail", error, modem_fault=False)
        return Verdict("retry", error, modem_fault=True)
    if isinstance(exc, SendUnknown):
        return Verdict("unknown", _cause_error(exc, "no result after the body was sent"), True)
    if isinstance(exc, PartNotSent):
        return Verdict("retry", _cause_error(exc, "not sent"), modem_fault=True)
    raise TypeError(f"not a send failure: {type(exc).__name__}")


def _cause_error(exc: PartNotSent | SendUnknown, what: str) -> Error:
    cause = exc.cause
    if isinstance(cause, ModemGone):
        kind = "modem_gone"
    elif isinstance(cause, CommandTimeout):
        kind = "timeout"
    else:
        kind = "unknown" if isinstance(exc, SendUnknown) else "modem"
    detail = str(cause) if cause is not None else str(exc)
    return Error("modem", kind, f"{what}: {detail}")


def backoff(attempt: int, config: RetryConfig, rng: random.Random | None = None) -> timedelta:
    """How long to wait before the retry that follows claim number `attempt` (1, 2, ...):
    `backoff * 2**(attempt-1)`, at most `max_backoff`, the `jitter` share of it drawn at
    random (so recipients that failed together do not come back together)."""
    base = config.backoff.total_seconds() * 2 ** max(0, attempt - 1)
    delay = min(base, config.max_backoff.total_seconds())
    spread = delay * config.jitter
    draw = (rng or random).random()
    return timedelta(seconds=delay - spread + spread * draw)
