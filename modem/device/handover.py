"""The bounded queue between the receiver task and the one consumer, and the consumer's claim.

`Handover.put` waits while the queue is full: that is the back-pressure (the receiver stops
reading, stored messages wait on the SIM, routed ones are refused by their ack timer), so
nothing is ever dropped for want of room. `get` can be cancelled at any await without losing
an item (an item leaves the queue only in the same step as `get` returns it), can be woken
without an item (`poke`: a state change for `Modem.events()`) and returns `CLOSED` once the
modem is closed. At close the items still queued are forgotten: none was acknowledged, so a
stored one stays on the SIM and a routed one is redelivered by the network.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any, Final

__all__ = ["CLOSED", "POKED", "Handover"]


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


CLOSED: Final = _Marker("CLOSED")
POKED: Final = _Marker("POKED")


class Handover:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("queue_size must be at least 1")
        self.size = size
        self._items: deque[Any] = deque()
        self._has_items = asyncio.Event()
        self._has_room = asyncio.Event()
        self._has_room.set()
        self._closed = False
        self._poked = False
        self._getting = False

    def __len__(self) -> int:
        return len(self._items)

    @property
    def closed(self) -> bool:
        return self._closed

    async def put(self, item: Any) -> bool:
        """Queue `item`, waiting for room; False (nothing queued) once closed."""
        while len(self._items) >= self.size and not self._closed:
            self._has_room.clear()
            await self._has_room.wait()
        if self._closed:
            return False
        self._items.append(item)
        self._has_items.set()
        return True

    async def get(self, *, pokes: bool = False) -> Any:
        """The next item; CLOSED when closed; POKED when `pokes` and `poke()` came first.
        RuntimeError while another `get` waits: there is one consumer (two would each get
        some of the messages, and neither all)."""
        if self._getting:
            raise RuntimeError(
                "another consumer is taking this modem's items: one consumer only "
                "(items(), messages() and events() each consume them)"
            )
        self._getting = True
        try:
            while not self._items:
                if self._closed:
                    return CLOSED
                if pokes and self._poked:
                    self._poked = False
                    return POKED
                self._has_items.clear()
                await self._has_items.wait()
        finally:
            self._getting = False
        item = self._items.popleft()
        self._has_room.set()
        return item

    def poke(self) -> None:
        """Wake a `get(pokes=True)` even without an item."""
        self._poked = True
        self._has_items.set()

    def close(self) -> None:
        self._closed = True
        self._items.clear()
        self._has_items.set()
        self._has_room.set()

    def reopen(self) -> None:
        """A closed modem opened again."""
        self._closed = False
        self._poked = False
