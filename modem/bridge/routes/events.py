"""/api/v1/events (Server-Sent Events) and /api/v1/webhooks/deliveries."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from modem.bridge.context import BRIDGE, json_response, needs
from modem.bridge.problems import FieldError, Problem
from modem.bridge.sse import event_stream
from modem.bridge.validation import query_choice, query_int
from modem.store import DeliveryQuery

__all__ = ["routes"]


@needs("read")
async def events(request: web.Request) -> web.StreamResponse:
    import asyncio

    ctx = request.app[BRIDGE]
    task = asyncio.current_task()
    assert task is not None
    ctx.streams.add(task)
    try:
        return await event_stream(request, ctx.store, ctx.heartbeat)
    finally:
        ctx.streams.discard(task)


@needs("read")
async def list_deliveries(request: web.Request) -> web.Response:
    store = request.app[BRIDGE].store
    query = DeliveryQuery(
        endpoint=request.query.get("endpoint") or None,
        state=query_choice(request, "state", ("pending", "delivered", "failed")),
        event_id=request.query.get("event_id") or None,
        message_id=request.query.get("message_id") or None,
        limit=query_int(request, "limit", 100, 1, 1000),
        cursor=request.query.get("cursor") or None,
    )
    try:
        page = await store.list_deliveries(query)
    except ValueError as exc:
        raise Problem("bad-request", str(exc),
                      errors=[FieldError(str(exc), parameter="cursor")]) from None  # fmt: skip
    return json_response(
        {"deliveries": [d.to_json() for d in page.items], "next_cursor": page.next_cursor}
    )


@needs("admin")
async def redeliver(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    delivery = await ctx.store.redeliver(request.match_info["id"], datetime.now(UTC))
    ctx.dispatcher.poke(delivery.endpoint)
    return json_response(delivery.to_json(), status=202)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/v1/events", events, allow_head=False),
        web.get("/api/v1/webhooks/deliveries", list_deliveries, allow_head=False),
        web.post("/api/v1/webhooks/deliveries/{id}/redeliver", redeliver),
    ]
