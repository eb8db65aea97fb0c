"""The SQLite backend: the gateway's embedded default, one database file.

store.py (`SqliteStore`, the methods), engine.py (the file, connections, the writer thread
with group commit, durability), schema.py (numbered migrations), and one module per concern
for the SQL: outbound, work (claims), schedule (time-driven changes), reports, inbound,
outbox, modems, retention; changes.py ties each write's state changes, history and events
together; load.py and codec.py turn rows into records.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SqliteStore"]


def __getattr__(name: str) -> Any:
    if name == "SqliteStore":
        from modem.store.sqlite.store import SqliteStore

        return SqliteStore
    raise AttributeError(name)
