"""The consumer's three views of what a modem receives: `items()`, `messages()`, `events()`.

- items: every item as it comes (the store's way: commit, then `modem.ack(token)`).
- messages: concatenated parts joined (whole.py), every other item passed through; with
  `ack=True` each item (all parts of a message) is acknowledged when the consumer asks for
  the next one, i.e. after its handler returned: leaving the loop by an exception leaves the
  last one on the modem, to come again.
- events: items (or messages) with state changes mixed in as `ModemLost`, `ModemReady`,
  `SignalChanged`, `RegistrationChanged` (for `modem listen`), made from the `ModemState`
  snapshots when the consumer gets to them: never queued, never lost, never in the way.

All three end when the modem is closed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from modem.at.info import Signal
from modem.device.events import (
    ModemLost,
    ModemReady,
    RegistrationChanged,
    SignalChanged,
    StateEvent,
)
from modem.device.handover import CLOSED, POKED, Handover
from modem.device.items import SmsReceived
from modem.device.whole import Joiner
from modem.errors import ModemError

if TYPE_CHECKING:
    from modem.at.info import Registration
    from modem.device.state import ModemState, StateBoard

__all__ = ["item_stream", "stream"]

log = logging.getLogger("modem.device")


async def item_stream(queue: Handover) -> AsyncIterator[Any]:
    while True:
        item = await queue.get()
        if item is CLOSED:
            return
        yield item


async def _ack(items: list[Any]) -> None:
    for item in items:
        try:
            await item.ack()
        except ModemError as exc:  # stays on the modem: it comes again after a reopen
            log.warning("acknowledging %s failed: %s", type(item).__name__, exc)


async def stream(
    queue: Handover,
    *,
    whole: bool,
    ack: bool,
    timeout: float = 3600.0,
    board: StateBoard | None = None,
    registrations: Callable[[], dict[str, Registration]] | None = None,
    reopened: Callable[[], bool] = lambda: False,
) -> AsyncIterator[Any]:
    """`messages()` (whole=True) or the items, acknowledged when asked for the next one
    (`ack`), with state events when a `board` is given (`events()`): first the state as it
    is (`ModemReady`, `reopened()` saying whether it is back after a loss, or `ModemLost`),
    then its changes."""
    loop = asyncio.get_running_loop()
    joiner = Joiner(timeout=timeout) if whole else None
    tick = min(timeout, 60.0)
    stop = board.listen(lambda _state: queue.poke()) if board is not None else None
    last: ModemState | None = None
    try:
        if board is not None:
            last = board.state
            if last.ready:
                yield ModemReady(last, reopened=reopened())
            elif last.status == "lost":
                yield ModemLost(last)
        while True:
            if board is not None and last is not None:
                for event in state_events(last, board.state, registrations):
                    yield event
                last = board.state
            try:
                async with asyncio.timeout(tick if joiner is not None else None):
                    got = await queue.get(pokes=board is not None)
            except TimeoutError:
                got = None
            if got is CLOSED:
                return
            if got is POKED:
                continue
            out: list[Any] = []
            if joiner is not None:
                now = loop.time()
                if isinstance(got, SmsReceived):
                    messages, copies = joiner.add(got, now)
                    out.extend(messages)
                    # Copies of parts already taken: a routed one is acknowledged (or the
                    # network sends it again); a stored one is deleted only when the caller
                    # asked for acks (`modem listen --whole` leaves the SIM as it is).
                    await _ack([c for c in copies if ack or c.token.kind == "routed"])
                elif got is not None:
                    out.append(got)
                out.extend(joiner.expire(now))
            elif got is not None:
                out.append(got)
            for value in out:
                yield value
                if ack:
                    await _ack(list(getattr(value, "items", None) or (value,)))
    finally:
        if stop is not None:
            stop()


def state_events(
    before: ModemState,
    after: ModemState,
    registrations: Callable[[], dict[str, Registration]] | None,
) -> list[StateEvent]:
    """The compatibility events for the change from `before` to `after`."""
    out: list[StateEvent] = []
    if after.version == before.version:
        return out
    if after.status != before.status:
        if after.status == "lost":
            out.append(ModemLost(after))
        elif after.status == "ready":
            out.append(ModemReady(after, reopened=before.status == "lost"))
    signal = (after.signal_rssi, after.signal_dbm)
    if signal != (before.signal_rssi, before.signal_dbm) and after.signal_rssi is not None:
        out.append(SignalChanged(after, Signal(after.signal_rssi, None, after.signal_dbm)))
    if (after.registration, after.technology) != (before.registration, before.technology):
        known = registrations() if registrations is not None else {}
        for kind, registration in known.items():
            out.append(RegistrationChanged(after, kind, registration))
            break
    return out
