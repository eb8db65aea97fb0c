"""`GET /api/v1/events`: the outbox as Server-Sent Events (the WHATWG HTML "Server-sent
events" format), the same events and JSON the webhooks carry.

Each event is `id: <seq>`, `event: <type>`, `data: <the event's JSON>`. A client that
reconnects sends `Last-Event-ID` (browsers' EventSource do it by themselves) and gets every
event after it, none twice and none missed, as long as retention has not deleted it;
`?after=SEQ` does the same for a first connection. Without either the stream starts with what
happens next. `?types=message.received,modem.online` filters. A comment line every
`heartbeat` seconds keeps proxies from closing an idle stream.
"""

from __future__ import annotations

import json

from aiohttp import web

from modem.bridge.follow import follow
from modem.bridge.problems import FieldError, Problem
from modem.store import Store
from modem.vocabulary import EventType

__all__ = ["event_stream", "parse_types"]

RETRY_MS = 2000


def parse_types(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    known = {str(t) for t in EventType}
    types = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [t for t in types if t not in known]
    if unknown or not types:
        detail = f"not event types: {', '.join(unknown) or '(none given)'}"
        raise Problem("bad-request", detail, errors=[FieldError(detail, parameter="types")])
    return types


def _start(request: web.Request) -> int | None:
    for name, value in (
        ("Last-Event-ID", request.headers.get("Last-Event-ID")),
        ("after", request.query.get("after")),
    ):
        if value is not None and value.strip():
            if not value.strip().isdigit():
                detail = "must be the id (a whole number) of an event already received"
                raise Problem("bad-request", f"{name} {detail}",
                              errors=[FieldError(detail, parameter=name)])  # fmt: skip
            return int(value.strip())
    return None


async def event_stream(request: web.Request, store: Store, heartbeat: float) -> web.StreamResponse:
    types = parse_types(request.query.get("types"))
    after = _start(request)
    if after is None:
        after = await store.last_event_seq()
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",  # nginx: do not hold events back
        }
    )
    await response.prepare(request)
    try:
        await response.write(f"retry: {RETRY_MS}\n: events after #{after}\n\n".encode())
        async for event in follow(store, after, types, heartbeat=heartbeat):
            if event is None:
                await response.write(b": keep-alive\n\n")
                continue
            data = json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":"))
            await response.write(f"id: {event.seq}\nevent: {event.type}\ndata: {data}\n\n".encode())
    except ConnectionResetError:  # the client went away
        pass
    return response
