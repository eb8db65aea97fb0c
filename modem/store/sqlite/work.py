"""The pool's work in SQLite: claiming recipients, the parts of a claim, and how a claim ends
(finish, release, fail). Every function runs in the writer's transaction.

A claim is held while the recipient row carries its `claim_id`; `recover()` (schedule.py)
clears it when the lease is taken back, after which the old holder's calls meet `LeaseLost`
(part_sent still records that the part went out: see `part_sent`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modem.store import states
from modem.store.records import Claim, Error, Part, Recipient
from modem.store.requests import Slot
from modem.store.sqlite.changes import Changes
from modem.store.sqlite.codec import dumps, error_in, error_out, loads, time_out
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import load_message, part
from modem.vocabulary import MessageState, PartState, new_id

__all__ = [
    "Lost",
    "claim",
    "end_claim",
    "fail",
    "finish",
    "part_event",
    "release",
    "renew_leases",
    "settle_recipient",
]

M, P = MessageState, PartState
_CANDIDATES = (
    "SELECT message_id, idx, number, state, avoid, route_modem, route_group, modem_id"
    " FROM recipients"
    " WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
    " AND (expires_at IS NULL OR expires_at > ?)"
    " AND ((route_modem IS NULL AND route_group IS NULL) OR route_modem = ? {groups})"
    " ORDER BY priority DESC, created_at, message_id, idx LIMIT ? OFFSET ?"
)
_BATCH = 64


@dataclass(frozen=True)
class Lost:
    """A job's answer when the claim was taken over: the store raises LeaseLost after the
    commit (what was recorded stays recorded)."""

    message: str


def claim(tx: Tx, at: int, slot: Slot, now: int, modem_ttl_us: int) -> Claim | None:
    conn = tx.conn
    groups = tuple(slot.groups)
    sql = _CANDIDATES.format(
        groups=f"OR route_group IN ({','.join('?' * len(groups))})" if groups else ""
    )
    peers = None
    offset = 0
    while True:
        rows = conn.execute(sql, (now, now, slot.modem_id, *groups, _BATCH, offset)).fetchall()
        for row in rows:
            avoid = loads(row["avoid"]) or []
            if slot.modem_id in avoid and row["route_modem"] != slot.modem_id:
                if peers is None:
                    peers = _healthy_peers(conn, slot.modem_id, now - modem_ttl_us)
                if _another_serves(row, peers, avoid):
                    continue
            if row["modem_id"] not in (None, slot.modem_id):
                if peers is None:
                    peers = _healthy_peers(conn, slot.modem_id, now - modem_ttl_us)
                if _pinned_elsewhere(conn, row, peers):
                    continue
            return _take(tx, at, slot, row)
        if len(rows) < _BATCH:
            return None
        offset += _BATCH


def _healthy_peers(conn: Any, modem_id: str, fresh_since: int) -> list[tuple[str, set[str]]]:
    rows = conn.execute(
        "SELECT modem_id, groups FROM modems WHERE healthy = 1 AND updated_at >= ?"
        " AND modem_id != ?",
        (fresh_since, modem_id),
    )
    return [(r["modem_id"], set(loads(r["groups"]) or ())) for r in rows]


def _another_serves(row: Any, peers: list[tuple[str, set[str]]], avoid: list[str]) -> bool:
    for modem_id, groups in peers:
        if modem_id in avoid:
            continue
        if row["route_modem"] is not None:
            if row["route_modem"] == modem_id:
                return True
        elif row["route_group"] is None or row["route_group"] in groups:
            return True
    return False


def _pinned_elsewhere(conn: Any, row: Any, peers: list[tuple[str, set[str]]]) -> bool:
    """Some parts of this recipient went out on another modem, which is healthy: the rest
    must go there too (a handset joins the parts of a long message only when one sender
    sent them all)."""
    sender = conn.execute(
        "SELECT modem_id FROM parts WHERE message_id = ? AND idx = ? AND modem_id IS NOT NULL"
        " AND state IN ('sent', 'unknown', 'delivered', 'undelivered')"
        " ORDER BY seq DESC LIMIT 1",
        (row["message_id"], row["idx"]),
    ).fetchone()
    return sender is not None and any(modem_id == sender[0] for modem_id, _ in peers)


def _take(tx: Tx, at: int, slot: Slot, row: Any) -> Claim:
    claim_id = new_id("clm")
    changes = Changes(tx, at)
    changes.recipient(
        row["message_id"],
        row["idx"],
        row["number"],
        row["state"],
        M.SENDING,
        "pool",
        detail=f"claimed by {slot.modem_id} on {slot.node}",
        columns={
            "claim_id": claim_id,
            "lease_node": slot.node,
            "lease_until": time_out(slot.lease_until),
            "modem_id": slot.modem_id,
            "attempts": _attempts(tx.conn, row) + 1,
            "next_attempt_at": None,
        },
    )
    message = changes.done()[row["message_id"]]
    recipient = message.recipient(row["number"])
    return Claim(
        id=claim_id,
        message_id=message.id,
        number=recipient.number,
        modem_id=slot.modem_id,
        node=slot.node,
        lease_until=slot.lease_until,
        attempt=recipient.attempts,
        parts=recipient.parts,
        priority=message.priority,
        status_report=message.status_report,
        expires_at=message.expires_at,
    )


def _attempts(conn: Any, row: Any) -> int:
    (n,) = conn.execute(
        "SELECT attempts FROM recipients WHERE message_id = ? AND idx = ?",
        (row["message_id"], row["idx"]),
    ).fetchone()
    return int(n)


def renew_leases(tx: Tx, node: str, until: int) -> int:
    cur = tx.conn.execute(
        "UPDATE recipients SET lease_until = ? WHERE lease_node = ? AND claim_id IS NOT NULL",
        (until, node),
    )
    return int(cur.rowcount)


def _held(conn: Any, claim: Claim) -> Any:
    return conn.execute(
        "SELECT * FROM recipients WHERE claim_id = ? AND message_id = ?",
        (claim.id, claim.message_id),
    ).fetchone()


def _recipient_row(conn: Any, claim: Claim) -> Any:
    return conn.execute(
        "SELECT * FROM recipients WHERE message_id = ? AND number = ?",
        (claim.message_id, claim.number),
    ).fetchone()


def _part_row(conn: Any, message_id: str, idx: int, seq: int) -> Any:
    row = conn.execute(
        "SELECT * FROM parts WHERE message_id = ? AND idx = ? AND seq = ?",
        (message_id, idx, seq),
    ).fetchone()
    if row is None:
        raise ValueError(f"message {message_id} has no part {seq} for this recipient")
    return row


def _reload_part(conn: Any, message_id: str, idx: int, seq: int) -> Part:
    return part(_part_row(conn, message_id, idx, seq))


def part_event(
    tx: Tx,
    at: int,
    claim: Claim,
    seq: int,
    to: PartState,
    *,
    reference: int | None = None,
    sent_at: int | None = None,
    error: Error | None = None,
) -> Part | Lost:
    """One part of a claim moves to sending, sent, failed or unknown (the store's
    part_sending/part_sent/part_failed/part_unknown)."""
    conn = tx.conn
    changes = Changes(tx, at)
    row = _held(conn, claim)
    if row is None:
        return _lost_part(tx, changes, claim, seq, to, reference, sent_at, error)
    current = _part_row(conn, claim.message_id, row["idx"], seq)
    columns: dict[str, Any] = {}
    if to in (P.SENT, P.UNKNOWN):
        columns = {"modem_id": claim.modem_id, "sent_at": sent_at if sent_at is not None else at}
        if to is P.SENT:
            columns["reference"] = reference
    if error is not None:
        columns["error"] = error_out(error)
    elif to is P.SENDING:
        columns["error"] = None  # a new try: the last one's error is in the history
    changes.part(claim.message_id, row["idx"], seq, current["state"], to, columns)
    changes.history(
        claim.message_id,
        error.source if error is not None else "modem" if to is not P.SENDING else "pool",
        part_state=str(to),
        recipient=claim.number,
        part=seq,
        code=None if error is None else error.code,
        raw=f"+CMGS: {reference}" if to is P.SENT and reference is not None else _raw(error),
        detail=_detail(to, claim.modem_id, error),
    )
    changes.done(load=False)
    return _reload_part(conn, claim.message_id, row["idx"], seq)


def _raw(error: Error | None) -> str | None:
    return None if error is None else error.raw


def _detail(to: PartState, modem_id: str, error: Error | None) -> str:
    if error is not None:
        return error.message
    return {P.SENDING: f"writing on {modem_id}", P.SENT: f"sent on {modem_id}"}.get(to, str(to))


def _lost_part(
    tx: Tx,
    changes: Changes,
    claim: Claim,
    seq: int,
    to: PartState,
    reference: int | None,
    sent_at: int | None,
    error: Error | None,
) -> Lost:
    """The claim was taken over. Keep what happened: a part reported sent that is not being
    sent again now (queued again, or marked unknown) is marked sent, so it is not sent
    twice; anything else goes into the history only."""
    conn = tx.conn
    row = _recipient_row(conn, claim)
    if row is None:  # the message was pruned meanwhile: nothing to record against
        return Lost(f"claim {claim.id} on {claim.message_id} no longer exists")
    current = _part_row(conn, claim.message_id, row["idx"], seq)
    if to is P.SENT and current["state"] in (P.QUEUED, P.UNKNOWN):
        columns = {
            "modem_id": claim.modem_id,
            "sent_at": sent_at if sent_at is not None else changes.at,
            "reference": reference,
        }
        if current["state"] == P.QUEUED:
            changes.part(claim.message_id, row["idx"], seq, P.QUEUED, P.SENDING)
        changes.part(claim.message_id, row["idx"], seq, P.SENDING, P.SENT, columns)
    changes.history(
        claim.message_id,
        "modem",
        part_state=str(to),
        recipient=claim.number,
        part=seq,
        code=None if error is None else error.code,
        raw=f"+CMGS: {reference}" if reference is not None else _raw(error),
        detail=f"{to} on {claim.modem_id} after its claim was taken over",
    )
    changes.done()
    return Lost(f"claim {claim.id} on {claim.message_id} was taken over (lease ended)")


def _parts(conn: Any, message_id: str, idx: int) -> list[Any]:
    return conn.execute(
        "SELECT * FROM parts WHERE message_id = ? AND idx = ? ORDER BY seq", (message_id, idx)
    ).fetchall()


def end_claim(
    changes: Changes,
    row: Any,
    to: MessageState,
    source: str,
    *,
    error: Error | None = None,
    detail: str | None = None,
    columns: dict[str, Any] | None = None,
) -> None:
    """Move a claimed recipient to `to` and drop its claim."""
    cols = {"claim_id": None, "lease_node": None, "lease_until": None, **(columns or {})}
    changes.recipient(
        row["message_id"], row["idx"], row["number"], row["state"], to, source,
        error=error, detail=detail, columns=cols,
    )  # fmt: skip


def settle_recipient(changes: Changes, row: Any, source: str, detail: str) -> bool:
    """If no part of the recipient waits to be sent, move it to what its parts say (with
    sent_at, delivered_at and a failed part's error) and drop any claim; True if so."""
    parts = _parts(changes.conn, row["message_id"], row["idx"])
    to = states.recipient_state(p["state"] for p in parts)
    if to is None:
        return False
    if to == row["state"]:
        return True
    sent = [p["sent_at"] for p in parts if p["sent_at"] is not None]
    reported = [p["reported_at"] for p in parts if p["reported_at"] is not None]
    columns: dict[str, Any] = {"sent_at": max(sent) if sent else None}
    if to is M.DELIVERED:
        columns["delivered_at"] = max(reported) if reported else changes.at
    error = None
    if to is M.FAILED:
        failed = next(p for p in parts if p["state"] == P.FAILED)
        error = error_in(failed["error"])
    end_claim(changes, row, to, source, error=error, detail=detail, columns=columns)
    return True


def _recipient(tx: Tx, message_id: str, number: str) -> Recipient:
    message = load_message(tx.conn, message_id)
    assert message is not None
    return message.recipient(number)


def finish(tx: Tx, at: int, claim: Claim) -> Recipient | Lost:
    row = _held(tx.conn, claim)
    if row is None:
        return Lost(f"claim {claim.id} on {claim.message_id} was taken over (lease ended)")
    changes = Changes(tx, at)
    if not settle_recipient(changes, row, "pool", f"done on {claim.modem_id}"):
        waiting = [p["seq"] for p in _parts(tx.conn, claim.message_id, row["idx"])
                   if p["state"] in (P.QUEUED, P.SENDING)]  # fmt: skip
        raise RuntimeError(
            f"finish(): parts {waiting} of {claim.number} are still queued or sending; "
            "record them, or release() the claim"
        )
    changes.done()
    return _recipient(tx, claim.message_id, claim.number)


def release(
    tx: Tx,
    at: int,
    claim: Claim,
    retry_at: int | None,
    error: Error | None,
    avoid_modem: bool,
    attempted: bool = True,
) -> Recipient | Lost:
    conn = tx.conn
    row = _held(conn, claim)
    if row is None:
        return Lost(f"claim {claim.id} on {claim.message_id} was taken over (lease ended)")
    changes = Changes(tx, at)
    for p in _parts(conn, claim.message_id, row["idx"]):
        if p["state"] in (P.SENDING, P.FAILED):
            changes.part(claim.message_id, row["idx"], p["seq"], p["state"], P.QUEUED)
    detail = f"released by {claim.modem_id}" + (f": {error.message}" if error else "")
    if not settle_recipient(changes, row, "pool", detail):
        avoid = loads(row["avoid"]) or []
        if avoid_modem and claim.modem_id not in avoid:
            avoid.append(claim.modem_id)
        end_claim(
            changes,
            row,
            M.QUEUED,
            "pool",
            error=error,
            detail=detail,
            columns={
                "next_attempt_at": retry_at,
                "avoid": dumps(avoid),
                "attempts": row["attempts"] - (0 if attempted else 1),
            },
        )
    changes.done()
    return _recipient(tx, claim.message_id, claim.number)


def fail(tx: Tx, at: int, claim: Claim, error: Error) -> Recipient | Lost:
    conn = tx.conn
    row = _held(conn, claim)
    if row is None:
        return Lost(f"claim {claim.id} on {claim.message_id} was taken over (lease ended)")
    changes = Changes(tx, at)
    for p in _parts(conn, claim.message_id, row["idx"]):
        if p["state"] == P.SENDING:
            raise RuntimeError(
                f"fail(): part {p['seq']} of {claim.number} is still sending; record it as "
                "failed or unknown first"
            )
        if p["state"] == P.QUEUED:
            changes.part(claim.message_id, row["idx"], p["seq"], P.QUEUED, P.CANCELED)
    end_claim(changes, row, M.FAILED, error.source, error=error)
    changes.done()
    return _recipient(tx, claim.message_id, claim.number)
