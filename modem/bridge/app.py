"""The bridge: the aiohttp application, its middlewares, and its life next to the pool.

    bridge = Bridge(config.bridge, store, pool_api, node=config.node)
    await bridge.start()          # listens; the webhook dispatcher and metrics run
    ...
    await bridge.stop()           # stops listening, lets requests in flight finish

The middlewares give every answer the same shape: the caller is authenticated (a handler
marked `needs(scope)` gets a principal with that scope, or 401/403), and anything raised
becomes an RFC 9457 problem: `Problem` as it says, the store's NotFound 404, Conflict 409
(IdempotencyConflict its own type), StoreUnavailable 503, aiohttp's own HTTP errors (unknown
path, method, body too large) their status, and anything else 500, logged with its traceback
(the client sees no internals).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from aiohttp import web

from modem.bridge.auth import Authenticator, RateLimiter
from modem.bridge.context import BRIDGE, PRINCIPAL, BridgeContext, Sending
from modem.bridge.metrics import Metrics
from modem.bridge.problems import Problem, problem_response
from modem.bridge.routes import events, messages, modems, system
from modem.bridge.webhooks import Dispatcher
from modem.config.bridge import BridgeConfig, check_exposure
from modem.store import Conflict, IdempotencyConflict, NotFound, Store, StoreUnavailable

__all__ = ["Bridge", "make_app"]

log = logging.getLogger("modem.bridge")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _version() -> str:
    try:
        return package_version("gsmbridge")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


@web.middleware
async def _problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Problem as problem:
        return problem_response(problem, request.path)
    except IdempotencyConflict as exc:
        return problem_response(Problem("idempotency-conflict", str(exc)), request.path)
    except NotFound as exc:
        return problem_response(Problem("not-found", str(exc)), request.path)
    except Conflict as exc:
        return problem_response(Problem("conflict", str(exc)), request.path)
    except StoreUnavailable as exc:
        problem = Problem("unavailable", f"the database is unavailable: {exc}",
                          headers={"Retry-After": "5"})  # fmt: skip
        return problem_response(problem, request.path)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if isinstance(exc, web.HTTPRequestEntityTooLarge):
            limit = request.app[BRIDGE].config.max_body
            detail = f"the body is larger than the {limit} bytes allowed"
        elif isinstance(exc, web.HTTPNotFound):
            detail = f"no such path: {request.path}"
        elif isinstance(exc, web.HTTPMethodNotAllowed):
            allowed = ", ".join(sorted(exc.allowed_methods))
            detail = f"{request.method} is not allowed here; use {allowed}"
        else:
            detail = exc.text or exc.reason
        headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
        return problem_response(
            Problem.for_status(exc.status, detail, headers=headers), request.path
        )
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        problem = Problem("internal", "the bridge failed on this request; see its log")
        return problem_response(problem, request.path)


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    scope = getattr(request.match_info.handler, "scope", None)
    if scope is not None:
        ctx = request.app[BRIDGE]
        principal = ctx.auth.principal(request.headers.get("Authorization"))
        principal.require(scope)
        request[PRINCIPAL] = principal
    return await handler(request)


def _early_size_check(max_body: int) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Refuse a body whose Content-Length is over the limit before reading any of it."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        length = request.content_length
        if length is not None and length > max_body:
            raise Problem("too-large", f"the body is larger than the {max_body} bytes allowed")
        return await handler(request)

    return check


def make_app(ctx: BridgeContext) -> web.Application:
    app = web.Application(
        middlewares=[_problems, _early_size_check(ctx.config.max_body), _auth],
        client_max_size=ctx.config.max_body,
    )
    app[BRIDGE] = ctx
    for module in (messages, modems, events, system):
        app.add_routes(module.routes())
    return app


class Bridge:
    """The HTTP bridge over a store (and a pool: without one, sending answers 503)."""

    def __init__(
        self,
        config: BridgeConfig,
        store: Store,
        pool: Sending | None = None,
        *,
        node: str = "local",
        heartbeat: float = 15.0,
    ) -> None:
        check_exposure(config.listen, config.tokens, "bridge.listen")
        self.config = config
        metrics = Metrics(store)
        version = _version()
        dispatcher = Dispatcher(
            store, config.webhooks, config.retry, node,
            user_agent=f"gsmbridge/{version}", on_attempt=metrics.on_attempt,
        )  # fmt: skip
        self.context = BridgeContext(
            config=config, store=store, pool=pool, auth=Authenticator(config.tokens),
            limiter=RateLimiter(), metrics=metrics, dispatcher=dispatcher, node=node,
            version=version, heartbeat=heartbeat,
        )  # fmt: skip
        self.app = make_app(self.context)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        """Where it listens (after start), as a client on this machine reaches it."""
        from modem.config.bridge import Listen

        return Listen(self.config.listen.host, self.port or self.config.listen.port).url

    def apply(self, config: BridgeConfig) -> None:
        """New tokens and number policy, at once (a reload; the rest needs a restart)."""
        check_exposure(config.listen, config.tokens, "bridge.listen")
        self.config = config
        self.context.config = config
        self.context.auth = Authenticator(config.tokens)

    async def start(self) -> None:
        listen = self.config.listen
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False,
                                     shutdown_timeout=2.0)  # fmt: skip
        await self._runner.setup()
        site = web.TCPSite(self._runner, listen.host, listen.port, reuse_address=True)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            from modem.errors import ModemError

            raise ModemError(f"bridge: cannot listen on {listen}: {exc.strerror or exc}") from None
        addresses = self._runner.addresses  # with port 0, the port the system chose
        self.port = addresses[0][1] if addresses else listen.port
        await self.context.metrics.start()
        await self.context.dispatcher.start()
        log.info("bridge: listening on %s", self.url)

    async def stop(self) -> None:
        for task in list(self.context.streams):  # event streams never end by themselves
            task.cancel()
        await self.context.dispatcher.stop()
        await self.context.metrics.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
