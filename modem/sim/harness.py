"""Run a simulated network in a background thread, for tests that drive external clients
(gammu in a subprocess, python-gsmmodem in its own threads) over pseudo-terminals.

    with serve_in_thread(config, tcp=True) as served:
        for name, port, number in served: ...
        served.urls["sim0"]                                             # "socket://127.0.0.1:N"
        served.call(lambda net: net.inject_sms(to=number, text="hi"))   # runs in the sim's loop

The network runs its own event loop in a daemon thread; leaving the block stops it cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from modem.errors import ModemError
from modem.sim.config import SimConfig
from modem.sim.serve import SimNetwork


class Served(list):
    """[(name, port, number), ...] plus `urls` (name -> socket:// URL, when served on TCP),
    `network`, `loop` and `call()` into the sim's loop."""

    network: SimNetwork
    loop: asyncio.AbstractEventLoop
    urls: dict[str, str]

    def call(self, fn: Callable[[SimNetwork], Any], timeout: float = 30.0) -> Any:
        """Run fn(network) in the simulator's loop and return its result (awaited if a
        coroutine)."""

        async def run() -> Any:
            result = fn(self.network)
            if asyncio.iscoroutine(result):
                result = await result
            return result

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)


@contextlib.contextmanager
def serve_in_thread(
    config: SimConfig,
    *,
    links: dict[str, str] | None = None,
    tcp: bool = False,
    timeout: float = 30.0,
) -> Iterator[Served]:
    """Start `config`'s modems on ptys in a daemon thread; yield a `Served` list of
    (name, port, number). `links` maps modem names to symlink paths to serve them under;
    `tcp` serves each on a free loopback TCP port too (`served.urls`)."""
    ready = threading.Event()
    served = Served()
    served.urls = {}
    failure: list[BaseException] = []
    stop: list[asyncio.Event] = []

    async def main() -> None:
        stop.append(asyncio.Event())
        try:
            async with SimNetwork(config) as net:
                served.network, served.loop = net, asyncio.get_running_loop()
                for modem in net.modems:
                    port = await modem.serve_pty((links or {}).get(modem.name))
                    served.append((modem.name, port, modem.number))
                    if tcp:
                        served.urls[modem.name] = modem.serve_tcp()
                ready.set()
                await stop[0].wait()
        except BaseException as exc:
            failure.append(exc)
            ready.set()

    thread = threading.Thread(target=lambda: asyncio.run(main()), name="sim", daemon=True)
    thread.start()
    if not ready.wait(timeout):
        raise ModemError("the simulated network did not start")
    if failure:
        raise failure[0]
    try:
        yield served
    finally:
        served.loop.call_soon_threadsafe(stop[0].set)
        thread.join(timeout)
