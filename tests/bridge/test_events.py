"""The event stream (GET /api/v1/events) over real HTTP: the outbox's events as they are
committed, resumed after a reconnect with Last-Event-ID (none missed, none twice), filtered
by type, kept alive with comments."""

from __future__ import annotations

import asyncio
import json

from tests.bridge.conftest import modem_online, outgoing


async def read_events(response, count: int) -> list[tuple[int, str, dict]]:
    """`count` events from an open stream: (id, event, data)."""
    out: list[tuple[int, str, dict]] = []
    fields: dict[str, str] = {}
    async with asyncio.timeout(20):
        while len(out) < count:
            line = (await response.content.readline()).decode().rstrip("\n")
            if line == "":
                if "data" in fields:
                    out.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value
    return out


async def test_stream_and_resume_with_last_event_id(store, start_bridge):
    api = await start_bridge()
    url = api.url + "/api/v1/events"
    async with api.session.get(url, headers=api.headers()) as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
        first, _ = await store.create_message(outgoing())
        await modem_online(store)
        events = await read_events(response, 2)
    assert [e[1] for e in events] == ["message.queued", "modem.online"]
    seq, kind, data = events[0]
    assert data["seq"] == seq and data["type"] == kind and data["data"]["message"]["id"] == first.id
    last = events[-1][0]
    # disconnected: what happens meanwhile is not lost
    missed = [(await store.create_message(outgoing()))[0].id for _ in range(3)]
    headers = api.headers(**{"Last-Event-ID": str(last)})
    async with api.session.get(url, headers=headers) as response:
        resumed = await read_events(response, 3)
    assert [e[2]["data"]["message"]["id"] for e in resumed] == missed
    assert [e[0] for e in resumed] == sorted(e[0] for e in resumed) and resumed[0][0] > last


async def test_after_and_types(store, start_bridge):
    api = await start_bridge()
    start = await store.last_event_seq()
    await store.create_message(outgoing())
    await modem_online(store)
    await store.create_message(outgoing())
    async with api.session.get(
        api.url + f"/api/v1/events?after={start}&types=modem.online",
        headers=api.headers(),
    ) as response:
        (event,) = await read_events(response, 1)
        assert event[1] == "modem.online"
        await modem_online(store, "bob")
        (event,) = await read_events(response, 1)
        assert event[2]["modem_id"] == "bob"


async def test_keep_alive_comments(start_bridge):
    api = await start_bridge()  # heartbeat 0.5 s in the tests
    async with api.session.get(api.url + "/api/v1/events", headers=api.headers()) as response:
        lines = []
        async with asyncio.timeout(10):
            while b": keep-alive\n" not in lines:
                lines.append(await response.content.readline())


async def test_bad_stream_parameters(start_bridge):
    api = await start_bridge()
    status, body, _ = await api.call("GET", "/api/v1/events?types=message.lost")
    assert status == 400 and body["errors"][0]["parameter"] == "types"
    status, body, _ = await api.call("GET", "/api/v1/events", headers={"Last-Event-ID": "x"})
    assert status == 400 and body["errors"][0]["parameter"] == "Last-Event-ID"
