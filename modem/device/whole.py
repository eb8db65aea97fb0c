"""Whole messages from received parts: `Joiner`, pure bookkeeping over `modem.sms.Reassembler`
(TS 23.040 §9.2.3.24.1), for `Modem.messages()`.

Parts are compared by content and SMSC time stamp, never by (sender, reference, sequence)
alone: an 8-bit concatenation reference comes round again after 256 long messages from one
sender, and the new message must come out, not be taken for a copy of the old one (issue 14,
item 1). The rule for acknowledging holds for whole messages: an item is acknowledged only
with the message it belongs to, so an incomplete message survives a crash on the modem.
Copies of a part held (a network resend, the same stored part handed over again after a
reopen) join the held part and are acknowledged with it; a late copy of a part whose message
was already taken is handed back to be acknowledged at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from modem.device.items import AckToken, SmsReceived
from modem.sms import Reassembled, Reassembler
from modem.vocabulary import ItemType, iso

__all__ = ["Joiner", "WholeMessage"]

_Key = tuple[Any, ...]
#: Parts of taken messages remembered to recognise late copies (at most this many, and for
#: `timeout` seconds): a copy older than that comes out again as a message of its own.
MAX_TAKEN = 4096


@dataclass(frozen=True, slots=True)
class WholeMessage(Reassembled):
    """A whole incoming SMS ("sms.message"), or what arrived of one (`complete` False,
    `missing` sequence numbers): a `modem.sms.Reassembled` with the items it was made of,
    their `tokens` (acknowledge them all once it is kept), and where it came from."""

    items: tuple[SmsReceived, ...] = ()
    modem_id: str = ""
    sim: str | None = None
    received_at: datetime | None = None
    warnings: tuple[str, ...] = ()

    type = ItemType.SMS_MESSAGE

    @property
    def tokens(self) -> tuple[AckToken, ...]:
        return tuple(item.token for item in self.items)

    async def ack(self) -> bool:
        """Acknowledge every part (and copy) it was made of; True when all were done now."""
        results = [await item.ack() for item in self.items]
        return all(results)

    def to_json(self) -> dict[str, Any]:
        first = self.parts[0] if self.parts else None
        concat = self.concat
        return {
            "type": str(self.type),
            "modem_id": self.modem_id,
            "sim": self.sim,
            "received_at": iso(self.received_at),
            "sender": str(self.sender),
            "text": self.text,
            "data": self.data.hex() if self.data else None,
            "timestamp": iso(first.timestamp) if first else None,
            "complete": self.complete,
            "missing": list(self.missing),
            "parts": len(self.parts),
            "concat": None if concat is None else {"ref": concat.reference, "total": concat.total},
            "ports": None
            if self.ports is None
            else {"destination": self.ports.destination, "source": self.ports.source},
            "tokens": [t.to_json() for t in self.tokens],
            "warnings": list(self.warnings),
        }


def _key(item: SmsReceived) -> _Key | None:
    """Which part of which message: sender, reference, total, reference size, port, and
    sequence; None for a message that is not concatenated."""
    message = item.message
    concat = message.concat
    if concat is None or concat.total <= 1:
        return None
    ports = message.ports
    return (
        str(message.sender),
        concat.reference,
        concat.total,
        concat.bits,
        -1 if ports is None else ports.destination,
        concat.sequence,
    )


def _content(item: SmsReceived) -> tuple[Any, ...]:
    message = item.message
    return (message.text, message.data, message.timestamp)


class Joiner:
    """Feed `SmsReceived` items with the time they came (any clock); take whole messages.

    `add()` returns (messages, acknowledge): messages completed (a `WholeMessage`), and late
    copies of parts already taken, to acknowledge now. `expire()` returns the messages
    incomplete for `timeout` seconds (and any pushed out by a reused reference)."""

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self._reassembler = Reassembler(timeout=timeout)
        self._items: dict[int, list[SmsReceived]] = {}  # id(held Deliver) -> its items
        self._held: dict[_Key, SmsReceived] = {}  # pending parts by key
        self._taken: dict[tuple[_Key, tuple[Any, ...]], float] = {}  # parts of taken messages

    @property
    def pending(self) -> int:
        return self._reassembler.pending

    def add(self, item: SmsReceived, now: float) -> tuple[list[WholeMessage], list[SmsReceived]]:
        key = _key(item)
        if key is not None:
            held = self._held.get(key)
            if held is not None and _content(held) == _content(item):
                self._items[id(held.message)].append(item)  # a copy: acked with the held one
                return [], []
            if (key, _content(item)) in self._taken:
                return [], [item]  # a late copy of a part whose message was taken
        done = self._reassembler.add(item.message, now)
        self._items[id(item.message)] = [item]
        if key is not None:
            self._held[key] = item
        messages = [self._finish(done, now)] if done is not None else []
        messages += self._expired(now)  # a reference reused before the old message completed
        return messages, []

    def expire(self, now: float) -> list[WholeMessage]:
        for entry, at in list(self._taken.items()):
            if now - at > self.timeout:
                del self._taken[entry]
        return self._expired(now)

    def _expired(self, now: float) -> list[WholeMessage]:
        return [self._finish(m, now) for m in self._reassembler.expire(now)]

    def _finish(self, message: Reassembled, now: float) -> WholeMessage:
        items: list[SmsReceived] = []
        for part in message.parts:
            taken = self._items.pop(id(part), [])
            items.extend(taken)
            if not taken:
                continue
            key = _key(taken[0])
            if key is not None:
                if self._held.get(key) is taken[0]:
                    del self._held[key]
                self._taken[(key, _content(taken[0]))] = now
                if len(self._taken) > MAX_TAKEN:
                    del self._taken[next(iter(self._taken))]
        first = items[0] if items else None
        warnings = tuple(dict.fromkeys(w for item in items for w in item.warnings))
        return WholeMessage(
            message.sender, message.text, message.data, message.parts, message.complete,
            message.missing, message.concat, message.ports, message.first_received,
            items=tuple(items),
            modem_id=first.modem_id if first else "",
            sim=first.sim if first else None,
            received_at=first.received_at if first else None,
            warnings=warnings,
        )  # fmt: skip
