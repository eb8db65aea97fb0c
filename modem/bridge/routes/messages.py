"""/api/v1/messages: send, estimate, list, read, cancel, history."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from modem.bridge.context import BRIDGE, json_response, needs, principal
from modem.bridge.problems import FieldError, Problem
from modem.bridge.validation import (
    parse_send,
    query_choice,
    query_datetime,
    query_int,
    read_json,
)
from modem.store import Message, MessageQuery
from modem.vocabulary import MessageState

__all__ = ["message_json", "routes"]

MAX_KEY = 255


def message_json(message: Message, history: list[Any] | None = None) -> dict[str, Any]:
    """A message as the API shows it: the store's JSON, plus `part_count` for an outbound
    message (parts per recipient) and the history when asked."""
    out = message.to_json()
    if message.direction == "outbound" and message.recipients:
        out["part_count"] = len(message.recipients[0].parts)
    if history is not None:
        out["history"] = [h.to_json() for h in history]
    return out


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY or not key.isprintable() or not key.isascii():
        detail = f"must be 1 to {MAX_KEY} printable ASCII characters"
        raise Problem("bad-request", f"Idempotency-Key {detail}",
                      errors=[FieldError(detail, parameter="Idempotency-Key")])  # fmt: skip
    return key


@needs("send")
async def send(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    key = _idempotency_key(request)
    fields = parse_send(await read_json(request), ctx.config.numbers)
    pool = ctx.sending()
    who = principal(request)
    ctx.limiter.take(who, len(fields.to))
    try:
        # Keys are kept per token: two applications choosing the same key never collide.
        scoped_key = None if key is None else f"{who.name}:{key}"
        message, created = await pool.submit(fields, idempotency_key=scoped_key)
    except BaseException:
        ctx.limiter.refund(who, len(fields.to))
        raise
    if not created:
        ctx.limiter.refund(who, len(fields.to))
    headers = {"Location": f"/api/v1/messages/{message.id}"}
    if not created:
        headers["Idempotent-Replayed"] = "true"
    return json_response(message_json(message), status=202, headers=headers)


@needs("send")
async def estimate(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    fields = parse_send(await read_json(request), ctx.config.numbers)
    return json_response(await ctx.sending().estimate(fields))


@needs("read")
async def list_messages(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    states = None
    if request.query.get("state"):
        states = tuple(s.strip() for s in request.query["state"].split(",") if s.strip())
        known = {str(s) for s in MessageState}
        wrong = [s for s in states if s not in known]
        if wrong:
            detail = f"not state words: {', '.join(wrong)} (known: {', '.join(sorted(known))})"
            raise Problem("bad-request", f"state: {detail}",
                          errors=[FieldError(detail, parameter="state")])  # fmt: skip
    query = MessageQuery(
        direction=query_choice(request, "direction", ("inbound", "outbound")),
        state=states,
        modem=request.query.get("modem") or None,
        number=request.query.get("number") or None,
        since=query_datetime(request, "since"),
        until=query_datetime(request, "until"),
        limit=query_int(request, "limit", 100, 1, 1000),
        cursor=request.query.get("cursor") or None,
    )
    try:
        page = await ctx.store.list_messages(query)
    except ValueError as exc:  # a cursor this listing never gave out
        raise Problem("bad-request", str(exc),
                      errors=[FieldError(str(exc), parameter="cursor")]) from None  # fmt: skip
    return json_response(
        {"messages": [message_json(m) for m in page.items], "next_cursor": page.next_cursor}
    )


@needs("read")
async def get_message(request: web.Request) -> web.Response:
    store = request.app[BRIDGE].store
    message_id = request.match_info["id"]
    message = await store.get_message(message_id)
    history = await store.history(message_id)
    return json_response(message_json(message, history))


@needs("read")
async def history(request: web.Request) -> web.Response:
    store = request.app[BRIDGE].store
    message_id = request.match_info["id"]
    entries = await store.history(message_id)
    return json_response({"message_id": message_id, "history": [h.to_json() for h in entries]})


@needs("send")
async def cancel(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    message_id = request.match_info["id"]
    if ctx.pool is not None:
        message = await ctx.pool.cancel(message_id)
    else:
        message = await ctx.store.cancel_message(message_id)
    return json_response(message_json(message))


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api/v1/messages", send),
        web.get("/api/v1/messages", list_messages, allow_head=False),
        web.post("/api/v1/messages/estimate", estimate),
        web.get("/api/v1/messages/{id}", get_message, allow_head=False),
        web.delete("/api/v1/messages/{id}", cancel),
        web.get("/api/v1/messages/{id}/events", history, allow_head=False),
    ]
