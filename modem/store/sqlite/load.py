"""Rows into records: messages with their recipients and parts, history, events, deliveries.

Used by reads (on a reader connection) and by writes that must describe what they changed
(an event carries the whole message as it is inside the writing transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from modem.store.outbox import Delivery, Event
from modem.store.records import (
    HistoryEntry,
    InboundPart,
    Message,
    Part,
    Recipient,
    Undecodable,
)
from modem.store.registry import ModemRecord
from modem.store.sqlite.codec import error_in, loads, stamp_in, time_in
from modem.vocabulary import EventType, MessageState, PartState

__all__ = [
    "delivery",
    "event",
    "history_entry",
    "load_message",
    "load_messages",
    "modem_record",
    "part",
    "undecodable",
]

_PARTS = "SELECT * FROM parts WHERE message_id IN ({}) ORDER BY message_id, idx, seq"
_RECIPIENTS = "SELECT * FROM recipients WHERE message_id IN ({}) ORDER BY message_id, idx"
_INBOUND = (
    "SELECT a.message_id, a.ref, a.total, a.bits, p.* FROM assemblies a"
    " JOIN inbound_parts p ON p.assembly_id = a.id"
    " WHERE a.message_id IN ({}) ORDER BY a.message_id, p.seq"
)


def part(row: Any) -> Part:
    return Part(
        seq=row["seq"],
        state=PartState(row["state"]),
        pdu=row["pdu"],
        length=row["length"],
        reference=row["reference"],
        modem_id=row["modem_id"],
        sent_at=time_in(row["sent_at"]),
        status=row["status"],
        outcome=row["outcome"],
        status_text=row["status_text"],
        discharge_time=stamp_in(row["discharge_time"]),
        report_pdu=row["report_pdu"],
        reported_at=time_in(row["reported_at"]),
        error=error_in(row["error"]),
    )


def recipient(row: Any, parts: Sequence[Part]) -> Recipient:
    return Recipient(
        number=row["number"],
        state=MessageState(row["state"]),
        parts=tuple(parts),
        modem_id=row["modem_id"],
        attempts=row["attempts"],
        next_attempt_at=time_in(row["next_attempt_at"]),
        error=error_in(row["error"]),
        sent_at=time_in(row["sent_at"]),
        delivered_at=time_in(row["delivered_at"]),
        report_overdue=bool(row["report_overdue"]),
    )


def _inbound_part(row: Any) -> InboundPart:
    concat = None if row["ref"] < 0 else (row["ref"], row["total"], row["bits"])
    return InboundPart(
        seq=row["seq"],
        text=row["text"],
        pdu=row["pdu"],
        received_at=time_in(row["received_at"]),
        modem_id=row["modem_id"],
        smsc_time=stamp_in(row["smsc_time"]),
        concat=concat,
    )


def _message(row: Any, recipients: Sequence[Recipient], parts: Sequence[InboundPart]) -> Message:
    return Message(
        id=row["id"],
        direction=row["direction"],
        kind=row["kind"],
        state=MessageState(row["state"]),
        text=row["text"],
        encoding=row["encoding"],
        created_at=time_in(row["created_at"]),
        updated_at=time_in(row["updated_at"]),
        metadata=loads(row["metadata"]) or {},
        modem=row["modem"],
        group=row["grp"],
        priority=row["priority"],
        status_report=bool(row["status_report"]),
        send_at=time_in(row["send_at"]),
        expires_at=time_in(row["expires_at"]),
        error=error_in(row["error"]),
        recipients=tuple(recipients),
        sender=row["sender"],
        modem_id=row["modem_id"],
        sim=row["sim"],
        received_at=time_in(row["received_at"]),
        smsc_time=stamp_in(row["smsc_time"]),
        complete=bool(row["complete"]),
        missing=tuple(loads(row["missing"]) or ()),
        parts=tuple(parts),
    )


def load_messages(conn: Any, rows: Sequence[Any]) -> list[Message]:
    """Whole messages for message rows (in the rows' order), in three queries per kind."""
    out_ids = [r["id"] for r in rows if r["direction"] == "outbound"]
    in_ids = [r["id"] for r in rows if r["direction"] == "inbound"]
    recipients: dict[str, list[Recipient]] = defaultdict(list)
    inbound: dict[str, list[InboundPart]] = defaultdict(list)
    for chunk in _chunks(out_ids):
        marks = ",".join("?" * len(chunk))
        parts: dict[tuple[str, int], list[Part]] = defaultdict(list)
        for p in conn.execute(_PARTS.format(marks), chunk):
            parts[(p["message_id"], p["idx"])].append(part(p))
        for r in conn.execute(_RECIPIENTS.format(marks), chunk):
            recipients[r["message_id"]].append(recipient(r, parts[(r["message_id"], r["idx"])]))
    for chunk in _chunks(in_ids):
        marks = ",".join("?" * len(chunk))
        for p in conn.execute(_INBOUND.format(marks), chunk):
            inbound[p["message_id"]].append(_inbound_part(p))
    return [_message(r, recipients.get(r["id"], ()), inbound.get(r["id"], ())) for r in rows]


def load_message(conn: Any, message_id: str) -> Message | None:
    row = conn.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
    return None if row is None else load_messages(conn, [row])[0]


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def history_entry(row: Any) -> HistoryEntry:
    return HistoryEntry(
        at=time_in(row["at"]),
        source=row["source"],
        state=None if row["state"] is None else MessageState(row["state"]),
        part_state=None if row["part_state"] is None else PartState(row["part_state"]),
        recipient=row["recipient"],
        part=row["part"],
        code=row["code"],
        raw=row["raw"],
        detail=row["detail"],
    )


def event(row: Any) -> Event:
    return Event(
        seq=row["seq"],
        id=row["id"],
        type=EventType(row["type"]),
        created_at=time_in(row["created_at"]),
        data=loads(row["data"]),
        message_id=row["message_id"],
        modem_id=row["modem_id"],
    )


def delivery(row: Any, with_event: Event | None = None) -> Delivery:
    return Delivery(
        id=row["id"],
        endpoint=row["endpoint"],
        event_id=row["event_id"],
        event_seq=row["event_seq"],
        event_type=EventType(row["event_type"]),
        state=row["state"],
        attempts=row["attempts"],
        created_at=time_in(row["created_at"]),
        updated_at=time_in(row["updated_at"]),
        message_id=row["message_id"],
        next_attempt_at=time_in(row["next_attempt_at"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        delivered_at=time_in(row["delivered_at"]),
        event=with_event,
    )


def modem_record(row: Any) -> ModemRecord:
    return ModemRecord(
        modem_id=row["modem_id"],
        node=row["node"],
        name=row["name"],
        port=row["port"],
        groups=tuple(loads(row["groups"]) or ()),
        status=row["status"],
        healthy=bool(row["healthy"]),
        identity=loads(row["identity"]) or {},
        state=loads(row["state"]) or {},
        health=loads(row["health"]) or {},
        limits=loads(row["limits"]) or {},
        counters=loads(row["counters"]) or {},
        last_error=error_in(row["last_error"]),
        updated_at=time_in(row["updated_at"]),
    )


def undecodable(row: Any) -> Undecodable:
    return Undecodable(
        id=row["id"],
        modem_id=row["modem_id"],
        pdu=row["pdu"],
        error=row["error"],
        received_at=time_in(row["received_at"]),
        sim=row["sim"],
    )
