"""The outbox: events in commit order, waiting for them, webhook deliveries (cursor, leases,
attempts, redelivery), and the modem registry's events."""

from __future__ import annotations

import asyncio

import pytest

from modem.store import DeliveryQuery, Error, ModemRecord, NotFound, Store
from modem.vocabulary import EventType

from .conftest import Backend, later, now, outgoing


async def test_events_after_in_order_and_by_type(store: Store) -> None:
    assert await store.last_event_seq() == 0
    for _ in range(5):
        await store.create_message(outgoing())
    events = await store.events_after(0, limit=3)
    assert [e.seq for e in events] == sorted(e.seq for e in events) and len(events) == 3
    rest = await store.events_after(events[-1].seq)
    assert len(rest) == 2
    assert await store.last_event_seq() == rest[-1].seq
    assert await store.events_after(0, types=[EventType.MESSAGE_DELIVERED]) == []
    assert len(await store.events_after(0, types=["message.queued"])) == 5
    assert events[0].id.startswith("evt_")
    assert events[0].to_json()["type"] == "message.queued"


async def test_wait_events_wakes_on_a_commit(store: Store) -> None:
    seq = await store.last_event_seq()
    waiter = asyncio.create_task(store.wait_events(seq, timeout=30))
    await asyncio.sleep(0)
    assert not waiter.done()
    await store.create_message(outgoing())
    assert await asyncio.wait_for(waiter, 10)


async def test_wait_events_times_out(store: Store) -> None:
    seq = await store.last_event_seq()
    assert await store.wait_events(seq, timeout=0.05) is False
    await store.create_message(outgoing())
    assert await store.wait_events(seq, timeout=0.05) is True


async def test_wait_events_sees_another_writer(backend: Backend) -> None:
    """A second store on the same database (another process, another host) writes: the
    waiting one notices within its poll interval."""
    reader = await backend.opened(poll_interval=0.05)
    writer = await backend.opened()
    try:
        seq = await reader.last_event_seq()
        waiter = asyncio.create_task(reader.wait_events(seq, timeout=30))
        await writer.create_message(outgoing())
        assert await asyncio.wait_for(waiter, 10)
    finally:
        await writer.close()
        await reader.close()


async def test_deliveries_from_the_cursor(store: Store) -> None:
    assert await store.webhook_cursor("hook") is None
    await store.create_message(outgoing())
    await store.create_message(outgoing())
    events = await store.events_after(0)
    assert await store.add_deliveries("hook", events) == 2
    assert await store.add_deliveries("hook", events) == 0  # the same pair once
    assert await store.webhook_cursor("hook") == events[-1].seq
    await store.add_deliveries("hook", [], upto=events[0].seq)  # never moves down
    assert await store.webhook_cursor("hook") == events[-1].seq
    assert await store.webhook_cursor("other") is None


async def test_due_deliveries_are_leased_to_one_node(store: Store) -> None:
    await store.create_message(outgoing())
    await store.add_deliveries("hook", await store.events_after(0))
    taken = await store.due_deliveries("hook", now(), 10, "n1", later(30))
    assert len(taken) == 1
    assert taken[0].event is not None and taken[0].event.type == EventType.MESSAGE_QUEUED
    assert taken[0].event.data["message"]["id"] == taken[0].message_id
    assert await store.due_deliveries("hook", now(), 10, "n2", later(30)) == []
    assert await store.due_deliveries("hook", now(), 10, "n1", later(30)) == []
    again = await store.due_deliveries("hook", later(31), 10, "n2", later(60))  # lease ended
    assert [d.id for d in again] == [taken[0].id]


async def test_attempts_retry_fail_and_redeliver(store: Store) -> None:
    await store.create_message(outgoing())
    await store.add_deliveries("hook", await store.events_after(0))
    (d,) = await store.due_deliveries("hook", now(), 10, "n1", later(30))
    retry = later(10)
    d = await store.record_attempt(
        d.id, at=now(), delivered=False, status=500, error="server error", next_attempt_at=retry
    )
    assert (d.state, d.attempts, d.last_status) == ("pending", 1, 500)
    assert await store.due_deliveries("hook", now(), 10, "n1", later(30)) == []
    (d,) = await store.due_deliveries("hook", later(11), 10, "n1", later(40))
    d = await store.record_attempt(d.id, at=now(), delivered=False, error="connection refused")
    assert (d.state, d.attempts) == ("failed", 2)
    failed = await store.list_deliveries(DeliveryQuery(state="failed"))
    assert [x.id for x in failed.items] == [d.id]
    d = await store.redeliver(d.id, now())
    assert (d.state, d.attempts) == ("pending", 2)
    (d,) = await store.due_deliveries("hook", now(), 10, "n1", later(30))
    d = await store.record_attempt(d.id, at=now(), delivered=True, status=204)
    assert (d.state, d.attempts, d.last_status) == ("delivered", 3, 204)
    assert d.delivered_at is not None
    assert d.to_json()["type"] == "webhook.delivery"
    with pytest.raises(NotFound):
        await store.redeliver("dlv_nope", now())


async def test_list_deliveries_pages(store: Store) -> None:
    for _ in range(5):
        await store.create_message(outgoing())
    await store.add_deliveries("a", await store.events_after(0))
    await store.add_deliveries("b", (await store.events_after(0))[:2])
    page = await store.list_deliveries(DeliveryQuery(endpoint="a", limit=3))
    assert len(page.items) == 3 and page.next_cursor
    rest = await store.list_deliveries(DeliveryQuery(endpoint="a", cursor=page.next_cursor))
    assert len(rest.items) == 2 and rest.next_cursor is None
    ids = [d.id for d in page.items + rest.items]
    assert ids == sorted(ids, reverse=True)
    assert len((await store.list_deliveries(DeliveryQuery())).items) == 7


async def test_the_modem_registry_says_online_and_offline(store: Store) -> None:
    record = ModemRecord(
        "262011234567890", "pi-kitchen", name="usb0", status="opening",
        identity={"imei": "861234567890123"}, groups=("de",),
    )  # fmt: skip
    await store.upsert_modem(record)
    assert await store.events_after(0) == []
    await store.upsert_modem(
        ModemRecord(record.modem_id, "pi-kitchen", status="ready", healthy=True)
    )
    await store.upsert_modem(
        ModemRecord(record.modem_id, "pi-kitchen", status="ready", healthy=True)
    )
    lost = Error("modem", "modem_gone", "unplugged")
    await store.upsert_modem(
        ModemRecord(record.modem_id, "pi-kitchen", status="lost", last_error=lost)
    )
    events = await store.events_after(0)
    assert [e.type for e in events] == [EventType.MODEM_ONLINE, EventType.MODEM_OFFLINE]
    assert events[1].data["modem"]["last_error"]["kind"] == "modem_gone"
    assert events[1].modem_id == record.modem_id
    stored = await store.get_modem(record.modem_id)
    assert (stored.status, stored.last_error, stored.node) == ("lost", lost, "pi-kitchen")
    assert stored.updated_at is not None
    assert [m.modem_id for m in await store.list_modems()] == [record.modem_id]
    assert stored.to_json()["type"] == "modem"
    with pytest.raises(NotFound):
        await store.get_modem("nope")
