"""Following the outbox: every event after a seq, as it is committed, for the event stream
(SSE) and the metrics.

Events are read in seq order (commit order: none appears later below one already read), and
waited for with `store.wait_events`, which wakes at once on this process's commits and within
the backend's poll interval on other nodes'. With a filter on types the scan position moves
past the events that do not match (up to the highest seq there was before the read), so a
stream of unwanted events never turns the wait into a busy loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from modem.store import Event, Store

__all__ = ["follow"]

BATCH = 200


async def follow(
    store: Store,
    after: int,
    types: Iterable[str] | None = None,
    *,
    heartbeat: float = 15.0,
) -> AsyncIterator[Event | None]:
    """Yield each event with seq > `after` (of `types`, if given), forever; None after
    `heartbeat` seconds without one (a stream sends a keep-alive then)."""
    wanted = None if types is None else tuple(types)
    scanned = after
    while True:
        top = await store.last_event_seq()
        events = await store.events_after(scanned, BATCH, types=wanted)
        for event in events:
            yield event
        if len(events) == BATCH:
            scanned = events[-1].seq
            continue
        scanned = max([scanned, top] + [e.seq for e in events])
        if not events and not await store.wait_events(scanned, heartbeat):
            yield None
