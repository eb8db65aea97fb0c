"""The pool: several modems, one queue, a gateway that never loses a message and never sends
one twice.

Theory of operation
-------------------
Everything goes through the store, and every change is committed before anything follows
from it. A message is planned (its PDUs, per recipient) and committed when it is submitted;
from then on it is work in the store's queue, not in memory, so a crash loses nothing.

* Sending (worker.py): one worker per modem claims the next recipient its modem may send,
  atomically (the store: priority, then age; only routes the modem serves; due; not
  expired), and sends its parts in order through that one modem: each part `sending` before
  its body is written, `sent` with its reference before the next goes. Failures are judged
  in retry.py: permanent ones fail the recipient with the +CMS code and its meaning;
  transient ones put it back in the queue with a backoff (on another modem, unless some of
  it went out already); an unknown outcome is never resent.
* Choosing (dispatch.py, routing.py): a message names a modem or a group, or the routing
  rules give each recipient a group by destination prefix; among idle, healthy modems the
  strategy (round robin, least loaded) decides who takes new work first.
* Health (health.py, limits.py): the driver's `ModemState` says whether a modem is ready,
  registered and has signal; a breaker rests a modem that keeps failing; an allowance
  (parts per minute, hour, day, counted through the store) holds a modem back at its limit.
* Receiving (receiver.py): every item is committed to the store, then acknowledged on the
  modem; tokens committed but not acknowledged are acknowledged after a restart.
* The clock (housekeeping.py): schedules, expiry, leases, overdue reports, incomplete
  incoming messages, retention.
* Crashes: at start the pool takes back its node's claims (`store.recover`): parts in
  flight are sent again (at-least-once, the default) or marked unknown (at-most-once);
  parts the network confirmed never go again.

The Python API is `Pool` (pool.py): submit, create, estimate, get, history, cancel, modems,
modem, ussd, reset; `SendRequest` and `Estimate` (request.py); `ModemStatus` (status.py);
the errors in errors.py.
"""

from __future__ import annotations

from modem.pool.errors import (
    Conflict,
    FieldError,
    IdempotencyConflict,
    InvalidRequest,
    ModemUnavailable,
    NotFound,
    PoolError,
    StoreUnavailable,
    UnknownModem,
)
from modem.pool.pool import Pool
from modem.pool.request import Estimate, SendRequest
from modem.pool.status import ModemStatus

__all__ = [
    "Conflict",
    "Estimate",
    "FieldError",
    "IdempotencyConflict",
    "InvalidRequest",
    "ModemStatus",
    "ModemUnavailable",
    "NotFound",
    "Pool",
    "PoolError",
    "SendRequest",
    "StoreUnavailable",
    "UnknownModem",
]
