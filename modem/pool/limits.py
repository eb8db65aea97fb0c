"""A modem's sending allowance: SMS parts per minute, hour and day, counted through the store.

SIM plans count parts, so limits do too. The counts come from the store (`sent_count`: parts
handed to the network by this modem since a time), so they hold across restarts and, with a
shared database, across hosts. Between two reads from the store the worker adds what it sends
itself (it is the only sender on its modem), and it reads again when the figures are old or
when they say the modem is at its limit (windows slide: old parts drop out of them).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modem.config.pool import Limits
    from modem.store import Store

__all__ = ["Allowance"]

#: Figures older than this are read again before they are relied on.
FRESH = timedelta(seconds=10)


class Allowance:
    """The limits of one modem and what it used of them."""

    def __init__(self, modem_id: str, limits: Limits) -> None:
        self.modem_id = modem_id
        self.limits = limits
        self._used: dict[str, int] = {}
        self._read_at: datetime | None = None
        self.sent_today = 0

    @property
    def limited(self) -> bool:
        return bool(self.limits.windows())

    async def refresh(self, store: Store, now: datetime, *, force: bool = False) -> None:
        """Read the counts from the store if they are old (or `force`)."""
        if not force and self._read_at is not None and now - self._read_at < FRESH:
            return
        used = {}
        for name, span, _ in self.limits.windows():
            used[name] = await store.sent_count(self.modem_id, now - span)
        if "per_day" in used:
            self.sent_today = used["per_day"]
        else:
            self.sent_today = await store.sent_count(self.modem_id, now - timedelta(days=1))
        self._used = used
        self._read_at = now

    def left(self) -> int | None:
        """Parts this modem may still send now (None: no limit)."""
        lefts = [n - self._used.get(name, 0) for name, _, n in self.limits.windows()]
        return max(0, min(lefts)) if lefts else None

    def allows(self, parts: int) -> bool:
        left = self.left()
        return left is None or left >= parts

    def took(self, parts: int = 1) -> None:
        """This modem just handed `parts` to the network."""
        for name in self._used:
            self._used[name] += parts
        self.sent_today += parts

    @property
    def usage(self) -> float:
        """The share of its tightest allowance used (0 with no limits)."""
        shares = [
            (self._used.get(name, 0) / n) if n else 1.0 for name, _, n in self.limits.windows()
        ]
        return max(shares, default=0.0)

    def to_json(self) -> dict[str, Any]:
        """{"per_minute": {"limit", "used", "left"}, ...} for the limits that are set."""
        out: dict[str, Any] = {}
        for name, _, limit in self.limits.windows():
            used = self._used.get(name, 0)
            out[name] = {"limit": limit, "used": used, "left": max(0, limit - used)}
        return out
