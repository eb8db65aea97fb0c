"""The pool's side of the store: claims and their leases, the parts of a claim, how a claim
ends, scheduling, expiry, crash recovery, counts."""

from __future__ import annotations

import asyncio

import pytest

from modem.store import (
    Error,
    IllegalTransition,
    LeaseLost,
    ModemRecord,
    NewMessage,
    NewPart,
    NewRecipient,
    Store,
)
from modem.vocabulary import EventType, MessageState, PartState

from .conftest import later, now, outgoing, send_parts, slot

TIMEOUT = Error("modem", "timeout", "no answer to AT+CMGS")
REFUSED = Error("network", "cms", "network out of order", code=38, raw="+CMS ERROR: 38")


async def test_claim_takes_priority_then_age(store: Store) -> None:
    old, _ = await store.create_message(outgoing(text="newsletter"))
    urgent, _ = await store.create_message(outgoing(text="code", priority=10))
    newer, _ = await store.create_message(outgoing(text="later newsletter"))
    order = []
    while (claim := await store.claim(slot(), now())) is not None:
        order.append(claim.message_id)
    assert order == [urgent.id, old.id, newer.id]


async def test_claim_sets_a_lease_and_counts_attempts(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot("m1", "n1"), now())
    assert claim is not None
    assert (claim.modem_id, claim.node, claim.attempt) == ("m1", "n1", 1)
    assert [p.state for p in claim.parts] == [PartState.QUEUED] * 2
    stored = await store.get_message(message.id)
    assert stored.state == MessageState.SENDING
    assert stored.recipients[0].modem_id == "m1"
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_SENDING


async def test_claim_follows_the_route(store: Store) -> None:
    to_m2, _ = await store.create_message(outgoing(modem="m2"))
    to_de, _ = await store.create_message(outgoing(group="de"))
    anyone, _ = await store.create_message(outgoing())
    first = await store.claim(slot("m1"), now())
    assert first.message_id == anyone.id
    assert await store.claim(slot("m1"), now()) is None
    assert (await store.claim(slot("m3", groups=["de"]), now())).message_id == to_de.id
    assert (await store.claim(slot("m2"), now())).message_id == to_m2.id


async def test_concurrent_claims_never_share_work(store: Store) -> None:
    for _ in range(30):
        await store.create_message(outgoing())
    claims = await asyncio.gather(
        *(store.claim(slot(f"m{i % 4}", f"n{i % 2}"), now()) for i in range(40))
    )
    taken = [(c.message_id, c.number) for c in claims if c is not None]
    assert len(taken) == 30 and len(set(taken)) == 30


async def test_a_claim_sends_each_part_in_order_then_finishes_sent(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=3))
    claim = await store.claim(slot(), now())
    part = await store.part_sending(claim, 1)
    assert part.state == PartState.SENDING
    part = await store.part_sent(claim, 1, reference=200, sent_at=now())
    assert (part.state, part.reference, part.modem_id) == (PartState.SENT, 200, "m1")
    await send_parts(store, await _reclaimless(store, claim), [201, 202])
    recipient = await store.finish(claim)
    assert recipient.state == MessageState.SENT
    assert recipient.sent_at is not None
    assert [p.reference for p in recipient.parts] == [200, 201, 202]
    assert (await store.get_message(message.id)).state == MessageState.SENT
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_SENT


async def _reclaimless(store: Store, claim):
    """The same claim with its parts as they stand now (for send_parts)."""
    from dataclasses import replace

    message = await store.get_message(claim.message_id)
    return replace(claim, parts=message.recipient(claim.number).parts)


async def test_finish_refuses_while_a_part_waits(store: Store) -> None:
    await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    with pytest.raises(RuntimeError, match=r"parts \[2\]"):
        await store.finish(claim)


async def test_a_part_cannot_be_sent_twice(store: Store) -> None:
    await store.create_message(outgoing())
    claim = await store.claim(slot(), now())
    await send_parts(store, claim)
    with pytest.raises(IllegalTransition, match="from sent to sending"):
        await store.part_sending(claim, 1)


async def test_a_failed_part_fails_the_recipient_with_its_error(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=7, sent_at=now())
    await store.part_sending(claim, 2)
    part = await store.part_failed(claim, 2, REFUSED)
    assert part.state == PartState.FAILED and part.error == REFUSED
    recipient = await store.finish(claim)
    assert recipient.state == MessageState.FAILED
    assert recipient.error == REFUSED
    stored = await store.get_message(message.id)
    assert stored.state == MessageState.FAILED and stored.error == REFUSED
    assert [p.state for p in stored.recipients[0].parts] == [PartState.SENT, PartState.FAILED]
    failed = [h for h in await store.history(message.id) if h.state == "failed"]
    assert failed[0].code == 38 and failed[0].raw == "+CMS ERROR: 38"


async def test_release_requeues_unsent_parts_only(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=3))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    await store.part_sending(claim, 2)
    await store.part_failed(claim, 2, TIMEOUT)
    retry = later(30)
    recipient = await store.release(claim, retry_at=retry, error=TIMEOUT)
    assert recipient.state == MessageState.QUEUED
    assert recipient.error == TIMEOUT
    assert [p.state for p in recipient.parts] == [
        PartState.SENT,
        PartState.QUEUED,
        PartState.QUEUED,
    ]
    assert await store.claim(slot(), now()) is None  # not due yet
    again = await store.claim(slot(), later(31))
    assert again.attempt == 2
    assert again.parts[0].state == PartState.SENT  # never sent twice
    with pytest.raises(LeaseLost):
        await store.part_sending(claim, 2)  # the old claim is over
    assert message.id == again.message_id


async def test_release_avoids_a_modem_while_another_healthy_one_serves(store: Store) -> None:
    await store.create_message(outgoing(group="de"))
    claim = await store.claim(slot("m1", groups=["de"]), now())
    await store.release(claim, retry_at=None, error=TIMEOUT, avoid_modem=True)
    # no other modem known: m1 may take it again
    assert await store.claim(slot("m1", groups=["de"]), now()) is not None


async def test_release_avoid_modem_leaves_it_to_a_healthy_peer(store: Store) -> None:
    await store.upsert_modem(ModemRecord("m2", "n1", groups=("de",), status="ready", healthy=True))
    await store.create_message(outgoing(group="de"))
    claim = await store.claim(slot("m1", groups=["de"]), now())
    await store.release(claim, retry_at=None, error=TIMEOUT, avoid_modem=True)
    assert await store.claim(slot("m1", groups=["de"]), now()) is None
    taken = await store.claim(slot("m2", groups=["de"]), now())
    assert taken is not None and taken.attempt == 2


async def test_each_recipient_may_have_its_own_group(store: Store) -> None:
    parts = [NewPart("0011000C91AA", 20)]
    new = NewMessage((NewRecipient("+491", parts, group="de"), NewRecipient("+431", parts)))
    await store.create_message(new)
    assert (await store.claim(slot("m1", groups=["at"]), now())).number == "+431"  # no group
    assert await store.claim(slot("m1", groups=["at"]), now()) is None
    assert (await store.claim(slot("m2", groups=["de"]), now())).number == "+491"
    with pytest.raises(ValueError):
        NewMessage((NewRecipient("+491", parts, group="de"),), modem="m1")


async def test_the_rest_of_a_recipient_stays_with_the_modem_that_began_it(store: Store) -> None:
    for modem_id in ("m1", "m2"):
        await store.upsert_modem(ModemRecord(modem_id, "n1", status="ready", healthy=True))
    await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot("m1"), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=7, sent_at=now())
    await store.part_sending(claim, 2)
    await store.part_failed(claim, 2, REFUSED)
    await store.release(claim, retry_at=None, error=REFUSED)
    assert await store.claim(slot("m2"), now()) is None  # part 1 came from m1, which is healthy
    await store.upsert_modem(ModemRecord("m1", "n1", status="lost", healthy=False))
    taken = await store.claim(slot("m2"), now())  # m1 is gone: better late than never
    assert taken is not None and [p.state for p in taken.parts] == ["sent", "queued"]


async def test_a_new_try_clears_the_part_error_of_the_last(store: Store) -> None:
    message, _ = await store.create_message(outgoing())
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_failed(claim, 1, REFUSED)
    await store.release(claim, retry_at=None, error=REFUSED)
    assert (await store.get_message(message.id)).recipients[0].parts[0].error == REFUSED
    claim = await store.claim(slot(), now())
    await send_parts(store, claim)
    part = (await store.get_message(message.id)).recipients[0].parts[0]
    assert part.state == PartState.SENT and part.error is None
    assert any(h.code == 38 for h in await store.history(message.id))


async def test_a_release_that_tried_nothing_is_no_attempt(store: Store) -> None:
    await store.create_message(outgoing())
    claim = await store.claim(slot(), now())
    recipient = await store.release(claim, retry_at=None, attempted=False)
    assert recipient.attempts == 0 and recipient.state == MessageState.QUEUED
    assert (await store.claim(slot(), now())).attempt == 1


async def test_release_after_every_part_went_out_settles(store: Store) -> None:
    await store.create_message(outgoing())
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_unknown(claim, 1, TIMEOUT)
    recipient = await store.release(claim, retry_at=None, error=TIMEOUT)
    assert recipient.state == MessageState.SENT  # unknown: may be out, never resent
    assert recipient.parts[0].state == PartState.UNKNOWN
    assert await store.claim(slot(), now()) is None


async def test_fail_cancels_what_was_not_sent(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot(), now())
    recipient = await store.fail(claim, Error("pool", "retries", "out of retries"))
    assert recipient.state == MessageState.FAILED
    assert [p.state for p in recipient.parts] == [PartState.CANCELED] * 2
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_FAILED
    assert (await store.get_message(message.id)).error.kind == "retries"


async def test_leases_are_renewed_and_recovered(store: Store) -> None:
    await store.create_message(outgoing())
    claim = await store.claim(slot("m1", "n1", lease=1), now())
    assert await store.renew_leases("n1", later(600)) == 1
    assert await store.renew_leases("n2", later(600)) == 0
    recovery = await store.recover(None, "at_least_once", later(60))
    assert recovery.recipients == ()  # renewed: still held
    recovery = await store.recover(None, "at_least_once", later(700))
    assert recovery.recipients == ((claim.message_id, claim.number),)


async def test_recover_at_least_once_requeues_the_part_in_flight(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot("m1", "n1"), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    await store.part_sending(claim, 2)
    recovery = await store.recover("n1", "at_least_once", now())
    assert recovery.requeued_parts == 1 and recovery.unknown_parts == 0
    stored = (await store.get_message(message.id)).recipients[0]
    assert stored.state == MessageState.QUEUED
    assert [p.state for p in stored.parts] == [PartState.SENT, PartState.QUEUED]
    again = await store.claim(slot("m2", "n2"), now())
    assert [p.state for p in again.parts] == [PartState.SENT, PartState.QUEUED]


async def test_recover_at_most_once_marks_the_part_in_flight_unknown(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2))
    claim = await store.claim(slot("m1", "n1"), now())
    await store.part_sending(claim, 1)
    recovery = await store.recover("n1", "at_most_once", now())
    assert recovery.unknown_parts == 1
    stored = (await store.get_message(message.id)).recipients[0]
    assert [p.state for p in stored.parts] == [PartState.UNKNOWN, PartState.QUEUED]
    assert stored.state == MessageState.QUEUED  # part 2 still to send
    again = await store.claim(slot(), now())
    assert [p.state for p in again.parts] == [PartState.UNKNOWN, PartState.QUEUED]


async def test_a_part_sent_after_its_lease_was_taken_is_not_sent_again(store: Store) -> None:
    message, _ = await store.create_message(outgoing())
    claim = await store.claim(slot("m1", "n1", lease=1), now())
    await store.part_sending(claim, 1)
    await store.recover(None, "at_least_once", later(5))  # the lease ended: taken back
    with pytest.raises(LeaseLost):
        await store.part_sent(claim, 1, reference=9, sent_at=now())
    stored = (await store.get_message(message.id)).recipients[0]
    assert stored.parts[0].state == PartState.SENT and stored.parts[0].reference == 9
    again = await store.claim(slot("m2", "n2"), now())
    assert [p.state for p in again.parts] == [PartState.SENT]  # nothing left to send
    assert (await store.finish(again)).state == MessageState.SENT


async def test_scheduled_messages_come_due(store: Store) -> None:
    message, _ = await store.create_message(outgoing(send_at=later(60)))
    assert await store.promote_scheduled(now()) == 0
    assert await store.promote_scheduled(later(61)) == 1
    assert (await store.get_message(message.id)).state == MessageState.QUEUED
    assert await store.claim(slot(), later(61)) is not None


async def test_a_queued_message_past_its_validity_expires(store: Store) -> None:
    message, _ = await store.create_message(outgoing(expires_at=later(60), parts=2))
    assert await store.claim(slot(), later(61)) is None  # never claimed late
    assert await store.expire_due(later(61)) == 1
    stored = await store.get_message(message.id)
    assert stored.state == MessageState.EXPIRED
    assert stored.error.kind == "expired"
    assert all(p.state == PartState.CANCELED for p in stored.recipients[0].parts)
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_EXPIRED


async def test_a_claimed_message_does_not_expire(store: Store) -> None:
    await store.create_message(outgoing(expires_at=later(60)))
    await store.claim(slot(), now())
    assert await store.expire_due(later(61)) == 0


async def test_counts(store: Store) -> None:
    await store.create_message(outgoing(modem="m1"))
    await store.create_message(outgoing())
    await store.create_message(outgoing(parts=3))
    start = now()
    assert await store.queue_depth() == 3
    assert await store.queue_depth("m1") == 1
    claim = await store.claim(slot("m2"), now())
    await send_parts(store, claim)
    assert await store.queue_depth("m2") == 1  # sending on m2
    await store.finish(claim)
    claim = await store.claim(slot("m2"), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=5, sent_at=now())
    await store.part_sending(claim, 2)
    await store.part_unknown(claim, 2, TIMEOUT)  # may have gone: counts
    await store.part_sending(claim, 3)
    await store.part_failed(claim, 3, REFUSED)  # did not: does not count
    assert await store.sent_count("m2", start) == 3
    assert await store.sent_count("m2", later(60)) == 0
    assert await store.sent_count("m1", start) == 0
