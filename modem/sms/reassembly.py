"""Putting concatenated SMS parts back together (3GPP TS 23.040 §9.2.3.24.1, .8).

A pure object: decoded SMS-DELIVERs go in with the time they arrived (seconds, any clock the
caller likes); whole messages come out. It never reads a clock, so it is trivially testable
and the caller decides what "now" means (the driver passes loop.time(), a store its own).

Rules:

* A part belongs to the message keyed by sender, reference, total, reference size and
  destination port: two senders that happen to use the same reference never mix.
* Parts may come in any order; a part whose sequence number is already held with the same
  content is a duplicate and is dropped; a late duplicate of a message already completed is
  recognised for `timeout` seconds after completion and dropped too. "Late duplicate" means
  the same TPDU delivered again, so its TP-SCTS must match as well: the SC stamps a message
  when it receives it and keeps that stamp on every delivery attempt (TS 23.040 §9.2.3.11),
  while a sender that sends the same long text again (same reference after 256 messages, same
  words) gets a new stamp, and that second message must come out, not vanish.
* A part with a sequence number already held but *different* content means the reference was
  reused before the old message completed: the old one is handed back (flagged incomplete) by
  the next `expire()` and the new part starts a new message.
* Messages incomplete for `timeout` seconds after their first part come out of `expire()`
  flagged incomplete, with what arrived and which parts are missing. Nothing is dropped
  silently.

State is plain data (`ReassemblerState`: dataclasses, tuples, Deliver values), so a store can
persist a snapshot and restore it after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modem.sms.address import Address
from modem.sms.pdu import Deliver
from modem.sms.udh import Concat, Ports

__all__ = ["PendingMessage", "Reassembled", "Reassembler", "ReassemblerState", "RecentMessage"]

_Key = tuple[str, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Reassembled:
    """A whole message, or what arrived of one (`complete` False, `missing` sequence numbers).

    `text` joins the parts' text and `data` their 8-bit data, in sequence order.
    """

    sender: Address
    text: str
    data: bytes
    parts: tuple[Deliver, ...]
    complete: bool
    missing: tuple[int, ...]
    concat: Concat | None
    ports: Ports | None
    first_received: float


@dataclass(slots=True)
class PendingMessage:
    """Parts held for one incomplete message: (sequence, arrival time, part), in arrival order."""

    sender: Address
    concat: Concat
    ports: Ports | None
    parts: list[tuple[int, float, Deliver]] = field(default_factory=list)
    first_received: float = 0.0


@dataclass(frozen=True, slots=True)
class RecentMessage:
    """A completed message remembered to recognise late duplicates of its parts."""

    key: _Key
    completed_at: float
    # (sequence, text, data, TP-SCTS) per part; snapshots from before TP-SCTS was kept have
    # three-item entries and match on content alone.
    contents: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True, slots=True)
class ReassemblerState:
    """Everything a Reassembler holds, as plain values (for snapshot and restore)."""

    timeout: float
    pending: tuple[PendingMessage, ...]
    recent: tuple[RecentMessage, ...]
    evicted: tuple[Reassembled, ...]


def _key(sender: Address, concat: Concat, ports: Ports | None) -> _Key:
    return (
        str(sender),
        concat.reference,
        concat.total,
        concat.bits,
        -1 if ports is None else ports.destination,
    )


class Reassembler:
    """Collects parts of concatenated messages until they are whole or stale."""

    def __init__(self, *, timeout: float = 3600.0) -> None:
        self.timeout = timeout
        self._pending: dict[_Key, PendingMessage] = {}
        self._recent: dict[_Key, RecentMessage] = {}
        self._evicted: list[Reassembled] = []

    @property
    def pending(self) -> int:
        """Incomplete messages held."""
        return len(self._pending)

    def add(self, part: Deliver, received_at: float) -> Reassembled | None:
        """Feed one part; returns the message it completes (or the part itself as a message
        when it is not concatenated), else None."""
        concat = part.concat
        if concat is None or concat.total == 1:
            return Reassembled(
                part.sender, part.text, part.data, (part,), True, (), concat, part.ports,
                received_at,
            )  # fmt: skip
        key = _key(part.sender, concat, part.ports)
        content = (part.text, part.data)
        recent = self._recent.get(key)
        if recent is not None:
            if received_at - recent.completed_at > self.timeout:
                del self._recent[key]
            elif any(
                entry[0] == concat.sequence
                and (entry[1], entry[2]) == content
                and (len(entry) < 4 or entry[3] == part.timestamp)
                for entry in recent.contents
            ):
                return None  # a late copy of a part already delivered
        message = self._pending.get(key)
        if message is not None:
            for seq, _, held in message.parts:
                if seq == concat.sequence:
                    if (held.text, held.data) == content:
                        return None  # duplicate
                    # Reference reused before the old message completed.
                    self._evicted.append(_result(message, complete=False))
                    message = None
                    break
        if message is None:
            message = PendingMessage(part.sender, concat, part.ports, [], received_at)
            self._pending[key] = message
        message.parts.append((concat.sequence, received_at, part))
        if len(message.parts) < concat.total:
            return None
        del self._pending[key]
        done = _result(message, complete=True)
        self._recent[key] = RecentMessage(
            key,
            received_at,
            tuple(
                (seq, p.text, p.data, p.timestamp)
                for seq, _, p in sorted(message.parts, key=_by_seq)
            ),
        )
        return done

    def expire(self, now: float) -> list[Reassembled]:
        """Messages incomplete for `timeout` seconds (and any pushed out by a reused
        reference), flagged incomplete. They are forgotten once returned."""
        out, self._evicted = self._evicted, []
        for key, message in list(self._pending.items()):
            if now - message.first_received >= self.timeout:
                del self._pending[key]
                out.append(_result(message, complete=False))
        for key, recent in list(self._recent.items()):
            if now - recent.completed_at > self.timeout:
                del self._recent[key]
        return out

    def flush(self) -> list[Reassembled]:
        """Everything incomplete, now (at shutdown, when the caller will not persist state)."""
        out, self._evicted = self._evicted, []
        out.extend(_result(m, complete=False) for m in self._pending.values())
        self._pending.clear()
        return out

    def snapshot(self) -> ReassemblerState:
        return ReassemblerState(
            self.timeout,
            tuple(
                PendingMessage(m.sender, m.concat, m.ports, list(m.parts), m.first_received)
                for m in self._pending.values()
            ),
            tuple(self._recent.values()),
            tuple(self._evicted),
        )

    @classmethod
    def restore(cls, state: ReassemblerState) -> Reassembler:
        self = cls(timeout=state.timeout)
        for m in state.pending:
            copy = PendingMessage(m.sender, m.concat, m.ports, list(m.parts), m.first_received)
            self._pending[_key(m.sender, m.concat, m.ports)] = copy
        self._recent = {r.key: r for r in state.recent}
        self._evicted = list(state.evicted)
        return self


def _by_seq(entry: tuple[int, float, Deliver]) -> int:
    return entry[0]


def _result(message: PendingMessage, *, complete: bool) -> Reassembled:
    ordered = sorted(message.parts, key=_by_seq)
    parts = tuple(p for _, _, p in ordered)
    have = {seq for seq, _, _ in ordered}
    missing = tuple(s for s in range(1, message.concat.total + 1) if s not in have)
    return Reassembled(
        message.sender,
        "".join(p.text for p in parts),
        b"".join(p.data for p in parts),
        parts,
        complete and not missing,
        missing,
        message.concat,
        message.ports,
        message.first_received,
    )
