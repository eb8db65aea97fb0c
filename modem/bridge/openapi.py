"""The OpenAPI 3.1 document served at /openapi.json (and shown by Swagger UI at /docs).

Written by hand from the routes (aiohttp has no schema of its own); a test holds the two equal
in both directions, and schemathesis holds every answer to the document. Each operation names
the scope its token needs and every status it can answer, each error as an RFC 9457 problem.
"""

from __future__ import annotations

from typing import Any

from modem.bridge.problems import MEDIA_TYPE
from modem.bridge.schemas import SCHEMAS, ref

__all__ = ["document"]

_JSON = "application/json"
_DESCRIPTION = """\
The local HTTP bridge of gsmbridge: send and receive SMS through the gateway's modems.

Messages are accepted at once (202) and sent by the pool; follow them with `GET`, the event
stream (`/api/v1/events`, Server-Sent Events) or webhooks (signed as Standard Webhooks says).
Errors are RFC 9457 problem documents. Times are ISO 8601, state words those of the gateway's
vocabulary. Tokens (`Authorization: Bearer ...`) carry scopes: `read`, `send`, `admin`.
"""

_STATUS_TEXT = {
    400: "The request is malformed", 401: "No valid token", 403: "The token lacks the scope",
    404: "Not found", 409: "Conflicts with the resource's state", 413: "The body is too large",
    415: "The body is not JSON", 422: "Fields are not valid", 429: "Rate limit reached",
    503: "The gateway cannot do this now",
}  # fmt: skip


def _problems(*statuses: int) -> dict[str, Any]:
    return {
        str(s): {
            "description": _STATUS_TEXT[s],
            "content": {MEDIA_TYPE: {"schema": ref("Problem")}},
        }
        for s in statuses
    }


def _ok(description: str, schema: str, status: int = 200, **extra: Any) -> dict[str, Any]:
    return {str(status): {"description": description,
                          "content": {_JSON: {"schema": ref(schema)}}, **extra}}  # fmt: skip


def _param(name: str, where: str, schema: dict[str, Any], description: str, **kw: Any) -> dict:
    return {"name": name, "in": where, "schema": schema, "description": description, **kw}


_ID = _param("id", "path", {"type": "string"}, "The message id", required=True)
_MODEM_ID = _param("id", "path", {"type": "string"}, "The modem's stable id", required=True)
_AUTH = (401, 403)


def _op(op_id: str, summary: str, scope: str | None, responses: dict[str, Any], **kw: Any) -> dict:
    out: dict[str, Any] = {"operationId": op_id, "summary": summary, "responses": responses}
    if scope is None:
        out["security"] = []
    else:
        out["description"] = (kw.pop("description", "") + f"\n\nScope: `{scope}`.").strip()
    out.update(kw)
    return out


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {_JSON: {"schema": ref(schema)}}}


def _paths() -> dict[str, Any]:
    send_responses = {
        **_ok(
            "Accepted: queued (or scheduled); follow it at Location",
            "Message",
            202,
            headers={
                "Location": {"schema": {"type": "string"}},
                "Idempotent-Replayed": {"schema": {"type": "string"}},
            },
        ),
        **_problems(400, *_AUTH, 409, 413, 415, 422, 429, 503),
    }
    list_params = [
        _param("direction", "query", {"enum": ["inbound", "outbound"]}, "Only these"),
        _param("state", "query", {"type": "string"}, "State word(s), comma separated"),
        _param("modem", "query", {"type": "string"}, "Sent (or asked to be sent) or received by"),
        _param("number", "query", {"type": "string"}, "A recipient or the sender"),
        _param("since", "query", {"type": "string", "format": "date-time"}, "Created at or after"),
        _param("until", "query", {"type": "string", "format": "date-time"}, "Created before"),
        _param(
            "limit",
            "query",
            {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
            "Page size",
        ),
        _param("cursor", "query", {"type": "string"}, "next_cursor of the previous page"),
    ]
    return {
        "/api/v1/messages": {
            "post": _op(
                "sendMessage",
                "Send an SMS to one or more numbers",
                "send",
                send_responses,
                parameters=[
                    _param(
                        "Idempotency-Key",
                        "header",
                        {"type": "string", "minLength": 1, "maxLength": 255},
                        "A retried POST with the same key and body returns the "
                        "first result; another body is 409",
                    )
                ],
                requestBody=_body("SendRequest"),
            ),
            "get": _op(
                "listMessages",
                "List messages, newest first",
                "read",
                {**_ok("A page of messages", "MessageList"), **_problems(400, *_AUTH)},
                parameters=list_params,
            ),
        },
        "/api/v1/messages/estimate": {
            "post": _op(
                "estimateMessage",
                "What a message would cost: encoding, parts, room left",
                "send",
                {
                    **_ok("The estimate (nothing is sent)", "Estimate"),
                    **_problems(400, *_AUTH, 413, 415, 422),
                },
                requestBody=_body("SendRequest"),
            ),
        },
        "/api/v1/messages/{id}": {
            "get": _op(
                "getMessage",
                "A message: recipients, parts, reports, errors, history",
                "read",
                {**_ok("The message", "Message"), **_problems(*_AUTH, 404)},
                parameters=[_ID],
            ),
            "delete": _op(
                "cancelMessage",
                "Cancel a message nothing of which was sent yet",
                "send",
                {**_ok("Canceled", "Message"), **_problems(*_AUTH, 404, 409)},
                parameters=[_ID],
            ),
        },
        "/api/v1/messages/{id}/events": {
            "get": _op(
                "getMessageHistory",
                "Every recorded change of a message, oldest first",
                "read",
                {**_ok("The history", "History"), **_problems(*_AUTH, 404)},
                parameters=[_ID],
            ),
        },
        "/api/v1/modems": {
            "get": _op(
                "listModems",
                "Every modem of the gateway (every node's)",
                "read",
                {**_ok("The modems", "ModemList"), **_problems(*_AUTH)},
            ),
        },
        "/api/v1/modems/{id}": {
            "get": _op(
                "getModem",
                "One modem",
                "read",
                {**_ok("The modem", "Modem"), **_problems(*_AUTH, 404)},
                parameters=[_MODEM_ID],
            ),
        },
        "/api/v1/modems/{id}/ussd": {
            "post": _op(
                "sendUssd",
                "Send a USSD code through a modem and return the reply",
                "admin",
                {
                    **_ok("The network's reply", "UssdReply"),
                    **_problems(400, *_AUTH, 404, 413, 415, 422, 503),
                },
                parameters=[_MODEM_ID],
                requestBody=_body("UssdRequest"),
            ),
        },
        "/api/v1/modems/{id}/reset": {
            "post": _op(
                "resetModem",
                "Reset a modem (it reopens and rejoins the pool)",
                "admin",
                {
                    **_ok("Reset; the modem as it is now", "Modem", 202),
                    **_problems(*_AUTH, 404, 503),
                },
                parameters=[_MODEM_ID],
            ),
        },
        "/api/v1/events": {
            "get": _op(
                "streamEvents",
                "Server-Sent Events: the events the webhooks carry",
                "read",
                {
                    "200": {
                        "description": "id: seq, event: type, data: an Event as JSON",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                    **_problems(400, *_AUTH),
                },
                parameters=[
                    _param(
                        "Last-Event-ID",
                        "header",
                        {"type": "string", "pattern": "^[0-9]+$"},
                        "Resume after this event",
                    ),
                    _param(
                        "after",
                        "query",
                        {"type": "string", "pattern": "^[0-9]+$"},
                        "Start after this event (default: from now)",
                    ),
                    _param("types", "query", {"type": "string"}, "Event types, comma separated"),
                ],
            ),
        },
        "/api/v1/webhooks/deliveries": {
            "get": _op(
                "listDeliveries",
                "Webhook deliveries with their attempts and answers",
                "read",
                {**_ok("A page of deliveries", "DeliveryList"), **_problems(400, *_AUTH)},
                parameters=[
                    _param("endpoint", "query", {"type": "string"}, "Endpoint name"),
                    _param(
                        "state", "query", {"enum": ["pending", "delivered", "failed"]}, "Only these"
                    ),
                    _param("event_id", "query", {"type": "string"}, "For this event"),
                    _param("message_id", "query", {"type": "string"}, "For this message"),
                    list_params[6],
                    list_params[7],
                ],
            ),
        },
        "/api/v1/webhooks/deliveries/{id}/redeliver": {
            "post": _op(
                "redeliver",
                "Send a delivery again (a failed one, or a delivered one)",
                "admin",
                {**_ok("Pending again, due now", "Delivery", 202), **_problems(*_AUTH, 404)},
                parameters=[_param("id", "path", {"type": "string"}, "Delivery id", required=True)],
            ),
        },
        "/healthz": {
            "get": _op("healthz", "Alive", None, _ok("The process answers", "Health")),
        },
        "/readyz": {
            "get": _op(
                "readyz",
                "Ready: the store takes writes and a modem is ready",
                None,
                {
                    **_ok("Ready", "Health"),
                    "503": {
                        "description": "Not ready",
                        "content": {_JSON: {"schema": ref("Health")}},
                    },
                },
            ),
        },
        "/metrics": {
            "get": _op(
                "metrics",
                "Prometheus metrics",
                "read",
                {
                    "200": {
                        "description": "Prometheus text format",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                    **_problems(*_AUTH),
                },
            ),
        },
    }


def document(version: str, server_url: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "gsmbridge", "version": version, "description": _DESCRIPTION},
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
