"""What the receiver handed over from the modem's storages, and what became of it: pure
bookkeeping by (storage, index), no I/O.

- held: handed over, not yet acknowledged (with the PDU's digest and the fault count then).
  A scan does not hand the same PDU at the same index over again, across a reopen too: the
  consumer has it. An index whose PDU changed (deleted by someone else, reused) is new.
- acked: deleted on an ack, with the count of acks then; a listing taken before that is
  stale for that index (a slow consumer can hold a scan up for minutes).
- unfinished: acks that got no answer half-way (AT+CMGR or AT+CMGD): the next scan deletes
  the message if the same PDU is still there, and forgets it if it is gone.
- epoch: counts faults (resyncs, reopens); an ack of an item held since before the last one
  checks what it deletes.

All three are bounded by the storages' sizes: their keys are storage indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from modem.device.items import pdu_digest
from modem.device.storage import Entry

__all__ = ["Held", "Ledger"]

Key = tuple[str, int]


@dataclass
class Held:
    digest: str
    epoch: int


class Ledger:
    def __init__(self) -> None:
        self.held: dict[Key, Held] = {}
        self.acked: dict[Key, tuple[str, int]] = {}
        self.unfinished: dict[Key, str] = {}
        self.acks = 0
        self.epoch = 0

    def clear(self) -> None:
        self.held.clear()
        self.acked.clear()
        self.unfinished.clear()

    def fault(self) -> None:
        self.epoch += 1

    def hand(self, key: Key, digest: str) -> None:
        self.held[key] = Held(digest, self.epoch)

    def is_held(self, key: Key, entry: Entry) -> bool:
        """Handed over and not acknowledged: the same PDU at that index (an entry too
        garbled to tell is taken for the held one; the next scan looks again)."""
        held = self.held.get(key)
        if held is None:
            return False
        if entry.pdu is None or entry.problem is not None:
            return True
        return held.digest == pdu_digest(entry.pdu.strip())

    def current(self, key: Key, digest: str) -> bool:
        """Held with this digest since the last fault: deleting it needs no check first."""
        held = self.held.get(key)
        return held is not None and held.digest == digest and held.epoch == self.epoch

    def listed_at(self) -> int:
        """The mark of a listing taken now (for `acked_since`)."""
        return self.acks + 1

    def acked_since(self, key: Key, entry: Entry, listed_at: int) -> bool:
        acked = self.acked.get(key)
        if acked is None or entry.pdu is None or acked[1] < listed_at:
            return False
        return acked[0] == pdu_digest(entry.pdu.strip())

    def deleted(self, key: Key, digest: str) -> None:
        """The message with `digest` at `key` was deleted (or is gone)."""
        held = self.held.get(key)
        if held is not None and held.digest == digest:
            del self.held[key]
        self.acks += 1
        self.acked[key] = (digest, self.acks)

    def forget(self, key: Key) -> None:
        """Deleted by request: what was held there no longer names what is there."""
        self.held.pop(key, None)
