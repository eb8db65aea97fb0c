"""Whole messages for a consumer: `Modem.messages()`, concatenated parts joined (TS 23.040
§9.2.3.24.1) by `modem.sms.Reassembler`, a mixin of `Modem`.

The ack rule holds for whole messages too: a part is deleted from the modem only after the
message it belongs to was yielded and the consumer asked for the next item, so an incomplete
message survives a crash on the modem, and a part handed over again after a reopen keeps
its place until then.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from modem.device.events import SmsReceived, StatusReportReceived

__all__ = ["Reassembling"]

#: Put on the event queue by close(): the consumers' loops end.
CLOSED = object()


class Reassembling:
    """Mixin of `Modem`: `messages()`."""

    _events: asyncio.Queue[Any]

    async def messages(self, *, timeout: float = 3600.0) -> AsyncIterator[Any]:
        """Whole messages (`modem.sms.Reassembled`) and status reports, for one consumer
        instead of `events()`.

        A part is acknowledged (deleted from the modem) only once its message has been
        yielded and the consumer asked for the next, so an incomplete message survives a
        crash on the modem. Parts still missing `timeout` seconds after the first one came
        give an incomplete message (`complete=False`, `missing` listed); a copy of a part
        held or delivered is acknowledged and dropped (the same stored part handed over again
        after a reopen takes the held one's place). Status reports are yielded as
        they come (`StatusReportReceived`) and deleted, like the messages, only when the
        consumer asks for the next item: nothing leaves the modem unseen. Other events
        (signal, registration, ...) are left to `events()`."""
        from modem.sms import Reassembler

        loop = asyncio.get_running_loop()
        reassembler = Reassembler(timeout=timeout)
        held: dict[int, SmsReceived] = {}
        keys: dict[tuple[Any, ...], SmsReceived] = {}
        done_keys: deque[tuple[Any, ...]] = deque(maxlen=4096)
        tick = min(timeout, 60.0)
        while True:
            try:
                async with asyncio.timeout(tick):
                    event = await self._events.get()
            except TimeoutError:
                event = None
            if event is CLOSED:
                return
            if isinstance(event, StatusReportReceived):
                yield event
                await event.ack()
            ready = []
            now = loop.time()
            if isinstance(event, SmsReceived):
                key = _part_key(event)
                if key is not None and key in done_keys:
                    await event.ack()  # the same part again, after its message was taken
                    continue
                if key is not None and key in keys:
                    old = keys[key]
                    where = (event.storage, event.index)
                    if event.storage is None or (old.storage, old.index) != where:
                        await event.ack()  # another copy (a network resend): not needed
                        continue
                    # The same stored part handed over again while its message is still
                    # incomplete (the scan after a reopen): the new event's ack is the one
                    # that works now (the old one's belongs to the lost port).
                    held[id(old.message)] = event
                    keys[key] = event
                    continue
                held[id(event.message)] = event
                if key is not None:
                    keys[key] = event
                done = reassembler.add(event.message, now)
                if done is not None:
                    ready.append(done)
            ready.extend(reassembler.expire(now))
            for message in ready:
                yield message
                for part in message.parts:
                    taken = held.pop(id(part), None)
                    if taken is not None:
                        key = _part_key(taken)
                        if key is not None:
                            keys.pop(key, None)
                            done_keys.append(key)
                        await taken.ack()


def _part_key(event: SmsReceived) -> tuple[Any, ...] | None:
    """What makes a concatenated part unique: sender, reference, total, sequence."""
    concat = event.message.concat
    if concat is None or concat.total <= 1:
        return None
    return (str(event.message.sender), concat.reference, concat.total, concat.sequence)
