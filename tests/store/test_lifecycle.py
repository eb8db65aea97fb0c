"""Opening, migrating, checking and closing a store, through the interface."""

from __future__ import annotations

from modem.store import Store

from .conftest import Backend, outgoing


async def test_open_migrate_check_close(backend: Backend) -> None:
    store = backend.make()
    async with store:
        assert await store.schema_version() == 0
        applied = await store.migrate()
        assert applied and applied == sorted(applied)
        assert await store.schema_version() == applied[-1]
        assert await store.migrate() == []
        await store.check_writable()
    await store.close()  # again: nothing to do


async def test_a_reopened_store_sees_what_was_committed(backend: Backend, store: Store) -> None:
    message, _ = await store.create_message(outgoing())
    again = await backend.opened()
    try:
        assert (await again.get_message(message.id)).id == message.id
        assert await again.last_event_seq() == await store.last_event_seq()
    finally:
        await again.close()
