"""Retention: old finished messages go with everything hanging off them; work in flight and
acks still owed never do."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modem.store import (
    Conflict,
    DeliveryQuery,
    Error,
    IdempotencyConflict,
    ModemRecord,
    NotFound,
    Store,
)

from .conftest import incoming, later, now, outgoing, send_one, slot


async def test_prune_removes_old_final_messages_only(store: Store) -> None:
    sent = await send_one(store, outgoing(status_report=True), refs=[1])
    await store.record_report("m1", 1, "+4915112345678", outcome="delivered", status=0,
                              received_at=now())  # fmt: skip
    received = (await store.record_incoming(incoming("hi"))).message.id
    queued, _ = await store.create_message(outgoing())
    scheduled, _ = await store.create_message(outgoing(send_at=later(86400)))
    sending, _ = await store.create_message(outgoing(modem="m9"))
    await store.claim(slot("m9"), now())
    no_report = await send_one(store, outgoing(), refs=[2])  # sent, no report asked: final
    await store.add_deliveries("hook", await store.events_after(0))

    assert await store.prune(now() - timedelta(days=1)) == 0
    assert await store.prune(later(1)) == 3  # delivered, received, sent
    for gone in (sent, received, no_report):
        with pytest.raises(NotFound):
            await store.get_message(gone)
    for kept in (queued.id, scheduled.id, sending.id):
        assert (await store.get_message(kept)).id == kept
    left = {e.message_id for e in await store.events_after(0)}
    assert left == {queued.id, scheduled.id, sending.id}
    deliveries = (await store.list_deliveries(DeliveryQuery(limit=1000))).items
    assert {d.message_id for d in deliveries} == left


async def test_prune_keeps_pending_acks_and_open_reassembly(store: Store) -> None:
    token = {"modem_id": "m1", "kind": "stored", "storage": "SM", "index": 1, "digest": "d"}
    await store.record_incoming(incoming("half", concat=(1, 1, 2, 8), token=token))
    await store.prune(later(3600))
    assert await store.pending_acks() == [token]
    done = await store.record_incoming(incoming(" two", concat=(1, 2, 2, 8)))
    assert done.message.text == "half two"


async def test_prune_drops_old_modem_events_and_undecodables(store: Store) -> None:
    await store.upsert_modem(ModemRecord("m1", "n1", status="ready", healthy=True))
    await store.record_undecodable(modem_id="m1", pdu="00", error="short", received_at=now())
    await store.prune(later(1))
    assert await store.events_after(0) == []
    assert (await store.list_undecodable()).items == ()
    assert (await store.get_modem("m1")).status == "ready"  # the registry is not history


async def test_idempotency_keys_outlive_a_short_retention(store: Store) -> None:
    await send_one(store, outgoing(), refs=[1])
    first, _ = await store.create_message(outgoing(), idempotency_key="k", fingerprint="a")
    claim = await store.claim(slot(), now())
    assert claim.message_id == first.id
    await store.fail(claim, Error("pool", "retries", "out of retries"))
    await store.prune(later(1))
    with pytest.raises(NotFound):
        await store.get_message(first.id)
    with pytest.raises(IdempotencyConflict):  # the key is kept a day at least
        await store.create_message(outgoing(), idempotency_key="k", fingerprint="b")
    with pytest.raises(Conflict, match="deleted by retention"):  # never sent twice
        await store.create_message(outgoing(), idempotency_key="k", fingerprint="a")
