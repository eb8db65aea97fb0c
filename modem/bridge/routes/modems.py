"""/api/v1/modems: the registry's view of every modem (every node's), USSD and reset through
the pool of the node that holds the modem."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from modem.bridge.context import BRIDGE, needs
from modem.bridge.problems import FieldError, Problem
from modem.bridge.validation import read_json
from modem.store import ModemRecord, Store

__all__ = ["modem_json", "routes"]


async def modem_json(store: Store, record: ModemRecord) -> dict[str, Any]:
    """The registry's record, with what a user looks for first lifted to the top: the own
    number, operator, signal, registration and technology, and the queue depth."""
    out = record.to_json()
    state, identity = record.state, record.identity
    out["number"] = identity.get("own_number") or state.get("own_number")
    out["operator"] = state.get("operator")
    out["signal_dbm"] = state.get("signal_dbm")
    out["registration"] = state.get("registration")
    out["technology"] = state.get("technology")
    out["queue_depth"] = await store.queue_depth(record.modem_id)
    return out


@needs("read")
async def list_modems(request: web.Request) -> web.Response:
    store = request.app[BRIDGE].store
    records = await store.list_modems()
    return web.json_response({"modems": [await modem_json(store, r) for r in records]})


@needs("read")
async def get_modem(request: web.Request) -> web.Response:
    store = request.app[BRIDGE].store
    record = await store.get_modem(request.match_info["id"])
    return web.json_response(await modem_json(store, record))


async def _local(request: web.Request) -> ModemRecord:
    """The modem, if this node holds it (a USSD code or a reset goes to the port itself)."""
    ctx = request.app[BRIDGE]
    record = await ctx.store.get_modem(request.match_info["id"])
    if record.node != ctx.node:
        raise Problem(
            "unavailable",
            f"modem {record.modem_id} is held by node {record.node}; ask that node's API",
            node=record.node,
        )
    return record


@needs("admin")
async def ussd(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    data = await read_json(request)
    errors = []
    unknown = sorted(set(data) - {"code", "timeout"})
    for key in unknown:
        errors.append(FieldError("unknown field (known: code, timeout)", pointer=f"/{key}"))
    code = data.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 160:
        errors.append(FieldError("required: the USSD code, e.g. *100#", pointer="/code"))
    timeout = data.get("timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 180
    ):
        errors.append(FieldError("seconds, more than 0 and at most 180", pointer="/timeout"))
    if errors:
        raise Problem("validation", f"{errors[0].pointer}: {errors[0].detail}", errors=errors)
    record = await _local(request)
    reply = await ctx.sending().ussd(record.modem_id, code.strip(), timeout)
    return web.json_response(reply)


@needs("admin")
async def reset(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    record = await _local(request)
    await ctx.sending().reset(record.modem_id)
    record = await ctx.store.get_modem(record.modem_id)
    return web.json_response(await modem_json(ctx.store, record), status=202)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/v1/modems", list_modems, allow_head=False),
        web.get("/api/v1/modems/{id}", get_modem, allow_head=False),
        web.post("/api/v1/modems/{id}/ussd", ussd),
        web.post("/api/v1/modems/{id}/reset", reset),
    ]
