"""Incoming messages: parts committed before the ack, reassembly in the database (across a
restart), duplicates, reused references, incomplete messages, undecodable PDUs, ack tokens."""

from __future__ import annotations

from datetime import timedelta

from modem.store import MessageQuery, Store
from modem.vocabulary import EventType, MessageState

from .conftest import SMSC_TIME, Backend, incoming, now


def token(index: int) -> dict:
    return {"modem_id": "m1", "kind": "stored", "storage": "SM", "index": index, "digest": "x"}


async def test_a_single_sms_is_received_at_once(store: Store) -> None:
    result = await store.record_incoming(incoming("hello", token=token(1)))
    message = result.message
    assert message is not None and not result.duplicate and result.missing == 0
    assert message.direction == "inbound" and message.state == MessageState.RECEIVED
    assert (message.text, message.sender, message.complete) == ("hello", "+4917000000001", True)
    assert message.sim == "262011234567890" and message.modem_id == "m1"
    assert message.smsc_time == SMSC_TIME  # the SMSC's offset kept
    assert message.parts[0].pdu.startswith("0791")
    events = await store.events_after(0)
    assert [e.type for e in events] == [EventType.MESSAGE_RECEIVED]
    assert events[0].data["message"]["text"] == "hello"
    assert await store.pending_acks() == [token(1)]
    assert await store.acked(token(1))
    assert not await store.acked(token(1))


async def test_parts_in_any_order_make_one_message(store: Store) -> None:
    r3 = await store.record_incoming(incoming("c", concat=(7, 3, 3, 8)))
    r1 = await store.record_incoming(incoming("a", concat=(7, 1, 3, 8)))
    assert (r3.message, r3.missing, r1.message, r1.missing) == (None, 2, None, 1)
    assert (await store.list_messages(MessageQuery(direction="inbound"))).items == ()
    done = await store.record_incoming(incoming("b", concat=(7, 2, 3, 8)))
    assert done.message is not None and done.message.text == "abc"
    assert [p.seq for p in done.message.parts] == [1, 2, 3]
    assert done.message.parts[0].to_json()["concat"] == {"ref": 7, "seq": 1, "total": 3}


async def test_a_restart_in_the_middle_completes_the_message(backend: Backend) -> None:
    first = await backend.opened()
    await first.record_incoming(incoming("part one ", concat=(200, 1, 2, 8), token=token(1)))
    await first.close()
    second = await backend.opened()
    try:
        done = await second.record_incoming(incoming("part two", concat=(200, 2, 2, 8)))
        assert done.message is not None and done.message.text == "part one part two"
        assert await second.pending_acks() == [token(1)]  # committed, never acknowledged
    finally:
        await second.close()


async def test_a_duplicate_part_is_recognised(store: Store) -> None:
    await store.record_incoming(incoming("a", concat=(9, 1, 2, 8)))
    again = await store.record_incoming(incoming("a", concat=(9, 1, 2, 8), token=token(5)))
    assert again.duplicate and again.message is None and again.missing == 1
    assert token(5) in await store.pending_acks()  # still to acknowledge
    done = await store.record_incoming(incoming("b", concat=(9, 2, 2, 8)))
    assert done.message.text == "ab"
    late = await store.record_incoming(incoming("b", concat=(9, 2, 2, 8)))
    assert late.duplicate and late.message is None
    single = await store.record_incoming(incoming("ok"))
    assert single.message is not None
    assert (await store.record_incoming(incoming("ok"))).duplicate


async def test_the_same_text_with_a_new_stamp_is_a_new_message(store: Store) -> None:
    await store.record_incoming(incoming("ok"))
    other = await store.record_incoming(incoming("ok", smsc_time=SMSC_TIME + timedelta(minutes=1)))
    assert other.message is not None and not other.duplicate


async def test_a_reused_reference_with_other_content_starts_a_new_message(store: Store) -> None:
    await store.record_incoming(incoming("old 1 ", concat=(5, 1, 2, 8)))
    r = await store.record_incoming(incoming("new 1 ", concat=(5, 1, 2, 8)))
    assert not r.duplicate and r.message is None
    done = await store.record_incoming(incoming("new 2", concat=(5, 2, 2, 8)))
    assert done.message.text == "new 1 new 2"


async def test_a_reused_reference_far_apart_in_time_starts_a_new_message(store: Store) -> None:
    await store.record_incoming(incoming("old 1 ", concat=(5, 1, 2, 8)))
    later_stamp = SMSC_TIME + timedelta(hours=2)
    r = await store.record_incoming(incoming("new 2", concat=(5, 2, 2, 8), smsc_time=later_stamp))
    assert r.message is None and r.missing == 1
    done = await store.record_incoming(
        incoming("new 1 ", concat=(5, 1, 2, 8), smsc_time=later_stamp)
    )
    assert done.message is not None and done.message.text == "new 1 new 2"


async def test_senders_and_sims_never_mix(store: Store) -> None:
    await store.record_incoming(incoming("a1", concat=(1, 1, 2, 8), sender="+4917000000001"))
    await store.record_incoming(incoming("b1", concat=(1, 1, 2, 8), sender="+4917000000002"))
    await store.record_incoming(incoming("c1", concat=(1, 1, 2, 8), sim="262019999999999"))
    done = await store.record_incoming(incoming("a2", concat=(1, 2, 2, 8), sender="+4917000000001"))
    assert done.message.text == "a1a2"


async def test_a_sim_moved_to_another_modem_keeps_its_message(store: Store) -> None:
    await store.record_incoming(incoming("x", concat=(3, 1, 2, 8), modem_id="m1"))
    done = await store.record_incoming(incoming("y", concat=(3, 2, 2, 8), modem_id="m2"))
    assert done.message is not None and done.message.text == "xy"


async def test_incomplete_messages_are_flushed_with_what_is_missing(store: Store) -> None:
    await store.record_incoming(incoming("one ", concat=(11, 1, 3, 8)))
    await store.record_incoming(incoming("three", concat=(11, 3, 3, 8)))
    assert await store.flush_incomplete(60, now()) == []
    (message,) = await store.flush_incomplete(60, now() + timedelta(seconds=61))
    assert message.state == MessageState.RECEIVED
    assert (message.complete, message.missing, message.text) == (False, (2,), "one three")
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_RECEIVED
    late = await store.record_incoming(incoming("two ", concat=(11, 2, 3, 8)))
    assert late.message is None and late.missing == 2  # a new message, not the flushed one


async def test_undecodable_pdus_are_kept_with_their_error(store: Store) -> None:
    kept = await store.record_undecodable(
        modem_id="m1", pdu="07FF00", error="TP-UDL beyond the PDU", received_at=now(),
        token=token(4),
    )  # fmt: skip
    assert kept.id.startswith("und_")
    assert kept.to_json()["type"] == "sms.undecodable"
    page = await store.list_undecodable()
    assert [u.pdu for u in page.items] == ["07FF00"]
    assert page.items[0].error == "TP-UDL beyond the PDU"
    assert await store.pending_acks("m1") == [token(4)]
    assert await store.pending_acks("m2") == []
