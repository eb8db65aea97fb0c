"""What the pool's Python API raises, besides the store's own errors (re-exported here).

A caller (the HTTP bridge, the CLI) maps them to its own answers: `InvalidRequest` is a
request that can never be sent as it is (each `FieldError` names the field, as RFC 9457's
`errors` wants); `UnknownModem` a modem id no node has (a `NotFound`, like an unknown
message); `ModemUnavailable` a modem that exists but cannot take a command now. The store's
`NotFound`, `Conflict` (cancel a message already sent), `IdempotencyConflict` and
`StoreUnavailable` pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from modem.errors import ModemError
from modem.store.errors import (
    Conflict,
    IdempotencyConflict,
    NotFound,
    StoreUnavailable,
)

__all__ = [
    "Conflict",
    "FieldError",
    "IdempotencyConflict",
    "InvalidRequest",
    "ModemUnavailable",
    "NotFound",
    "PoolError",
    "StoreUnavailable",
    "UnknownModem",
]


class PoolError(ModemError):
    """Base of the errors the pool raises on purpose."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong with a request: `field` as the caller named it ("to[2]", "text"),
    `message` in words."""

    field: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message}


class InvalidRequest(PoolError, ValueError):
    """A send request that cannot be sent as it is; `errors` lists every field at fault."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


class UnknownModem(NotFound, PoolError):
    """No modem with that id on this node (and, for lookups, in the registry)."""


class ModemUnavailable(PoolError):
    """The modem exists but cannot take a command now (lost, opening, closed); `status`
    is its state word."""

    def __init__(self, modem_id: str, status: str, reason: str | None = None) -> None:
        self.modem_id, self.status = modem_id, status
        why = f": {reason}" if reason else ""
        super().__init__(f"modem {modem_id} is {status}{why}")
