"""/api/v1/modems: the registry's view of every modem (every node's), USSD and reset through
the pool of the node that holds the modem."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from modem.bridge.context import BRIDGE, json_response, needs
from modem.bridge.problems import FieldError, Problem
from modem.bridge.validation import read_json
from modem.store import ModemRecord, Store

__all__ = ["routes"]


async def _registry(store: Store, record: ModemRecord) -> dict[str, Any]:
    """A modem as the registry has it: what a bridge without a pool of its own shows."""
    from modem.pool.status import ModemStatus

    return ModemStatus.from_record(record, await store.queue_depth(record.modem_id)).to_json()


@needs("read")
async def list_modems(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    if ctx.pool is not None:  # this node's modems live, the others' from the registry
        return json_response({"modems": await ctx.pool.modems()})
    records = await ctx.store.list_modems()
    return json_response({"modems": [await _registry(ctx.store, r) for r in records]})


@needs("read")
async def get_modem(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    modem_id = request.match_info["id"]
    if ctx.pool is not None:
        return json_response(await ctx.pool.modem(modem_id))
    return json_response(await _registry(ctx.store, await ctx.store.get_modem(modem_id)))


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
    return json_response(reply)


@needs("admin")
async def reset(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    record = await _local(request)
    sending = ctx.sending()
    await sending.reset(record.modem_id)
    return json_response(await sending.modem(record.modem_id), status=202)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/v1/modems", list_modems, allow_head=False),
        web.get("/api/v1/modems/{id}", get_modem, allow_head=False),
        web.post("/api/v1/modems/{id}/ussd", ussd),
        web.post("/api/v1/modems/{id}/reset", reset),
    ]
