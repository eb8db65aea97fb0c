"""A receiving modem that drops results and garbles lines now and then (the simulator's
FaultSpec): every message still reaches the consumer exactly once, and the SIM ends empty."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from modem.config import Timeouts
from modem.sim import FaultSpec, ModemSpec

from .conftest import network, opened, settled, until

pytestmark = pytest.mark.timeout(120)


async def test_every_message_exactly_once_through_drops_and_garbles() -> None:
    seed = 1
    timeouts = Timeouts(command=0.3, prompt=0.3, send=0.3, list=1.0, probe=0.15, ack=2.0)
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=timeouts, poll_interval=0.5) as modem:
            await settled(modem)
            sim.faults = FaultSpec(drop_final_rate=0.05, garble_rate=0.05)
            texts = [f"noisy {seed}-{i} " + "n" * (170 * (i % 3)) for i in range(20)]
            stream = modem.messages(ack=True)
            got: Counter[str] = Counter()
            async with asyncio.timeout(90):
                # in batches of five (ten parts): the simulated SIM holds 30
                for batch in range(0, len(texts), 5):
                    for i, text in enumerate(texts[batch : batch + 5], batch):
                        # a sender's concatenation references, counting up as phones do
                        await net.inject_sms(sim.number, text, reference=seed * 64 + i)
                    while sum(got.values()) < batch + 5:
                        message = await anext(stream)
                        # an undecodable item would mean garbage got through
                        assert getattr(message, "type", None) == "sms.message", message
                        assert message.complete, message
                        got[message.text] += 1
            assert got == Counter(texts)  # each once, none garbled
            sim.faults = FaultSpec()
            pending = asyncio.ensure_future(anext(stream))  # acks the last message
            await until(lambda: [m for m in sim.inbox if m.memory != "SR"] == [], timeout=20)
            pending.cancel()
