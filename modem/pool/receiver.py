"""One modem's receive path: every item committed to the store, and only then acknowledged.

    item = next from modem.items()
    store.record_incoming / record_report / record_undecodable   (with the item's ack token)
    modem.ack(token)          the modem deletes the stored message, or acknowledges a routed one
    store.acked(token)        the store forgets the token

A crash between the commit and the ack leaves the token in `store.pending_acks()`; it is
acknowledged after the restart (and whenever the modem comes back from being lost): the
message is already kept, and acknowledging twice does nothing. A crash before the commit
leaves the message on the modem (a stored one is read again; a routed one, never
acknowledged, is delivered again by the network): kept once either way, since the store
knows a part it has seen. Status reports are matched by the store (modem, reference,
recipient, across the 0-255 wrap-around); temporary statuses keep the part waiting.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from modem.device import (
    AckToken,
    SmsReceived,
    StatusReportReceived,
    UndecodableMessage,
    UssdReply,
)
from modem.errors import ModemError
from modem.pool.context import Context, durably
from modem.store.requests import IncomingPart

if TYPE_CHECKING:
    from modem.device import Item, Modem

__all__ = ["Receiver", "incoming_part"]

log = logging.getLogger("modem.pool")


def incoming_part(item: SmsReceived) -> IncomingPart:
    """What the store keeps of one received SMS-DELIVER part."""
    message = item.message
    concat = message.concat
    ports = message.ports
    dcs = message.dcs
    return IncomingPart(
        modem_id=item.modem_id,
        sender=item.sender,
        text=message.text,
        pdu=item.pdu,
        received_at=item.received_at,
        sim=item.sim,
        smsc_time=message.timestamp,
        encoding=None if dcs is None else dcs.alphabet.value,
        concat=None
        if concat is None
        else (concat.reference, concat.sequence, concat.total, concat.bits),
        port=None if ports is None else ports.destination,
        data=bytes(message.data),
        token=item.token.to_json(),
    )


class Receiver:
    """Takes one modem's items into the store (see the module docstring)."""

    def __init__(self, ctx: Context, modem: Modem) -> None:
        self.ctx = ctx
        self.modem = modem
        self.modem_id = modem.modem_id
        self.counters = {"received": 0, "reports": 0, "undecodable": 0, "acked": 0}
        self._task: asyncio.Task[None] | None = None
        self._current: asyncio.Task[None] | None = None
        self._sweeping = asyncio.Lock()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"receiver {self.modem_id}")

    async def stop(self) -> None:
        """Stop taking items; the one being kept is kept and acknowledged first."""
        if self._task is None:
            return
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        if self._current is not None:
            await asyncio.gather(self._current, return_exceptions=True)
        self._task = None

    async def _run(self) -> None:
        async for item in self.modem.items():
            # Shielded: a stop while an item is being kept lets it be kept and acknowledged.
            self._current = asyncio.create_task(self._take(item))
            try:
                await asyncio.shield(self._current)
            finally:
                if self._current.done():
                    self._current = None

    async def _take(self, item: Item) -> None:
        store = self.ctx.store
        if isinstance(item, UssdReply):
            log.info("%s: USSD from the network: %s", self.modem_id, item.text)
            return
        token = item.token.to_json()
        try:
            if isinstance(item, SmsReceived):
                part = incoming_part(item)
                result = await durably(
                    "keeping a received SMS", lambda: store.record_incoming(part)
                )
                self.counters["received"] += 1
                if result.message is not None:
                    log.info(
                        "%s: message from %s received (%d parts)",
                        self.modem_id,
                        item.sender,
                        len(result.message.parts),
                    )
            elif isinstance(item, StatusReportReceived):
                await durably("keeping a status report", lambda: self._report(item, token))
                self.counters["reports"] += 1
            elif isinstance(item, UndecodableMessage):
                await durably(
                    "keeping an undecodable PDU",
                    lambda: store.record_undecodable(
                        modem_id=item.modem_id,
                        pdu=item.pdu,
                        error=item.error,
                        received_at=item.received_at,
                        sim=item.sim,
                        token=token,
                    ),
                )
                self.counters["undecodable"] += 1
            else:
                log.warning("%s: unexpected item %s", self.modem_id, type(item).__name__)
                return
        except ModemError as exc:  # the store refused it for good (a bug, a bad value)
            log.error(
                "%s: cannot keep %s: %s (left on the modem)",
                self.modem_id,
                type(item).__name__,
                exc,
            )
            return
        await self.ack(item.token)

    async def _report(self, item: StatusReportReceived, token: dict[str, Any]) -> Any:
        match = await self.ctx.store.record_report(
            item.modem_id,
            item.reference,
            item.recipient,
            outcome=item.outcome,
            status=item.status,
            received_at=item.received_at,
            status_text=item.status_text,
            discharge_time=item.report.discharge_time,
            pdu=item.pdu,
            token=token,
        )
        if match is None:
            log.info(
                "%s: status report for reference %d to %s matches no sent part",
                self.modem_id,
                item.reference,
                item.recipient,
            )
        return match

    async def ack(self, token: AckToken) -> bool:
        """Acknowledge on the modem, then let the store forget the token. A modem that is
        away keeps it pending (swept when it is back)."""
        try:
            await self.modem.ack(token)
        except ModemError as exc:
            log.info("%s: acknowledging later (%s)", self.modem_id, exc)
            return False
        await durably("forgetting an ack token", lambda: self.ctx.store.acked(token.to_json()))
        self.counters["acked"] += 1
        return True

    async def sweep(self) -> int:
        """Acknowledge the tokens the store kept for this modem but the modem never had
        acknowledged (a crash, or the modem away at the time); how many were done."""
        if not self.modem.ready or self._sweeping.locked():
            return 0
        async with self._sweeping:
            tokens = await durably(
                "reading pending acks", lambda: self.ctx.store.pending_acks(self.modem_id)
            )
            current = getattr(self.modem.session, "id", None)
            done = 0
            for data in tokens:
                if data.get("session") == current:
                    continue  # this session's own: the receive loop acknowledges them
                try:
                    token = AckToken.from_json(data)
                except ValueError as exc:
                    log.warning("%s: dropping a bad ack token: %s", self.modem_id, exc)
                    await self.ctx.store.acked(data)
                    continue
                if token.modem_id != self.modem.modem_id:
                    continue
                if not await self.ack(token):
                    break  # away again: the next sweep goes on
                done += 1
            if done:
                log.info("%s: acknowledged %d items kept before", self.modem_id, done)
            return done
