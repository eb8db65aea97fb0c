"""Which modem sends what, and when: routing rules and groups, a named modem, the strategies,
priorities, schedules, expiry, and the sending limits (counted through the store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modem.config.pool import Limits, Route
from modem.pool import Pool, SendRequest
from modem.sim import FaultSpec, ModemSpec
from modem.store import store_for

from .conftest import OUTSIDE, gateway, until, with_config


def sender(message) -> str:
    return message.recipients[0].modem_id


async def test_prefix_rules_route_each_recipient_to_its_group(tmp_path: Path) -> None:
    config = with_config(
        groups={"de": ("sim0",), "at": ("sim1",)},
        routes=(Route(("+49",), "de"), Route(("+43", "0043"), "at")),
    )
    async with gateway(tmp_path, ("sim0", "sim1", "sim2"), config=config) as g:
        message = await g.pool.submit(
            SendRequest(to=["+4915112345678", "+436641234567", "00436641234568"], text="hi")
        )
        done = await g.settled(message.id)
        by_number = {r.number: r.modem_id for r in done.recipients}
        assert by_number == {
            "+4915112345678": "sim0",
            "+436641234567": "sim1",
            "00436641234568": "sim1",
        }
        other = await g.settled((await g.pool.submit(SendRequest(to=OUTSIDE, text="x"))).id)
        assert other.state == "sent"  # no rule: any modem
        named = await g.pool.submit(SendRequest(to="+4915100000000", text="y", modem="sim2"))
        assert sender(await g.settled(named.id)) == "sim2"  # the message's own route wins
        grouped = await g.pool.submit(SendRequest(to=OUTSIDE, text="z", group="at"))
        assert sender(await g.settled(grouped.id)) == "sim1"


async def test_round_robin_takes_turns_among_idle_modems(tmp_path: Path) -> None:
    async with gateway(tmp_path, ("sim0", "sim1", "sim2")) as g:
        await until(lambda: all(w.idle for w in g.pool.workers))
        senders = []
        for i in range(6):
            message = await g.pool.submit(SendRequest(to=f"+4790{i:06d}", text="turn"))
            senders.append(sender(await g.settled(message.id)))
            await until(lambda: all(w.idle for w in g.pool.workers))
        assert senders[:3] == senders[3:] and sorted(senders[:3]) == ["sim0", "sim1", "sim2"]


async def test_least_loaded_prefers_the_modem_with_most_allowance_left(tmp_path: Path) -> None:
    config = with_config(strategy="least_loaded", limits=Limits(per_day=100))
    async with gateway(tmp_path, ("sim0", "sim1"), config=config) as g:
        for i in range(3):  # sim0 has used some of its day
            message = await g.pool.submit(SendRequest(to=f"+4791{i:06d}", text="a", modem="sim0"))
            await g.settled(message.id)
        for worker in g.pool.workers:
            await worker.allowance.refresh(g.store, datetime.now(UTC), force=True)
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="b"))
        assert sender(await g.settled(message.id)) == "sim1"
        status = {s.modem_id: s for s in await g.pool.modems()}
        assert status["sim0"].allowance["per_day"] == {"limit": 100, "used": 3, "left": 97}


async def test_a_one_time_code_jumps_ahead_of_a_newsletter(tmp_path: Path) -> None:
    async with gateway(tmp_path, ("sim0",), start=False) as g:
        for i in range(5):
            await g.pool.submit(SendRequest(to=f"+4792{i:06d}", text=f"newsletter {i}"))
        code = await g.pool.submit(SendRequest(to=OUTSIDE, text="code 123456", priority=10))
        await g.pool.start()
        await g.settled(code.id)
        await until(lambda: len(g.sent_by("sim0")) == 6)
        order = [str(s.recipient) for s in g.sent_by("sim0")]
        assert order[0] == OUTSIDE
        assert order[1:] == [f"+4792{i:06d}" for i in range(5)]  # then oldest first


async def test_send_at_schedules_and_validity_expires_what_waited_too_long(
    tmp_path: Path,
) -> None:
    shift = [timedelta(0)]
    clock = lambda: datetime.now(UTC) + shift[0]  # noqa: E731
    async with gateway(tmp_path, ("sim0",), clock=clock) as g:
        at = datetime.now(UTC) + timedelta(seconds=0.5)
        scheduled = await g.pool.submit(SendRequest(to=OUTSIDE, text="later", send_at=at))
        assert scheduled.state == "scheduled"
        done = await g.settled(scheduled.id)
        assert done.state == "sent" and done.recipients[0].sent_at >= at
        g.net.modem("sim0").unplug()  # nothing can go now
        await until(lambda: not g.modems["sim0"].state.ready)
        waiting = await g.pool.submit(
            SendRequest(to=OUTSIDE, text="stale soon", validity=timedelta(minutes=5))
        )
        assert waiting.expires_at is not None
        shift[0] = timedelta(minutes=6)  # the pool's clock passes the validity
        expired = await g.wait(waiting.id, lambda m: m.state == "expired")
        assert expired.recipients[0].error.kind == "expired"
        await g.net.modem("sim0").replug()
        await until(lambda: g.modems["sim0"].state.ready)
        later = await g.pool.submit(SendRequest(to="+4793000000", text="after"))
        await g.settled(later.id)
        assert [str(s.recipient) for s in g.sent_by("sim0")] == [OUTSIDE, "+4793000000"]


async def test_limits_hold_a_modem_back_and_survive_a_restart(tmp_path: Path) -> None:
    config = with_config(modem_limits={"sim0": Limits(per_hour=3)})
    store = store_for(str(tmp_path / "modem.db"), synchronous="normal")
    await store.open()
    await store.migrate()
    try:
        async with gateway(tmp_path, ("sim0", "sim1"), config=config, store=store) as g:
            named = [await g.pool.submit(SendRequest(to=f"+4794{i:06d}", text="x",
                                                     modem="sim0")) for i in range(5)]  # fmt: skip
            for message in named[:3]:
                await g.settled(message.id)
            status = await g.pool.modem("sim0")
            assert status.allowance["per_hour"]["left"] == 0
            assert status.health["reason"] == "sending limit reached"
            assert (await g.pool.get(named[3].id)).state == "queued"
            # the other modem is not held back, and takes what is not named
            free = await g.pool.submit(SendRequest(to=OUTSIDE, text="free"))
            assert sender(await g.settled(free.id)) == "sim1"
        # a restart counts what was sent before it
        async with gateway(tmp_path, ("sim0", "sim1"), config=config, store=store) as g:
            await g.pool.modems()
            for worker in g.pool.workers:
                await worker.allowance.refresh(g.store, datetime.now(UTC), force=True)
            assert (await g.pool.modem("sim0")).allowance["per_hour"]["used"] == 3
            assert (await g.pool.get(named[4].id)).state == "queued"
            assert len(g.sent_by("sim0")) == 0
    finally:
        await store.close()


async def test_a_long_message_goes_whole_to_a_modem_with_room_for_it(tmp_path: Path) -> None:
    config = with_config(modem_limits={"sim0": Limits(per_day=2)})
    modems = [ModemSpec("sim0"), ModemSpec("sim1", faults=FaultSpec(sms_latency=0.2))]
    async with gateway(tmp_path, modems, config=config, latency_scale=1.0) as g:
        first = await g.pool.submit(SendRequest(to=OUTSIDE, text="one", modem="sim0"))
        await g.settled(first.id)
        long = await g.pool.submit(SendRequest(to="+4795000000", text="z" * 300))  # 2 parts
        done = await g.settled(long.id)
        assert sender(done) == "sim1" and len(done.recipients[0].parts) == 2
        assert done.recipients[0].attempts == 1  # a modem without room is no attempt


@pytest.mark.parametrize("strategy", ["round_robin", "least_loaded"])
async def test_a_pool_without_modems_accepts_and_keeps_messages(
    tmp_path: Path, strategy: str
) -> None:
    async with store_for(str(tmp_path / "db")) as store:
        await store.migrate()
        pool = Pool(store, config=with_config(strategy=strategy))
        await pool.start()
        try:
            message = await pool.submit(SendRequest(to=OUTSIDE, text="kept"))
            assert (await pool.get(message.id)).state == "queued"
            assert await pool.modems() == []
        finally:
            await pool.stop()
