"""/healthz, /readyz, /metrics, /openapi.json, /docs (Swagger UI, served from the
swagger-ui-bundle package so it works without the Internet) and /problems/{type}."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta

from aiohttp import web

from modem.bridge.context import BRIDGE, json_response, needs
from modem.bridge.metrics import CONTENT_TYPE
from modem.bridge.openapi import document
from modem.bridge.problems import PROBLEMS, Problem
from modem.store import StoreError

__all__ = ["READY_WITHIN", "routes"]

log = logging.getLogger("modem.bridge")

#: A modem counts as ready when its registry entry says so and is this fresh (the pool
#: refreshes entries well within it; an entry older than that belongs to a node that is gone).
READY_WITHIN = timedelta(minutes=3)

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gsmbridge API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css"></head>
<body><div id="api"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#api"});</script>
</body></html>
"""


async def healthz(request: web.Request) -> web.Response:
    """Alive; says what answers, so the CLI knows a gsmbridge daemon from another server."""
    ctx = request.app[BRIDGE]
    return json_response(
        {"status": "ok", "service": "gsmbridge", "node": ctx.node, "version": ctx.version}
    )


async def readyz(request: web.Request) -> web.Response:
    ctx = request.app[BRIDGE]
    try:
        await ctx.store.check_writable()
        modems = await ctx.store.list_modems()
    except StoreError as exc:
        return json_response(
            {"status": "unavailable", "store": "unavailable", "modems_ready": 0,
             "detail": f"the store does not take writes: {exc}"}, status=503,
        )  # fmt: skip
    fresh = datetime.now(UTC) - READY_WITHIN
    ready = sum(
        1 for m in modems if m.status == "ready" and (m.updated_at is None or m.updated_at > fresh)
    )
    body = {"status": "ok" if ready else "unavailable", "store": "ok", "modems_ready": ready}
    if not ready:
        body["detail"] = "no modem is ready"
    return json_response(body, status=200 if ready else 503)


@needs("read")
async def metrics(request: web.Request) -> web.Response:
    body = await request.app[BRIDGE].metrics.render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


async def openapi(request: web.Request) -> web.Response:
    return json_response(document(request.app[BRIDGE].version))


async def docs(request: web.Request) -> web.Response:
    return web.Response(text=_DOCS_PAGE, content_type="text/html")


async def problem_type(request: web.Request) -> web.Response:
    kind = PROBLEMS.get(request.match_info["slug"])
    if kind is None:
        raise Problem("not-found", f"no problem type {request.match_info['slug']!r}")
    page = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{kind.status} {html.escape(kind.title)}</title></head><body>"
        f"<h1>{kind.status} {html.escape(kind.title)}</h1><p>{html.escape(kind.about)}</p>"
        "</body></html>"
    )
    return web.Response(text=page, content_type="text/html")


def routes() -> list[web.AbstractRouteDef]:
    out: list[web.AbstractRouteDef] = [
        web.get("/healthz", healthz, allow_head=False),
        web.get("/readyz", readyz, allow_head=False),
        web.get("/metrics", metrics, allow_head=False),
        web.get("/openapi.json", openapi, allow_head=False),
        web.get("/docs", docs, allow_head=False),
        web.get("/problems/{slug}", problem_type, allow_head=False),
    ]
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - a dependency; /docs then lacks its assets
        log.warning("swagger-ui-bundle is not installed: /docs cannot show the API")
    else:
        out.append(web.static("/docs/static", str(swagger_ui_path)))
    return out
