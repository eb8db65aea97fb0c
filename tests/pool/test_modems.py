"""Modems that go away, come back, or keep failing: the others carry the load, nothing is
lost or sent twice, and the one that was away (or resting) rejoins."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from modem.pool import SendRequest
from modem.sim import FaultSpec, ModemSpec

from .conftest import gateway, until, with_config


async def test_unplugging_one_of_three_mid_burst_and_plugging_it_back(tmp_path: Path) -> None:
    slow = FaultSpec(sms_latency=0.02)
    modems = [ModemSpec(name, faults=slow) for name in ("sim0", "sim1", "sim2")]
    config = with_config()  # lease 60 s: nothing here may wait for a lease to run out
    async with gateway(tmp_path, modems, latency_scale=1.0, config=config) as g:
        numbers = [f"+4796{i:06d}" for i in range(90)]
        messages = [await g.pool.submit(SendRequest(to=n, text="burst")) for n in numbers]
        sim1 = g.net.modem("sim1")
        await until(lambda: len(sim1.sent) >= 5)
        sim1.unplug()
        done = [await g.settled(m.id, timeout=60) for m in messages]
        assert {m.state for m in done} == {"sent"}
        # every number reached the network once: what sim1 had in flight either went (and
        # is recorded, sent or unknown) or did not (and went through another modem)
        seen = Counter(str(s.recipient) for name in ("sim0", "sim1", "sim2")
                       for s in g.sent_by(name))  # fmt: skip
        assert seen == Counter(numbers)
        assert len(sim1.sent) < 45  # the others carried its share
        status = await g.pool.modem("sim1")
        assert not status.healthy and status.status in ("lost", "opening")
        # plugged back in: it rejoins and takes work again
        before = len(sim1.sent)
        await sim1.replug()
        await until(lambda: g.modems["sim1"].state.ready)
        await until(lambda: all(w.idle for w in g.pool.workers))
        later = [await g.pool.submit(SendRequest(to=f"+4797{i:06d}", text="again"))
                 for i in range(6)]  # fmt: skip
        for m in later:
            await g.settled(m.id)
        assert len(sim1.sent) > before
        assert (await g.pool.modem("sim1")).healthy


async def test_a_modem_that_keeps_failing_rests_and_is_tried_again(tmp_path: Path) -> None:
    broken = FaultSpec(transient_error_rate=1.0, transient_errors=(500,))
    modems = [ModemSpec("sim0", faults=broken), ModemSpec("sim1")]
    async with gateway(tmp_path, modems, config=with_config()) as g:
        numbers = [f"+4798{i:06d}" for i in range(10)]
        messages = [await g.pool.submit(SendRequest(to=n, text="x")) for n in numbers]
        for m in messages:
            assert (await g.settled(m.id)).state == "sent"
        assert g.sent_by("sim0") == []  # its failures went to sim1
        worker = next(w for w in g.pool.workers if w.modem_id == "sim0")
        assert worker.breaker.trips >= 1
        status = await g.pool.modem("sim0")
        assert status.health["breaker"]["last_failure"] == "unknown error"
        assert status.last_error is not None and status.last_error.code == 500
        # mended: after its rest a trial send succeeds and it is back in rotation
        g.net.modem("sim0").faults = FaultSpec()
        await until(lambda: worker.breaker.allows(g.pool.ctx.now()))  # its rest is over
        await until(lambda: all(w.idle for w in g.pool.workers))
        for i in range(2):  # round robin: one of two goes to sim0, on trial
            message = await g.pool.submit(SendRequest(to=f"+4799{i:06d}", text="y"))
            await g.settled(message.id)
            await until(lambda: all(w.idle for w in g.pool.workers))
        assert len(g.sent_by("sim0")) == 1
        assert worker.breaker.state(g.pool.ctx.now()) == "closed"


async def test_a_modem_without_network_is_out_of_rotation(tmp_path: Path) -> None:
    config = with_config(health=dataclasses.replace(with_config().health, min_signal_dbm=-100))
    async with gateway(tmp_path, ("sim0", "sim1"), config=config) as g:
        g.net.modem("sim0").set_registration(2)  # searching
        await g.modems["sim0"].refresh_state()
        await until(lambda: next(w for w in g.pool.workers if w.modem_id == "sim0").unfit)
        g.net.modem("sim1").set_signal(3)  # -107 dBm: below the floor
        await g.modems["sim1"].refresh_state()
        status = {s.modem_id: s for s in await g.pool.modems()}
        assert "not registered" in status["sim0"].health["reason"]
        assert "below" in status["sim1"].health["reason"]
        message = await g.pool.submit(SendRequest(to="+4790000001", text="waits"))
        assert (await g.pool.get(message.id)).state == "queued"
        g.net.modem("sim1").set_signal(20)
        await g.modems["sim1"].refresh_state()
        done = await g.settled(message.id)
        assert done.recipients[0].modem_id == "sim1"
