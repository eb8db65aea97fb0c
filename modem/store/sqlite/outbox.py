"""The outbox in SQLite: events in commit order, and their deliveries to webhook endpoints
(one row per event and endpoint, leased while a dispatcher tries it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from modem.store.cursor import decode_cursor, encode_cursor
from modem.store.errors import NotFound
from modem.store.outbox import Delivery, Event
from modem.store.records import Page
from modem.store.requests import DeliveryQuery
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import delivery, event
from modem.vocabulary import new_id

__all__ = [
    "add_deliveries",
    "due_deliveries",
    "events_after",
    "last_event_seq",
    "list_deliveries",
    "record_attempt",
    "redeliver",
    "webhook_cursor",
]


def events_after(conn: Any, seq: int, limit: int, types: Iterable[str] | None) -> list[Event]:
    sql, args = "SELECT * FROM events WHERE seq > ?", [seq]
    wanted = None if types is None else [str(t) for t in types]
    if wanted is not None:
        if not wanted:
            return []
        sql += f" AND type IN ({','.join('?' * len(wanted))})"
        args.extend(wanted)
    rows = conn.execute(sql + " ORDER BY seq LIMIT ?", (*args, limit))
    return [event(r) for r in rows]


def last_event_seq(conn: Any) -> int:
    """The highest seq ever handed out (AUTOINCREMENT remembers it after retention)."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    return 0 if row is None else int(row["seq"])


def webhook_cursor(conn: Any, endpoint: str) -> int | None:
    row = conn.execute("SELECT seq FROM webhook_cursors WHERE endpoint = ?", (endpoint,)).fetchone()
    return None if row is None else int(row["seq"])


def add_deliveries(
    tx: Tx, at: int, endpoint: str, events: Sequence[Event], upto: int | None
) -> int:
    added = 0
    for e in events:
        cur = tx.conn.execute(
            "INSERT OR IGNORE INTO deliveries (id, endpoint, event_seq, event_id, event_type,"
            " message_id, state, next_attempt_at, created_at, updated_at)"
            " SELECT ?, ?, seq, id, type, message_id, 'pending', ?, ?, ? FROM events"
            " WHERE seq = ?",
            (new_id("dlv"), endpoint, at, at, at, e.seq),
        )
        added += cur.rowcount
    top = max([e.seq for e in events] + ([upto] if upto is not None else []), default=None)
    if top is not None:
        tx.conn.execute(
            "INSERT INTO webhook_cursors (endpoint, seq) VALUES (?, ?)"
            " ON CONFLICT (endpoint) DO UPDATE SET seq = max(seq, excluded.seq)",
            (endpoint, top),
        )
    return added


def due_deliveries(
    tx: Tx, at: int, endpoint: str, now: int, limit: int, node: str, lease_until: int
) -> list[Delivery]:
    rows = tx.conn.execute(
        "SELECT id FROM deliveries WHERE endpoint = ? AND state = 'pending'"
        " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)"
        " ORDER BY event_seq LIMIT ?",
        (endpoint, now, now, limit),
    ).fetchall()
    out = []
    for r in rows:
        tx.conn.execute(
            "UPDATE deliveries SET lease_node = ?, lease_until = ?, updated_at = ? WHERE id = ?",
            (node, lease_until, at, r["id"]),
        )
        row = tx.conn.execute(
            "SELECT d.*, e.seq AS e_seq, e.id AS e_id, e.type AS e_type, e.created_at AS"
            " e_created_at, e.message_id AS e_message_id, e.modem_id AS e_modem_id, e.data AS"
            " e_data FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = ?",
            (r["id"],),
        ).fetchone()
        out.append(delivery(row, event(_prefixed(row, "e_"))))
    return out


def _prefixed(row: Any, prefix: str) -> dict[str, Any]:
    return {k[len(prefix) :]: row[k] for k in row.keys() if k.startswith(prefix)}  # noqa: SIM118


def _get(conn: Any, delivery_id: str) -> Any:
    row = conn.execute("SELECT * FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
    if row is None:
        raise NotFound(f"no webhook delivery {delivery_id}")
    return row


def record_attempt(
    tx: Tx,
    at: int,
    delivery_id: str,
    when: int,
    delivered: bool,
    status: int | None,
    error: str | None,
    next_attempt_at: int | None,
) -> Delivery:
    _get(tx.conn, delivery_id)
    if delivered:
        state, next_at, delivered_at = "delivered", None, when
    else:
        state = "pending" if next_attempt_at is not None else "failed"
        next_at, delivered_at = next_attempt_at, None
    tx.conn.execute(
        "UPDATE deliveries SET attempts = attempts + 1, state = ?, next_attempt_at = ?,"
        " last_status = ?, last_error = ?, delivered_at = coalesce(?, delivered_at),"
        " lease_node = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
        (state, next_at, status, error, delivered_at, at, delivery_id),
    )
    return delivery(_get(tx.conn, delivery_id))


def redeliver(tx: Tx, at: int, delivery_id: str, now: int) -> Delivery:
    _get(tx.conn, delivery_id)
    tx.conn.execute(
        "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, lease_node = NULL,"
        " lease_until = NULL, updated_at = ? WHERE id = ?",
        (now, at, delivery_id),
    )
    return delivery(_get(tx.conn, delivery_id))


def list_deliveries(conn: Any, query: DeliveryQuery) -> Page[Delivery]:
    where, args = ["1 = 1"], []
    for column in ("endpoint", "state", "event_id", "message_id"):
        value = getattr(query, column)
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if query.cursor:
        where.append("id < ?")
        args.append(str(decode_cursor("deliveries", query.cursor)["before"]))
    rows = conn.execute(
        f"SELECT * FROM deliveries WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
        (*args, query.limit + 1),
    ).fetchall()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    cursor = encode_cursor("deliveries", before=rows[-1]["id"]) if more else None
    return Page(tuple(delivery(r) for r in rows), cursor)
