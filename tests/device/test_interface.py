"""The driver's interface the gateway builds on: modem_id, items() and ack(token) with plain-data
tokens, UndecodableMessage, ModemState snapshots, send_pdu with on_written."""

from __future__ import annotations

import asyncio
import json

import pytest

from modem.device import (
    AckToken,
    Modem,
    SmsReceived,
    StatusReportReceived,
    UndecodableMessage,
)
from modem.errors import PartNotSent, PartRejected, SendUnknown
from modem.sim import FaultSpec, ModemSpec

from .conftest import FAST, network, opened, settled, until
from .fakemodem import fake_modem

pytestmark = pytest.mark.timeout(30)


async def _next_item(modem: Modem, timeout: float = 5.0):
    async with asyncio.timeout(timeout):
        return await anext(modem.items())


# --- identity ------------------------------------------------------------------------------------


async def test_modem_id_is_the_name_else_the_imsi_never_the_port() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        named = Modem(sim.url, name="usb0")
        anonymous = Modem(sim.url)
        assert named.modem_id == "usb0" and anonymous.modem_id == sim.url  # before opening
        async with opened(sim.url) as modem:
            assert modem.modem_id == sim.spec.imsi
            assert modem.state.modem_id == sim.spec.imsi and modem.state.imei == sim.spec.imei
        async with opened(sim.url, name="usb0") as modem:
            assert modem.modem_id == "usb0" and modem.state.imsi == sim.spec.imsi


# --- items and acknowledgement --------------------------------------------------------------------


async def test_a_stored_item_is_acknowledged_by_a_token_kept_as_json() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, name="m") as modem:
            await net.inject_sms(sim.number, "keep me")
            item = await _next_item(modem)
            assert isinstance(item, SmsReceived) and item.modem_id == "m"
            assert item.sim == sim.spec.imsi and item.token.kind == "stored"
            kept = json.loads(json.dumps(item.token.to_json()))  # what a store would keep
            token = AckToken.from_json(kept)
            assert token == item.token
            assert len(sim.inbox) == 1  # nothing deleted before the ack
            assert await modem.ack(token) is True
            assert sim.inbox == []
            assert await modem.ack(token) is False  # idempotent: nothing left to do


async def test_a_token_of_an_older_session_deletes_only_the_same_pdu() -> None:
    """After a reopen the index may hold another message: the old token must not delete it."""
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, name="m") as modem:
            await net.inject_sms(sim.number, "first")
            old = await _next_item(modem)
        async with opened(sim.url, name="m") as modem:
            again = await _next_item(modem)  # the same message, a new session
            assert again.token.session != old.token.session
            assert await modem.ack(again.token) is True
            await net.inject_sms(sim.number, "second")  # very likely the same index now
            second = await _next_item(modem)
            assert (second.storage, second.index) == (old.storage, old.index)
            assert await modem.ack(old.token) is False  # another PDU there: not deleted
            assert [m.tpdu.text for m in sim.inbox] == ["second"]
            assert await modem.ack(second.token) is True


async def test_a_routed_item_is_acknowledged_with_cnma_and_a_stale_token_does_nothing() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, name="m", receive="route") as modem:
            await net.inject_sms(sim.number, "routed")
            item = await _next_item(modem)
            assert item.token.kind == "routed" and item.storage is None
            assert await modem.ack(AckToken.from_json(item.token.to_json())) is True
            await until(lambda: sim.interp.acked == 1)
            assert await modem.ack(item.token) is False
        async with opened(sim.url, name="m", receive="route") as modem:
            assert await modem.ack(item.token) is False  # an older session: nothing to do
        assert sim.commands.count("AT+CNMA") == 1


async def test_ack_refuses_what_is_no_token_of_this_modem() -> None:
    async with network(ModemSpec("sim0")) as net, opened(net.modem("sim0").url, name="a") as m:
        with pytest.raises(ValueError, match="modem 'b'"):
            await m.ack(AckToken("b", "stored", "SM", 1, "0" * 16, "ses_x"))
        with pytest.raises(TypeError):
            await m.ack({"modem_id": "a"})  # type: ignore[arg-type]
    for bad in ({}, {"modem_id": "a", "kind": "stored", "digest": "x", "session": "s"},
                {"modem_id": "a", "kind": "other", "digest": "x", "session": "s"}):  # fmt: skip
        with pytest.raises(ValueError):
            AckToken.from_json(bad)


async def test_one_consumer_at_a_time() -> None:
    async with network(ModemSpec("sim0")) as net, opened(net.modem("sim0").url) as modem:
        first = asyncio.ensure_future(anext(modem.items()))
        await asyncio.sleep(0)
        with pytest.raises(RuntimeError, match="one consumer"):
            await anext(modem.items())
        first.cancel()


async def test_undecodable_pdus_are_items_acknowledged_like_any_other() -> None:
    """Issue 14, item 3: a stored PDU the codec refuses stayed on the SIM for ever, re-read
    at every scan; a routed one was acknowledged and dropped unseen."""
    garbage = "0004" + "FF" * 6  # an SMSC field, then a TPDU the codec cannot read
    async with fake_modem() as (url, fake), opened(url, name="f", timeouts=FAST) as modem:
        fake.deliver(garbage)
        item = await _next_item(modem)
        assert isinstance(item, UndecodableMessage)
        assert item.pdu == garbage and item.error and item.storage == "SM"
        assert item.to_json()["type"] == "sms.undecodable"
        assert await modem.ack(item.token) is True
        assert fake.storages["SM"] == {}
    async with fake_modem() as (url, fake), opened(url, receive="route", timeouts=FAST) as modem:
        fake.urc(f"\r\n+CMT: ,6\r\n{garbage}\r\n")  # routed, undecodable
        item = await _next_item(modem)
        assert isinstance(item, UndecodableMessage) and item.token.kind == "routed"
        assert fake.cnma == []  # not acknowledged before the consumer took it
        assert await item.ack() is True
        assert fake.cnma == ["AT+CNMA"]


async def test_status_report_item_in_words() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            result = await modem.send_sms("+15559999999", "nobody", status_report=True)
            item = await _next_item(modem, 10)
            assert isinstance(item, StatusReportReceived)
            assert item.reference == result.references[0]
            assert item.outcome == "undelivered" and item.status >= 0x40
            assert item.status_text and item.recipient.endswith("5559999999")
            await item.ack()


# --- state ---------------------------------------------------------------------------------


async def test_state_snapshots_wait_and_watch() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        modem = Modem(sim.url, name="s")
        assert modem.state.status == "opening" and not modem.state.ready
        await modem.open()
        try:
            state = modem.state
            assert state.ready and state.name == "s" and state.port == sim.url
            state = await modem.wait_state(state.version, timeout=5)  # the state read after open
            state = modem.state
            async with asyncio.timeout(5):
                while modem.state.operator is None:
                    state = await modem.wait_state(modem.state.version)
            assert modem.state.registration == "registered" and modem.state.signal_dbm is not None
            watchers = [modem.watch_state(), modem.watch_state()]
            for w in watchers:
                assert (await anext(w)).version == modem.state.version
            version = modem.state.version
            sim.storm(count=50, lines=tuple(f"+CSQ: {n % 31},99" for n in range(50)))
            await until(lambda: modem.state.signal_rssi == 49 % 31)
            for w in watchers:  # a watcher that looks late sees the latest, not fifty
                latest = await anext(w)
                assert latest.version > version and latest.signal_rssi == 49 % 31
            assert modem.state.to_json()["type"] == "modem.state"
        finally:
            await modem.close()
        assert modem.state.status == "closed"


async def test_state_says_lost_and_ready_again() -> None:
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=FAST) as modem:
            before = modem.state.version
            sim.unplug()
            lost = await modem.wait_state(before, timeout=10)
            while lost.status != "lost":
                lost = await modem.wait_state(lost.version, timeout=10)
            assert lost.reason
            await sim.replug()
            state = lost
            while state.status != "ready":
                state = await modem.wait_state(state.version, timeout=20)


# --- send_pdu ------------------------------------------------------------------------------


def _planned(text: str = "hello") -> tuple[str, int]:
    from modem.sms import encode_pdu, submits, tpdu_length

    raw = encode_pdu(submits("+15550000001", text)[0], smsc=True)
    return raw.hex().upper(), tpdu_length(raw, smsc=True)


async def test_send_pdu_sends_one_part_and_says_when_it_was_written() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, name="p") as modem:
            pdu, length = _planned()
            written: list[int] = []
            part = await modem.send_pdu(
                pdu, length, recipient="+15550000001", on_written=lambda: written.append(1)
            )
            assert written == [1] and part.outcome == "sent" and part.reference is not None
            assert (part.modem_id, part.recipient, part.pdu) == ("p", "+15550000001", pdu)
            assert part.sent_at.tzinfo is not None
            assert part.to_json()["type"] == "sms.sent_part"
            assert [s.text for s in sim.sent] == ["hello"]
            with pytest.raises(ValueError, match="does not match length"):
                await modem.send_pdu(pdu, length + 1)
            with pytest.raises(ValueError):
                await modem.send_pdu("zz", 0)


async def test_send_pdu_errors_say_who_is_at_fault_and_never_retry() -> None:
    async with network(ModemSpec("sim0"), ModemSpec("sim1")) as net:
        sim = net.modem("sim0")
        pdu, length = _planned()
        async with opened(sim.url, timeouts=FAST) as modem:
            await settled(modem)
            sim.faults = FaultSpec(transient_error_rate=1.0, transient_errors=(500,))
            with pytest.raises(PartRejected) as rejected:
                await modem.send_pdu(pdu, length)
            assert rejected.value.retryable and not rejected.value.permanent
            assert sum(c.startswith("AT+CMGS") for c in sim.commands) == 1  # no hidden retry
            sim.faults = FaultSpec(permanent_error_rate=1.0, permanent_errors=(21,))
            with pytest.raises(PartRejected) as rejected:
                await modem.send_pdu(pdu, length)
            assert rejected.value.permanent and rejected.value.outcome == "failed"
            await settled(modem)
            sim.faults = FaultSpec(drop_final_rate=1.0)
            written = []
            with pytest.raises(SendUnknown) as unknown:
                await modem.send_pdu(pdu, length, on_written=lambda: written.append(1))
            assert written == [1] and unknown.value.outcome == "unknown"
            assert unknown.value.cause is not None
    async with fake_modem() as (url, fake), opened(url, timeouts=FAST) as modem:
        fake.on(lambda line: line.startswith("AT+CMGS="), None)  # no prompt
        written = []
        with pytest.raises(PartNotSent) as not_sent:
            await modem.send_pdu(pdu, length, on_written=lambda: written.append(1))
        assert written == [] and not_sent.value.retryable and not_sent.value.cause is not None
        assert not isinstance(not_sent.value, TimeoutError)
