"""The local HTTP bridge: REST API, webhooks, Server-Sent Events, metrics, OpenAPI, auth.

`Bridge(config.bridge, store, pool_api, node=...)` serves the store (reads, events, webhook
deliveries, metrics) and, with the pool behind it, sending. Modules: app.py (the application,
middlewares, start/stop), routes/ (one module per resource), auth.py (tokens, scopes, rate
limits), problems.py (RFC 9457), validation.py and numbers.py (what requests may say),
schemas.py and openapi.py (the OpenAPI 3.1 document), webhooks.py and signing.py (the
dispatcher, Standard Webhooks), sse.py and follow.py (the event stream), metrics.py
(Prometheus).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Bridge"]


def __getattr__(name: str) -> Any:
    if name == "Bridge":  # aiohttp is imported only by whoever runs a bridge
        from modem.bridge.app import Bridge

        return Bridge
    raise AttributeError(name)
