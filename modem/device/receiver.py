"""The receiver: announced, routed and stored messages to items, and their acknowledgement.

Two ways a message arrives (TS 27.005 §3.4.1, chosen by the profile's CNMI):

- stored and announced (+CMTI / +CDSI <mem>,<index>), the default: the receiver task reads it
  (AT+CMGR) and hands an item to the consumer; it is deleted (AT+CMGD) only on `ack()`. A
  crash in between leaves it on the modem, and the scan at every (re)open reads it again, as
  does the periodic poll (a modem that announces nothing, a +CMTI lost to line noise).
- routed (+CMT / +CDS with the PDU): with AT+CSMS=1 each one is acknowledged with AT+CNMA on
  `ack()`; one the consumer has not acknowledged within `timeouts.ack` is refused (AT+CNMA=2),
  so the network delivers it again later instead of the modem switching routing off.

The reader never waits: `announced()` and `routed()` only record work in bounded backlogs, and
the receiver task does the AT work. Bounds, and what happens past them (nothing is lost):

- announcements: at most MAX_ANNOUNCED distinct (storage, index) waiting; past that they are
  not recorded, and a storage scan is due instead: the messages are on the modem, the scan
  finds them (a +CMTI flood costs no memory);
- routed messages: at most MAX_ROUTED waiting; past that each new one is refused at once
  (AT+CNMA=2: the network keeps it and offers it again). A modem without AT+CSMS=1 cannot
  refuse: init then receives in store mode; only +CDS reports some profiles route with
  service 0 can be dropped past the bound, and that is logged as an error;
- items: the `Handover` queue (`queue_size`); a full queue holds the receiver task (stored
  messages wait on the SIM, routed ones are refused by their ack timer).

Whatever the task meets (a garbled header, a PDU the codec refuses, a command error, a bug of
ours) is logged and it goes on: a task that died would leave the consumer waiting for ever.
A PDU whose length disagrees with its header is read again once (line noise); what still
does not decode is handed over as an `UndecodableMessage`, acknowledged like any other.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from modem.at import Urc
from modem.at.info import MessageStatus
from modem.device.acks import StoredAcks
from modem.device.handover import Handover
from modem.device.items import AckToken, UndecodableMessage, build_item, pdu_digest
from modem.device.ledger import Ledger
from modem.device.storage import Entry, Storage, tpdu_octets
from modem.errors import CommandError, ModemError, ModemGone

if TYPE_CHECKING:
    from modem.device.channel import Channel
    from modem.device.session import Session

__all__ = ["MAX_ANNOUNCED", "MAX_ROUTED", "Receiver"]

log = logging.getLogger("modem.device")

MAX_ANNOUNCED = 256
MAX_ROUTED = 64
#: Seconds before a scan that failed (no answer to AT+CMGL) is tried again.
SCAN_RETRY = 1.0
#: Times a stored message that reads oddly (garbled header, length not its header's, no hex)
#: is read again before it is handed over as it is: noise rarely hits the same line thrice.
REREADS = 2
_RECEIVED = (None, int(MessageStatus.REC_UNREAD), int(MessageStatus.REC_READ))


class _Routed:
    """A +CMT/+CDS waiting for AT+CNMA; settled once (acknowledged, refused, or port gone)."""

    __slots__ = ("number", "pdu", "settled", "timer", "warning")

    def __init__(self, number: int, pdu: str, warning: str | None) -> None:
        self.number = number
        self.pdu = pdu
        self.warning = warning
        self.settled = False
        self.timer: asyncio.TimerHandle | None = None


class Receiver:
    """See the module docstring. `identity()` gives (modem_id, sim) for new items; `acker`
    is what an item's `ack()` calls (the Modem)."""

    def __init__(
        self,
        channel: Channel,
        storage: Storage,
        *,
        queue: Handover,
        identity: Callable[[], tuple[str, str | None]],
        acker: Any,
        ack_timeout: float,
        poll_interval: float | None,
    ) -> None:
        self.channel = channel
        self.storage = storage
        self.queue = queue
        self._identity = identity
        self._acker = acker
        self.ack_timeout = ack_timeout
        self.poll_interval = poll_interval
        self.session: Session | None = None
        self._announced: dict[tuple[str, int], None] = {}
        self._routed: deque[_Routed] = deque()
        self._waiting: dict[int, _Routed] = {}  # routed ones handed over, by number
        self.ledger = Ledger()
        self._acks = StoredAcks(storage, self.ledger, rereads=REREADS, want_scan=self.want_scan)
        self._routed_count = 0
        self._scan_due = False
        self._scan_after = 0.0  # a failed scan is tried again from then on
        self._polling = False  # the periodic scan runs (set by start(poll=True))
        self._work = asyncio.Event()
        self.stats = {"announced_dropped": 0, "routed_refused_full": 0, "undecodable": 0}

    # --- from the reader (never waits) -------------------------------------------------------

    def announced(self, storage: str, index: int) -> None:
        """+CMTI/+CDSI: a message is stored at `index` of `storage` (read even when a message
        at that index is held: it may have been deleted by someone else, and the index
        reused; the digest tells)."""
        key = (storage, index)
        if key in self._announced:
            return
        if len(self._announced) >= MAX_ANNOUNCED:
            self.stats["announced_dropped"] += 1
            self.want_scan()  # it is on the modem: the scan finds it
            return
        self._announced[key] = None
        self._work.set()

    def routed(self, urc: Urc) -> None:
        """+CMT/+CDS with its PDU in `urc.body`."""
        session = self.session
        if urc.body is None or session is None:
            log.warning("%s: %s without a PDU (text mode?): %r", self.channel.current_port,
                        urc.name, urc)  # fmt: skip
            return
        self._routed_count += 1
        routed = _Routed(self._routed_count, urc.body, _routed_length_warning(urc))
        if session.csms == 1:
            loop = asyncio.get_running_loop()
            routed.timer = loop.call_later(self.ack_timeout, self._expire, routed)
        if len(self._routed) >= MAX_ROUTED:
            self.stats["routed_refused_full"] += 1
            if session.csms == 1:
                log.warning("%s: too many routed messages waiting: refused (comes again)",
                            self.channel.current_port)  # fmt: skip
                self._refuse_soon(routed)
            else:
                log.error(
                    "%s: too many routed messages waiting, and this modem cannot refuse them: "
                    "one dropped (%s)", self.channel.current_port, urc.body,
                )  # fmt: skip
            return
        self._routed.append(routed)
        self._work.set()

    def want_scan(self) -> None:
        self._scan_due = True
        self._work.set()

    # --- the session's life ------------------------------------------------------------------

    def start(self, session: Session, *, scan: bool, poll: bool) -> None:
        """A (re)initialised modem: announcements from before are dropped (the scan finds
        those messages). Stored messages handed over and not yet acknowledged stay held
        across a reopen: the scan does not hand them over again while the same PDU is at
        the same index (the consumer has them; their tokens, now of an older session, verify
        what they delete)."""
        if self.session is None or self.session.id != session.id:
            self._forget_session()
        self.session = session
        self._polling = poll
        if scan:
            self.want_scan()

    def fault(self) -> None:
        """The port was resynchronised: an ack in this session must check what it deletes.
        (A +CMTI that came meanwhile was still read as a URC; one garbled by line noise
        makes the Modem ask for a scan, and the periodic poll is the last net.)"""
        self.ledger.fault()

    def lost(self) -> None:
        """The port is gone: reads need it, routed messages cannot be acknowledged any more
        (the modem keeps or the network redelivers them)."""
        self._forget_session()
        self.session = None

    def close(self) -> None:
        """The modem is closed: an open() later starts afresh and hands everything over."""
        self.lost()
        self.ledger.clear()

    def _forget_session(self) -> None:
        self._announced.clear()
        for routed in (*self._routed, *self._waiting.values()):
            self._settled(routed)
        self._routed.clear()
        self._waiting.clear()
        self.ledger.fault()  # acks of what is held verify what they delete from now on

    # --- the task ------------------------------------------------------------------------------

    async def run(self) -> None:
        """Until cancelled: take the next piece of work; survive whatever it meets."""
        while True:
            try:
                await self._next()
            except asyncio.CancelledError:
                raise
            except ModemGone:
                await asyncio.sleep(0)  # ModemLost is out; after the reopen the scan runs
            except Exception as exc:  # a reader task never dies of what it reads
                log.warning("%s: receiving failed: %s", self.channel.current_port, exc,
                            exc_info=not isinstance(exc, ModemError))  # fmt: skip
                await asyncio.sleep(0.05)  # not a tight loop if it keeps failing

    async def _next(self) -> None:
        loop = asyncio.get_running_loop()
        scan_due = self._scan_due and loop.time() >= self._scan_after
        if self._routed:
            await self._deliver_routed(self._routed.popleft())
        elif self._announced and self.session is not None:
            key = next(iter(self._announced))
            del self._announced[key]
            try:
                await self._read(*key)
            except Exception:
                self.want_scan()  # it is still on the modem: the scan reads it
                raise
        elif scan_due and self.session is not None and self.channel.connected:
            self._scan_due = False
            try:
                await self.scan()
            except Exception:
                self._scan_due = True  # again, a little later
                self._scan_after = loop.time() + SCAN_RETRY
                raise
        else:
            self._work.clear()
            timeout = self.poll_interval if self._polling else None
            if self._scan_due and self.session is not None and self.channel.connected:
                timeout = max(0.0, self._scan_after - loop.time())  # a scan to try again
            try:
                async with asyncio.timeout(timeout):
                    await self._work.wait()
            except TimeoutError:
                self._scan_due = True  # the periodic poll

    # --- stored messages -----------------------------------------------------------------------

    async def scan(self) -> None:
        """Everything stored in the session's storages: read, hand over (skipping what is
        held already)."""
        session = self.session
        if session is None:
            return
        for storage in session.storages:
            listed_at = self.ledger.listed_at()
            try:
                entries = await self.storage.list(storage)
            except CommandError as exc:  # e.g. no AT+CMGL on SR: the others still count
                log.info("%s: cannot list %s: %s", self.channel.current_port, storage, exc)
                continue
            await self._acks.finish(storage, entries)
            for entry in entries:
                if entry.status not in _RECEIVED or entry.index is None:
                    continue
                # The listing grows stale while a slow consumer holds this loop up: skip
                # what was handed over, or acknowledged since it was listed.
                key = (storage, entry.index)
                if self.ledger.is_held(key, entry) or self.ledger.acked_since(
                    key, entry, listed_at
                ):
                    continue
                await self._take(storage, entry, reread=True)

    async def _read(self, storage: str, index: int) -> None:
        entry = await self.storage.read(storage, index)
        if entry is None:
            log.debug("%s: %s %d is empty", self.channel.current_port, storage, index)
            return
        await self._take(storage, entry, reread=True)

    async def _take(self, storage: str, entry: Entry, *, reread: bool) -> None:
        """Hand a stored entry over; an entry with a problem (line noise, most likely) is
        read again, up to REREADS times, before it is reported as it is."""
        assert entry.index is not None
        for _ in range(REREADS if reread else 0):
            if entry.problem is None:
                break
            log.info("%s: %s %d: %s; reading it again", self.channel.current_port, storage,
                     entry.index, entry.problem)  # fmt: skip
            again = await self.storage.read(storage, entry.index)
            if again is None:
                return  # gone meanwhile (another program deleted it)
            if again.problem is None or entry.pdu is None or again.pdu == entry.pdu:
                entry = again
            # else: two different readings, both odd: the first is kept (and reported)
        if self.ledger.is_held((storage, entry.index), entry):
            return
        if entry.pdu is None or not entry.pdu.strip():
            return await self._stored_item(storage, entry, None, entry.problem or "no PDU")
        await self._stored_item(storage, entry, entry.pdu.strip(), entry.problem)

    async def _stored_item(
        self, storage: str, entry: Entry, pdu: str | None, problem: str | None
    ) -> None:
        session = self.session
        if session is None:
            return
        assert entry.index is not None
        text = pdu or ""
        token = AckToken(
            self._identity()[0], "stored", storage, entry.index, pdu_digest(text), session.id
        )
        item = self._item(text, token, storage, entry.index, problem, decode=pdu is not None)
        log.debug("%s: %s %d handed over (%s)", self.channel.current_port, storage, entry.index,
                  token.digest)  # fmt: skip
        self.ledger.hand((storage, entry.index), token.digest)
        if not await self.queue.put(item):
            self.ledger.forget((storage, entry.index))

    # --- routed messages -----------------------------------------------------------------------

    async def _deliver_routed(self, routed: _Routed) -> None:
        session = self.session
        if routed.settled or session is None:
            return  # refused while it waited here: the network delivers it again
        token = AckToken(
            self._identity()[0], "routed", None, routed.number, pdu_digest(routed.pdu), session.id
        )
        item = self._item(routed.pdu, token, None, None, routed.warning, decode=True)
        self._waiting[routed.number] = routed
        if not await self.queue.put(item):
            self._waiting.pop(routed.number, None)

    def _expire(self, routed: _Routed) -> None:
        """The ack timer fired: refuse it (AT+CNMA=2), unless the modem is closing (then the
        modem's own deadline passes, it stores the message, and the next open scans it)."""
        if not routed.settled and self.session is not None:
            self._refuse_soon(routed)

    def _refuse_soon(self, routed: _Routed) -> None:
        self.channel.spawn(self._settle(routed, accept=False), "AT+CNMA=2")

    def _settled(self, routed: _Routed) -> None:
        routed.settled = True
        if routed.timer is not None:
            routed.timer.cancel()

    async def _settle(self, routed: _Routed, *, accept: bool) -> bool:
        """AT+CNMA (accept) or AT+CNMA=2 (refuse) once; True when it was sent and taken."""
        if routed.settled:
            return False
        self._settled(routed)
        self._waiting.pop(routed.number, None)
        session = self.session
        if session is None or session.csms != 1:
            return False
        if not accept:
            log.warning("%s: routed message not taken in time: refused (it comes again)",
                        self.channel.current_port)  # fmt: skip
        try:
            response = await self.channel.exchange(
                "AT+CNMA" if accept else "AT+CNMA=2", check=False
            )
        except ModemGone:  # the modem's deadline passes: it keeps the message
            log.info("%s: port gone before AT+CNMA", self.channel.current_port)
            return False
        return response.ok

    # --- acknowledging ------------------------------------------------------------------------

    async def ack(self, token: AckToken) -> bool:
        """See `Modem.ack`."""
        session = self.session
        if token.kind == "routed":
            if session is None or token.session != session.id or token.index is None:
                return False
            routed = self._waiting.get(token.index)
            if routed is None or pdu_digest(routed.pdu) != token.digest:
                return False
            return await self._settle(routed, accept=True)
        current = session is not None and token.session == session.id
        return await self._acks.ack(token, current_session=current)

    def forget(self, storage: str, index: int) -> None:
        """A message was deleted by request (`Modem.delete_message`): an item held for that
        index no longer names what is there; its ack must check first."""
        self.ledger.forget((storage, index))

    # --- items -------------------------------------------------------------------------------

    def _item(
        self,
        pdu: str,
        token: AckToken,
        storage: str | None,
        index: int | None,
        problem: str | None,
        *,
        decode: bool,
    ) -> Any:
        modem_id, sim = self._identity()
        item = build_item(
            pdu, storage, index, problem, decode=decode, modem_id=modem_id, sim=sim,
            received_at=datetime.now(UTC), token=token, port=self.channel.current_port,
            _acker=self._acker,
        )  # fmt: skip
        if isinstance(item, UndecodableMessage):
            self.stats["undecodable"] += 1
            log.warning("%s: undecodable message in %s %s: %s", self.channel.current_port,
                        storage or "routed", index, item.error)  # fmt: skip
        return item


def _routed_length_warning(urc: Urc) -> str | None:
    """+CMT: [<alpha>],<length> / +CDS: <length>: a length the PDU does not have is noted (a
    routed message cannot be read again)."""
    value = urc.value.rsplit(",", 1)[-1].strip()
    if not value.isdigit() or urc.body is None:
        return None
    octets = tpdu_octets(urc.body)
    if octets is None:
        return "the PDU line is not hex"
    if octets != int(value):
        return f"the header says {value} octets, the PDU has {octets}"
    return None
