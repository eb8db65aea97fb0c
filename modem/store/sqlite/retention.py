"""Retention in SQLite: what is old and no longer in flight is deleted, a chunk per
transaction so the writer is never held for long; freed pages go back to the file system
(the database is created with auto_vacuum=INCREMENTAL), so a Pi's SD card does not fill."""

from __future__ import annotations

from modem.store.sqlite.engine import Tx

__all__ = ["CHUNK", "prune_chunk", "prune_rest", "vacuum"]

CHUNK = 500
_DAY_US = 86_400 * 1_000_000


def prune_chunk(tx: Tx, before: int) -> int:
    """Delete up to CHUNK finished messages last changed before `before`, with everything
    hanging off them (recipients, parts, history, assemblies, reports by cascade; their
    events and those events' deliveries here). Returns how many."""
    conn = tx.conn
    ids = [
        r["id"]
        for r in conn.execute(
            "SELECT id FROM messages m WHERE updated_at < ?"
            " AND state NOT IN ('scheduled', 'queued', 'sending')"
            " AND NOT EXISTS (SELECT 1 FROM recipients r WHERE r.message_id = m.id"
            " AND r.state IN ('scheduled', 'queued', 'sending')) LIMIT ?",
            (before, CHUNK),
        )
    ]
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    conn.execute(f"DELETE FROM events WHERE message_id IN ({marks})", ids)
    conn.execute(f"DELETE FROM messages WHERE id IN ({marks})", ids)
    return len(ids)


def prune_rest(tx: Tx, at: int, before: int) -> None:
    """Modem events, unmatched reports and undecodable PDUs older than `before`; idempotency
    keys older than both `before` and a day whose message is gone."""
    conn = tx.conn
    conn.execute("DELETE FROM events WHERE message_id IS NULL AND created_at < ?", (before,))
    conn.execute("DELETE FROM reports WHERE message_id IS NULL AND received_at < ?", (before,))
    conn.execute("DELETE FROM undecodable WHERE received_at < ?", (before,))
    conn.execute(
        "DELETE FROM idempotency WHERE created_at < ?"
        " AND message_id NOT IN (SELECT id FROM messages)",
        (min(before, at - _DAY_US),),
    )


def vacuum(tx: Tx) -> None:
    """Give freed pages back (incremental: a bounded amount per call)."""
    tx.conn.execute("PRAGMA incremental_vacuum(2000)").fetchall()
