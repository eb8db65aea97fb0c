"""Shared by the MMS client tests: a simulated network with its MMSC, a client per modem over
the `direct` bearer from that modem's own loopback address, and the WAP pushes a modem holds
in its storage, read back as the network delivered them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from modem.bearer.base import Limits
from modem.bearer.carriers import CarrierSettings
from modem.bearer.direct import DirectBearer
from modem.bearer.mmsc import MmscHttp
from modem.mms.client import MmsClient
from modem.mms.client_policy import RetrievalPolicy, RetryPolicy
from modem.mms.client_state import MemoryMmsStore
from modem.mms.push import PushMessage, is_push_part, push_from_sms
from modem.sim import ModemSpec, SimConfig, SimNetwork
from modem.sim.mmsc_config import MmscSpec

JPEG = (Path(__file__).parent / "data" / "gradient.jpg").read_bytes()  # made for these tests
FAST = RetryPolicy(scale=0.001)  # Android's 2/4/8 s schedule, a thousand times faster
SHORT = Limits(connect_timeout=5, timeout=5, read_timeout=2)


def sim_config(**mmsc: Any) -> SimConfig:
    return SimConfig(
        modems=[ModemSpec("alice"), ModemSpec("bob")], latency_scale=0.0, mmsc=MmscSpec(**mmsc)
    )


def carrier(url: str, **values: Any) -> CarrierSettings:
    values.setdefault("max_size", 1024 * 1024)
    return CarrierSettings(name="sim", mmsc=url, **values)


def client_for(
    net: SimNetwork,
    name: str,
    *,
    store: MemoryMmsStore | None = None,
    retrieval: RetrievalPolicy | None = None,
    clock: Callable[[], datetime] | None = None,
    limits: Limits = SHORT,
    retry: RetryPolicy = FAST,
    **carrier_values: Any,
) -> MmsClient:
    modem = net.modem(name)
    bearer = DirectBearer(source=net.mmsc.address_of(modem.number))
    mmsc = MmscHttp(
        bearer, carrier(net.mmsc.url, **carrier_values), own_number=modem.number, limits=limits
    )
    return MmsClient(
        mmsc, modem_id=name, store=store, retrieval=retrieval, retry=retry, clock=clock
    )


def pushes(net: SimNetwork, name: str) -> list[PushMessage]:
    """The WAP pushes in a modem's storage, each put back together from its SMS parts."""
    parts = [m.tpdu for m in net.modem(name).inbox]
    groups: dict[Any, list[Any]] = {}
    for part in parts:
        if is_push_part(part):
            concat = part.concat
            key = (part.sender.number, concat.reference if concat else None)
            groups.setdefault(key, []).append(part)
    return [push_from_sms(group) for group in groups.values()]


async def settle(net: SimNetwork) -> None:
    """Let the simulated network carry what it was handed (latency 0: a few loop turns)."""
    for _ in range(5):
        await asyncio.sleep(0)
    await net.drain()


class Clock:
    """A clock the test moves."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)
