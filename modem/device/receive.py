"""Receiving: URCs to events, stored messages read and deleted only after the consumer took them.

Two ways a message arrives (TS 27.005 §3.4.1, chosen by the profile's CNMI):

- stored and announced (+CMTI / +CDSI <mem>,<index>), the default: the receiver task reads it
  (AT+CMGR), hands an `SmsReceived` to the consumer, and deletes it (AT+CMGD) only on `ack()`.
  A crash in between leaves it on the modem, and the scan at every (re)open reads it again.
  Messages already stored at start-up are found by that scan (AT+CMGL=4).
- routed (+CMT / +CDS with the PDU): with AT+CSMS=1 each one is acknowledged with AT+CNMA
  on `ack()`; one the consumer has not taken within `timeouts.ack` is refused (AT+CNMA=2) so
  the network delivers it again later, instead of the modem switching routing off. Quectel
  and Telit profiles route status reports this way because their +CDSI lies (sms.md §2.3).

The reader never waits: `_on_urc` only appends work to a backlog (small: indexes, or routed
PDUs the modem will not repeat until acknowledged); the receiver task does the AT work and
puts events on a bounded queue. A slow consumer blocks the receiver, not the reader: messages
wait on the modem (back-pressure), none is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from modem.at import Urc
from modem.at.info import (
    MessageStatus,
    parse_csq,
    parse_cusd,
    parse_message_header,
    parse_new_message,
    parse_registration,
)
from modem.at.params import quote
from modem.device.events import (
    Event,
    RegistrationChanged,
    SignalChanged,
    SmsReceived,
    StatusReportReceived,
    StoredMessage,
    UssdReply,
)
from modem.device.whole import CLOSED as _CLOSED
from modem.errors import CommandError, ModemError, ModemGone, PduError

__all__ = ["Receiving"]

log = logging.getLogger("modem.device")
_REGISTRATION = {"+CREG": "CREG", "+CGREG": "CGREG", "+CEREG": "CEREG"}


class _Routed:
    """A +CMT/+CDS waiting for AT+CNMA; settled once (ack, refuse, or port gone)."""

    __slots__ = ("settled", "timer")

    def __init__(self) -> None:
        self.settled = False
        self.timer: asyncio.TimerHandle | None = None


class Receiving:
    """Mixin of `Modem`: the URC side and the message store on the modem."""

    # provided by ModemCore / Modem
    _backlog: deque[tuple[str, Any]]
    _events: asyncio.Queue[Any]
    _work: asyncio.Event
    _lock: asyncio.Lock
    _csms: int
    _mem1: str | None
    storage: str
    _storages: tuple[str, ...]
    storages_offered: tuple[str, ...]
    _inflight: set[tuple[str, int]]
    _generation: int
    _ussd_waiter: asyncio.Future[UssdReply] | None
    _sms_ready: asyncio.Event
    _ready: bool
    _closing: bool
    current_port: str
    profile: Any
    timeouts: Any

    # --- URCs (called by the reader: must not wait) --------------------------------------------

    def _on_urc(self, urc: Urc) -> None:
        name = urc.name
        if name in ("+CMTI", "+CDSI"):
            storage, index = parse_new_message(urc.value)
            self._push("read", (storage or self.storage, index))
        elif name in ("+CMT", "+CDS"):
            if urc.body is None:
                log.warning("%s: %s without a PDU (text mode?): %r", self.current_port, name, urc)
                return
            routed = _Routed()
            if self._csms == 1:
                loop = asyncio.get_running_loop()
                routed.timer = loop.call_later(
                    self.timeouts.ack, lambda: self._settle(routed, accept=False)
                )
            self._push("routed", (urc.body, routed))
        elif name == "+CUSD":
            self._on_cusd(urc)
        elif name in self.profile.rssi_urcs:
            self._push("event", SignalChanged(parse_csq(urc.value), self.current_port))
        elif name in _REGISTRATION:
            registration = parse_registration(urc.value, solicited=False)
            self._push("event", RegistrationChanged(_REGISTRATION[name], registration))
        elif name in self.profile.ready_urcs or urc.line in self.profile.ready_urcs:
            self._sms_ready.set()
        elif urc.line in self.profile.boot_urcs or name in self.profile.boot_urcs:
            if self._ready:  # it rebooted under us: our settings are gone
                self._push("reinit", urc.line)
        elif name not in self.profile.ignore_urcs:
            log.debug("%s: URC %s", self.current_port, urc.line)

    def _on_cusd(self, urc: Urc) -> None:
        from modem.at.ussd import decode_ussd

        ussd = parse_cusd(urc.value)
        text = ussd.text
        if text is not None:
            text = decode_ussd(text, ussd.dcs, packed=self.profile.ussd_packed)
        reply = UssdReply(int(ussd.status), text, ussd.dcs, ussd.text, self.current_port)
        waiter = self._ussd_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(reply)
        else:
            self._push("event", reply)

    def _on_lost(self) -> None:
        """Reads need the port: the scan after reopening finds those messages again."""
        self._backlog = deque(item for item in self._backlog if item[0] != "read")
        for kind, value in self._backlog:
            if kind == "routed":
                value[1].settled = True  # the new port cannot acknowledge it
        self._inflight.clear()
        self._generation += 1

    def _after_ready(self) -> None:
        self._push("scan", None)

    # --- the receiver task -----------------------------------------------------------------------

    async def _receiver(self) -> None:
        while True:
            while not self._backlog:
                self._work.clear()
                await self._work.wait()
            kind, value = self._backlog.popleft()
            try:
                if kind == "read":
                    await self._read_stored(*value)
                elif kind == "routed":
                    await self._deliver_routed(*value)
                elif kind == "scan":
                    await self._scan()
                elif kind == "reinit":
                    await self.reinitialise(f"the modem restarted ({value})")
                else:
                    await self._emit(value)
            except ModemGone:
                pass  # ModemLost is out; after reopening, the scan picks up what is stored
            except ModemError as exc:
                log.warning("%s: %s failed: %s", self.current_port, kind, exc)

    async def _read_stored(self, storage: str, index: int) -> None:
        if (storage, index) in self._inflight:
            return
        async with self._lock:
            response = await self._in_storage(storage, f"AT+CMGR={index}", check=False)
        if not response.ok or len(response.lines) < 2:
            log.debug("%s: %s %d is empty (%s)", self.current_port, storage, index, response.text)
            return
        header = parse_message_header(response.lines[0])
        await self._hand_over(storage, index, header.status, response.lines[1])

    async def _scan(self) -> None:
        """Everything already stored (at start-up, after a reopen): read, hand over."""
        for storage in self._storages:
            try:
                listed = await self.list_messages(storage)
            except CommandError as exc:  # e.g. no AT+CMGL on SR: the other storages still count
                log.info("%s: cannot list %s: %s", self.current_port, storage, exc)
                continue
            for message in listed:
                if message.status in (None, MessageStatus.REC_UNREAD, MessageStatus.REC_READ):
                    await self._hand_over(storage, message.index, message.status, message.pdu)

    async def _hand_over(self, storage: str, index: int, status: Any, pdu: str) -> None:
        if (storage, index) in self._inflight:
            return
        event = self._message_event(pdu, storage, index)
        if event is None:
            return
        self._inflight.add((storage, index))
        await self._emit(event)

    def _message_event(
        self, pdu: str, storage: str | None, index: int | None, acker: Any = None
    ) -> SmsReceived | StatusReportReceived | None:
        from modem.sms import Deliver, StatusReport, decode_pdu

        try:
            tpdu = decode_pdu(pdu, smsc=True)
        except PduError as exc:  # left on the modem: `modem inbox` shows it, nothing is lost
            log.warning("%s: undecodable PDU in %s %s: %s", self.current_port, storage, index, exc)
            return None
        now = datetime.now(UTC)
        if acker is None and storage is not None and index is not None:
            generation = self._generation

            async def acker() -> None:
                await self._delete_acked(storage, index, generation)

        extra = {"_acker": acker} if acker is not None else {}
        if isinstance(tpdu, Deliver):
            return SmsReceived(tpdu, pdu, now, storage, index, self.current_port, **extra)
        if isinstance(tpdu, StatusReport):
            return StatusReportReceived(tpdu, pdu, now, storage, index, self.current_port, **extra)
        log.info("%s: ignoring a stored SMS-SUBMIT in %s %s", self.current_port, storage, index)
        return None

    async def _delete_acked(self, storage: str, index: int, generation: int) -> None:
        """Delete an acknowledged message, unless the port was lost since it was read: the
        modem behind it may be another one now (same index, other message), and the scan
        after reopening hands the message over again anyway (at least once, never lost)."""
        if generation != self._generation:
            log.info("%s: ack of %s %d from before a reopen: not deleted", self.current_port,
                     storage, index)  # fmt: skip
            return
        try:
            await self.delete_message(index, storage)
        finally:
            self._inflight.discard((storage, index))

    async def _deliver_routed(self, pdu: str, routed: _Routed) -> None:
        async def acker() -> None:
            await self._settle_now(routed, accept=True)

        event = self._message_event(pdu, None, None, acker)
        if event is None:  # undecodable: acknowledge anyway, a resend would not decode either
            await self._settle_now(routed, accept=True)
            return
        if routed.settled:  # refused while waiting in the backlog: the network resends it
            return
        await self._emit(event)

    def _settle(self, routed: _Routed, *, accept: bool) -> None:
        """The ack timer fired. After close() nothing is sent: the modem's own deadline
        passes, it stores the message (27.005 §3.4.4) and the next open's scan reads it."""
        if not routed.settled and not self._closing:
            self._spawn(self._settle_now(routed, accept=accept), "CNMA")

    async def _settle_now(self, routed: _Routed, *, accept: bool) -> None:
        if routed.settled:
            return
        routed.settled = True
        if routed.timer is not None:
            routed.timer.cancel()
        if self._csms != 1:
            return
        if not accept:
            log.warning("%s: routed message not taken in time: refused", self.current_port)
        try:
            await self.command("AT+CNMA" if accept else "AT+CNMA=2", check=False)
        except ModemGone:  # the modem's deadline passes: it keeps the message (see _settle)
            log.info("%s: port gone before AT+CNMA", self.current_port)

    # --- consuming -------------------------------------------------------------------------------

    async def events(self, *, auto_ack: bool = True) -> AsyncIterator[Event]:
        """Events as they come, for one consumer. With `auto_ack`, a message event is
        acknowledged (deleted from the modem / AT+CNMA) when the consumer asks for the next
        one, i.e. after its handler returned; leaving the loop by an exception leaves the
        last one unacknowledged, so it comes again next time. Ends when the modem closes."""
        while True:
            event = await self._events.get()
            if event is _CLOSED:
                return
            yield event
            if auto_ack and isinstance(event, SmsReceived | StatusReportReceived):
                try:
                    await event.ack()
                except ModemError as exc:
                    log.warning("%s: acknowledging failed: %s", self.current_port, exc)

    # --- the storage, for `modem inbox` ----------------------------------------------------------

    async def _in_storage(self, storage: str, line: str, **kw: Any) -> Any:
        """Run `line` with `storage` as mem1 (read/list/delete), lock held by the caller."""
        if storage != self._mem1:
            offered = self.storages_offered
            if offered and storage not in offered:
                raise ModemError(
                    f"storage {storage!r}: this modem has {', '.join(offered)} (AT+CPMS=?)"
                )
            await self._command(f"AT+CPMS={quote(storage)}")
            self._mem1 = storage
        return await self._command(line, **kw)

    async def list_messages(self, storage: str | None = None) -> list[StoredMessage]:
        """Everything in `storage` (default: the receive storage), PDUs decoded where they can
        be. AT+CMGL=4 with the long `timeouts.list` deadline (a full SIM is slow)."""
        storage = storage or self.storage
        async with self._lock:
            response = await self._in_storage(storage, "AT+CMGL=4", timeout=self.timeouts.list)
        out = []
        lines = response.lines
        i = 0
        while i < len(lines):
            if not lines[i].upper().startswith("+CMGL"):
                i += 1
                continue
            header = parse_message_header(lines[i])
            pdu = lines[i + 1] if i + 1 < len(lines) else ""
            i += 2
            out.append(_stored(storage, header.index or 0, header.status, pdu))
        return out

    async def read_message(self, index: int, storage: str | None = None) -> StoredMessage | None:
        storage = storage or self.storage
        async with self._lock:
            response = await self._in_storage(storage, f"AT+CMGR={index}", check=False)
        if not response.ok or len(response.lines) < 2:
            error = response.error()
            if error is None or error.code == 321:  # +CMS ERROR 321: invalid memory index
                return None
            raise error
        header = parse_message_header(response.lines[0])
        return _stored(storage, index, header.status, response.lines[1])

    async def delete_message(self, index: int, storage: str | None = None) -> None:
        """Delete one message; ModemError "no message at ..." for an index the storage does
        not have (+CMS ERROR 321). Deleting an empty slot that exists is no error."""
        storage = storage or self.storage
        async with self._lock:
            response = await self._in_storage(storage, f"AT+CMGD={index}", check=False)
        error = response.error()
        if error is not None:
            if error.code == 321:
                raise ModemError(f"no message at index {index} in {storage}") from error
            raise error

    if TYPE_CHECKING:  # provided by ModemCore

        def _push(self, kind: str, value: Any) -> None: ...
        def _spawn(self, coro: Any, name: str) -> Any: ...
        async def _emit(self, event: Any) -> None: ...
        async def _command(self, line: str, **kw: Any) -> Any: ...
        async def command(self, line: str, **kw: Any) -> Any: ...
        async def reinitialise(self, reason: str) -> None: ...


def _part_key(event: SmsReceived) -> tuple[Any, ...] | None:
    """What makes a concatenated part unique: sender, reference, total, sequence."""
    concat = event.message.concat
    if concat is None or concat.total <= 1:
        return None
    return (str(event.message.sender), concat.reference, concat.total, concat.sequence)


def _stored(storage: str, index: int, status: Any, pdu: str) -> StoredMessage:
    from modem.sms import decode_pdu

    try:
        return StoredMessage(storage, index, status, pdu, decode_pdu(pdu, smsc=True))
    except PduError as exc:
        return StoredMessage(storage, index, status, pdu, None, str(exc))
