"""Fixtures for the driver tests: simulated networks in the test's event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import pytest

from modem.config import Timeouts
from modem.device import Modem
from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork

PERSONALITIES = ["generic", "huawei", "simcom", "quectel", "zte", "telit", "ublox"]

# Short deadlines for fault tests: a hung modem is noticed quickly. Never asserted on.
FAST = Timeouts(command=0.5, prompt=0.5, send=0.5, list=5.0, ussd=2.0, probe=0.2, ack=2.0)


@contextlib.asynccontextmanager
async def network(*specs: ModemSpec, latency_scale: float = 0.0) -> AsyncIterator[SimNetwork]:
    async with SimNetwork(SimConfig(modems=list(specs), latency_scale=latency_scale, seed=1)) as n:
        yield n


@pytest.fixture
async def pair(request: pytest.FixtureRequest) -> AsyncIterator[SimNetwork]:
    """sim0 (personality from the test's param, else generic) and sim1 (generic)."""
    personality = getattr(request, "param", "generic")
    async with network(ModemSpec("sim0", personality=personality), ModemSpec("sim1")) as net:
        yield net


@contextlib.asynccontextmanager
async def opened(url: str, **kw) -> AsyncIterator[Modem]:
    m = Modem(url, **kw)
    await m.open()
    try:
        yield m
    finally:
        await m.close()


async def next_event(modem: Modem, kind: type | tuple[type, ...], timeout: float = 5.0):
    """The next event of `kind` (others are skipped, not acknowledged)."""
    async with asyncio.timeout(timeout):
        async for event in modem.events(auto_ack=False):
            if isinstance(event, kind):
                return event
    raise AssertionError("events ended")


async def wait_status(modem: Modem, status: str, timeout: float = 20.0) -> None:
    """Wait until the modem's state says `status` ("ready", "lost", ...)."""
    async with asyncio.timeout(timeout):
        async for state in modem.watch_state():
            if state.status == status:
                return


async def settled(modem: Modem, quiet: float = 0.1, timeout: float = 10.0) -> None:
    """Wait until the modem's channel has been idle for `quiet` seconds (the scan and state
    reads a (re)open starts are done)."""
    async with asyncio.timeout(timeout):
        idle_since = None
        loop = asyncio.get_running_loop()
        while idle_since is None or loop.time() - idle_since < quiet:
            if modem.channel.busy:
                idle_since = None
            elif idle_since is None:
                idle_since = loop.time()
            await asyncio.sleep(0.01)


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for a condition of the *simulator* (which has no events to await)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.005)


__all__ = [
    "FAST",
    "PERSONALITIES",
    "FaultSpec",
    "ModemSpec",
    "network",
    "next_event",
    "opened",
    "settled",
    "until",
    "wait_status",
]
