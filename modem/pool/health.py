"""Whether a modem should be given work: its state, and a circuit breaker for one that keeps
failing. Pure: the caller gives the time.

A modem is healthy when the driver says it is ready (`ModemState.status`), registered (home
or roaming; a modem that has not said yet counts as registered), its signal is at least the
configured floor (unknown counts as enough), and its breaker lets work through.

The breaker counts failed sends in a row (a part the modem could not send, or whose outcome
it could not tell; a refusal that no modem could cure is the message's fault, not the
modem's, and does not count). At `failures` it opens: the modem is out of rotation for
`cooldown`. Then it is half open: one recipient is let through as a trial; a success closes
it, a failure opens it again for twice as long (at most `max_cooldown`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from modem.vocabulary import iso

if TYPE_CHECKING:
    from modem.config.pool import HealthConfig
    from modem.device import ModemState

__all__ = ["Breaker", "judge"]

_REGISTERED = (None, "registered", "roaming")


def judge(state: ModemState, config: HealthConfig) -> str | None:
    """Why the modem's state keeps it from work, or None when it is fit."""
    if state.status != "ready":
        return f"{state.status}" + (f": {state.reason}" if state.reason else "")
    if state.registration not in _REGISTERED:
        return f"not registered ({state.registration})"
    floor = config.min_signal_dbm
    if floor is not None and state.signal_dbm is not None and state.signal_dbm < floor:
        return f"signal {state.signal_dbm} dBm is below {floor} dBm"
    return None


class Breaker:
    """closed -> (failures in a row) -> open -> (cooldown) -> half_open -> closed or open."""

    def __init__(self, config: HealthConfig) -> None:
        self.config = config
        self.failures = 0
        self.opened_until: datetime | None = None
        self.cooldown = config.cooldown
        self.trips = 0
        self.reason: str | None = None

    def state(self, now: datetime) -> str:
        if self.opened_until is None:
            return "closed"
        return "open" if now < self.opened_until else "half_open"

    def allows(self, now: datetime) -> bool:
        return self.state(now) != "open"

    def success(self) -> None:
        self.failures = 0
        self.opened_until = None
        self.cooldown = self.config.cooldown
        self.reason = None

    def failure(self, now: datetime, reason: str) -> bool:
        """Count a failed send; True when this opened the breaker."""
        self.failures += 1
        self.reason = reason
        half_open = self.state(now) == "half_open"
        if half_open or (self.opened_until is None and self.failures >= self.config.failures):
            if half_open:
                self.cooldown = min(self.cooldown * 2, self.config.max_cooldown)
            self.opened_until = now + self.cooldown
            self.trips += 1
            return True
        return False

    def until(self) -> datetime | None:
        return self.opened_until

    def reopen_in(self, now: datetime) -> timedelta | None:
        if self.opened_until is None or now >= self.opened_until:
            return None
        return self.opened_until - now

    def to_json(self, now: datetime) -> dict[str, Any]:
        """{"state", "failures" (in a row), "open_until", "trips" (times it opened),
        "last_failure" (words)}."""
        return {
            "state": self.state(now),
            "failures": self.failures,
            "open_until": iso(self.opened_until) if self.state(now) == "open" else None,
            "trips": self.trips,
            "last_failure": self.reason,
        }
