"""The MMS client against the simulated MMSC over the `direct` bearer, end to end: alice sends
an MMS with a JPEG and text to bob; bob's notification is the WAP push the simulated network
delivered into bob's modem storage; bob fetches it, the media arrive byte for byte, the MMSC
sees bob's M-NotifyResp.ind, and alice's M-Delivery.ind is matched to the message she sent."""

from __future__ import annotations

from client_helpers import JPEG, client_for, pushes, settle, sim_config

from modem.mms import MmsMessage, NotifyRespInd, RetrieveConf, decode_pdu
from modem.sim import SimNetwork
from modem.vocabulary import RetrievalState


async def test_send_fetch_and_delivery_report() -> None:
    async with SimNetwork(sim_config()) as net:
        alice, bob = client_for(net, "alice"), client_for(net, "bob")
        message = MmsMessage.build(
            net.modem("bob").number,
            text="Sunset from the cabin",
            subject="Photo",
            attachments=[(JPEG, "sunset.jpg")],
            delivery_report=True,
        )
        sent = await alice.send(message)
        assert sent.message_id in net.mmsc.messages
        stored = net.mmsc.messages[sent.message_id]
        assert stored.sender == net.modem("alice").number  # known by its line's address

        await settle(net)
        [push] = pushes(net, "bob")
        received = await bob.receive(push)
        assert received.kind == "notification" and received.new
        assert received.notification.subject == "Photo"

        [done] = await bob.run_due()
        assert done.state is RetrievalState.RETRIEVED and done.answer is None
        conf = decode_pdu(done.retrieved)
        assert isinstance(conf, RetrieveConf)
        image = next(p for p in conf.parts if p.media_type == "image/jpeg")
        assert image.data == JPEG
        assert conf.text == "Sunset from the cabin"
        assert conf.sender.startswith(net.modem("alice").number)

        [resp] = net.mmsc.seen(NotifyRespInd)
        assert resp.transaction_id == done.transaction_id and resp.status == 0x81

        await settle(net)
        [report_push] = pushes(net, "alice")
        got = await alice.receive(report_push)
        assert got.kind == "report" and got.sent is not None
        assert got.sent.message_id == sent.message_id
        assert got.report.outcome == "delivered" and got.report.status_text == "Retrieved"
        assert got.report.recipient.startswith(net.modem("bob").number)
