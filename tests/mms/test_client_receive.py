"""Receiving with the MMS client: a notification the network sends twice is fetched once,
pushes that are not MMS are recognised, deferred and rejected retrieval with their answers,
a restart goes on from the store, Verizon's message-id= locations, read reports, and a
notification split over several SMS that arrive out of order and twice."""

from __future__ import annotations

import asyncio
import random

from client_helpers import JPEG, Clock, client_for, pushes, settle, sim_config

from modem.mms import (
    AcknowledgeInd,
    MmsMessage,
    NotificationInd,
    NotifyRespInd,
    RetrieveConf,
    decode_pdu,
    encode_push,
    push_from_sms,
)
from modem.mms.client_policy import RetrievalPolicy, RetryPolicy
from modem.mms.client_state import MemoryMmsStore
from modem.sim import SimNetwork
from modem.sim.mmsc_config import MmscFaults
from modem.vocabulary import RetrievalState


async def send_to_bob(net: SimNetwork, **options: object) -> str:
    alice = client_for(net, "alice")
    message = MmsMessage.build(
        net.modem("bob").number, text="hi", subject="s", attachments=[(JPEG, "p.jpg")], **options
    )  # type: ignore[arg-type]
    sent = await alice.send(message)
    await settle(net)
    return sent.message_id


def gets(net: SimNetwork) -> int:
    return sum(1 for r in net.mmsc.requests if r.method == "GET")


async def test_a_notification_seen_twice_is_fetched_once_and_answered_again() -> None:
    async with SimNetwork(sim_config()) as net:
        await send_to_bob(net)
        bob = client_for(net, "bob")
        [push] = pushes(net, "bob")
        first, again = await bob.receive(push), await bob.receive(push)
        assert first.new and not again.new and again.notification.seen == 2
        assert again.notification.id == first.notification.id
        await bob.run_due()
        later = await bob.receive(push)  # the MMSC did not hear our answer, it says
        assert later.notification.answer == "notify_resp"
        [n] = await bob.run_due()
        assert n.state is RetrievalState.RETRIEVED and n.answer is None
        assert gets(net) == 1 and len(net.mmsc.seen(NotifyRespInd)) == 2


async def test_pushes_that_are_not_mms_are_recognised() -> None:
    async with SimNetwork(sim_config()) as net:
        bob = client_for(net, "bob")
        cases = {
            "si": encode_push(
                b"\x02\x05\x6a\x00", content_type="application/vnd.wap.sic", application_id=0x01
            ),
            "sl": encode_push(
                b"\x02\x06\x6a\x00", content_type="application/vnd.wap.slc", application_id=None
            ),
            "provisioning": encode_push(
                b"\x03\x0b\x6a\x00",
                content_type="application/vnd.wap.connectivity-wbxml",
                application_id=None,
            ),
            "drm": encode_push(
                b"\x03\x0e\x6a\x00",
                content_type="application/vnd.oma.drm.rights+wbxml",
                application_id=0x08,
            ),
            "other": encode_push(b"x", content_type="text/plain", application_id=None),
        }
        for kind, push in cases.items():
            got = await bob.receive(push)
            assert got.kind == "push" and got.push.kind == kind
            assert got.push.to_json()["type"] == "wap.push"
        assert await bob.store.next_due("bob") is None  # nothing taken for an MMS


async def test_deferred_then_fetched_when_asked_with_an_acknowledgement() -> None:
    async with SimNetwork(sim_config()) as net:
        message_id = await send_to_bob(net, delivery_report=True)
        bob = client_for(net, "bob", retrieval=RetrievalPolicy("deferred"))
        [push] = pushes(net, "bob")
        got = await bob.receive(push)
        [n] = await bob.run_due()
        assert n.state is RetrievalState.DEFERRED and gets(net) == 0
        [resp] = net.mmsc.seen(NotifyRespInd)
        assert resp.status == 0x83  # Deferred
        done = await bob.retrieve(got.notification.id)
        assert done.state is RetrievalState.RETRIEVED and done.answer is None
        [ack] = net.mmsc.seen(AcknowledgeInd)
        assert ack.transaction_id == decode_pdu(done.retrieved).transaction_id
        [copy] = net.mmsc.messages[message_id].copies
        assert copy.state == "retrieved"


async def test_rejected_by_policy_tells_the_mmsc_and_the_sender_hears() -> None:
    async with SimNetwork(sim_config()) as net:
        message_id = await send_to_bob(net, delivery_report=True)
        bob = client_for(net, "bob", retrieval=RetrievalPolicy(max_size=100))
        [push] = pushes(net, "bob")
        got = await bob.receive(push)
        assert got.notification.state is RetrievalState.REJECTED
        await bob.run_due()
        assert [r.status for r in net.mmsc.seen(NotifyRespInd)] == [0x82] and gets(net) == 0
        await settle(net)
        alice = client_for(net, "alice")
        alice.store = MemoryMmsStore()  # a report for a message this store does not know
        [report_push] = pushes(net, "alice")
        report = await alice.receive(report_push)
        assert report.report.status_text == "Rejected" and report.report.outcome == "undelivered"
        assert report.report.message_id == message_id and report.sent is None


async def test_a_restart_goes_on_from_the_store() -> None:
    async with SimNetwork(sim_config()) as net:
        await send_to_bob(net)
        store, clock = MemoryMmsStore(), Clock()
        first = client_for(net, "bob", store=store, clock=clock, retry=RetryPolicy())
        net.mmsc.faults = MmscFaults(server_errors=1)
        [push] = pushes(net, "bob")
        await first.receive(push)
        [n] = await first.run_due()
        assert n.state is RetrievalState.PENDING  # the process stops here
        second = client_for(net, "bob", store=store, clock=clock, retry=RetryPolicy())
        clock.advance(seconds=2)
        [done] = await second.run_due()
        assert done.state is RetrievalState.RETRIEVED and done.attempts == 2


async def test_verizon_locations_get_the_transaction_id_appended() -> None:
    async with SimNetwork(sim_config()) as net:
        await send_to_bob(net)
        [copy] = [c for m in net.mmsc.messages.values() for c in m.copies]
        note = NotificationInd(
            transaction_id=copy.location,
            message_size=1000,
            expiry=copy.expires_at,
            content_location=f"{net.mmsc.url}?message-id=",
        )
        bob = client_for(net, "bob", append_transaction_id=True)
        got = await bob.receive(encode_push(note.encode()))
        assert got.notification.location.endswith(f"?message-id={copy.location}")
        [n] = await bob.run_due()
        assert n.state is RetrievalState.RETRIEVED


async def test_a_read_report_comes_back_to_the_sender() -> None:
    async with SimNetwork(sim_config()) as net:
        alice = client_for(net, "alice")
        message = MmsMessage.build(net.modem("bob").number, text="read me", read_report=True)
        sent = await alice.send(message)
        await settle(net)
        bob = client_for(net, "bob")
        [push] = pushes(net, "bob")
        await bob.receive(push)
        [n] = await bob.run_due()
        conf = decode_pdu(n.retrieved)
        assert isinstance(conf, RetrieveConf) and conf.read_report
        await bob.mmsc.post(conf.read_receipt().encode())
        await settle(net)
        [report_push] = pushes(net, "alice")
        got = await alice.receive(report_push)
        assert got.report.kind == "read" and got.report.status_text == "Read"
        assert got.sent.message_id == sent.message_id


async def test_a_long_notification_in_three_sms_out_of_order_and_twice() -> None:
    async with SimNetwork(sim_config()) as net:
        alice = client_for(net, "alice")
        subject = "A subject long enough to need a third SMS part " * 4
        await alice.send(MmsMessage.build(net.modem("bob").number, text="x", subject=subject))
        await settle(net)
        parts = [m.tpdu for m in net.modem("bob").inbox]
        assert len(parts) >= 3
        shuffled = parts + parts[:1]
        random.Random(7).shuffle(shuffled)
        bob = client_for(net, "bob")
        got = await bob.receive(push_from_sms(shuffled))
        assert got.notification.subject == subject
        [n] = await bob.run_due()
        assert n.state is RetrievalState.RETRIEVED


async def test_serve_fetches_what_arrives_without_being_asked() -> None:
    class Watched(MemoryMmsStore):
        def __init__(self) -> None:
            super().__init__()
            self.done = asyncio.Event()

        async def save_notification(self, notification) -> None:  # type: ignore[no-untyped-def]
            await super().save_notification(notification)
            if notification.state is RetrievalState.RETRIEVED and notification.answer is None:
                self.done.set()

    async with SimNetwork(sim_config()) as net:
        await send_to_bob(net)
        store = Watched()
        bob = client_for(net, "bob", store=store)
        worker = asyncio.get_running_loop().create_task(bob.serve())
        try:
            [push] = pushes(net, "bob")
            await bob.receive(push)
            await asyncio.wait_for(store.done.wait(), 10)
        finally:
            worker.cancel()
        assert gets(net) == 1 and len(net.mmsc.seen(NotifyRespInd)) == 1
