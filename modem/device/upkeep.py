"""The modem's housekeeping task: the watchdog and the state refresh.

Every `timeouts.watchdog` seconds (at once after a fault, a reopen or a re-init), when no
command runs: check the modem still has our settings (AT+CNMI?: a modem that rebooted by
itself, or switched routing off after a missed AT+CNMA, TS 27.005 §3.4.4, would stay silent
about new messages; it is then initialised again) and, when due, re-read its state
(registration, signal, operator). Nothing it meets stops it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from modem.device.channel import Channel
from modem.errors import ModemGone

__all__ = ["Upkeep"]

log = logging.getLogger("modem.device")


class Upkeep:
    def __init__(
        self,
        channel: Channel,
        *,
        ready: Callable[[], bool],
        refresh: Callable[[], Awaitable[object]],
        settings_changed: Callable[[], Awaitable[str | None]],
        reinitialise: Callable[[str], Awaitable[None]],
    ) -> None:
        self.channel = channel
        self._ready = ready
        self._refresh = refresh
        self._settings_changed = settings_changed
        self._reinitialise = reinitialise
        self._now = asyncio.Event()
        self._refresh_due = False

    def check_now(self, *, refresh: bool = False) -> None:
        """Check the settings at once (and re-read the state, with `refresh`)."""
        self._refresh_due = self._refresh_due or refresh
        self._now.set()

    async def run(self) -> None:
        while True:
            try:
                async with asyncio.timeout(self.channel.timeouts.watchdog):
                    await self._now.wait()
            except TimeoutError:
                pass
            self._now.clear()
            if not self._ready():
                continue
            try:
                if self._refresh_due:
                    self._refresh_due = False
                    await self._refresh()
                elif self.channel.busy:
                    continue  # the modem is busy, hence alive; look again next round
                reason = await self._settings_changed()
                if reason is not None:
                    await self._reinitialise(reason)
            except ModemGone:
                pass  # the channel reopens it
            except Exception as exc:  # the next round tries again
                log.warning("%s: health check failed: %s", self.channel.current_port, exc)
