"""`modem serve --sim`: the whole gateway on simulated modems in the same process.

The modems are served on pseudo-terminals, as `modem demo` serves them, so the gateway opens
them as it would open /dev/ttyUSB2, and other programs (minicom, gammu) could too. Their
latencies are a real network's (about 3 s per SMS), scaled down tenfold.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from modem.config import Config, ModemConfig

if TYPE_CHECKING:
    from modem.sim import SimNetwork

__all__ = ["simulated"]


@contextlib.asynccontextmanager
async def simulated(
    config: Config, count: int = 2, latency_scale: float = 0.1
) -> AsyncIterator[tuple[Config, SimNetwork]]:
    """`config` with its modems replaced by `count` simulated ones (sim0, sim1, ...) served on
    ptys for as long as the block runs; and the simulated network."""
    from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork

    latency = FaultSpec(latency=0.05, sms_latency=3.0)
    sim = SimConfig(
        modems=[ModemSpec(f"sim{i}", faults=latency) for i in range(count)],
        latency_scale=latency_scale,
        seed=1,
    )
    async with SimNetwork(sim) as network:
        modems = {}
        for modem in network.modems:
            port = await modem.serve_pty()
            modems[modem.name] = ModemConfig(name=modem.name, port=port)
        yield dataclasses.replace(config, modems=modems), network
