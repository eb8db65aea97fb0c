"""The life of an outgoing message, as data: which changes are allowed, and how a recipient's
state follows from its parts and a message's from its recipients. Pure: no I/O, no clock.
Every backend uses this one module, so SQLite and PostgreSQL agree on every word.

Theory of operation
-------------------
Three levels, each with its own table of allowed changes:

* A **part** is one SMS-SUBMIT to one recipient. It is `queued` until a worker is about to
  write it (`sending`), then `sent` (the network gave a reference), `failed` (certainly not
  sent: a +CMS error, no prompt), or `unknown` (its body was written and no result came: it
  may have gone out, so it is never sent again by itself). A status report settles a sent or
  unknown part as `delivered` or `undelivered`; a temporary status (TP-ST 0x20-0x3F) leaves
  it `sent` (an unknown part that gets one is thereby known to be sent). A failed part goes
  back to `queued` only when its recipient is released for a retry. Queued parts of a
  recipient that ends without them (failed, expired, canceled) become `canceled`.
* A **recipient** (one number of one message) is the unit of work: `scheduled` or `queued`,
  `sending` while a worker holds its claim, then, once the claim ends, what its parts say
  (`recipient_state`): `failed` if a part failed (that part's error kept); `delivered` only
  when every part has a successful report; `undelivered` when every part has a final report
  and none is successful; `partially_delivered` when every part has a final report and some
  are successful; otherwise `sent`: without reports it stays sent, never silently
  delivered. A released claim puts the recipient back to `queued`.
* A **message** is the summary of its recipients (`message_state`); with one recipient it is
  that recipient's state.

Rule 1: every change goes through `check_*()`, which raises `IllegalTransition` (a bug in the
caller) for a change the tables do not list. Staying in the same state is not a change.
Rule 2: a state that is not in the tables' keys cannot be entered at that level (there is no
`received` recipient, no `scheduled` part).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from modem.store.errors import IllegalTransition
from modem.vocabulary import MessageState, PartState, ReportOutcome

__all__ = [
    "ACTIVE",
    "IN_FLIGHT",
    "MESSAGE_TRANSITIONS",
    "PART_TRANSITIONS",
    "RECIPIENT_TRANSITIONS",
    "REPORTED",
    "check_message",
    "check_part",
    "check_recipient",
    "is_out",
    "message_state",
    "part_after_report",
    "recipient_state",
]

P = PartState
M = MessageState

PART_TRANSITIONS: Mapping[PartState, frozenset[PartState]] = {
    P.QUEUED: frozenset({P.SENDING, P.CANCELED}),
    P.SENDING: frozenset({P.SENT, P.FAILED, P.UNKNOWN, P.QUEUED}),
    P.SENT: frozenset({P.DELIVERED, P.UNDELIVERED}),
    P.UNKNOWN: frozenset({P.SENT, P.DELIVERED, P.UNDELIVERED}),
    P.FAILED: frozenset({P.QUEUED}),
    P.DELIVERED: frozenset(),
    P.UNDELIVERED: frozenset(),
    P.CANCELED: frozenset(),
}

RECIPIENT_TRANSITIONS: Mapping[MessageState, frozenset[MessageState]] = {
    M.SCHEDULED: frozenset({M.QUEUED, M.CANCELED, M.EXPIRED}),
    M.QUEUED: frozenset({M.SENDING, M.CANCELED, M.EXPIRED, M.FAILED}),
    M.SENDING: frozenset(
        {M.QUEUED, M.SENT, M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED, M.FAILED}
    ),
    M.SENT: frozenset({M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED}),
    M.DELIVERED: frozenset(),
    M.PARTIALLY_DELIVERED: frozenset(),
    M.UNDELIVERED: frozenset(),
    M.FAILED: frozenset(),
    M.EXPIRED: frozenset(),
    M.CANCELED: frozenset(),
}

# What `message_state()` can move a message through, given recipients that follow the table
# above (the property tests check that it never does anything else).
MESSAGE_TRANSITIONS: Mapping[MessageState, frozenset[MessageState]] = {
    M.SCHEDULED: frozenset({M.QUEUED, M.CANCELED, M.EXPIRED}),
    M.QUEUED: frozenset({M.SENDING, M.CANCELED, M.EXPIRED, M.FAILED}),
    M.SENDING: frozenset(
        {M.QUEUED, M.SENT, M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED, M.FAILED}
    ),
    M.SENT: frozenset({M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED}),
    M.DELIVERED: frozenset(),
    M.PARTIALLY_DELIVERED: frozenset(),
    M.UNDELIVERED: frozenset(),
    M.FAILED: frozenset(),
    M.EXPIRED: frozenset(),
    M.CANCELED: frozenset(),
}

#: Recipient states in which work is still to be done: such a message is never pruned.
ACTIVE = frozenset({M.SCHEDULED, M.QUEUED, M.SENDING})
#: Recipient (and message) states that are "still in flight" for retention: `sent` is not,
#: since nothing but a report can come, and an SMSC keeps a message for days, not months.
IN_FLIGHT = ACTIVE
#: Part states a final status report gives.
REPORTED = frozenset({P.DELIVERED, P.UNDELIVERED})
_OUT = frozenset({P.SENT, P.UNKNOWN}) | REPORTED
# Recipients whose parts reached the network (what makes a half-done message "sending").
_PROGRESSED = frozenset({M.SENT, M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED})
# Which word sums up recipients that all ended without any delivery, in this order.
_UNDELIVERED_ORDER = (M.UNDELIVERED, M.FAILED, M.EXPIRED, M.CANCELED)


def _check(what: str, table: Mapping, frm: str, to: str) -> None:
    if frm == to:
        return
    try:
        allowed = table[frm]
    except KeyError:
        raise IllegalTransition(what, frm, to) from None
    if to not in allowed:
        raise IllegalTransition(what, frm, to)


def check_part(frm: PartState | str, to: PartState | str) -> None:
    """IllegalTransition unless a part may go from `frm` to `to`."""
    _check("part", PART_TRANSITIONS, P(frm), P(to))


def check_recipient(frm: MessageState | str, to: MessageState | str) -> None:
    """IllegalTransition unless a recipient may go from `frm` to `to`."""
    _check("recipient", RECIPIENT_TRANSITIONS, M(frm), M(to))


def check_message(frm: MessageState | str, to: MessageState | str) -> None:
    """IllegalTransition unless a message may go from `frm` to `to`."""
    _check("message", MESSAGE_TRANSITIONS, M(frm), M(to))


def recipient_state(parts: Iterable[PartState | str]) -> MessageState | None:
    """What a recipient's parts say once no part is waiting to be sent: failed, delivered,
    undelivered, partially_delivered or sent (module docstring). None while a part is still
    queued or sending (the recipient's own state stands: queued, or sending under a claim).
    A part that failed wins: the recipient failed, even when others were delivered."""
    states = [P(p) for p in parts]
    if not states:
        raise ValueError("a recipient has at least one part")
    if any(s in (P.QUEUED, P.SENDING) for s in states):
        return None
    if P.FAILED in states:
        return M.FAILED
    if P.CANCELED in states:
        return None  # only a recipient ended by other means has canceled parts
    if all(s in REPORTED for s in states):
        delivered = sum(s is P.DELIVERED for s in states)
        if delivered == len(states):
            return M.DELIVERED
        return M.PARTIALLY_DELIVERED if delivered else M.UNDELIVERED
    return M.SENT


def message_state(recipients: Iterable[MessageState | str]) -> MessageState:
    """The summary of a message's recipients.

    With work left: `sending` if a recipient is sending or any has reached the network,
    else `queued` if any is queued, else `scheduled`. With none left: `sent` while any waits
    for reports; the common state when all agree; `partially_delivered` when some (not all)
    were delivered; otherwise the first of undelivered, failed, expired, canceled present.
    """
    states = [M(r) for r in recipients]
    if not states:
        raise ValueError("a message has at least one recipient")
    first = states[0]
    if all(s is first for s in states):
        return first
    present = set(states)
    if present & ACTIVE:
        if M.SENDING in present or present & _PROGRESSED:
            return M.SENDING
        return M.QUEUED if M.QUEUED in present else M.SCHEDULED
    if M.SENT in present:
        return M.SENT
    if present & {M.DELIVERED, M.PARTIALLY_DELIVERED}:
        return M.PARTIALLY_DELIVERED
    for state in _UNDELIVERED_ORDER:
        if state in present:
            return state
    raise ValueError(f"not a recipient state: {sorted(present)}")  # received, by mistake


def part_after_report(current: PartState | str, outcome: ReportOutcome | str) -> PartState:
    """A part's state after a status report with `outcome` (TS 23.040 §9.2.3.15 classes).

    sent/unknown + delivered -> delivered; + undelivered (the SMSC gave up) -> undelivered;
    + pending (it still tries) -> sent (an unknown part is now known to be out). A part that
    already has its final report, or was never sent, keeps its state: a late or stray report
    is recorded in the history but changes nothing."""
    current, outcome = P(current), ReportOutcome(outcome)
    if current not in (P.SENT, P.UNKNOWN):
        return current
    if outcome is ReportOutcome.DELIVERED:
        return P.DELIVERED
    if outcome is ReportOutcome.UNDELIVERED:
        return P.UNDELIVERED
    return P.SENT


def is_out(state: PartState | str) -> bool:
    """The part was handed to the network (or may have been): it counts against a SIM's
    allowance and is never sent again by itself."""
    return P(state) in _OUT
