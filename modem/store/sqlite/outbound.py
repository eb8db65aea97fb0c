"""Outbound messages in SQLite: create (with idempotency keys), read, list, count, cancel,
history. Write functions take the writer's `Tx`; read functions a reader connection."""

from __future__ import annotations

from typing import Any

from modem.store import numbers
from modem.store.cursor import decode_cursor, encode_cursor
from modem.store.errors import Conflict, IdempotencyConflict, NotFound
from modem.store.records import HistoryEntry, Message, Page
from modem.store.requests import MessageQuery, NewMessage
from modem.store.sqlite.changes import Changes
from modem.store.sqlite.codec import dumps, time_out
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import history_entry, load_message, load_messages
from modem.vocabulary import MessageState

__all__ = [
    "cancel_message",
    "count_messages",
    "create_message",
    "get_message",
    "history",
    "list_messages",
    "number_clause",
]

_MESSAGE = (
    "INSERT INTO messages (id, direction, kind, state, text, encoding, created_at, updated_at,"
    " metadata, modem, grp, priority, status_report, send_at, expires_at)"
    " VALUES (?, 'outbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_RECIPIENT = (
    "INSERT INTO recipients (message_id, idx, number, number_key, state, priority, created_at,"
    " route_modem, route_group, send_at, expires_at, status_report, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_PART = (
    "INSERT INTO parts (message_id, idx, seq, state, pdu, length) VALUES (?, ?, ?, 'queued', ?, ?)"
)


def create_message(
    tx: Tx,
    at: int,
    message_id: str,
    new: NewMessage,
    key: str | None,
    fingerprint: str | None,
) -> tuple[Message, bool]:
    conn = tx.conn
    if key is not None:
        row = conn.execute(
            "SELECT fingerprint, message_id FROM idempotency WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            if row["fingerprint"] != fingerprint:
                raise IdempotencyConflict(key, row["message_id"])
            first = load_message(conn, row["message_id"])
            if first is None:  # never send twice: the first may have gone out
                raise Conflict(
                    f"idempotency key {key!r}: its message {row['message_id']} was deleted "
                    "by retention; use a new key to send again"
                )
            return first, False
        conn.execute(
            "INSERT INTO idempotency (key, fingerprint, message_id, created_at)"
            " VALUES (?, ?, ?, ?)",
            (key, fingerprint, message_id, at),
        )
    send_at, expires_at = time_out(new.send_at), time_out(new.expires_at)
    state = MessageState.SCHEDULED if send_at is not None and send_at > at else MessageState.QUEUED
    conn.execute(
        _MESSAGE,
        (
            message_id,
            new.kind,
            str(state),
            new.text,
            new.encoding,
            at,
            at,
            dumps(dict(new.metadata)),
            new.modem,
            new.group,
            new.priority,
            int(new.status_report),
            send_at,
            expires_at,
        ),
    )
    for idx, recipient in enumerate(new.recipients):
        conn.execute(
            _RECIPIENT,
            (
                message_id,
                idx,
                recipient.number,
                numbers.normal(recipient.number),
                str(state),
                new.priority,
                at,
                new.modem,
                new.group if new.group is not None else recipient.group,
                send_at,
                expires_at,
                int(new.status_report),
                at,
            ),
        )
        conn.executemany(
            _PART,
            [(message_id, idx, seq, p.pdu, p.length) for seq, p in enumerate(recipient.parts, 1)],
        )
    changes = Changes(tx, at)
    changes.created(message_id, str(state), [r.number for r in new.recipients], "api")
    return changes.done()[message_id], True


def get_message(conn: Any, message_id: str) -> Message:
    message = load_message(conn, message_id)
    if message is None:
        raise NotFound(f"no message {message_id}")
    return message


def history(conn: Any, message_id: str) -> list[HistoryEntry]:
    if conn.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone() is None:
        raise NotFound(f"no message {message_id}")
    rows = conn.execute("SELECT * FROM history WHERE message_id = ? ORDER BY id", (message_id,))
    return [history_entry(r) for r in rows]


def count_messages(conn: Any, direction: str | None) -> dict[str, int]:
    sql = "SELECT state, count(*) AS n FROM messages"
    args: tuple[Any, ...] = ()
    if direction is not None:
        sql += " WHERE direction = ?"
        args = (direction,)
    return {r["state"]: r["n"] for r in conn.execute(sql + " GROUP BY state", args)}


def number_clause(column: str, wanted: str) -> tuple[str, list[Any]]:
    """SQL true when `column` (a normal form) is the same number as `wanted`
    (`modem.store.numbers.same_number`, in SQL)."""
    key = numbers.normal(wanted)
    if key.startswith("a:"):
        return f"{column} = ?", [key]
    tail = numbers.MIN_TAIL
    sql = (
        f"({column} = ? OR ({column} NOT LIKE 'a:%' AND ("
        f"(length(?) >= {tail} AND length({column}) > length(?)"
        f" AND substr({column}, -length(?)) = ?)"
        f" OR (length({column}) >= {tail} AND length(?) > length({column})"
        f" AND substr(?, -length({column})) = {column}))))"
    )
    return sql, [key, key, key, key, key, key, key]


def list_messages(conn: Any, query: MessageQuery) -> Page[Message]:
    where, args = ["1 = 1"], []
    if query.direction:
        where.append("m.direction = ?")
        args.append(query.direction)
    if query.states:
        where.append(f"m.state IN ({','.join('?' * len(query.states))})")
        args.extend(query.states)
    if query.modem:
        where.append(
            "(m.modem_id = ? OR m.modem = ? OR EXISTS (SELECT 1 FROM recipients r"
            " WHERE r.message_id = m.id AND r.modem_id = ?))"
        )
        args.extend([query.modem] * 3)
    if query.number:
        sender_sql, sender_args = number_clause("m.sender_key", query.number)
        recipient_sql, recipient_args = number_clause("r.number_key", query.number)
        where.append(
            f"({sender_sql} OR EXISTS (SELECT 1 FROM recipients r"
            f" WHERE r.message_id = m.id AND {recipient_sql}))"
        )
        args.extend(sender_args + recipient_args)
    if query.since is not None:
        where.append("m.created_at >= ?")
        args.append(time_out(query.since))
    if query.until is not None:
        where.append("m.created_at < ?")
        args.append(time_out(query.until))
    if query.cursor:
        where.append("m.id < ?")
        args.append(str(decode_cursor("messages", query.cursor)["before"]))
    rows = conn.execute(
        f"SELECT m.* FROM messages m WHERE {' AND '.join(where)} ORDER BY m.id DESC LIMIT ?",
        (*args, query.limit + 1),
    ).fetchall()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    cursor = encode_cursor("messages", before=rows[-1]["id"]) if more else None
    return Page(tuple(load_messages(conn, rows)), cursor)


_CANCELABLE = (MessageState.SCHEDULED, MessageState.QUEUED)


def cancel_message(tx: Tx, at: int, message_id: str) -> Message:
    conn = tx.conn
    row = conn.execute("SELECT direction FROM messages WHERE id = ?", (message_id,)).fetchone()
    if row is None:
        raise NotFound(f"no message {message_id}")
    if row["direction"] != "outbound":
        raise Conflict(f"message {message_id} is incoming: there is nothing to cancel")
    recipients = conn.execute(
        "SELECT idx, number, state FROM recipients WHERE message_id = ? ORDER BY idx",
        (message_id,),
    ).fetchall()
    if all(r["state"] == MessageState.CANCELED for r in recipients):
        return load_message(conn, message_id)  # type: ignore[return-value]
    for r in recipients:
        if r["state"] not in _CANCELABLE:
            raise Conflict(
                f"message {message_id} cannot be canceled: {r['number']} is {r['state']}"
            )
    out = conn.execute(
        "SELECT idx, seq FROM parts WHERE message_id = ? AND state != 'queued' LIMIT 1",
        (message_id,),
    ).fetchone()
    if out is not None:
        raise Conflict(
            f"message {message_id} cannot be canceled: part {out['seq']} already went out"
        )
    changes = Changes(tx, at)
    conn.execute("UPDATE parts SET state = 'canceled' WHERE message_id = ?", (message_id,))
    for r in recipients:
        changes.recipient(
            message_id,
            r["idx"],
            r["number"],
            r["state"],
            MessageState.CANCELED,
            "api",
            detail="canceled",
        )
    return changes.done()[message_id]
