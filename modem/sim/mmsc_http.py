"""The simulated MMSC's answers that a plain response cannot give: a Content-Length larger
than the body (then the connection closes), a body that trickles, a connection closed with no
answer at all."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

__all__ = ["MMS_TYPE", "close", "lying", "mms_response", "slowly"]

MMS_TYPE = "application/vnd.wap.mms-message"


def mms_response(body: bytes) -> web.Response:
    return web.Response(body=body, content_type=MMS_TYPE)


async def lying(request: web.Request, body: bytes) -> web.StreamResponse:
    """A Content-Length larger than the body, then the connection closes."""
    response = web.StreamResponse(headers={"Content-Type": MMS_TYPE})
    response.content_length = len(body) + 1000
    await response.prepare(request)
    await response.write(body)
    close(request)
    return response


async def slowly(request: web.Request, body: bytes, pause: float) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": MMS_TYPE})
    response.content_length = len(body)
    await response.prepare(request)
    for start in range(0, len(body), 1024):
        await response.write(body[start : start + 1024])
        await asyncio.sleep(pause)
    return response


def close(request: web.Request) -> None:
    with contextlib.suppress(Exception):
        if request.transport is not None:
            request.transport.close()
