"""The store's errors: what a caller of `modem.store` may catch, and what each one means.

`StoreError` and its kind are `ModemError`s (a user or the database caused them: the CLI prints
one line). `IllegalTransition` is not: a change the state machine forbids is a bug in the
caller, so it is a `RuntimeError`, as every misuse in this package is.
"""

from __future__ import annotations

from modem.errors import ModemError

__all__ = [
    "Conflict",
    "IdempotencyConflict",
    "IllegalTransition",
    "LeaseLost",
    "NotFound",
    "SchemaMismatch",
    "StoreError",
    "StoreUnavailable",
]


class StoreError(ModemError):
    """Base of every error the store raises on purpose."""


class NotFound(StoreError):
    """No such message, modem or delivery; the message names what was looked for."""


class Conflict(StoreError):
    """The change asked for contradicts the stored state (cancel a message already sent)."""


class IdempotencyConflict(Conflict):
    """An idempotency key came again with another request than the one it first came with."""

    def __init__(self, key: str, message_id: str) -> None:
        self.key = key
        self.message_id = message_id
        super().__init__(
            f"idempotency key {key!r} was used for another request (message {message_id})"
        )


class LeaseLost(Conflict):
    """A claim's lease was taken over (it expired and `recover()` gave the work to another
    worker) before this change came. What the change reported is still kept in the message's
    history, so nothing that happened is forgotten; the caller must stop working on the
    claim."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or written now (locked, gone, disk full, server down).
    Nothing was changed by the call that raised it; callers wait and retry."""


class SchemaMismatch(StoreError):
    """The database's schema is not the one this program speaks: newer than it knows (an
    older program must not write to it), or not yet migrated (run `modem store migrate`)."""


class IllegalTransition(RuntimeError):
    """A state change the state machine does not allow: a bug in the caller, not a user
    error. `what` is "part", "recipient" or "message"."""

    def __init__(self, what: str, frm: str, to: str) -> None:
        self.what, self.frm, self.to = what, frm, to
        super().__init__(f"{what} state cannot change from {frm} to {to}")
