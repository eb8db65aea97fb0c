"""Time-driven changes in SQLite: scheduled messages come due, queued ones expire, leases of
a crashed node are taken back, overdue reports are flagged; and the counts the pool reads
(parts sent per SIM, queue depth)."""

from __future__ import annotations

from typing import Any

from modem.store.records import Error, Recovery
from modem.store.sqlite.changes import Changes
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.work import end_claim, settle_recipient
from modem.vocabulary import EventType, MessageState, PartState

__all__ = [
    "expire_due",
    "mark_reports_overdue",
    "promote_scheduled",
    "queue_depth",
    "recover",
    "sent_count",
]

M, P = MessageState, PartState
_LIMIT = 1000  # recipients per job: a long backlog is handled in several short transactions


def promote_scheduled(tx: Tx, at: int, now: int) -> int:
    rows = tx.conn.execute(
        "SELECT message_id, idx, number, state FROM recipients"
        " WHERE state = 'scheduled' AND send_at <= ? ORDER BY send_at LIMIT ?",
        (now, _LIMIT),
    ).fetchall()
    changes = Changes(tx, at)
    for r in rows:
        changes.recipient(
            r["message_id"], r["idx"], r["number"], r["state"], M.QUEUED, "pool",
            detail="send_at reached",
        )  # fmt: skip
    changes.done()
    return len(rows)


def expire_due(tx: Tx, at: int, now: int) -> int:
    rows = tx.conn.execute(
        "SELECT message_id, idx, number, state FROM recipients"
        " WHERE state IN ('scheduled', 'queued') AND expires_at <= ? LIMIT ?",
        (now, _LIMIT),
    ).fetchall()
    changes = Changes(tx, at)
    error = Error("pool", "expired", "its validity ended before it could be sent")
    for r in rows:
        tx.conn.execute(
            "UPDATE parts SET state = 'canceled' WHERE message_id = ? AND idx = ?"
            " AND state = 'queued'",
            (r["message_id"], r["idx"]),
        )
        changes.recipient(
            r["message_id"], r["idx"], r["number"], r["state"], M.EXPIRED, "pool", error=error
        )
    changes.done()
    return len(rows)


def recover(tx: Tx, at: int, node: str | None, semantics: str, now: int) -> Recovery:
    conn = tx.conn
    rows = conn.execute(
        "SELECT * FROM recipients WHERE claim_id IS NOT NULL"
        " AND (lease_node = ? OR lease_until < ?)",
        (node, now),
    ).fetchall()
    changes = Changes(tx, at)
    requeued = unknown = 0
    taken = []
    for r in rows:
        why = f"claim of {r['lease_node']} taken back"
        for p in conn.execute(
            "SELECT seq, state FROM parts WHERE message_id = ? AND idx = ?"
            " AND state IN ('sending', 'failed')",
            (r["message_id"], r["idx"]),
        ).fetchall():
            if p["state"] == P.SENDING and semantics == "at_most_once":
                columns = {"modem_id": r["modem_id"], "sent_at": at}
                changes.part(r["message_id"], r["idx"], p["seq"], P.SENDING, P.UNKNOWN, columns)
                unknown += 1
            else:  # in flight (at-least-once: may go twice), or certainly not sent
                changes.part(r["message_id"], r["idx"], p["seq"], p["state"], P.QUEUED)
                requeued += p["state"] == P.SENDING
            changes.history(
                r["message_id"], "store", part_state=str(_after(p["state"], semantics)),
                recipient=r["number"], part=p["seq"], detail=f"{why} ({semantics})",
            )  # fmt: skip
        if not settle_recipient(changes, r, "store", why):
            end_claim(changes, r, M.QUEUED, "store", detail=why, columns={"next_attempt_at": None})
        taken.append((r["message_id"], r["number"]))
    changes.done()
    return Recovery(tuple(taken), requeued, unknown)


def _after(state: str, semantics: str) -> PartState:
    if state == P.SENDING and semantics == "at_most_once":
        return P.UNKNOWN
    return P.QUEUED


def mark_reports_overdue(tx: Tx, at: int, now: int, after_us: int) -> int:
    rows = tx.conn.execute(
        "SELECT message_id, idx, number FROM recipients WHERE state = 'sent'"
        " AND status_report = 1 AND report_overdue = 0 AND sent_at <= ? LIMIT ?",
        (now - after_us, _LIMIT),
    ).fetchall()
    changes = Changes(tx, at)
    for r in rows:
        tx.conn.execute(
            "UPDATE recipients SET report_overdue = 1, updated_at = ?"
            " WHERE message_id = ? AND idx = ?",
            (at, r["message_id"], r["idx"]),
        )
        changes.history(
            r["message_id"], "pool", recipient=r["number"],
            detail="status reports overdue: the state stays sent",
        )  # fmt: skip
        changes.event(r["message_id"], EventType.MESSAGE_REPORT_OVERDUE, r["number"])
    changes.done()
    return len(rows)


def sent_count(conn: Any, modem_id: str, since: int) -> int:
    (n,) = conn.execute(
        "SELECT count(*) FROM parts WHERE modem_id = ? AND sent_at >= ?"
        " AND state IN ('sent', 'unknown', 'delivered', 'undelivered')",
        (modem_id, since),
    ).fetchone()
    return int(n)


def queue_depth(conn: Any, modem_id: str | None) -> int:
    if modem_id is None:
        sql, args = "SELECT count(*) FROM recipients WHERE state IN ('scheduled', 'queued')", ()
    else:
        sql = (
            "SELECT count(*) FROM recipients WHERE (state IN ('scheduled', 'queued')"
            " AND route_modem = ?) OR (state = 'sending' AND modem_id = ?)"
        )
        args = (modem_id, modem_id)
    (n,) = conn.execute(sql, args).fetchone()
    return int(n)
