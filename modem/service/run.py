"""Running the gateway as a daemon: signals, reloads, the simulated network of `--sim`.

SIGTERM or SIGINT: a clean stop (`Gateway.stop()`: the SMS in flight finishes, nothing is
left half-written); a second one while stopping cuts it short, as a crash would (the next
start recovers). SIGHUP: the configuration is read again and applied (`Gateway.reload`); a
configuration with a mistake is refused with its error in the log, and the running one kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Sequence
from typing import Any

from modem.config import Config
from modem.errors import ModemError
from modem.service.gateway import Component, Gateway

__all__ = ["serve"]

log = logging.getLogger("modem.service")


async def serve(
    load: Callable[[], Config],
    *,
    sim: bool = False,
    components: Sequence[Component] = (),
    on_started: Callable[[Gateway], Any] | None = None,
) -> None:
    """Run the gateway until SIGTERM/SIGINT. `load()` reads the configuration (again on
    SIGHUP, flags applied). `sim`: on two simulated modems in this process.
    `on_started(gateway)` runs once it is up (to print where it listens, say)."""
    config = load()
    async with contextlib.AsyncExitStack() as stack:
        network = None
        if sim:
            from modem.service.simulated import simulated

            config, network = await stack.enter_async_context(simulated(config))
        gateway = Gateway(config)
        for component in components:
            gateway.add(component)
        signals = _Signals()
        signals.install()
        stack.callback(signals.remove)
        await gateway.start()
        try:
            if on_started is not None:
                on_started(gateway)
            while True:
                what = await signals.next()
                if what == "stop":
                    break
                await _reload(gateway, load, network)
        finally:
            stopping = asyncio.ensure_future(gateway.stop())
            signals.on_stop = stopping.cancel  # a second SIGTERM: cut it short
            try:
                await stopping
            except asyncio.CancelledError:
                log.warning("stopped hard: what was in flight is settled at the next start")


async def _reload(gateway: Gateway, load: Callable[[], Config], network: Any) -> None:
    try:
        config = load()
    except ModemError as exc:
        log.error("reload refused, keeping the running configuration: %s", exc)
        return
    if network is not None:  # --sim: the simulated modems stay the modems
        import dataclasses

        config = dataclasses.replace(config, modems=gateway.config.modems)
    await gateway.reload(config)


class _Signals:
    """SIGTERM/SIGINT -> "stop", SIGHUP -> "reload", queued for the main loop."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self.on_stop: Callable[[], Any] | None = None

    def install(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._loop.add_signal_handler(signum, self._stop)
        self._loop.add_signal_handler(signal.SIGHUP, self._queue.put_nowait, "reload")

    def remove(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            self._loop.remove_signal_handler(signum)

    def _stop(self) -> None:
        if self.on_stop is not None:
            self.on_stop()
        else:
            self._queue.put_nowait("stop")

    async def next(self) -> str:
        return await self._queue.get()
