"""JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the API takes and gives: the
resources of `modem.store` as their `to_json()` writes them, the send request, problems.

Kept apart from the document's paths (openapi.py) so each stays readable. A test holds every
response the API gives to these schemas (schemathesis against /openapi.json).
"""

from __future__ import annotations

from typing import Any

from modem.vocabulary import EventType, MessageState, PartState

__all__ = ["SCHEMAS"]

_TIME = {"type": ["string", "null"], "format": "date-time"}
_TIME_REQ = {"type": "string", "format": "date-time"}
_STR_N = {"type": ["string", "null"]}
_INT_N = {"type": ["integer", "null"]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> dict[str, Any]:
    return {"oneOf": [ref(name), {"type": "null"}]}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict:
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    out.update(extra)
    return out


_MESSAGE_STATES = [str(s) for s in MessageState]
_PART_STATES = [str(s) for s in PartState]

SCHEMAS: dict[str, Any] = {
    "Problem": obj(
        {
            "type": {"type": "string", "description": "URI of the kind of problem"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {
                "type": "array",
                "items": obj(
                    {
                        "detail": {"type": "string"},
                        "pointer": {"type": "string", "description": "JSON Pointer into the body"},
                        "parameter": {"type": "string", "description": "query parameter or header"},
                    },
                    ("detail",),
                ),
            },
        },
        ("type", "title", "status", "detail"),
        description="RFC 9457 problem details",
    ),
    "Error": obj(
        {
            "source": {"type": "string", "description": "modem, network, pool or api"},
            "kind": {"type": "string", "description": "cms, cme, timeout, modem_gone, expired..."},
            "code": {**_INT_N, "description": "+CMS/+CME number or TP-ST"},
            "message": {"type": "string"},
            "raw": _STR_N,
        },
        ("source", "kind", "code", "message"),
    ),
    "Report": obj(
        {
            "status": {**_INT_N, "description": "TP-ST"},
            "outcome": {
                "type": ["string", "null"],
                "enum": ["delivered", "pending", "undelivered", None],
            },
            "status_text": _STR_N,
            "discharge_time": _TIME,
            "received_at": _TIME,
            "pdu": _STR_N,
        },
        ("status", "outcome"),
        description="The latest SMS-STATUS-REPORT matched to the part",
    ),
    "Part": obj(
        {
            "seq": {"type": "integer"},
            "state": {"type": "string", "enum": _PART_STATES},
            "reference": {**_INT_N, "description": "TP-MR the network gave"},
            "modem_id": _STR_N,
            "sent_at": _TIME,
            "length": {"type": "integer"},
            "pdu": {"type": "string"},
            "report": _nullable("Report"),
            "error": _nullable("Error"),
        },
        ("seq", "state", "reference", "report", "error"),
    ),
    "Recipient": obj(
        {
            "number": {"type": "string"},
            "state": {"type": "string", "enum": _MESSAGE_STATES},
            "modem_id": _STR_N,
            "attempts": {"type": "integer"},
            "next_attempt_at": _TIME,
            "error": _nullable("Error"),
            "sent_at": _TIME,
            "delivered_at": _TIME,
            "report_overdue": {"type": "boolean"},
            "parts": {"type": "array", "items": ref("Part")},
        },
        ("number", "state", "parts"),
    ),
    "InboundPart": obj(
        {
            "seq": {"type": "integer"},
            "text": {"type": "string"},
            "pdu": {"type": "string"},
            "modem_id": {"type": "string"},
            "received_at": _TIME,
            "smsc_time": _TIME,
            "concat": {
                "oneOf": [
                    obj(
                        {
                            "ref": {"type": "integer"},
                            "seq": {"type": "integer"},
                            "total": {"type": "integer"},
                        },
                        ("ref", "seq", "total"),
                    ),
                    {"type": "null"},
                ]
            },
        },
        ("seq", "text"),
    ),
    "HistoryEntry": obj(
        {
            "at": _TIME_REQ,
            "state": {"type": ["string", "null"]},
            "part_state": {"type": ["string", "null"]},
            "recipient": _STR_N,
            "part": _INT_N,
            "source": {"type": "string"},
            "code": _INT_N,
            "raw": _STR_N,
            "detail": _STR_N,
        },
        ("at", "source"),
    ),
    "Message": obj(
        {
            "type": {"const": "message"},
            "id": {"type": "string"},
            "direction": {"enum": ["outbound", "inbound"]},
            "kind": {"enum": ["sms", "mms"]},
            "state": {"enum": _MESSAGE_STATES},
            "text": {"type": "string"},
            "encoding": _STR_N,
            "created_at": _TIME_REQ,
            "updated_at": _TIME_REQ,
            "metadata": {"type": "object"},
            "error": _nullable("Error"),
            "modem": _STR_N,
            "group": _STR_N,
            "priority": {"type": "integer"},
            "status_report": {"type": "boolean"},
            "send_at": _TIME,
            "expires_at": _TIME,
            "part_count": {"type": "integer", "description": "SMS parts per recipient"},
            "recipients": {"type": "array", "items": ref("Recipient")},
            "recipients_total": {"type": "integer"},
            "sender": _STR_N,
            "modem_id": _STR_N,
            "sim": _STR_N,
            "received_at": _TIME,
            "smsc_time": _TIME,
            "complete": {"type": "boolean"},
            "missing": {"type": "array", "items": {"type": "integer"}},
            "parts": {"type": "array", "items": ref("InboundPart")},
            "history": {"type": "array", "items": ref("HistoryEntry")},
        },
        ("type", "id", "direction", "kind", "state", "text", "created_at", "updated_at"),
    ),
    "MessageList": obj(
        {
            "messages": {"type": "array", "items": ref("Message")},
            "next_cursor": {**_STR_N, "description": "pass as cursor= for the next page"},
        },
        ("messages", "next_cursor"),
    ),
    "History": obj(
        {
            "message_id": {"type": "string"},
            "history": {"type": "array", "items": ref("HistoryEntry")},
        },
        ("message_id", "history"),
    ),
    "SendRequest": obj(
        {
            "to": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 1,
                        "maxItems": 1000,
                    },
                ],
                "description": "E.164 number(s); national numbers, short codes and "
                "alphanumeric addresses where the bridge's number policy allows them",
            },
            "text": {"type": "string", "minLength": 1},
            "modem": {"type": ["string", "null"], "description": "send through this modem"},
            "group": {"type": ["string", "null"], "description": "or through this group"},
            "priority": {"type": "integer", "minimum": -128, "maximum": 127, "default": 0},
            "status_report": {"type": "boolean", "default": True},
            "validity": {
                "type": ["string", "integer"],
                "description": "seconds or a duration like 30m, 12h, 2d (5 min to 63 weeks)",
            },
            "encoding": {
                "type": "string",
                "description": "auto, gsm7, ucs2 or a national language (turkish, ...)",
                "default": "auto",
            },
            "max_parts": {"type": "integer", "minimum": 1, "maximum": 255},
            "send_at": {"type": "string", "format": "date-time"},
            "metadata": {"type": "object", "description": "echoed in every event and webhook"},
        },
        ("to", "text"),
        additionalProperties=False,
        examples=[
            {
                "to": "+4915112345678",
                "text": "Your parcel ships today 📦",
                "metadata": {"order": 1234},
            }
        ],
    ),
    "Estimate": obj(
        {
            "type": {"const": "sms.count"},
            "encoding": {"type": "string"},
            "parts": {"type": "integer", "description": "SMS parts per recipient"},
            "units": {"type": "integer", "description": "characters (septets or UCS-2 units)"},
            "per_part": {"type": "integer"},
            "remaining": {"type": "integer", "description": "room left in the last part"},
            "recipients": {"type": "integer"},
            "total_parts": {"type": "integer", "description": "parts for all recipients"},
        },
        ("type", "encoding", "parts", "remaining", "recipients", "total_parts"),
    ),
    "Modem": obj(
        {
            "type": {"const": "modem"},
            "modem_id": {"type": "string", "description": "stable: name, IMSI or IMEI"},
            "name": _STR_N,
            "node": {"type": "string", "description": "the host that holds it"},
            "local": {"type": "boolean", "description": "held by the node that answers"},
            "port": _STR_N,
            "status": {"enum": ["opening", "ready", "lost", "closed"]},
            "ready": {"type": "boolean"},
            "healthy": {"type": "boolean", "description": "the pool gives it work"},
            "health": {"type": "object", "description": "why not healthy; the breaker"},
            "identity": obj(
                {
                    "imei": _STR_N,
                    "imsi": _STR_N,
                    "iccid": _STR_N,
                    "number": {**_STR_N, "description": "own number"},
                }
            ),
            "operator": _STR_N,
            "registration": _STR_N,
            "technology": _STR_N,
            "signal_dbm": _INT_N,
            "groups": {"type": "array", "items": {"type": "string"}},
            "queue_depth": {"type": "integer"},
            "allowance": {
                "type": "object",
                "description": "per limit set (per_minute, per_hour, per_day): limit, used, left",
            },
            "counters": {"type": "object"},
            "last_error": _nullable("Error"),
            "updated_at": _TIME,
        },
        ("type", "modem_id", "node", "status", "healthy", "identity", "queue_depth"),
    ),
    "ModemList": obj({"modems": {"type": "array", "items": ref("Modem")}}, ("modems",)),
    "UssdRequest": obj(
        {
            "code": {
                "type": "string",
                "minLength": 1,
                "maxLength": 160,
                "examples": ["*100#"],
            },
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 180},
        },
        ("code",),
        additionalProperties=False,
    ),
    "UssdReply": obj(
        {"type": {"const": "ussd.reply"}, "text": _STR_N, "status": _INT_N},
        ("type",),
    ),
    "Event": obj(
        {
            "type": {"enum": [str(t) for t in EventType]},
            "id": {"type": "string", "description": "also the webhook-id of its webhooks"},
            "seq": {"type": "integer", "description": "commit order; the SSE id"},
            "created_at": _TIME_REQ,
            "message_id": _STR_N,
            "modem_id": _STR_N,
            "data": {
                "type": "object",
                "description": '{"message": <Message>, "recipient": number or null} or '
                '{"modem": <Modem>}',
            },
        },
        ("type", "id", "seq", "created_at", "data"),
    ),
    "Delivery": obj(
        {
            "type": {"const": "webhook.delivery"},
            "id": {"type": "string"},
            "endpoint": {"type": "string"},
            "event_id": {"type": "string"},
            "event_type": {"type": "string"},
            "message_id": _STR_N,
            "state": {"enum": ["pending", "delivered", "failed"]},
            "attempts": {"type": "integer"},
            "next_attempt_at": _TIME,
            "last_status": _INT_N,
            "last_error": _STR_N,
            "delivered_at": _TIME,
            "created_at": _TIME_REQ,
            "updated_at": _TIME_REQ,
        },
        ("type", "id", "endpoint", "event_id", "state", "attempts"),
    ),
    "DeliveryList": obj(
        {
            "deliveries": {"type": "array", "items": ref("Delivery")},
            "next_cursor": _STR_N,
        },
        ("deliveries", "next_cursor"),
    ),
    "Health": obj(
        {
            "status": {"enum": ["ok", "unavailable"]},
            "service": {"const": "gsmbridge"},
            "node": {"type": "string"},
            "version": {"type": "string"},
            "store": {"type": "string"},
            "modems_ready": {"type": "integer"},
            "detail": {"type": "string"},
        },
        ("status",),
    ),
}
