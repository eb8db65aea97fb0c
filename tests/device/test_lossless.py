"""Issue 14, "Data lost" (items 1-3): each reproduced against the simulator or a fake modem on
loopback TCP; each failed on the driver before the issue was fixed."""

from __future__ import annotations

import asyncio

import pytest

from modem.device import SmsReceived, StatusReportReceived
from modem.sim import ModemSpec

from .conftest import FAST, network, opened
from .fakemodem import deliver_pdu, fake_modem, report_pdu

pytestmark = pytest.mark.timeout(60)


async def test_item1_a_reused_concat_reference_is_a_new_message_not_a_copy() -> None:
    """300 two-part messages from one sender: the 8-bit reference comes round after 256.
    Every one must come out of messages(), none acknowledged (deleted) unseen."""
    async with network(ModemSpec("sim0")) as net:
        sim = net.modem("sim0")
        async with opened(sim.url) as modem:
            stream = modem.messages(ack=True)
            seen = []
            for i in range(300):
                text = f"{i:03d} " + "z" * 180  # two parts
                await net.inject_sms(sim.number, text, sender="+4799999999", reference=i % 256)
                try:
                    message = await asyncio.wait_for(anext(stream), 20)
                except TimeoutError:
                    inbox = [(m.memory, m.index, m.tpdu.text[:3]) for m in sim.inbox]
                    raise AssertionError(f"message {i} did not come; SIM holds {inbox}") from None
                assert message.complete and len(message.parts) == 2
                seen.append(message.text[:3])
            assert seen == [f"{i:03d}" for i in range(300)]
            await stream.aclose()


async def test_item1_a_late_copy_of_a_taken_part_is_acknowledged_not_shown_again() -> None:
    async with fake_modem() as (url, fake), opened(url, timeouts=FAST) as modem:
        parts = deliver_pdu("c" * 200, reference=5)
        stream = modem.messages(ack=True)
        for pdu in parts:
            fake.deliver(pdu)
        first = await asyncio.wait_for(anext(stream), 5)
        assert first.text == "c" * 200
        fake.deliver(parts[1])  # the network delivers part 2 again (same SCTS: a copy)
        fake.deliver(deliver_pdu("after")[0])
        second = await asyncio.wait_for(anext(stream), 5)
        assert second.text == "after"  # the copy was not shown as a message
        assert len(fake.storages["SM"]) == 1  # the copy was acknowledged: only "after" left
        await stream.aclose()


async def test_item2_a_lost_ok_of_cpms_never_makes_an_ack_delete_in_the_wrong_storage() -> None:
    """AT+CPMS="SR" ran but its OK was lost: the driver must not believe it is still in SM.
    The ack of the next SMS must delete it in SM (not index 1 of SR, a report nobody saw),
    and later +CMTI "SM",n must be read in SM."""
    async with fake_modem() as (url, fake), opened(url, timeouts=FAST) as modem:
        items = modem.items()
        # a status report in SR; the OK of the AT+CPMS="SR" that reads it is lost
        fake.on('AT+CPMS="SR"', None, after=lambda _: setattr(fake, "mem1", "SR"))
        fake.deliver(report_pdu(42), storage="SR")
        report = await asyncio.wait_for(anext(items), 10)
        assert isinstance(report, StatusReportReceived) and report.storage == "SR"
        index = fake.deliver(deliver_pdu("in SM")[0])
        sms = await asyncio.wait_for(anext(items), 10)
        assert isinstance(sms, SmsReceived) and sms.text == "in SM"
        assert (sms.storage, sms.index) == ("SM", index)
        assert await modem.ack(sms.token) is True
        assert fake.storages["SM"] == {}  # deleted where it was
        assert list(fake.storages["SR"]) == [report.index]  # the report is still there
        fake.deliver(deliver_pdu("again in SM")[0])
        again = await asyncio.wait_for(anext(items), 10)
        assert again.text == "again in SM" and again.storage == "SM"
        assert await modem.ack(report.token) is True
        assert fake.storages["SR"] == {}
