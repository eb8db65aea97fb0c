"""modem/device against injected faults: URCs inside commands, storms, dropped results, hangs,
transient +CMS errors, unplug and replug (TS 27.005 §3.5.1 flows; research sms.md §2.5, §2.6)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

import pytest

from modem.device import Modem, ModemLost, ModemReady, SmsReceived
from modem.errors import CommandTimeout, ModemGone, PartRejected, SendUnknown
from modem.sim import FaultSpec, ModemSpec

from .conftest import FAST, PERSONALITIES, network, next_event, opened, settled, until

pytestmark = pytest.mark.timeout(60)
SLOW_SMS = FaultSpec(sms_latency=0.3)  # the +CMGS result comes 0.3 s after the body


def _cmgs_in_flight(sim) -> bool:
    return len(sim.interp.sent) > 0  # the body arrived; the result is still to come


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_cmti_in_the_middle_of_cmgs(personality: str) -> None:
    """The +CMTI comes between the body and +CMGS: it is a URC, not part of the answer."""
    spec = ModemSpec("sim0", personality=personality, faults=SLOW_SMS)
    async with network(spec, ModemSpec("sim1"), latency_scale=1.0) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            send = _task(modem.send_sms(net.modem("sim1").number, "out"))
            await until(lambda: _cmgs_in_flight(sim))
            await net.inject_sms(sim.number, "in")  # stored now; the sim announces it later
            index = max(m.index for m in sim.inbox if m.memory != "SR")
            sim.write(f'\r\n+CMTI: "SM",{index}\r\n'.encode())  # ... and a modem that does not wait
            result = await send
            assert len(result.references) == 1
            event = await next_event(modem, SmsReceived)
            assert event.text == "in"
            await event.ack()
            assert len(sim.sent) == 1


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_urc_storm_during_send(personality: str) -> None:
    spec = ModemSpec("sim0", personality=personality, faults=SLOW_SMS)
    async with network(spec, ModemSpec("sim1"), latency_scale=1.0) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            send = _task(modem.send_sms(net.modem("sim1").number, "through the storm"))
            await until(lambda: _cmgs_in_flight(sim))
            sim.write(b'\r\n^RSSI:17\r\n+CREG: 1,"00A1","0001B2C3",7\r\n' * 300)
            assert len((await send).references) == 1
            assert (await modem.command("AT+CSQ")).lines == ("+CSQ: 20,99",)
            assert len(sim.sent) == 1


async def test_dropped_ok_resyncs_and_the_modem_keeps_working() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        quick = dataclasses.replace(FAST, command=0.2, probe=0.1)
        async with opened(sim.url, timeouts=quick) as modem:
            sim.faults = FaultSpec(drop_final_rate=0.3)
            timeouts = 0
            for _ in range(20):
                try:
                    await modem.command("AT+CSQ")
                except CommandTimeout:
                    timeouts += 1
                except ModemGone:
                    await modem.wait_ready(10)
            sim.faults = FaultSpec()
            await modem.wait_ready(10)
            assert timeouts > 0 and modem.stats["resyncs"] >= timeouts
            assert (await modem.command("AT+CSQ")).ok


async def test_a_late_answer_after_a_timeout_does_not_shift_later_answers() -> None:
    """The answer to a timed-out AT+CSQ comes after the deadline, while the port is being
    resynchronised: it must not pass for the probe's answer, or the probe's own OK would end
    the next command (with no lines) and every answer after it would be one behind."""
    async with network(ModemSpec("sim0"), latency_scale=1.0) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, command=0.2, probe=1.0)
        modem = await Modem(sim.url, timeouts=timeouts).open(scan=False)  # nothing else runs
        async with _closing(modem):
            sim.faults = FaultSpec(latency=0.4)  # every answer 0.4 s late: after the deadline
            with pytest.raises(CommandTimeout):
                await modem.command("AT+CSQ")
            sim.faults = FaultSpec()
            manufacturer = sim.interp.personality.manufacturer
            for _ in range(3):
                assert (await modem.command("AT+CGMI")).lines == (manufacturer,)
                assert (await modem.command("AT+CSQ")).lines == ("+CSQ: 20,99",)


async def test_a_urc_storm_never_keeps_a_command_past_its_deadline() -> None:
    """Huawei ^RSSI/^NWTIME lines keep coming while a command's result was dropped: the
    deadline is absolute (gammu#392), for a plain command and for AT+CMGS after its body."""
    async with network(ModemSpec("sim0", personality="huawei"), ModemSpec("sim1")) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1").number
        timeouts = dataclasses.replace(FAST, command=0.3, send=0.3, probe=0.3)
        async with opened(sim.url, timeouts=timeouts) as modem:
            storming = True

            async def storm() -> None:
                while storming:
                    sim.write(b"\r\n^RSSI:17\r\n^NWTIME:26/11/25,03:00:00+4,00\r\n")
                    await asyncio.sleep(0.005)

            task = asyncio.ensure_future(storm())
            try:
                sim.faults = FaultSpec(drop_final_rate=1.0)
                with pytest.raises(CommandTimeout):
                    await modem.command("AT+CSQ")
                sim.faults = FaultSpec()  # the resync failed too: the modem is reopened
                await modem.wait_ready(10)
                await settled(modem)  # the scan and state reads after reopening are done
                sim.faults = FaultSpec(drop_final_rate=1.0)
                with pytest.raises(SendUnknown):
                    await modem.send_sms(peer, "stormy")
            finally:
                storming = False
                await task
            sim.faults = FaultSpec()
            await modem.wait_ready(10)
            assert (await modem.command("AT+CSQ")).lines == ("+CSQ: 20,99",)


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_dropped_ok_after_cmgs_is_unknown_never_resent(personality: str) -> None:
    async with network(ModemSpec("sim0", personality=personality), ModemSpec("sim1")) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1").number
        async with opened(sim.url, timeouts=FAST) as modem:
            sim.faults = FaultSpec(drop_final_rate=1.0)
            with pytest.raises(SendUnknown, match="may have been sent") as err:
                await modem.send_sms(peer, "once")
            assert err.value.outcome == "unknown" and not err.value.retryable
            assert len(sim.sent) == 1  # it did go out: the driver must not send it again
            sim.faults = FaultSpec()
            await modem.wait_ready(10)
            await modem.send_sms(peer, "twice?")
            assert [s.text for s in sim.sent] == ["once", "twice?"]


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_hung_modem_is_lost_then_reopened_after_reset(personality: str) -> None:
    async with network(ModemSpec("sim0", personality=personality)) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=FAST) as modem:
            sim.faults = FaultSpec(hang_after=sim.interp.faults.commands)
            with pytest.raises((CommandTimeout, ModemGone)):
                await modem.command("AT+CSQ")
            lost = await next_event(modem, ModemLost)
            assert "stopped answering" in lost.reason
            with pytest.raises(ModemGone):
                await modem.command("AT")
            sim.faults = FaultSpec()
            sim.reset()
            ready = await next_event(modem, ModemReady, timeout=20)
            assert ready.reopened
            assert (await modem.command("AT+CSQ")).ok
            assert sim.commands.count("AT+CMGF=0") >= 2  # initialised again


async def test_watchdog_notices_a_hung_modem() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, watchdog=0.2)
        async with opened(sim.url, timeouts=timeouts) as modem:
            await until(lambda: sim.commands[-1] == "AT+CNMI?")  # probed while quiet
            sim.faults = FaultSpec(hang_after=sim.interp.faults.commands)
            await next_event(modem, ModemLost)
            sim.faults = FaultSpec()
            sim.reset()
            assert (await next_event(modem, ModemReady, timeout=20)).reopened


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_transient_cms_500_then_success(personality: str) -> None:
    async with network(ModemSpec("sim0", personality=personality), ModemSpec("sim1")) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1").number
        async with opened(sim.url) as modem:
            sim.faults = FaultSpec(transient_error_rate=1.0, transient_errors=(500,))
            with pytest.raises(PartRejected) as err:
                await modem.send_sms(peer, "x", retries=0)
            assert err.value.code == 500 and err.value.retryable
            assert err.value.outcome == "failed" and sim.sent == []
            sim.faults = FaultSpec(transient_error_rate=0.5, transient_errors=(500, 42))
            for i in range(5):
                await modem.send_sms(peer, f"m{i}", retries=10, retry_delay=0)
            assert [s.text for s in sim.sent] == [f"m{i}" for i in range(5)]  # no duplicates


async def test_permanent_error_is_not_retried() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            sim.faults = FaultSpec(permanent_error_rate=1.0, permanent_errors=(21,))
            with pytest.raises(PartRejected, match="CMS ERROR 21") as err:
                await modem.send_sms(net.modem("sim1").number, "no")
            assert not err.value.retryable
            assert sum(c.startswith("AT+CMGS") for c in sim.commands) == 1


@pytest.mark.parametrize(
    ("transport", "personality"),
    [("pty", "generic"), *(("sim", p) for p in PERSONALITIES)],
)
async def test_unplug_and_replug_mid_send(transport: str, personality: str, tmp_path) -> None:
    spec = ModemSpec("sim0", personality=personality, faults=SLOW_SMS)
    async with network(spec, ModemSpec("sim1"), latency_scale=1.0) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1").number
        if transport == "pty":  # a udev-style stable name that follows the device
            url = await sim.serve_pty(link=str(tmp_path / "gsm0"))
        else:
            url = sim.url
        async with opened(url, timeouts=FAST) as modem:
            send = _task(modem.send_sms(peer, "mid-send"))
            await until(lambda: _cmgs_in_flight(sim))
            sim.unplug()
            with pytest.raises(SendUnknown) as err:
                await send
            assert err.value.outcome == "unknown"
            assert isinstance(await next_event(modem, ModemLost), ModemLost)
            await sim.replug()
            assert (await next_event(modem, ModemReady, timeout=20)).reopened
            await modem.send_sms(peer, "after")
            assert [s.text for s in sim.sent] == ["mid-send", "after"]


async def test_reopening_never_spends_the_sims_pin_attempts() -> None:
    """The stick comes back with another SIM (or a changed PIN): the configured PIN is
    refused once, and the reopen loop must not try it again every backoff round until the
    SIM wants its PUK."""
    async with network(ModemSpec("sim0", pin="1234")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, pin="1234", timeouts=FAST) as modem:
            sim.unplug()
            await next_event(modem, ModemLost)
            sim.interp.sim.pin = "9999"  # another SIM now
            await sim.replug()
            await until(lambda: sim.commands.count("AT+CPIN?") >= 4)  # reopened several times
            assert sim.commands.count('AT+CPIN="1234"') == 2  # open, and the first reopen
            assert sim.interp.sim.pin_attempts == 2


async def test_routed_message_not_taken_in_time_is_refused() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, ack=0.2)
        async with opened(sim.url, receive="route", timeouts=timeouts) as modem:
            await net.inject_sms(sim.number, "hello")
            await until(lambda: "AT+CNMA=2" in sim.commands)
            assert sim.interp.ack_timeouts == 0  # refused in time: routing stays on
            assert modem.session.cnmi is not None


async def test_garbled_lines_do_not_stop_the_reader() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=FAST) as modem:
            sim.write(b"\r\n+CMTI: garbage\r\n\xff\xfe\x00junk\r\n+CREG: x\r\n+CUSD: z\r\n")
            assert (await modem.command("AT")).ok
            await net.inject_sms(sim.number, "still works")
            assert (await next_event(modem, SmsReceived)).text == "still works"


@contextlib.asynccontextmanager
async def _closing(modem: Modem):
    try:
        yield modem
    finally:
        await modem.close()


def _task(coro):
    import asyncio

    return asyncio.ensure_future(coro)


async def test_a_message_held_across_a_reopen_comes_once_and_its_old_token_works() -> None:
    """Handed over, then the port is lost and reopened: the scan does not hand the same
    message over again (the consumer has it), and its token, now of an older session,
    deletes it because the PDU at its index is still the same one."""
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=FAST) as modem:
            await net.inject_sms(sim.number, "survivor")
            old = await next_event(modem, SmsReceived)
            sim.unplug()
            await next_event(modem, ModemLost)
            listings = sim.commands.count("AT+CMGL=4")
            await sim.replug()
            await until(lambda: sim.commands.count("AT+CMGL=4") > listings)  # the scan
            await net.inject_sms(sim.number, "next")
            assert (await next_event(modem, SmsReceived)).text == "next"  # not "survivor"
            assert old.token.session != modem.session.id
            assert await old.ack() is True  # same PDU at that index: deleted
            assert [m.tpdu.text for m in sim.inbox if m.memory != "SR"] == ["next"]
            assert await old.ack() is False  # idempotent


@pytest.mark.parametrize("personality", PERSONALITIES)
async def test_a_modem_that_rebooted_by_itself_is_initialised_again(personality: str) -> None:
    """After a reboot the modem's CNMI is back to its default: it would store new messages
    and say nothing. The boot URC (RDY) or the watchdog's AT+CNMI? notices; the driver runs
    its init again and the next SMS is announced as before."""
    async with network(ModemSpec("sim0", personality=personality)) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, watchdog=0.2)
        async with opened(sim.url, timeouts=timeouts) as modem:
            inits = sim.commands.count("AT+CMGF=0")
            sim.reset()
            await until(lambda: sim.commands.count("AT+CMGF=0") > inits)
            await net.inject_sms(sim.number, "after the reboot")
            event = await next_event(modem, SmsReceived)
            assert event.text == "after the reboot"


async def test_routing_switched_off_by_a_missed_ack_is_switched_back_on() -> None:
    async with network(ModemSpec("sim0", ack_timeout=0.05)) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, watchdog=0.2, ack=5.0)
        async with opened(sim.url, receive="route", timeouts=timeouts) as modem:
            await net.inject_sms(sim.number, "too slow")  # the modem gives up waiting for CNMA
            await until(lambda: sim.interp.ack_timeouts == 1)
            await until(lambda: sim.interp.settings.cnmi[1] == 2)  # the watchdog put it back
            texts = set()
            async for event in modem.events():
                if isinstance(event, SmsReceived):
                    texts.add(event.text)
                    if texts == {"too slow"}:
                        break
            assert modem.stats["resyncs"] == 0
