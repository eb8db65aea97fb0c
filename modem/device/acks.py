"""Acknowledging stored messages: delete what a token names, and only that.

A token of the current session, held since the last fault, names what is at its index: it
is deleted at once (AT+CMGD). Any other (an older session, a fault since, a process restart)
is checked first: the PDU at its index is read (again, while it reads garbled) and deleted
only if its digest is the token's. An ack that gets no answer half-way is left to the next
scan (`finish`), which deletes the message if the same PDU is still there: a consumer that
took a message never gets it again, and the SIM does not keep it for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from modem.device.items import AckToken, pdu_digest
from modem.device.ledger import Ledger
from modem.device.storage import Entry, Storage
from modem.errors import CommandTimeout, ModemGone

__all__ = ["StoredAcks"]

log = logging.getLogger("modem.device")


class StoredAcks:
    def __init__(
        self, storage: Storage, ledger: Ledger, *, rereads: int, want_scan: Callable[[], None]
    ) -> None:
        self.storage = storage
        self.ledger = ledger
        self.rereads = rereads
        self.want_scan = want_scan

    async def ack(self, token: AckToken, *, current_session: bool) -> bool:
        """Delete what `token` names; True when deleted now, False when it is gone or
        another message is at its index. CommandTimeout/ModemGone when the modem did not
        answer (the next scan finishes it)."""
        assert token.storage is not None and token.index is not None
        key = (token.storage, token.index)
        try:
            if current_session and self.ledger.current(key, token.digest):
                deleted = await self.storage.delete(*key)
                self.ledger.deleted(key, token.digest)
                return deleted
            return await self._verified(token)
        except (CommandTimeout, ModemGone):
            # Deleted or not, nobody knows: the next scan finishes it (deletes it if the same
            # PDU is still there) rather than hand over again what the consumer took.
            self.ledger.unfinished[key] = token.digest
            self.want_scan()
            raise

    async def _verified(self, token: AckToken) -> bool:
        assert token.storage is not None and token.index is not None
        key = (token.storage, token.index)
        entry = await self.storage.read(*key)
        for _ in range(self.rereads):
            if entry is None or entry.problem is None:
                break
            entry = await self.storage.read(*key)
        if entry is not None and entry.problem is not None:
            self.ledger.unfinished[key] = token.digest  # garbled each time: the scan finishes
            self.want_scan()
            return False
        if entry is None or entry.pdu is None or pdu_digest(entry.pdu) != token.digest:
            log.info("%s: ack of %s %d: the message there is gone or another one: not deleted",
                     self.storage.channel.current_port, *key)  # fmt: skip
            return False
        deleted = await self.storage.delete(*key)
        self.ledger.deleted(key, token.digest)  # the same message handed over again: done too
        return deleted

    async def finish(self, storage: str, entries: list[Entry]) -> None:
        """Acks that failed half-way, against a listing of `storage`: gone means deleted;
        the same PDU still there means delete it now; garbled means look again next time."""
        listed = {e.index: e for e in entries if e.index is not None}
        for key, digest in list(self.ledger.unfinished.items()):
            if key[0] != storage:
                continue
            entry = listed.get(key[1])
            if entry is not None and entry.problem is not None:
                continue
            there = entry.pdu if entry is not None else None
            if there is not None and pdu_digest(there.strip()) == digest:
                await self.storage.delete(*key)
                log.info("%s: %s %d: acknowledged earlier, deleted now",
                         self.storage.channel.current_port, *key)  # fmt: skip
            del self.ledger.unfinished[key]
            self.ledger.deleted(key, digest)
