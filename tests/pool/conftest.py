"""Fixtures for the pool's tests: simulated modems in the test's event loop (reached through
in-process sockets, which the driver opens like any port), a real SQLite store in a temporary
directory, and a started `Pool` over them. Waiting is done on the store's outbox (every
change writes an event), never by sleeping."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from modem.config import SendDefaults, Timeouts
from modem.config.pool import HealthConfig, PoolConfig, RetryConfig
from modem.device import Modem
from modem.pool import Pool
from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork
from modem.store import Message, Store, store_for

#: Short driver deadlines: a modem that stops answering is noticed quickly. Never asserted on.
FAST = Timeouts(command=2.0, prompt=2.0, send=2.0, list=5.0, ussd=2.0, probe=0.3, ack=2.0,
                reopen_max=0.5)  # fmt: skip
#: Retries and rests a test can wait for: tenths of a second, not minutes.
MS = timedelta(milliseconds=1)
QUICK = RetryConfig(max_attempts=5, backoff=50 * MS, max_backoff=200 * MS, jitter=0.5)
CONFIG = PoolConfig(
    retries=QUICK,
    health=HealthConfig(failures=3, cooldown=200 * MS, max_cooldown=400 * MS),
)
OUTSIDE = "+4712345678"  # a number no simulated modem has: the SMSC takes it, never delivers


@dataclass
class Gateway:
    """A pool on simulated modems, and what the tests look at."""

    net: SimNetwork
    store: Store
    pool: Pool
    modems: dict[str, Modem]

    def number(self, name: str) -> str:
        return self.net.modem(name).number

    def sent_by(self, name: str) -> list[Any]:
        """The SMS-SUBMITs the simulated modem handed to its SMSC."""
        return self.net.modem(name).sent

    async def wait(
        self, message_id: str, done: Callable[[Message], bool], timeout: float = 20.0
    ) -> Message:
        """Wait (on the outbox) until the stored message satisfies `done`."""
        return await wait_for(self.store, message_id, done, timeout)

    async def settled(self, message_id: str, timeout: float = 20.0) -> Message:
        """Wait until no recipient of the message is waiting or sending any more."""
        return await self.wait(
            message_id,
            lambda m: all(r.state not in ("scheduled", "queued", "sending") for r in m.recipients),
            timeout,
        )


async def wait_for(
    store: Store, message_id: str, done: Callable[[Message], bool], timeout: float = 20.0
) -> Message:
    async with asyncio.timeout(timeout):
        while True:
            seq = await store.last_event_seq()
            message = await store.get_message(message_id)
            if done(message):
                return message
            await store.wait_events(seq, 1.0)


async def until(predicate: Callable[[], Any], timeout: float = 20.0) -> None:
    """Wait for a condition of the simulator or the driver, which have no events to await."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def until_async(predicate: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> None:
    """`until` for a condition that is read from the store (a change without an event)."""
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.01)


def specs(*names: str, **faults: Any) -> list[ModemSpec]:
    return [ModemSpec(name, faults=FaultSpec(**faults)) for name in names]


@contextlib.asynccontextmanager
async def gateway(
    tmp_path: Path,
    modems: Iterable[ModemSpec] | Iterable[str] = ("sim0", "sim1"),
    *,
    config: PoolConfig = CONFIG,
    send: SendDefaults | None = None,
    latency_scale: float = 0.0,
    report_delay: float = 0.0,
    start: bool = True,
    node: str = "test",
    store: Store | None = None,
    clock: Callable[[], datetime] | None = None,
    timeouts: Timeouts = FAST,
    phones: Iterable[str] = (),
    **sim_options: Any,
) -> AsyncIterator[Gateway]:
    """A started pool (unless `start` is False) on simulated modems in this loop; `phones`
    are simulated too but not in the pool (recipients). `sim_options` go to SimConfig
    (validity: the SMSC's own, in seconds)."""
    phones = tuple(phones)
    modem_specs = [m if isinstance(m, ModemSpec) else ModemSpec(m) for m in modems]
    sim = SimConfig(modems=modem_specs, latency_scale=latency_scale, seed=1,
                    report_delay=report_delay, **sim_options)  # fmt: skip
    async with SimNetwork(sim) as net:
        own = store is None
        if store is None:
            store = store_for(str(tmp_path / "modem.db"), synchronous="normal")
            await store.open()
            await store.migrate()
        opened: dict[str, Modem] = {}
        try:
            for spec in modem_specs:
                if spec.name in phones:
                    continue
                modem = Modem(net.modem(spec.name).url, name=spec.name, timeouts=timeouts)
                await modem.open()
                opened[spec.name] = modem
            extra = {"clock": clock} if clock is not None else {}
            pool = Pool(store, opened.values(), config=config, node=node,
                        send=send or SendDefaults(), tick=0.05, **extra)  # fmt: skip
            if start:
                await pool.start()
            try:
                yield Gateway(net, store, pool, opened)
            finally:
                await pool.stop(timeout=5)
        finally:
            for modem in opened.values():
                await modem.close()
            if own:
                await store.close()


def with_config(**changes: Any) -> PoolConfig:
    return dataclasses.replace(CONFIG, **changes)


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with gateway(tmp_path) as g:
        yield g
