"""Incoming messages in SQLite: parts committed before the modem deletes them, reassembly in
the database, undecodable PDUs, and the ack tokens still to acknowledge.

Reassembly (TS 23.040 §9.2.3.24.1, .8): an *assembly* collects the parts of one message,
keyed by (owner, sender, reference, total, reference bits, port), owner being the SIM (IMSI)
when known, else the modem. A part joins the open assembly with its key that lacks its
sequence number and whose parts' TP-SCTS lie within `gap` of its own (the SC stamps each part
when it takes it; a phone sends the parts of one message back to back); when several could
take it, the one nearest in TP-SCTS. Otherwise it starts a new assembly: the 8-bit reference
of a busy sender comes round again, and a second message must not be glued to the first.
A part is a duplicate when a part with the same digest (owner, sender, key, sequence,
content and TP-SCTS: the SC keeps its stamp on every delivery attempt) is stored. The part
that makes an assembly whole creates the message (`received`, one `message.received` event);
`flush_incomplete` does the same for assemblies left waiting, flagged incomplete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from modem.store import numbers, reassembly
from modem.store.records import IncomingResult, Message, Page, Undecodable
from modem.store.requests import IncomingPart
from modem.store.sqlite.changes import Changes
from modem.store.sqlite.codec import dumps, loads, stamp_out, time_out
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import undecodable
from modem.vocabulary import EventType, MessageState, new_id

__all__ = [
    "acked",
    "flush_incomplete",
    "keep_token",
    "list_undecodable",
    "pending_acks",
    "record_incoming",
    "record_undecodable",
    "token_key",
]


def token_key(token: Mapping[str, Any]) -> str:
    return hashlib.sha256(dumps(dict(token)).encode()).hexdigest()[:32]


def keep_token(conn: Any, token: Mapping[str, Any] | None, modem_id: str, at: int) -> None:
    """Remember an ack token until `acked()` (the same token twice is kept once)."""
    if token is None:
        return
    conn.execute(
        "INSERT OR IGNORE INTO acks (key, modem_id, token, created_at) VALUES (?, ?, ?, ?)",
        (token_key(token), token.get("modem_id", modem_id), dumps(dict(token)), at),
    )


def pending_acks(conn: Any, modem_id: str | None) -> list[dict[str, Any]]:
    sql, args = "SELECT token FROM acks", ()
    if modem_id is not None:
        sql, args = sql + " WHERE modem_id = ?", (modem_id,)
    return [loads(r["token"]) for r in conn.execute(sql + " ORDER BY created_at, key", args)]


def acked(tx: Tx, token: Mapping[str, Any]) -> bool:
    cur = tx.conn.execute("DELETE FROM acks WHERE key = ?", (token_key(token),))
    return cur.rowcount > 0


def _key(part: IncomingPart) -> tuple[Any, ...]:
    ref, _, total, bits = part.concat or (-1, 1, 1, 0)
    port = -1 if part.port is None else part.port
    return (part.owner, numbers.normal(part.sender), ref, total, bits, port)


def _digest(part: IncomingPart, key: tuple[Any, ...], seq: int) -> str:
    fields = (*key, seq, part.text, part.data.hex(), stamp_out(part.smsc_time))
    return hashlib.sha256(dumps([str(f) for f in fields]).encode()).hexdigest()[:32]


def record_incoming(tx: Tx, at: int, part: IncomingPart, gap_us: int) -> IncomingResult:
    conn = tx.conn
    keep_token(conn, part.token, part.modem_id, at)
    key = _key(part)
    seq = part.concat[1] if part.concat else 1
    total = key[3]
    digest = _digest(part, key, seq)
    smsc_us = time_out(part.smsc_time)
    received = time_out(part.received_at)
    same = conn.execute(
        "SELECT p.assembly_id, a.message_id FROM inbound_parts p"
        " JOIN assemblies a ON a.id = p.assembly_id WHERE p.digest = ? LIMIT 1",
        (digest,),
    ).fetchone()
    if same is not None:
        return IncomingResult(None, duplicate=True, missing=_missing(conn, same["assembly_id"]))
    assembly = _open_assembly(conn, key, seq, smsc_us, gap_us) if total > 1 else None
    if assembly is None:
        assembly = new_id("asm")
        conn.execute(
            "INSERT INTO assemblies (id, owner, sender, sender_key, ref, total, bits, port,"
            " modem_id, sim, encoding, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?)",
            (assembly, key[0], part.sender, key[1], key[2], total, key[4], key[5],
             part.modem_id, part.sim, part.encoding, received, received),
        )  # fmt: skip
    else:
        conn.execute(
            "UPDATE assemblies SET last_at = max(last_at, ?), modem_id = ?,"
            " sim = coalesce(?, sim) WHERE id = ?",
            (received, part.modem_id, part.sim, assembly),
        )
    conn.execute(
        "INSERT INTO inbound_parts (assembly_id, seq, text, data, pdu, digest, received_at,"
        " smsc_time, smsc_us, modem_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (assembly, seq, part.text, part.data, part.pdu, digest, received,
         stamp_out(part.smsc_time), smsc_us, part.modem_id),
    )  # fmt: skip
    missing = _missing(conn, assembly)
    if missing:
        return IncomingResult(None, missing=missing)
    return IncomingResult(_complete(tx, at, assembly, complete=True))


def _missing(conn: Any, assembly: str) -> int:
    row = conn.execute(
        "SELECT a.total - count(p.seq) AS n, a.message_id FROM assemblies a"
        " LEFT JOIN inbound_parts p ON p.assembly_id = a.id WHERE a.id = ?",
        (assembly,),
    ).fetchone()
    return 0 if row["message_id"] is not None else int(row["n"])


def _open_assembly(
    conn: Any, key: tuple[Any, ...], seq: int, smsc_us: int | None, gap_us: int
) -> str | None:
    rows = conn.execute(
        "SELECT a.id, min(p.smsc_us) AS lo, max(p.smsc_us) AS hi,"
        " max(p.seq = ?) AS has_seq, a.last_at FROM assemblies a"
        " JOIN inbound_parts p ON p.assembly_id = a.id"
        " WHERE a.owner = ? AND a.sender_key = ? AND a.ref = ? AND a.total = ? AND a.bits = ?"
        " AND a.port = ? AND a.message_id IS NULL GROUP BY a.id ORDER BY a.last_at DESC",
        (seq, *key),
    ).fetchall()
    candidates = [reassembly.Open(r["id"], bool(r["has_seq"]), r["lo"], r["hi"]) for r in rows]
    return reassembly.choose(candidates, smsc_us, gap_us)


def _complete(tx: Tx, at: int, assembly: str, *, complete: bool) -> Message:
    """Make the message of an assembly (whole, or flushed incomplete)."""
    conn = tx.conn
    a = conn.execute("SELECT * FROM assemblies WHERE id = ?", (assembly,)).fetchone()
    parts = conn.execute(
        "SELECT seq, text, received_at, smsc_time FROM inbound_parts WHERE assembly_id = ?"
        " ORDER BY seq",
        (assembly,),
    ).fetchall()
    have = {p["seq"] for p in parts}
    missing = [s for s in range(1, a["total"] + 1) if s not in have]
    message_id = new_id("msg")
    conn.execute(
        "INSERT INTO messages (id, direction, kind, state, text, encoding, created_at,"
        " updated_at, sender, sender_key, modem_id, sim, received_at, smsc_time, complete,"
        " missing) VALUES (?, 'inbound', 'sms', 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (message_id, "".join(p["text"] for p in parts), a["encoding"], at, at, a["sender"],
         a["sender_key"], a["modem_id"], a["sim"], max(p["received_at"] for p in parts),
         parts[0]["smsc_time"], int(complete and not missing), dumps(missing)),
    )  # fmt: skip
    conn.execute("UPDATE assemblies SET message_id = ? WHERE id = ?", (message_id, assembly))
    changes = Changes(tx, at)
    changes.history(
        message_id,
        "modem",
        state=str(MessageState.RECEIVED),
        detail=f"{len(parts)} of {a['total']} parts" + (", incomplete" if missing else ""),
    )
    changes.event(message_id, EventType.MESSAGE_RECEIVED)
    return changes.done()[message_id]


def flush_incomplete(tx: Tx, at: int, before: int) -> list[Message]:
    rows = tx.conn.execute(
        "SELECT id FROM assemblies WHERE message_id IS NULL AND last_at < ? ORDER BY last_at"
        " LIMIT 500",
        (before,),
    ).fetchall()
    return [_complete(tx, at, r["id"], complete=False) for r in rows]


def record_undecodable(
    tx: Tx, at: int, modem_id: str, pdu: str, error: str, received_at: int, sim: str | None,
    token: Mapping[str, Any] | None,
) -> Undecodable:  # fmt: skip
    keep_token(tx.conn, token, modem_id, at)
    row_id = new_id("und")
    tx.conn.execute(
        "INSERT INTO undecodable (id, modem_id, sim, pdu, error, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (row_id, modem_id, sim, pdu, error, received_at),
    )
    row = tx.conn.execute("SELECT * FROM undecodable WHERE id = ?", (row_id,)).fetchone()
    return undecodable(row)


def list_undecodable(conn: Any, limit: int, before: str | None) -> Page[Undecodable]:
    from modem.store.cursor import encode_cursor

    rows = conn.execute(
        "SELECT * FROM undecodable WHERE id < ? ORDER BY id DESC LIMIT ?",
        (before or "\uffff", limit + 1),
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        tuple(undecodable(r) for r in rows),
        encode_cursor("undecodable", before=rows[-1]["id"]) if more else None,
    )
