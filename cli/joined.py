"""What `modem inbox` shows: the parts stored on a modem joined into messages. Pure.

A long SMS arrives as parts (TS 23.040 §9.2.3.24.1), each stored at its own index. The user
wants messages, so the listed parts go through `modem.sms.Reassembler`: a message whose parts
are all there comes out whole, one with parts missing comes out marked incomplete with the
missing sequence numbers. Status reports and PDUs that did not decode pass through as they are.

Keyed with care: an 8-bit concatenation reference is reused by the same sender every 256
messages (sooner by senders that pick it at random), so two different messages with the same
sender, reference and part count can both be on the SIM. A Reassembler fed in storage order
would then mix their parts. So the parts of one key are sorted by their TP-SCTS (the time the
service centre received each part: parts of one message are stamped seconds apart) and cut into
runs: a new run starts when a sequence number comes again with other content, or when a part
is stamped more than `SAME_MESSAGE_WITHIN` after the run's first one. Each run is one message.
A copy of a part (same sequence, content and stamp: the network delivered it twice) stays with
its message, so deleting the message deletes the copy too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

__all__ = ["SAME_MESSAGE_WITHIN", "InboxMessage", "join"]

#: Parts of one message are stamped by the service centre as they arrive from the sender's
#: phone, seconds apart; a reused reference belongs to a message sent much later.
SAME_MESSAGE_WITHIN = timedelta(hours=1)


@dataclass(frozen=True)
class InboxMessage:
    """One message made of stored parts. `stored`: the StoredMessages it was made from, in
    sequence order (copies included); `whole`: the `modem.sms.Reassembled` they make."""

    stored: tuple[Any, ...]
    whole: Any

    @property
    def storage(self) -> str:
        return self.stored[0].storage

    @property
    def indexes(self) -> list[int]:
        return sorted(s.index for s in self.stored)

    @property
    def unread(self) -> bool:
        from modem.at.info import MessageStatus

        return any(s.status == MessageStatus.REC_UNREAD for s in self.stored)

    @property
    def first(self) -> Any:
        """The first part (lowest sequence number that arrived): its time stamp and DCS."""
        return self.whole.parts[0]

    @property
    def flash(self) -> bool:
        """Class 0: meant to be shown at once and not stored (stored anyway by this modem)."""
        return self.first.dcs.flash

    @property
    def total(self) -> int:
        concat = self.whole.concat
        return concat.total if concat is not None else 1


def join(stored: Iterable[Any]) -> list[Any]:
    """StoredMessages (as `Modem.list_messages` returns them) -> `InboxMessage`s for the
    SMS-DELIVERs, the others (reports, undecodable PDUs) unchanged; in storage order of each
    entry's first index."""
    from modem.sms import Deliver, Reassembler

    out: list[Any] = []
    runs: dict[tuple[Any, ...], list[list[Any]]] = defaultdict(list)
    for message in stored:
        tpdu = message.tpdu
        if not isinstance(tpdu, Deliver):
            out.append(message)
            continue
        concat = tpdu.concat
        if concat is None or concat.total <= 1:
            whole = Reassembler().add(tpdu, 0.0)
            out.append(InboxMessage((message,), whole))
            continue
        port = tpdu.ports.destination if tpdu.ports is not None else -1
        key = (str(tpdu.sender), concat.reference, concat.total, concat.bits, port)
        runs[key].append(message)
    for parts in runs.values():
        for run in _runs(parts):
            out.append(_message(run))
    out.sort(key=_first_index)
    return out


def _runs(parts: list[Any]) -> list[list[Any]]:
    """Parts of one key cut into messages (see the module docstring)."""
    ordered = sorted(parts, key=lambda m: (m.tpdu.timestamp, m.index))
    runs: list[list[Any]] = []
    current: list[Any] = []
    for message in ordered:
        if current and _starts_another(current, message):
            runs.append(current)
            current = []
        current.append(message)
    if current:
        runs.append(current)
    return runs


def _starts_another(run: list[Any], message: Any) -> bool:
    tpdu = message.tpdu
    if tpdu.timestamp - run[0].tpdu.timestamp > SAME_MESSAGE_WITHIN:
        return True
    for held in run:
        other = held.tpdu
        if other.concat.sequence == tpdu.concat.sequence:
            return not _same_part(other, tpdu)  # a copy stays; other content: another message
    return False


def _same_part(a: Any, b: Any) -> bool:
    return (a.text, a.data, a.timestamp) == (b.text, b.data, b.timestamp)


def _message(run: list[Any]) -> InboxMessage:
    from modem.sms import Reassembler

    reassembler = Reassembler()
    whole = None
    for message in run:
        whole = reassembler.add(message.tpdu, 0.0) or whole
    if whole is None:
        (whole,) = reassembler.flush()
    ranked = sorted(run, key=lambda m: (m.tpdu.concat.sequence, m.index))
    return InboxMessage(tuple(ranked), whole)


def _first_index(entry: Any) -> tuple[str, int]:
    if isinstance(entry, InboxMessage):
        return entry.storage, entry.indexes[0]
    return entry.storage, entry.index
