"""The bearer lifecycle (modem/bearer/base.py): `hold()` brings a bearer up once for nested
and concurrent holders and takes it down when the last one leaves, `linger` seconds later,
unless someone holds it again meanwhile."""

from __future__ import annotations

import asyncio

from modem.bearer.base import Bearer


class Counting(Bearer):
    """A bearer that only counts how often it came up and went down."""

    kind = "counting"

    def __init__(self, linger: float = 0.0) -> None:
        super().__init__()
        self.linger = linger
        self.starts = self.stops = 0
        self.down = asyncio.Event()

    async def _start(self) -> None:
        self.starts += 1

    async def _stop(self) -> None:
        self.stops += 1
        self.down.set()

    async def connect(self, host: str, port: int, *, timeout: float):  # type: ignore[no-untyped-def]
        raise NotImplementedError


async def test_holders_share_one_start_and_the_last_one_stops_it() -> None:
    bearer = Counting()
    async with bearer.hold():
        async with bearer.hold():
            assert bearer.up
        assert bearer.up and bearer.stops == 0
    assert not bearer.up and (bearer.starts, bearer.stops) == (1, 1)


async def test_linger_keeps_it_up_for_the_next_holder() -> None:
    bearer = Counting(linger=0.05)
    async with bearer.hold():
        pass
    assert bearer.up  # lingering
    async with bearer.hold():  # taken again in time: no second start
        pass
    await asyncio.wait_for(bearer.down.wait(), 2)
    assert not bearer.up and (bearer.starts, bearer.stops) == (1, 1)
