"""`Gateway` in this process: config -> store -> modems -> pool -> components, reload, stop.
The modems are simulated ones reached by sim:// URLs (the driver opens them like any port)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modem.config import Config, config_from_dict
from modem.pool import SendRequest
from modem.service import Gateway
from modem.sim import ModemSpec, SimConfig, SimNetwork

OUTSIDE = "+4712345678"


def config(tmp_path: Path, modems: dict[str, str], **sections: Any) -> Config:
    data = {"modems": modems, "store": {"path": str(tmp_path / "modem.db")}, "node": "n1"}
    data.update(sections)
    return config_from_dict(data)


class Recorder:
    """A component that notes what the gateway did to it."""

    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.gateway: Gateway | None = None

    async def start(self, gateway: Gateway) -> None:
        assert gateway.pool is not None and gateway.store is not None
        self.gateway = gateway
        self.calls.append("start")

    async def stop(self) -> None:
        assert self.gateway is not None and self.gateway.pool is not None  # before the pool
        self.calls.append("stop")

    async def reload(self, config: Config) -> Sequence[str]:
        self.calls.append("reload")
        return ["recorder: nothing to change"]


async def ready(gateway: Gateway, *names: str, timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not all(gateway.modems[n].state.ready for n in names):
            await asyncio.sleep(0.01)


async def test_the_gateway_sends_and_stops_cleanly(tmp_path: Path) -> None:
    sim = SimConfig(modems=[ModemSpec("a"), ModemSpec("b")], latency_scale=0.0, seed=1)
    async with SimNetwork(sim) as net:
        gateway = Gateway(config(tmp_path, {"a": net.modem("a").url, "b": net.modem("b").url}))
        recorder = Recorder()
        gateway.add(recorder)
        await gateway.start()
        try:
            await ready(gateway, "a", "b")
            assert gateway.pool is not None
            message = await gateway.pool.submit(SendRequest(to=OUTSIDE, text="hello"))
            store = gateway.store
            assert store is not None
            async with asyncio.timeout(20):
                while (await store.get_message(message.id)).state != "sent":
                    await store.wait_events(await store.last_event_seq(), 1.0)
        finally:
            await gateway.stop()
        assert recorder.calls == ["start", "stop"]
        assert gateway.store is None and all(
            m.state.status == "closed" for m in [*gateway.modems.values()]
        )
        await gateway.stop()  # twice is fine


async def test_reload_adds_removes_and_reconfigures(tmp_path: Path) -> None:
    sim = SimConfig(modems=[ModemSpec("a"), ModemSpec("b")], latency_scale=0.0, seed=1)
    async with SimNetwork(sim) as net:
        urls = {"a": net.modem("a").url, "b": net.modem("b").url}
        gateway = Gateway(config(tmp_path, {"a": urls["a"]}))
        recorder = Recorder()
        gateway.add(recorder)
        await gateway.start()
        try:
            await ready(gateway, "a")
            new = config(tmp_path / "elsewhere", {"b": urls["b"]}, node="n2",
                         pool={"limits": {"per_day": 7}})  # fmt: skip
            pending = await gateway.reload(new)
            assert any(line.startswith("store") for line in pending)
            assert any(line.startswith("node") for line in pending)
            assert "recorder: nothing to change" in pending
            assert list(gateway.modems) == ["b"]
            await ready(gateway, "b")
            assert gateway.pool is not None
            [status] = [s for s in await gateway.pool.modems() if s.local]
            assert status.modem_id == "b" and status.allowance["per_day"]["limit"] == 7
            registry = {r.modem_id: r.status for r in await gateway.pool.store.list_modems()}
            assert registry["a"] == "closed"
            assert gateway.config.node == "n1"  # kept until a restart
        finally:
            await gateway.stop()
