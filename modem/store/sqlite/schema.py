"""The SQLite schema: numbered migrations, applied by the program, each in its own transaction.

`schema_version` holds one row per applied migration. `migrate()` applies the missing ones in
order; a second process doing the same at the same time waits for the write lock and then
finds them applied (the version is read again inside each transaction). A database whose
version is above `LATEST` was written by a newer program: this one refuses to touch it.

Conventions: times are INTEGER microseconds since the epoch, UTC (they sort and compare as
numbers); an SMSC's own stamps are ISO text, keeping their offset. JSON values are TEXT.
Ids are the vocabulary's time-sortable strings. Once released, a migration never changes:
a change to the schema is a new migration.
"""

from __future__ import annotations

import time
from typing import Any

from modem.store.errors import SchemaMismatch

__all__ = ["LATEST", "MIGRATIONS", "apply", "read_version"]

_MESSAGES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    text TEXT NOT NULL,
    encoding TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    modem TEXT,
    grp TEXT,
    priority INTEGER NOT NULL DEFAULT 0,
    status_report INTEGER NOT NULL DEFAULT 0,
    send_at INTEGER,
    expires_at INTEGER,
    error TEXT,
    sender TEXT,
    sender_key TEXT,
    modem_id TEXT,
    sim TEXT,
    received_at INTEGER,
    smsc_time TEXT,
    complete INTEGER NOT NULL DEFAULT 1,
    missing TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX messages_direction ON messages (direction, id);
CREATE INDEX messages_state ON messages (state, updated_at);
CREATE INDEX messages_sender ON messages (sender_key);

CREATE TABLE recipients (
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    state TEXT NOT NULL,
    modem_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    error TEXT,
    sent_at INTEGER,
    delivered_at INTEGER,
    report_overdue INTEGER NOT NULL DEFAULT 0,
    -- the message's routing and order, copied so the queue is one index scan
    priority INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    route_modem TEXT,
    route_group TEXT,
    send_at INTEGER,
    expires_at INTEGER,
    status_report INTEGER NOT NULL,
    avoid TEXT NOT NULL DEFAULT '[]',
    claim_id TEXT,
    lease_node TEXT,
    lease_until INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, idx)
);
CREATE INDEX recipients_queue ON recipients (state, priority DESC, created_at, message_id, idx);
CREATE INDEX recipients_claims ON recipients (lease_node, lease_until) WHERE claim_id IS NOT NULL;
CREATE UNIQUE INDEX recipients_claim ON recipients (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX recipients_number ON recipients (number_key);
CREATE INDEX recipients_modem ON recipients (modem_id, state);

CREATE TABLE parts (
    message_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    pdu TEXT NOT NULL,
    length INTEGER NOT NULL,
    reference INTEGER,
    modem_id TEXT,
    sent_at INTEGER,
    status INTEGER,
    outcome TEXT,
    status_text TEXT,
    discharge_time TEXT,
    report_pdu TEXT,
    reported_at INTEGER,
    error TEXT,
    PRIMARY KEY (message_id, idx, seq),
    FOREIGN KEY (message_id, idx) REFERENCES recipients (message_id, idx) ON DELETE CASCADE
);
CREATE INDEX parts_reference ON parts (modem_id, reference, sent_at) WHERE reference IS NOT NULL;
CREATE INDEX parts_sent ON parts (modem_id, sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    state TEXT,
    part_state TEXT,
    recipient TEXT,
    part INTEGER,
    code INTEGER,
    raw TEXT,
    detail TEXT
);
CREATE INDEX history_message ON history (message_id, id);

-- AUTOINCREMENT: a seq is never handed out twice, even after retention deleted the newest.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    message_id TEXT,
    modem_id TEXT,
    data TEXT NOT NULL
);
CREATE INDEX events_message ON events (message_id);
CREATE INDEX events_created ON events (created_at);

CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    fingerprint TEXT,
    message_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_at);
"""

_RECEIVE = """
CREATE TABLE assemblies (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    sender TEXT NOT NULL,
    sender_key TEXT NOT NULL,
    ref INTEGER NOT NULL,
    total INTEGER NOT NULL,
    bits INTEGER NOT NULL,
    port INTEGER NOT NULL,
    modem_id TEXT NOT NULL,
    sim TEXT,
    encoding TEXT,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    message_id TEXT REFERENCES messages (id) ON DELETE CASCADE
);
CREATE INDEX assemblies_key ON assemblies (owner, sender_key, ref, total, bits, port, last_at);
CREATE INDEX assemblies_open ON assemblies (last_at) WHERE message_id IS NULL;
CREATE INDEX assemblies_message ON assemblies (message_id);

CREATE TABLE inbound_parts (
    assembly_id TEXT NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    data BLOB NOT NULL,
    pdu TEXT NOT NULL,
    digest TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    smsc_time TEXT,
    smsc_us INTEGER,
    modem_id TEXT NOT NULL,
    PRIMARY KEY (assembly_id, seq)
);
CREATE INDEX inbound_parts_digest ON inbound_parts (digest);

CREATE TABLE acks (
    key TEXT PRIMARY KEY,
    modem_id TEXT,
    token TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX acks_created ON acks (created_at);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    modem_id TEXT NOT NULL,
    reference INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    status INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status_text TEXT,
    discharge_time TEXT,
    pdu TEXT,
    received_at INTEGER NOT NULL,
    message_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
    idx INTEGER,
    seq INTEGER
);
CREATE INDEX reports_received ON reports (received_at) WHERE message_id IS NULL;
CREATE INDEX reports_message ON reports (message_id);

CREATE TABLE undecodable (
    id TEXT PRIMARY KEY,
    modem_id TEXT NOT NULL,
    sim TEXT,
    pdu TEXT NOT NULL,
    error TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
"""

_OUTBOX = """
CREATE TABLE webhook_cursors (endpoint TEXT PRIMARY KEY, seq INTEGER NOT NULL);

CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL,
    event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    message_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    lease_node TEXT,
    lease_until INTEGER,
    UNIQUE (endpoint, event_seq)
);
CREATE INDEX deliveries_due ON deliveries (endpoint, state, next_attempt_at);
CREATE INDEX deliveries_event ON deliveries (event_seq);

CREATE TABLE modems (
    modem_id TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    name TEXT,
    port TEXT,
    groups TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    healthy INTEGER NOT NULL,
    identity TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT '{}',
    health TEXT NOT NULL DEFAULT '{}',
    limits TEXT NOT NULL DEFAULT '{}',
    counters TEXT NOT NULL DEFAULT '{}',
    last_error TEXT,
    updated_at INTEGER NOT NULL
);
"""

#: (number, name, SQL); applied in order, each in its own transaction.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "messages, recipients, parts, history, events, idempotency keys", _MESSAGES),
    (2, "incoming reassembly, pending acks, status reports, undecodable PDUs", _RECEIVE),
    (3, "webhook deliveries and the modem registry", _OUTBOX),
)
LATEST = MIGRATIONS[-1][0]

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
)
"""


def read_version(conn: Any) -> int:
    """The highest migration applied (0 for an empty database)."""
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if row is None:
        return 0
    (version,) = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(version)


def refuse_newer(version: int, where: str) -> None:
    if version > LATEST:
        raise SchemaMismatch(
            f"{where}: the database's schema is version {version}, newer than this program "
            f"knows (up to {LATEST}); it was written by a newer gsmbridge: upgrade this one "
            "(it will not touch the file)"
        )


def apply(conn: Any, where: str, *, upto: int = LATEST) -> list[int]:
    """Apply the missing migrations up to `upto`, each in its own IMMEDIATE transaction
    (the version is read inside it, so a concurrent migrator is harmless). Returns the
    numbers applied."""
    applied = []
    for number, name, sql in MIGRATIONS:
        if number > upto:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_VERSION_TABLE)
            current = read_version(conn)
            refuse_newer(current, where)
            if current >= number:
                conn.execute("COMMIT")
                continue
            if current != number - 1:
                raise SchemaMismatch(f"{where}: schema version {current} has a gap before {number}")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, time.time_ns() // 1000),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (they hold no ';' inside strings or triggers)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
