"""modem/device: every feature against every simulated personality (over sim://)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import pytest

from modem.device import (
    ModemReady,
    RegistrationChanged,
    SignalChanged,
    SmsReceived,
    StatusReportReceived,
    UssdReply,
)
from modem.errors import AddressError, SimError
from modem.sim import ModemSpec

from .conftest import PERSONALITIES, network, next_event, opened, until, wait_status

pytestmark = pytest.mark.timeout(30)
personalities = pytest.mark.parametrize("pair", PERSONALITIES, indirect=True)


@personalities
async def test_open_picks_the_profile_and_info(pair) -> None:
    sim = pair.modem("sim0")
    async with opened(sim.url) as modem:
        info = await modem.info()
        assert info.profile == sim.spec.personality
        assert info.manufacturer == sim.interp.personality.manufacturer
        assert info.imei == sim.spec.imei and info.imsi == sim.spec.imsi
        assert info.iccid == sim.spec.iccid
        assert info.operator == "SimNet" and info.smsc == "+15550000000"
        assert info.signal is not None and info.signal.dbm == -113 + 2 * sim.spec.rssi
        assert info.registration["CREG"].status.registered
        assert info.own_number == sim.number
    log = sim.commands
    assert "ATE0" in log and "AT+CMGF=0" in log
    assert any(c.startswith("AT+CNMI=") for c in log)


@personalities
async def test_send_single_and_multipart(pair) -> None:
    sim, peer = pair.modem("sim0"), pair.modem("sim1")
    async with opened(sim.url) as modem:
        one = await modem.send_sms(peer.number, "hello")
        long = await modem.send_sms(peer.number, "Grüße 😀 " * 20)  # UCS-2, 3 parts
    assert len(one.parts) == 1 and len(long.parts) == 3
    assert long.concat_reference is not None
    assert len(set(one.references + long.references)) == 4
    sent = sim.sent
    assert len(sent) == 4 and sent[0].text == "hello"
    assert "".join(s.text for s in sent[1:]) == "Grüße 😀 " * 20


@personalities
async def test_receive_stored_then_deleted_on_ack(pair) -> None:
    sim = pair.modem("sim0")
    async with opened(sim.url) as modem:
        await pair.inject_sms(sim.number, "first", sender="MyBank")
        event = await next_event(modem, SmsReceived)
        assert event.text == "first" and event.sender == "MyBank"
        assert event.storage is not None and event.index is not None
        assert event.pdu and event.received_at.tzinfo is not None
        assert len(sim.inbox) == 1  # still on the modem: not acknowledged yet
        await event.ack()
        assert [m for m in sim.inbox if m.memory != "SR"] == []
        await event.ack()  # idempotent


@personalities
async def test_stored_at_start_up_are_read(pair) -> None:
    sim = pair.modem("sim0")
    async with opened(sim.url):
        pass  # initialise once, so CNMI stores
    for text in ("a", "b", "c"):
        await pair.inject_sms(sim.number, text)
    await until(lambda: len(sim.inbox) == 3)
    async with opened(sim.url) as modem:
        seen = []
        async for event in modem.events(auto_ack=True):
            if isinstance(event, SmsReceived):
                seen.append(event.text)
                if len(seen) == 3:
                    break
        assert sorted(seen) == ["a", "b", "c"]
        # the last one was not acknowledged (the loop was left): it stays
        await until(lambda: len(sim.inbox) == 1)


@personalities
async def test_a_crash_between_read_and_ack_loses_nothing(pair) -> None:
    """Read (+CMTI, AT+CMGR), then the program ends before the consumer took it: the message
    is still on the modem, and the next open hands it over again (its start-up scan)."""
    sim = pair.modem("sim0")
    async with opened(sim.url) as modem:
        await pair.inject_sms(sim.number, "keep me")
        first = await next_event(modem, SmsReceived)
        assert first.text == "keep me"
    assert not any(c.startswith("AT+CMGD") for c in sim.commands)
    async with opened(sim.url) as modem:
        again = await next_event(modem, SmsReceived)
        assert (again.text, again.storage, again.index) == ("keep me", first.storage, first.index)
        await again.ack()
        assert [m for m in sim.inbox if m.memory != "SR"] == []


async def test_a_crash_before_cnma_loses_nothing() -> None:
    """Routed (+CMT, AT+CSMS=1), then the program ends before AT+CNMA: the modem gives up
    waiting (TS 27.005 §3.4.4), refuses it to the network (RP-ERROR) and turns routing off;
    the network offers it again and it is stored; the next open turns routing back on and
    its scan hands the message over again."""
    async with network(ModemSpec("sim0", ack_timeout=0.05)) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, receive="route") as modem:
            await net.inject_sms(sim.number, "routed")
            first = await next_event(modem, SmsReceived)
            assert first.storage is None
        await until(lambda: sim.interp.ack_timeouts == 1 and len(sim.inbox) == 1)
        assert "AT+CNMA" not in sim.commands
        async with opened(sim.url, receive="route") as modem:
            again = await next_event(modem, SmsReceived)
            assert again.text == "routed" and again.storage is not None
            await again.ack()
            assert [m for m in sim.inbox if m.memory != "SR"] == []
            await net.inject_sms(sim.number, "routed again")  # routing is back on
            routed = await next_event(modem, SmsReceived)
            assert routed.text == "routed again" and routed.storage is None
            await routed.ack()
            await until(lambda: sim.interp.acked == 1)


@personalities
async def test_route_mode_acknowledges_each_cmt(pair) -> None:
    sim = pair.modem("sim0")
    async with opened(sim.url, receive="route") as modem:
        for text in ("one", "two", "three"):
            await pair.inject_sms(sim.number, text)
        got = []
        async for event in modem.events(auto_ack=True):
            if isinstance(event, SmsReceived):
                assert event.storage is None  # routed, never stored
                got.append(event.text)
                if len(got) == 3:
                    await event.ack()
                    break
        assert got == ["one", "two", "three"]
        await until(lambda: sim.interp.acked == 3)
        assert sim.interp.ack_timeouts == 0
        assert sim.inbox == []


@personalities
async def test_status_reports_match_references(pair) -> None:
    sim, peer = pair.modem("sim0"), pair.modem("sim1")
    async with opened(sim.url) as modem:
        result = await modem.send_sms(peer.number, "report me", status_report=True)
        report = await next_event(modem, StatusReportReceived)
        assert report.reference == result.references[0]
        assert report.outcome == "delivered"
        # Quectel's +CDSI names the wrong memory and Telit needs ds=1: their profiles have
        # reports routed (+CDS, nothing stored); the others store them in SR (+CDSI).
        routed = sim.spec.personality in ("quectel", "telit")
        assert report.storage == (None if routed else "SR")
        await report.ack()
        assert [m for m in sim.inbox if m.memory == "SR"] == []


@personalities
async def test_ussd(pair) -> None:
    sim = pair.modem("sim0")
    async with opened(sim.url) as modem:
        reply = await modem.ussd("*100#")
        assert reply.text == "Your balance is 10.00 EUR, valid until 31.12.2026."
        menu = await modem.ussd("*101#")
        assert menu.needs_answer and "1. Balance" in (menu.text or "")
        answer = await modem.ussd("3")
        assert answer.text == f"Your number is {sim.number}."


async def test_whole_messages_also_give_status_reports_before_deleting_them() -> None:
    """`messages()` (listen --whole) used to delete status reports unseen."""
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            result = await modem.send_sms(net.modem("sim1").number, "report", status_report=True)
            stream = modem.messages(ack=True)
            report = await anext(stream)
            assert isinstance(report, StatusReportReceived)
            assert report.reference == result.references[0]
            assert [m for m in sim.inbox if m.memory == "SR"] != []  # not yet taken
            await net.inject_sms(sim.number, "next")
            assert (await anext(stream)).text == "next"
            assert [m for m in sim.inbox if m.memory == "SR"] == []
            await stream.aclose()


async def test_a_part_held_across_a_reopen_stays_on_the_modem_until_taken() -> None:
    """Part 1 of 2 is held by `messages()`; the port is lost and reopened, the scan hands
    part 1 over again. That copy must not be deleted as a duplicate: both parts stay on the
    modem until the whole message is taken, then both go."""
    from modem.sms import delivers, encode_pdu

    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        parts = delivers("+15559990000", "y" * 200, datetime(2026, 11, 25, tzinfo=UTC))
        async with opened(sim.url) as modem:
            stream = modem.messages(ack=True)
            pending = asyncio.ensure_future(anext(stream))
            await net.inject_sms(sim.number, pdu=encode_pdu(parts[0], smsc=True))
            await until(lambda: [m.stat for m in sim.inbox] == [1])  # REC READ: it was read
            sim.unplug()
            await wait_status(modem, "lost")
            listings = sim.commands.count("AT+CMGL=4")
            await sim.replug()
            await wait_status(modem, "ready")
            await until(lambda: sim.commands.count("AT+CMGL=4") > listings)  # the rescan
            await net.inject_sms(sim.number, pdu=encode_pdu(parts[1], smsc=True))
            message = await asyncio.wait_for(pending, 10)
            assert message.complete and message.text == "y" * 200
            assert len([m for m in sim.inbox if m.memory != "SR"]) == 2  # not taken yet
            pending = asyncio.ensure_future(anext(stream))  # taken: both are deleted
            await until(lambda: [m for m in sim.inbox if m.memory != "SR"] == [])
            pending.cancel()


async def test_reassembled_messages() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            await net.inject_sms(sim.number, "x" * 400)
            messages = modem.messages(ack=True)
            message = await anext(messages)
            assert message.complete and message.text == "x" * 400 and len(message.parts) == 3
            await net.inject_sms(sim.number, "next")
            assert (await anext(messages)).text == "next"  # asking for it acked the parts
            assert len([m for m in sim.inbox if m.memory != "SR"]) == 1
            await messages.aclose()


async def test_slow_consumer_gets_back_pressure_not_loss() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, queue_size=2) as modem:
            for i in range(8):
                await net.inject_sms(sim.number, f"m{i}")
            await until(lambda: len(sim.inbox) == 8)
            texts = []
            async for event in modem.events(auto_ack=True):
                if isinstance(event, SmsReceived):
                    texts.append(event.text)
                    if len(texts) == 8:
                        await event.ack()
                        break
            assert sorted(texts) == [f"m{i}" for i in range(8)]
            await until(lambda: sim.inbox == [])


async def test_signal_and_registration_events() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            sim.set_registration(5)
            event = await next_event(modem, RegistrationChanged)
            assert event.registration.status.roaming
            sim.storm(count=1, lines=("+CSQ: 9,99",))
            signal = await next_event(modem, SignalChanged)
            assert signal.signal.dbm == -95


async def test_unsolicited_ussd_is_an_event() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            sim.storm(count=1, lines=('+CUSD: 0,"Promo!",15',))
            event = await next_event(modem, UssdReply)
            assert event.text == "Promo!"


async def test_ready_event_first() -> None:
    async with network(ModemSpec("sim0")) as net, opened(net.modem("sim0").url) as modem:
        assert isinstance(await next_event(modem, ModemReady), ModemReady)


async def test_bad_number_is_rejected_before_sending() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            with pytest.raises(AddressError):
                await modem.send_sms("not a number!", "x")
        assert sim.sent == []


# --- the SIM -------------------------------------------------------------------------------------


async def test_pin_is_entered() -> None:
    async with (
        network(ModemSpec("sim0", pin="4321")) as net,
        opened(net.modem("sim0").url, pin="4321") as modem,
    ):
        assert (await modem.info()).imsi


async def test_pin_missing_wrong_puk_and_no_sim() -> None:
    async with network(
        ModemSpec("pin", pin="4321"),
        ModemSpec("puk", pin="4321"),
        ModemSpec("nosim", sim_inserted=False),
    ) as net:
        with pytest.raises(SimError, match="wants a PIN") as err:
            await opened(net.modem("pin").url).__aenter__()
        assert err.value.state == "SIM PIN"
        with pytest.raises(SimError, match="rejected the PIN; 2 attempts left"):
            await opened(net.modem("pin").url, pin="0000").__aenter__()
        puk = net.modem("puk")
        for _ in range(3):  # three wrong PINs typed elsewhere
            with contextlib.suppress(Exception):
                puk.interp.sim.enter("0000")
        with pytest.raises(SimError, match="PUK") as err:
            await opened(puk.url, pin="4321").__aenter__()
        assert err.value.state == "SIM PUK"
        with pytest.raises(SimError, match="no SIM card inserted"):
            await opened(net.modem("nosim").url).__aenter__()


async def test_concurrent_commands_are_serialised() -> None:
    async with (
        network(ModemSpec("sim0"), ModemSpec("sim1")) as net,
        opened(net.modem("sim0").url) as modem,
    ):
        peer = net.modem("sim1").number
        results = await asyncio.gather(
            modem.send_sms(peer, "a"),
            modem.info(),
            modem.send_sms(peer, "b"),
            modem.ussd("*100#"),
        )
        assert results[0].references != results[2].references


async def test_send_options_reach_the_pdu() -> None:
    from datetime import timedelta

    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            await modem.send_sms(
                net.modem("sim1").number,
                "flash",
                status_report=True,
                validity=timedelta(hours=24),
                message_class=0,
                encoding="ucs2",
                smsc="+15550000000",
            )
        submit = sim.sent[0]
        assert submit.status_report_request and submit.validity == timedelta(hours=24)
        assert int(submit.message_class) == 0 and submit.dcs.alphabet.value == "ucs2"
        assert str(submit.smsc) == "+15550000000"


@pytest.mark.parametrize("personality", ["generic", "huawei", "quectel"])
async def test_send_and_receive_over_a_pty(personality: str) -> None:
    """The same driver on a device path (pyserial-asyncio), as with a real USB modem."""
    async with network(ModemSpec("sim0", personality=personality), ModemSpec("sim1")) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1")
        path = await sim.serve_pty()
        async with opened(path) as modem, opened(peer.url) as other:
            result = await modem.send_sms(peer.number, "over the pty " * 20)
            assert len(result.parts) == 2
            message = await anext(other.messages())
            assert message.text == "over the pty " * 20
            await other.send_sms(sim.number, "back")
            event = await next_event(modem, SmsReceived)
            assert event.text == "back"
            await event.ack()


async def test_reading_a_report_does_not_move_the_default_storage() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            await modem.send_sms(net.modem("sim1").number, "r", status_report=True)
            report = await next_event(modem, StatusReportReceived)  # read from SR
            assert report.storage == "SR"
            await net.inject_sms(sim.number, "in SM")
            await next_event(modem, SmsReceived)
            listed = await modem.list_messages()
            assert [m.storage for m in listed] == ["SM"]
            assert listed[0].tpdu.text == "in SM"


async def test_send_data_with_ports() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim, peer = net.modem("sim0"), net.modem("sim1")
        async with opened(sim.url) as modem, opened(peer.url) as other:
            payload = bytes(range(256)) * 2
            result = await modem.send_data(peer.number, payload, ports=(2948, 9200))
            assert len(result.parts) == 4
            message = await anext(other.messages())
            assert message.data == payload
            assert (message.ports.destination, message.ports.source) == (2948, 9200)


async def test_reset_reinitialises() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            assert not (await next_event(modem, ModemReady)).reopened  # the open's own
            await modem.reset()
            assert (await next_event(modem, ModemReady, timeout=10)).reopened
            assert "AT+CFUN=1,1" in sim.commands
            await net.inject_sms(sim.number, "after reset")
            assert (await next_event(modem, SmsReceived)).text == "after reset"


async def test_messages_drops_duplicate_parts_and_gives_up_on_missing_ones() -> None:
    from modem.sms import Address, delivers, encode_pdu

    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        parts = delivers(Address.parse("+4799999999"), "p" * 300, datetime.now(UTC), reference=9)
        pdus = [encode_pdu(p, smsc=True).hex() for p in parts]
        async with opened(sim.url) as modem:
            stream = modem.messages(timeout=0.3, ack=True)
            await net.inject_sms(sim.number, pdu=pdus[0])
            await net.inject_sms(sim.number, pdu=pdus[0])  # the network sends part 1 twice
            message = await anext(stream)  # part 2 never comes
            assert not message.complete and message.missing == (2,)
            await net.inject_sms(sim.number, "next")
            assert (await anext(stream)).text == "next"
            assert len([m for m in sim.inbox if m.memory != "SR"]) == 1  # only "next" left
            await stream.aclose()


async def test_each_part_is_reported_before_the_next_goes() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            seen: list[tuple[int, int, int]] = []

            async def record(part) -> None:  # e.g. a store committing the reference
                seen.append((part.sequence, part.reference, len(sim.sent)))

            result = await modem.send_sms(net.modem("sim1").number, "s" * 400, on_part=record)
            assert [(s, r) for s, r, _ in seen] == [(p.sequence, p.reference) for p in result.parts]
            assert [n for _, _, n in seen] == [1, 2, 3]  # the next part had not gone yet
