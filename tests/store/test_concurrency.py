"""Many writers and readers at once from one event loop (and a second store on the same
database, as another process would be): every message sent once, events in order, reads
always whole."""

from __future__ import annotations

import asyncio

from modem.store import MessageQuery, Store
from modem.vocabulary import EventType, MessageState

from .conftest import Backend, now, outgoing, send_parts, slot

PRODUCERS, EACH, WORKERS = 8, 15, 4


async def produce(store: Store, k: int) -> list[str]:
    ids = []
    for i in range(EACH):
        message, _ = await store.create_message(outgoing(f"+4915{k:03d}{i:05d}", parts=2))
        ids.append(message.id)
    return ids


async def work(store: Store, modem: str, total: int, done: list[str]) -> None:
    while len(done) < total:
        seen = await store.last_event_seq()
        claim = await store.claim(slot(modem, f"node-{modem}"), now())
        if claim is None:  # wait for new work (a message.queued event), not a fixed time
            await store.wait_events(seen, timeout=0.5)
            continue
        await send_parts(store, claim)
        await store.finish(claim)
        done.append(claim.message_id)


async def read(store: Store, stop: asyncio.Event) -> int:
    reads = 0
    while not stop.is_set():
        page = await store.list_messages(MessageQuery(limit=20))
        for message in page.items:
            # a read is one snapshot: a sent recipient has every part sent
            for r in message.recipients:
                if r.state == MessageState.SENT:
                    assert all(p.state == "sent" for p in r.parts)
        reads += 1
        await asyncio.sleep(0)
    return reads


async def test_many_writers_and_readers(store: Store, backend: Backend) -> None:
    other = await backend.opened()  # a second connection set on the same database
    total = PRODUCERS * EACH
    done: list[str] = []
    stop = asyncio.Event()
    try:
        readers = [asyncio.create_task(read(s, stop)) for s in (store, other, store)]
        workers = [
            asyncio.create_task(work(store if i % 2 else other, f"m{i}", total, done))
            for i in range(WORKERS)
        ]
        produced = await asyncio.gather(*(produce(store, k) for k in range(PRODUCERS)))
        await asyncio.wait_for(asyncio.gather(*workers), 60)
        stop.set()
        assert all(n > 0 for n in await asyncio.gather(*readers))
    finally:
        stop.set()
        await other.close()
    ids = [i for batch in produced for i in batch]
    assert sorted(done) == sorted(ids)  # each sent exactly once
    assert await store.count_messages() == {"sent": total}
    events = await store.events_after(0, limit=10_000)
    assert [e.seq for e in events] == sorted({e.seq for e in events})
    sent = [e.message_id for e in events if e.type == EventType.MESSAGE_SENT]
    assert sorted(sent) == sorted(ids)
