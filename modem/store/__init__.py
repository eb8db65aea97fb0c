"""The gateway's message store: one interface (`base.Store`), one module per backend.

    from modem.store import store_for, NewMessage, NewRecipient
    async with store_for("/var/lib/modem/modem.db") as store:
        await store.migrate()
        message, created = await store.create_message(NewMessage(...))

`store_for(target)` picks the backend from the target: a path or `sqlite:///path` is SQLite
(`modem.store.sqlite`); `postgresql://...` is reserved for the fleet's backend. Above this
package nothing knows which one runs. The state machine every backend follows is
`modem.store.states`; records are in `records.py`, inputs in `requests.py`.
"""

from __future__ import annotations

from typing import Any

from modem.store.base import Semantics, Store
from modem.store.errors import (
    Conflict,
    IdempotencyConflict,
    IllegalTransition,
    LeaseLost,
    NotFound,
    SchemaMismatch,
    StoreError,
    StoreUnavailable,
)
from modem.store.outbox import Delivery, Event
from modem.store.records import (
    Claim,
    Error,
    HistoryEntry,
    InboundPart,
    IncomingResult,
    Message,
    Page,
    Part,
    Recipient,
    Recovery,
    ReportMatch,
    Undecodable,
)
from modem.store.registry import ModemRecord
from modem.store.requests import (
    DeliveryQuery,
    IncomingPart,
    MessageQuery,
    NewMessage,
    NewPart,
    NewRecipient,
    Slot,
)

__all__ = [
    "Claim",
    "Conflict",
    "Delivery",
    "DeliveryQuery",
    "Error",
    "Event",
    "HistoryEntry",
    "IdempotencyConflict",
    "IllegalTransition",
    "InboundPart",
    "IncomingPart",
    "IncomingResult",
    "LeaseLost",
    "Message",
    "MessageQuery",
    "ModemRecord",
    "NewMessage",
    "NewPart",
    "NewRecipient",
    "NotFound",
    "Page",
    "Part",
    "Recipient",
    "Recovery",
    "ReportMatch",
    "SchemaMismatch",
    "Semantics",
    "Slot",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Undecodable",
    "store_for",
]


def store_for(target: str, **options: Any) -> Store:
    """A store (not yet opened) for a database path or URL.

    A plain path or `sqlite:///path` gives SQLite (options: see `SqliteStore`);
    `postgresql://` is the fleet's backend, not part of this build (StoreError says so)."""
    if target.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            f"{target.split('@')[-1]}: the PostgreSQL backend is not available in this build"
        )
    if target.startswith("sqlite://"):
        target = target.removeprefix("sqlite://")
    elif "://" in target:
        raise StoreError(f"{target}: not a database path or a sqlite:// or postgresql:// URL")
    from modem.store.sqlite import SqliteStore

    return SqliteStore(target, **options)
