"""Status reports: matched to their part by (modem, reference, number) across the 0-255
wrap-around, and the states that follow them."""

from __future__ import annotations

from datetime import UTC, datetime

from modem.store import Store
from modem.vocabulary import EventType, MessageState, PartState, ReportOutcome

from .conftest import NUMBER, later, now, outgoing, send_one, slot

DELIVERED = {"outcome": ReportOutcome.DELIVERED, "status": 0x00, "status_text": "received"}
PENDING = {"outcome": ReportOutcome.PENDING, "status": 0x20, "status_text": "congestion"}
GONE = {"outcome": ReportOutcome.UNDELIVERED, "status": 0x41, "status_text": "incompatible"}


async def report(store: Store, ref: int, kind: dict, number: str = NUMBER, modem: str = "m1"):
    return await store.record_report(modem, ref, number, received_at=now(), **kind)


async def test_a_report_delivers_a_single_part(store: Store) -> None:
    message_id = await send_one(store, outgoing(status_report=True), refs=[42])
    match = await store.record_report(
        "m1",
        42,
        "015112345678",  # TP-RA in national form, sent as +49...
        received_at=now(),
        discharge_time=datetime(2026, 12, 6, 11, 0, 5, tzinfo=UTC),
        pdu="0006420B91...",
        **DELIVERED,
    )
    assert match is not None
    assert (match.message_id, match.seq, match.changed) == (message_id, 1, True)
    assert match.recipient_state == match.message_state == MessageState.DELIVERED
    stored = await store.get_message(message_id)
    part = stored.recipients[0].parts[0]
    assert (part.state, part.status, part.outcome) == (PartState.DELIVERED, 0, "delivered")
    assert part.discharge_time == datetime(2026, 12, 6, 11, 0, 5, tzinfo=UTC)
    assert stored.recipients[0].delivered_at is not None
    event = (await store.events_after(0))[-1]
    assert event.type == EventType.MESSAGE_DELIVERED
    assert event.data["message"]["recipients"][0]["parts"][0]["report"]["status"] == 0


async def test_without_every_report_a_message_stays_sent(store: Store) -> None:
    message_id = await send_one(store, outgoing(parts=2, status_report=True), refs=[1, 2])
    await report(store, 1, DELIVERED)
    assert (await store.get_message(message_id)).state == MessageState.SENT
    await report(store, 2, DELIVERED)
    assert (await store.get_message(message_id)).state == MessageState.DELIVERED


async def test_one_part_undelivered_is_partially_delivered(store: Store) -> None:
    message_id = await send_one(store, outgoing(parts=3, status_report=True), refs=[1, 2, 3])
    await report(store, 1, DELIVERED)
    await report(store, 2, GONE)
    assert (await store.get_message(message_id)).state == MessageState.SENT
    await report(store, 3, DELIVERED)
    stored = await store.get_message(message_id)
    assert stored.state == MessageState.PARTIALLY_DELIVERED
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_PARTIALLY_DELIVERED


async def test_every_part_undelivered(store: Store) -> None:
    message_id = await send_one(store, outgoing(status_report=True), refs=[1])
    await report(store, 1, GONE)
    assert (await store.get_message(message_id)).state == MessageState.UNDELIVERED


async def test_a_pending_status_keeps_waiting(store: Store) -> None:
    message_id = await send_one(store, outgoing(status_report=True), refs=[9])
    match = await report(store, 9, PENDING)
    assert match.part_state == PartState.SENT and not match.changed
    part = (await store.get_message(message_id)).recipients[0].parts[0]
    assert (part.state, part.status, part.outcome) == (PartState.SENT, 0x20, "pending")
    await report(store, 9, DELIVERED)
    assert (await store.get_message(message_id)).state == MessageState.DELIVERED


async def test_the_first_final_report_stands(store: Store) -> None:
    message_id = await send_one(store, outgoing(status_report=True), refs=[9])
    await report(store, 9, DELIVERED)
    late = await report(store, 9, GONE)
    assert late.part_state == PartState.DELIVERED and not late.changed
    assert (await store.get_message(message_id)).state == MessageState.DELIVERED
    assert "ignored" in (await store.history(message_id))[-1].detail


async def test_an_unknown_part_has_no_reference_to_match(store: Store) -> None:
    from modem.store import Error

    message, _ = await store.create_message(outgoing(status_report=True))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_unknown(claim, 1, Error("modem", "timeout", "no +CMGS"))
    await store.finish(claim)
    # An unknown part has no reference to match on: nothing matches, it stays unknown.
    assert await report(store, 3, DELIVERED) is None
    assert (await store.get_message(message.id)).recipients[0].parts[0].state == "unknown"


async def test_an_unmatched_report_is_kept_and_returns_none(store: Store) -> None:
    await send_one(store, outgoing(status_report=True), refs=[9])
    assert await report(store, 9, DELIVERED, number="+4915199999999") is None
    assert await report(store, 10, DELIVERED) is None
    assert await report(store, 9, DELIVERED, modem="m2") is None


async def test_a_report_for_a_part_still_under_claim(store: Store) -> None:
    message, _ = await store.create_message(outgoing(parts=2, status_report=True))
    claim = await store.claim(slot(), now())
    await store.part_sending(claim, 1)
    await store.part_sent(claim, 1, reference=1, sent_at=now())
    await report(store, 1, DELIVERED)  # before part 2 went
    assert (await store.get_message(message.id)).state == MessageState.SENDING
    await store.part_sending(claim, 2)
    await store.part_sent(claim, 2, reference=2, sent_at=now())
    await report(store, 2, DELIVERED)
    assert (await store.finish(claim)).state == MessageState.DELIVERED


async def test_references_wrap_after_255_on_one_modem(store: Store) -> None:
    """300 messages on one modem: the references go round past 255; each report finds the
    most recent part with its reference, never an older one."""
    ids = []
    for i in range(300):
        ids.append(await send_one(store, outgoing(status_report=True), refs=[i % 256]))
    # references 0..43 were used twice: a report now is for the second use
    for ref in (0, 17, 43):
        match = await report(store, ref, DELIVERED)
        assert match.message_id == ids[256 + ref]
    # 44..255 once
    match = await report(store, 200, DELIVERED)
    assert match.message_id == ids[200]
    assert (await store.get_message(ids[17])).state == MessageState.SENT
    assert (await store.get_message(ids[256 + 17])).state == MessageState.DELIVERED


async def test_a_report_matches_only_parts_sent_before_it_came(store: Store) -> None:
    first = await send_one(store, outgoing(status_report=True), refs=[5])
    received = now()
    await send_one(store, outgoing(status_report=True), refs=[5])  # reference reused after
    match = await store.record_report("m1", 5, NUMBER, received_at=received, **DELIVERED)
    assert match.message_id == first


async def test_the_same_reference_to_two_numbers(store: Store) -> None:
    a = await send_one(store, outgoing("+4915100000001", status_report=True), refs=[7])
    b = await send_one(store, outgoing("+4915100000002", status_report=True), refs=[7])
    assert (await report(store, 7, DELIVERED, number="+4915100000001")).message_id == a
    assert (await report(store, 7, DELIVERED, number="015100000002")).message_id == b


async def test_overdue_reports_are_flagged_once(store: Store) -> None:
    waiting = await send_one(store, outgoing(status_report=True), refs=[1])
    no_reports = await send_one(store, outgoing(), refs=[2])
    assert await store.mark_reports_overdue(now(), after=3600) == 0
    assert await store.mark_reports_overdue(later(3601), after=3600) == 1
    assert await store.mark_reports_overdue(later(3601), after=3600) == 0
    stored = await store.get_message(waiting)
    assert stored.state == MessageState.SENT  # says so, stays sent
    assert stored.recipients[0].report_overdue
    assert not (await store.get_message(no_reports)).recipients[0].report_overdue
    assert (await store.events_after(0))[-1].type == EventType.MESSAGE_REPORT_OVERDUE


async def test_a_report_token_waits_for_its_ack(store: Store) -> None:
    token = {"modem_id": "m1", "kind": "stored", "storage": "SR", "index": 3, "digest": "ab"}
    await store.record_report("m1", 1, NUMBER, received_at=now(), token=token, **DELIVERED)
    assert await store.pending_acks() == [token]
    assert await store.acked(token)
    assert await store.pending_acks() == []
