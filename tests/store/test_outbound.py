"""Outbound messages through the interface: create, idempotency, read, list, cancel,
history, and the events each change writes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from modem.store import (
    Conflict,
    IdempotencyConflict,
    MessageQuery,
    NewMessage,
    NewRecipient,
    NotFound,
    Store,
)
from modem.vocabulary import EventType, MessageState, PartState

from .conftest import NUMBER, incoming, later, now, outgoing, send_one, slot


async def test_create_commits_a_queued_message_with_its_parts(store: Store) -> None:
    message, created = await store.create_message(
        outgoing(NUMBER, parts=3, metadata={"order": 17}, priority=5, status_report=True)
    )
    assert created
    assert message.id.startswith("msg_")
    assert message.state == MessageState.QUEUED
    assert message.metadata == {"order": 17}
    (recipient,) = message.recipients
    assert recipient.number == NUMBER and recipient.state == MessageState.QUEUED
    assert [p.seq for p in recipient.parts] == [1, 2, 3]
    assert all(p.state == PartState.QUEUED and p.pdu for p in recipient.parts)
    assert await store.get_message(message.id) == message


async def test_one_event_per_recipient_with_the_whole_message(store: Store) -> None:
    message, _ = await store.create_message(outgoing("+4915100000001", "+4915100000002"))
    events = await store.events_after(0)
    assert [e.type for e in events] == [EventType.MESSAGE_QUEUED] * 2
    assert [e.data["recipient"] for e in events] == ["+4915100000001", "+4915100000002"]
    for e in events:
        assert e.message_id == message.id
        assert e.data["message"]["id"] == message.id
        assert e.data["message"]["type"] == "message"
        assert len(e.data["message"]["recipients"]) == 2
    assert events[0].seq < events[1].seq


async def test_events_of_a_long_list_carry_their_own_recipient(store: Store) -> None:
    numbers = [f"+49151{i:08d}" for i in range(150)]
    message, _ = await store.create_message(outgoing(*numbers))
    events = await store.events_after(0, limit=1000)
    assert len(events) == 150
    last = events[-1].data
    assert [r["number"] for r in last["message"]["recipients"]] == [numbers[-1]]
    assert last["message"]["recipients_total"] == 150 and last["recipient"] == numbers[-1]
    assert len((await store.get_message(message.id)).recipients) == 150


async def test_send_at_in_the_future_schedules(store: Store) -> None:
    message, _ = await store.create_message(outgoing(send_at=later(3600)))
    assert message.state == MessageState.SCHEDULED
    assert (await store.events_after(0))[0].type == EventType.MESSAGE_SCHEDULED
    assert await store.claim(slot(), now()) is None


async def test_same_recipient_twice_is_kept_once(store: Store) -> None:
    message, _ = await store.create_message(outgoing(NUMBER, NUMBER))
    assert len(message.recipients) == 1


def test_a_message_needs_recipients_and_parts() -> None:
    with pytest.raises(ValueError):
        NewMessage(())
    with pytest.raises(ValueError):
        NewRecipient(NUMBER, [])
    with pytest.raises(ValueError):
        outgoing(modem="m1", group="de")


async def test_idempotency_same_key_same_request_returns_the_first(store: Store) -> None:
    first, created = await store.create_message(
        outgoing(), idempotency_key="k1", fingerprint="body-a"
    )
    again, created_again = await store.create_message(
        outgoing(), idempotency_key="k1", fingerprint="body-a"
    )
    assert created and not created_again
    assert again.id == first.id
    page = await store.list_messages(MessageQuery())
    assert len(page.items) == 1


async def test_idempotency_same_key_other_request_conflicts(store: Store) -> None:
    first, _ = await store.create_message(outgoing(), idempotency_key="k1", fingerprint="a")
    with pytest.raises(IdempotencyConflict) as caught:
        await store.create_message(outgoing(), idempotency_key="k1", fingerprint="b")
    assert caught.value.message_id == first.id
    assert isinstance(caught.value, Conflict)


async def test_idempotency_racing_callers_create_one_message(store: Store) -> None:
    results = await asyncio.gather(
        *(
            store.create_message(outgoing(), idempotency_key="race", fingerprint="x")
            for _ in range(20)
        )
    )
    assert sum(created for _, created in results) == 1
    assert len({m.id for m, _ in results}) == 1


async def test_get_and_history_of_a_missing_message(store: Store) -> None:
    with pytest.raises(NotFound, match="msg_nope"):
        await store.get_message("msg_nope")
    with pytest.raises(NotFound):
        await store.history("msg_nope")
    with pytest.raises(NotFound):
        await store.cancel_message("msg_nope")


async def test_cancel_a_queued_message(store: Store) -> None:
    message, _ = await store.create_message(outgoing("+4915100000001", "+4915100000002", parts=2))
    canceled = await store.cancel_message(message.id)
    assert canceled.state == MessageState.CANCELED
    assert all(r.state == MessageState.CANCELED for r in canceled.recipients)
    assert all(p.state == PartState.CANCELED for r in canceled.recipients for p in r.parts)
    assert await store.claim(slot(), now()) is None
    types = [e.type for e in await store.events_after(0)]
    assert types.count(EventType.MESSAGE_CANCELED) == 2
    assert (await store.cancel_message(message.id)).state == MessageState.CANCELED  # again: same


async def test_cancel_conflicts_once_claimed_or_sent(store: Store) -> None:
    message, _ = await store.create_message(outgoing())
    claim = await store.claim(slot(), now())
    assert claim is not None
    with pytest.raises(Conflict, match="sending"):
        await store.cancel_message(message.id)
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    await store.finish(claim)
    with pytest.raises(Conflict, match="sent"):
        await store.cancel_message(message.id)


async def test_cancel_conflicts_when_a_part_went_out_before_a_retry(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    await store.release(claim, retry_at=later(60))
    with pytest.raises(Conflict, match="part 1 already went out"):
        await store.cancel_message(message.id)


async def test_history_is_fine_grained_and_ordered(store: Store) -> None:
    message_id = await send_one(store, outgoing(parts=2))
    history = await store.history(message_id)
    steps = [(h.state, h.part_state, h.part) for h in history]
    assert steps == [
        ("queued", None, None),
        ("sending", None, None),
        (None, "sending", 1),
        (None, "sent", 1),
        (None, "sending", 2),
        (None, "sent", 2),
        ("sent", None, None),
    ]
    assert history[3].raw == "+CMGS: 1"
    assert all(h.recipient == NUMBER for h in history)
    assert [h.at for h in history] == sorted(h.at for h in history)


async def test_list_filters(store: Store) -> None:
    b_id = await send_one(store, outgoing("+4915100000002"), modem="m1")
    a, _ = await store.create_message(outgoing("+4915100000001"))
    await store.record_incoming(incoming("hi", sender="+4917000000009"))
    c = (await store.list_messages(MessageQuery(direction="inbound"))).items[0]

    async def ids(**kw) -> list[str]:
        return [m.id for m in (await store.list_messages(MessageQuery(**kw))).items]

    assert await ids() == [c.id, a.id, b_id]  # newest first
    assert await ids(direction="outbound") == [a.id, b_id]
    assert await ids(state="sent") == [b_id]
    assert await ids(state=("queued", "received")) == [c.id, a.id]
    assert await ids(modem="m1") == [c.id, b_id]  # c came in on m1
    assert await ids(number="015100000002") == [b_id]  # national spelling
    assert await ids(number="+4917000000009") == [c.id]
    assert await ids(since=later(60)) == []
    assert await ids(until=later(60), direction="outbound") == [a.id, b_id]


async def test_list_pages_with_a_cursor(store: Store) -> None:
    made = [(await store.create_message(outgoing()))[0].id for _ in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        page = await store.list_messages(MessageQuery(limit=3, cursor=cursor))
        seen.extend(m.id for m in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
        await store.create_message(outgoing())  # new messages never shift later pages
    assert seen == list(reversed(made))


def test_query_limits() -> None:
    with pytest.raises(ValueError):
        MessageQuery(limit=0)
    with pytest.raises(ValueError):
        MessageQuery(limit=1001)
    with pytest.raises(ValueError):
        MessageQuery(direction="sideways")


async def test_a_bad_cursor_is_a_value_error(store: Store) -> None:
    with pytest.raises(ValueError, match="cursor"):
        await store.list_messages(MessageQuery(cursor="not-a-cursor"))


async def test_count_messages(store: Store) -> None:
    await store.create_message(outgoing())
    await store.create_message(outgoing())
    await send_one(store, outgoing(priority=9))
    assert await store.count_messages() == {"queued": 2, "sent": 1}
    assert await store.count_messages("inbound") == {}


async def test_json_speaks_the_vocabulary(store: Store) -> None:
    message, _ = await store.create_message(
        outgoing(expires_at=now() + timedelta(hours=1), status_report=True)
    )
    data = message.to_json()
    assert data["type"] == "message"
    assert data["direction"] == "outbound"
    assert data["created_at"].endswith("Z") and "T" in data["created_at"]
    assert data["expires_at"].endswith("Z")
    part = data["recipients"][0]["parts"][0]
    assert set(part) == {
        "seq", "state", "reference", "modem_id", "sent_at", "length", "pdu", "report", "error",
    }  # fmt: skip
