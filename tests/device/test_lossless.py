"""Issue 14, "Data lost" (items 1-3): each reproduced against the simulator or a fake modem on
loopback TCP; each failed on the driver before the issue was fixed."""

from __future__ import annotations

import asyncio

import pytest

from modem.device import SmsReceived, StatusReportReceived
from modem.sim import ModemSpec

from .conftest import FAST, network, opened, settled, until
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
                # two parts, each its own words: 300 messages in a few seconds share the
                # SMSC's one-second time stamps, so content is what tells them apart
                text = f"{i:03d} " + "z" * 180 + f" {i:03d}"
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
    """An SMS is taken (not yet acknowledged); then a status report comes and the OK of the
    AT+CPMS="SR" that reads it is lost (the modem did switch). The SMS's ack must delete it
    in SM, not index 1 of SR (a report nobody saw), and the report must still arrive."""
    async with fake_modem() as (url, fake), opened(url, timeouts=FAST) as modem:
        await settled(modem)
        items = modem.items()
        index = fake.deliver(deliver_pdu("in SM")[0])
        sms = await asyncio.wait_for(anext(items), 10)
        assert isinstance(sms, SmsReceived) and (sms.storage, sms.index) == ("SM", index)
        fake.on('AT+CPMS="SR"', None, after=lambda _: setattr(fake, "mem1", "SR"))
        report_index = fake.deliver(report_pdu(42), storage="SR")
        assert report_index == index  # the same index in both storages
        await until(lambda: fake.count('AT+CPMS="SR"') == 1)
        await settled(modem)  # the read timed out and the port was resynchronised
        assert await modem.ack(sms.token) is True
        assert fake.storages["SM"] == {}  # deleted where it was
        assert list(fake.storages["SR"]) == [report_index]  # the report is still there
        report = await asyncio.wait_for(anext(items), 10)  # found by the scan
        assert isinstance(report, StatusReportReceived) and report.reference == 42
        fake.deliver(deliver_pdu("again in SM")[0])
        again = await asyncio.wait_for(anext(items), 10)
        assert again.text == "again in SM" and again.storage == "SM"
        assert await modem.ack(report.token) is True
        assert fake.storages["SR"] == {}
