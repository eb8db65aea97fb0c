"""The MMS client's policies: when to try again, and whether to fetch what is announced.

`RetryPolicy`: Android's MmsRequest tries 3 times, waiting 2, 4, then 8 s (AOSP
packages/services/Mms, MmsRequest.execute); a message the network still holds is worth more
than three quick tries, so after those the client keeps trying, further and further apart
(`later`, doubling up to `max_delay`), until the notification's expiry.

`RetrievalPolicy`: immediate retrieval (fetch, then M-NotifyResp.ind Retrieved), deferred
(M-NotifyResp.ind Deferred now, fetch when asked, then M-Acknowledge.ind), or reject
(M-NotifyResp.ind Rejected), per OMA MMS CTR §8.1; a size limit and message classes turn an
otherwise fetched message into a rejected one.
"""

from __future__ import annotations

from dataclasses import dataclass

from modem.mms.enums import MessageClass, Status
from modem.mms.pdu import NotificationInd

__all__ = ["MODES", "RetrievalPolicy", "RetryPolicy"]

MODES = ("immediate", "deferred", "reject")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Seconds to wait after a failed attempt. `scale` multiplies every delay (tests run the
    real schedule faster)."""

    delays: tuple[float, ...] = (2.0, 4.0, 8.0)
    later: float = 600.0
    max_delay: float = 3600.0
    scale: float = 1.0

    def delay(self, attempts: int) -> float:
        """The wait after `attempts` attempts have failed (attempts >= 1)."""
        if attempts <= len(self.delays):
            seconds = self.delays[max(attempts, 1) - 1]
        else:
            seconds = min(self.later * 2 ** (attempts - len(self.delays) - 1), self.max_delay)
        return seconds * self.scale


@dataclass(frozen=True, slots=True)
class RetrievalPolicy:
    mode: str = "immediate"
    max_size: int | None = None
    reject_classes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"retrieval mode {self.mode!r} is not one of {', '.join(MODES)}")

    def decide(self, notification: NotificationInd) -> Status:
        """RETRIEVED: fetch now; DEFERRED: tell the MMSC, fetch when asked; REJECTED."""
        if self.mode == "reject":
            return Status.REJECTED
        size = notification.message_size
        if self.max_size is not None and size is not None and size > self.max_size:
            return Status.REJECTED
        if _class_name(notification.message_class) in {c.lower() for c in self.reject_classes}:
            return Status.REJECTED
        return Status.DEFERRED if self.mode == "deferred" else Status.RETRIEVED


def _class_name(value: object) -> str:
    if isinstance(value, MessageClass):
        return value.name.lower()
    return str(value or "personal").lower()
