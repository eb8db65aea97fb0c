"""Which open message an incoming part joins: the decision every backend makes the same way
(TS 23.040 §9.2.3.24.1: an 8-bit reference comes round again after 256 messages).

A backend finds the open (incomplete) messages with the part's key (owner, sender,
reference, total, reference bits, port), most recent first, and hands them here with, for
each, whether that sequence number is already there and the span of its parts' TP-SCTS
(microseconds). The part joins the one that lacks its sequence number and whose stamps lie
within `gap` of its own, the nearest if several; a message with that place already taken
(other content: a duplicate was recognised before) or stamped too far away is another
message. Without stamps to compare, the most recent open one is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Open", "choose"]


@dataclass(frozen=True, slots=True)
class Open:
    """An open message with the part's key: its id, whether the part's sequence number is
    taken, and the lowest and highest TP-SCTS of its parts (None when unknown)."""

    id: str
    has_seq: bool
    lo: int | None
    hi: int | None


def choose(candidates: Sequence[Open], stamp: int | None, gap: int) -> str | None:
    """The id of the open message the part joins, or None for a new message."""
    best, best_distance = None, None
    for c in candidates:
        if c.has_seq:
            continue
        if stamp is None or c.lo is None or c.hi is None:
            return c.id
        distance = max(c.lo - stamp, stamp - c.hi, 0)
        if distance > gap:
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = c.id, distance
    return best
