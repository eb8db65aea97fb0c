"""The modem registry in SQLite: one row per modem of any node; a change of status to or
from "ready" writes `modem.online` / `modem.offline` in the same transaction."""

from __future__ import annotations

import dataclasses
from typing import Any

from modem.store.errors import NotFound
from modem.store.registry import ModemRecord
from modem.store.sqlite.changes import add_event
from modem.store.sqlite.codec import dumps, error_out, time_in
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import modem_record
from modem.vocabulary import EventType

__all__ = ["get_modem", "list_modems", "upsert_modem"]


def upsert_modem(tx: Tx, at: int, record: ModemRecord) -> ModemRecord:
    conn = tx.conn
    old = conn.execute(
        "SELECT status FROM modems WHERE modem_id = ?", (record.modem_id,)
    ).fetchone()
    record = dataclasses.replace(record, updated_at=time_in(at))
    conn.execute(
        "INSERT OR REPLACE INTO modems (modem_id, node, name, port, groups, status, healthy,"
        " identity, state, health, limits, counters, last_error, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.modem_id, record.node, record.name, record.port, dumps(list(record.groups)),
            record.status, int(record.healthy), dumps(dict(record.identity)),
            dumps(dict(record.state)), dumps(dict(record.health)), dumps(dict(record.limits)),
            dumps(dict(record.counters)), error_out(record.last_error), at,
        ),
    )  # fmt: skip
    was_ready = old is not None and old["status"] == "ready"
    now_ready = record.status == "ready"
    if was_ready != now_ready:
        type_ = EventType.MODEM_ONLINE if now_ready else EventType.MODEM_OFFLINE
        add_event(tx, type_, at, {"modem": record.to_json()}, modem_id=record.modem_id)
    return record


def list_modems(conn: Any) -> list[ModemRecord]:
    return [modem_record(r) for r in conn.execute("SELECT * FROM modems ORDER BY modem_id")]


def get_modem(conn: Any, modem_id: str) -> ModemRecord:
    row = conn.execute("SELECT * FROM modems WHERE modem_id = ?", (modem_id,)).fetchone()
    if row is None:
        raise NotFound(f"no modem {modem_id}")
    return modem_record(row)
