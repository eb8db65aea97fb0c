"""Issue 14, "Hidden or unbounded" (items 8, 9, 11), and a slow consumer under a URC storm:
memory stays bounded (measured with tracemalloc), nothing is dropped, state is never lost."""

from __future__ import annotations

import asyncio
import tracemalloc

import pytest

from modem.config import Timeouts
from modem.device import ModemReady, SmsReceived
from modem.errors import CommandTimeout
from modem.sim import ModemSpec

from .conftest import network, opened, settled, until
from .fakemodem import OK, deliver_pdu, fake_modem

pytestmark = pytest.mark.timeout(90)

QUICK = Timeouts(command=0.5, prompt=0.5, send=0.5, list=2.0, probe=0.2, ack=2.0)
MB = 1 << 20


# --- item 8: listings with holes ------------------------------------------------------------


async def test_item8_a_blank_pdu_line_or_a_garbled_stat_in_a_listing() -> None:
    """A +CMGL entry whose PDU line is blank swallowed the next entry; a <stat> out of range
    ended `modem inbox` with a traceback."""
    pdus = [deliver_pdu(text)[0] for text in ("one", "two", "three")]
    async with fake_modem() as (url, fake):
        for pdu in pdus:
            fake.store(pdu)
        length = len(pdus[0]) // 2 - 1
        listing = (
            f"\r\n+CMGL: 1,0,,{length}\r\n\r\n"  # the PDU line is blank
            f"+CMGL: 2,0,,{length}\r\n{pdus[1]}\r\n"
            f"+CMGL: 3,9,,{len(pdus[2]) // 2 - 1}\r\n{pdus[2]}\r\n"  # <stat> 9 does not exist
        ).encode() + OK
        fake.on("AT+CMGL=4", listing, times=None)
        async with opened(url, timeouts=QUICK, poll_interval=None) as modem:
            listed = await modem.list_messages()
            assert [m.index for m in listed] == [1, 2, 3]
            assert listed[0].tpdu is None and "no PDU" in (listed[0].error or "")
            assert listed[1].tpdu.text == "two"
            assert listed[2].status is None and listed[2].tpdu.text == "three"
            assert listed[2].warnings and listed[2].to_json()["stat"] is None
            # the receiver reads the odd ones again, one by one: all three arrive
            items = modem.items()
            async with asyncio.timeout(5):
                texts = sorted([(await anext(items)).text for _ in range(3)])
            assert texts == ["one", "three", "two"]


# --- item 9: bounded lines, responses and backlogs --------------------------------------------


async def test_item9_a_modem_that_streams_lines_fills_no_memory() -> None:
    """A modem answering AT+CGMI with an endless stream drove `modem info` to 510 MB."""
    async with fake_modem() as (url, fake), opened(url, timeouts=QUICK) as modem:
        await settled(modem)
        streamed = 0
        streaming = True

        async def stream() -> None:
            nonlocal streamed
            chunk = b"Manufacturer: ACME streaming line of text\r\n" * 1000
            while streaming:
                fake.urc(chunk)
                streamed += len(chunk)
                await asyncio.sleep(0)

        def start(_line: str) -> None:
            tasks.append(asyncio.ensure_future(stream()))

        tasks: list[asyncio.Task[None]] = []
        fake.on("AT+CGMI", None, after=start)
        tracemalloc.start()
        try:
            with pytest.raises(CommandTimeout):
                await modem.command("AT+CGMI", timeout=2.0)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            streaming = False
            tracemalloc.stop()
            await asyncio.gather(*tasks)
        # the answer is cut at MAX_RESPONSE_CHARS (1 MB): memory does not follow the stream
        assert peak < 3 * MB and streamed > 2 * peak, (streamed, peak)
        assert (await modem.command("AT+CSQ", check=False)).ok


async def test_item9_a_cmti_flood_keeps_the_backlog_bounded_and_loses_nothing() -> None:
    """+CMTI for 30,000 indexes while the consumer is away: the backlog stays bounded (the
    indications past it become one storage scan), and the real messages all arrive."""
    patient = Timeouts(command=5.0, probe=2.0, list=10.0)  # 2 MB of URCs to read first
    async with fake_modem() as (url, fake), opened(url, timeouts=patient, queue_size=2) as modem:
        await settled(modem)
        for i in range(5):
            fake.store(deliver_pdu(f"real {i}")[0])
        flood = b"".join(b'\r\n+CMTI: "SM",%d\r\n' % (i % 50000 + 10) for i in range(30_000))
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            read = modem.stats["read"]
            for start in range(0, len(flood), 64 * 1024):
                fake.urc(flood[start : start + 64 * 1024])
                await asyncio.sleep(0)
            await until(lambda: modem.stats["read"] >= read + len(flood), timeout=20)
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        # 30,000 indications (0.6 MB on the wire) leave at most MAX_ANNOUNCED waiting
        assert modem.stats["announced_dropped"] > 25_000
        assert kept < 1 * MB, kept
        items = modem.items()
        async with asyncio.timeout(30):
            texts = sorted([(await anext(items)).text for _ in range(5)])
        assert texts == [f"real {i}" for i in range(5)]


# --- item 11: state apart from messages -----------------------------------------------------------


async def test_item11_state_is_never_lost_or_in_the_way_of_a_full_queue() -> None:
    """With the item queue full: signal reports must not block the receiver, and a loss and
    a reopen must still be seen (they were dropped on a full queue before), also by
    events(whole=True) (messages() swallowed state events)."""
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=QUICK, queue_size=1) as modem:
            for i in range(3):
                await net.inject_sms(sim.number, f"m{i}")
            await until(lambda: len(sim.inbox) == 3)
            sim.storm(count=200, lines=("+CSQ: 9,99", "+CSQ: 10,99"))
            await until(lambda: modem.state.signal_rssi == 10)  # a full queue does not hold it
            version = modem.state.version
            sim.unplug()
            await until(lambda: modem.state.status == "lost")
            await sim.replug()
            await until(lambda: modem.state.status == "ready")
            assert modem.state.version > version + 1
            events = modem.events(auto_ack=True, whole=True)
            first = await asyncio.wait_for(anext(events), 5)
            assert isinstance(first, ModemReady) and first.reopened
            texts = []
            async with asyncio.timeout(10):
                while len(texts) < 3:
                    event = await anext(events)
                    if getattr(event, "type", None) == "sms.message":
                        texts.append(event.text)
            assert sorted(texts) == ["m0", "m1", "m2"]
            await events.aclose()


async def test_a_slow_consumer_under_a_urc_storm_keeps_memory_bounded() -> None:
    async with network(ModemSpec("sim0", personality="huawei")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url, timeouts=QUICK, queue_size=2) as modem:
            await settled(modem)
            for i in range(12):
                await net.inject_sms(sim.number, f"slow {i}")
            tracemalloc.start()
            try:
                got = []
                async with asyncio.timeout(30):
                    async for item in modem.items():
                        assert isinstance(item, SmsReceived)
                        got.append(item.text)
                        if len(got) % 3 == 0:
                            sim.storm(count=3000)  # ^RSSI and +CREG lines
                        await asyncio.sleep(0.05)  # a slow consumer
                        await item.ack()
                        if len(got) == 12:
                            break
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            assert sorted(got) == sorted(f"slow {i}" for i in range(12))
            assert peak < 8 * MB, peak
            await until(lambda: sim.inbox == [])
