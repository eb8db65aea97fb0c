"""The receive path: every item committed to the store before the modem lets it go; tokens
kept across a crash acknowledged after it; incomplete messages flushed; overdue reports."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

from modem.config import SendDefaults
from modem.device import Modem, SmsReceived
from modem.pool import SendRequest
from modem.pool.receiver import incoming_part
from modem.sms import Address, Deliver, encode_pdu
from modem.sms.udh import IEI_CONCAT_8, InformationElement, UserDataHeader
from modem.store import MessageQuery, store_for

from .conftest import FAST, gateway, until, until_async, with_config


async def _no_pending(store) -> bool:
    return not await store.pending_acks()


async def inbound(store) -> list:
    return list((await store.list_messages(MessageQuery(direction="inbound"))).items)


async def test_a_message_is_kept_then_deleted_from_the_sim(tmp_path: Path) -> None:
    async with gateway(tmp_path, ("sim0",)) as g:
        await g.net.inject_sms(g.number("sim0"), "Grüße " * 60, sender="+4917000000001")
        await until(lambda: not g.net.modem("sim0").inbox and g.pool.workers)
        async with asyncio.timeout(10):
            while not (messages := await inbound(g.store)):
                await g.store.wait_events(await g.store.last_event_seq(), 1.0)
        [message] = messages
        assert message.state == "received" and message.complete
        assert message.text == "Grüße " * 60 and len(message.parts) == 3
        assert message.sender == "+4917000000001" and message.modem_id == "sim0"
        await until_async(lambda: _no_pending(g.store))


async def test_what_was_kept_before_a_crash_is_acknowledged_after_it(tmp_path: Path) -> None:
    """A receiver that committed an item and died before acknowledging it: the next run
    acknowledges it (the message leaves the SIM) and keeps it once."""
    async with gateway(tmp_path, ("sim0",), start=False) as g:
        sim = g.net.modem("sim0")
        await g.net.inject_sms(g.number("sim0"), "kept before the crash")
        modem: Modem = g.modems["sim0"]
        async with asyncio.timeout(10):
            item = await anext(modem.items())
        assert isinstance(item, SmsReceived)
        await g.store.record_incoming(incoming_part(item))  # committed; then the crash
        await modem.close()
        assert len(sim.inbox) == 1
        g.modems["sim0"] = modem = Modem(sim.url, name="sim0", timeouts=FAST)
        await modem.open()
        await g.pool.remove_modem("sim0")
        await g.pool.add_modem(modem)
        await g.pool.start()
        await until(lambda: not sim.inbox)
        await until_async(lambda: _no_pending(g.store))
        messages = await inbound(g.store)
        assert [m.text for m in messages] == ["kept before the crash"]  # once, not twice


async def test_an_incomplete_message_is_kept_as_it_is_after_a_while(tmp_path: Path) -> None:
    config = with_config(reassembly_timeout=timedelta(seconds=0.3))
    async with gateway(tmp_path, ("sim0",), config=config) as g:
        udh = UserDataHeader((InformationElement(IEI_CONCAT_8, bytes([7, 2, 1])),))
        part = Deliver(Address.parse("+4917000000002"), g.net.smsc.now(), text="first half",
                       udh=udh)  # fmt: skip
        await g.net.inject_sms(g.number("sim0"), pdu=encode_pdu(part, smsc=True))
        async with asyncio.timeout(10):
            while not (messages := await inbound(g.store)):
                await g.store.wait_events(await g.store.last_event_seq(), 1.0)
        [message] = messages
        assert (message.complete, list(message.missing), message.text) == (
            False, [2], "first half",
        )  # fmt: skip


async def test_a_report_that_never_comes_is_said_to_be_overdue(tmp_path: Path) -> None:
    config = with_config(report_timeout=timedelta(seconds=0.3))
    async with gateway(tmp_path, ("sim0", "phone"), config=config, phones=["phone"],
                       send=SendDefaults(status_report=True)) as g:  # fmt: skip
        phone = g.net.modem("phone")
        phone.unplug()  # the SMSC keeps the message for it: no report for a day
        message = await g.pool.submit(SendRequest(to=phone.number, text="are you there"))
        done = await g.wait(message.id, lambda m: m.recipients[0].report_overdue)
        assert done.state == "sent"  # still sent: never silently delivered
        types = [e.type for e in await g.store.events_after(0, 1000)]
        assert "message.report_overdue" in types


async def test_a_store_that_cannot_be_written_delays_but_loses_nothing(
    tmp_path: Path,
) -> None:
    """Another process holds the database's write lock: the item waits on the modem (not
    acknowledged) until the store takes it."""
    path = tmp_path / "modem.db"
    store = store_for(str(path), synchronous="normal", busy_timeout=0.1)
    await store.open()
    await store.migrate()
    try:
        async with gateway(tmp_path, ("sim0",), store=store) as g:
            blocker = sqlite3.connect(str(path), isolation_level=None)
            blocker.execute("BEGIN EXCLUSIVE")
            await g.net.inject_sms(g.number("sim0"), "patience")
            await asyncio.sleep(1.0)  # the receiver keeps trying meanwhile
            assert len(g.net.modem("sim0").inbox) == 1  # not acknowledged: not kept yet
            blocker.execute("ROLLBACK")
            blocker.close()
            await until(lambda: not g.net.modem("sim0").inbox)
            assert [m.text for m in await inbound(g.store)] == ["patience"]
    finally:
        await store.close()
