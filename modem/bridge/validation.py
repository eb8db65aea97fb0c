"""Reading what clients send: JSON bodies, query parameters, and the send request's fields.

Every mistake becomes a `Problem`: 400 when the request cannot be read at all (not JSON, not
an object, a query parameter of the wrong form), 422 when it is JSON but its fields are wrong,
with every wrong field listed at once (a client fixes them in one round, not one per try).
Unknown fields are refused: a typo ("recipient" for "to") must not send a message that
silently lacks what was meant.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from modem.bridge.numbers import normalize_number
from modem.bridge.problems import FieldError, Problem
from modem.config.bridge import NumberPolicy
from modem.vocabulary import parse_iso

__all__ = [
    "MAX_RECIPIENTS",
    "SendFields",
    "parse_send",
    "query_datetime",
    "query_int",
    "read_json",
]

MAX_RECIPIENTS = 1000
MAX_METADATA = 4096  # bytes of JSON: echoed in every event, so kept small
#: TP-VP's relative range (TS 23.040 §9.2.3.12.1): 5 minutes to 63 weeks.
MIN_VALIDITY, MAX_VALIDITY = timedelta(minutes=5), timedelta(weeks=63)
_FIELDS = {
    "to", "text", "modem", "group", "priority", "status_report", "validity", "encoding",
    "max_parts", "send_at", "metadata",
}  # fmt: skip
#: Issue 18 adds these with MMS; until then they are refused with a clear word.
_MMS_FIELDS = {"subject", "media"}


async def read_json(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object (Problem 415, 413 or 400 otherwise)."""
    if request.content_type != "application/json":
        raise Problem(
            "unsupported-media-type",
            f"the body is {request.content_type or 'untyped'}; send application/json",
        )
    raw = await request.read()  # over client_max_size: 413, made a problem by the middleware
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Problem("bad-request", f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise Problem("bad-request", "the body must be a JSON object")
    return data


@dataclass(frozen=True, slots=True)
class SendFields:
    """A send (or estimate) request, checked: numbers in their stored spelling. What makes
    two requests "the same" for an idempotency key is the pool's `SendRequest.fingerprint`
    of these fields, so a retry that spells a number or a time differently still matches."""

    to: tuple[str, ...]
    text: str
    modem: str | None = None
    group: str | None = None
    priority: int = 0
    status_report: bool = True  # the API's default; the pool's is the config's
    validity: timedelta | None = None  # None: the config's send.validity
    encoding: str | None = None  # None: the config's send.encoding
    max_parts: int | None = None
    send_at: datetime | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


def parse_send(data: Mapping[str, Any], numbers: NumberPolicy) -> SendFields:
    """The send request in `data`; Problem 422 listing every wrong field."""
    errors: list[FieldError] = []

    def bad(pointer: str, detail: str) -> None:
        errors.append(FieldError(detail, pointer=pointer))

    for key in data:
        if key in _MMS_FIELDS:
            bad(f"/{key}", "MMS fields (subject, media) are not supported by this version")
        elif key not in _FIELDS:
            bad(f"/{key}", f"unknown field (known: {', '.join(sorted(_FIELDS))})")
    to = _recipients(data.get("to"), numbers, bad)
    text = data.get("text")
    if not isinstance(text, str):
        bad("/text", "required: the message text, a string")
        text = ""
    elif not text.strip():
        bad("/text", "the text is empty" if not text else "the text is only white space")
    values: dict[str, Any] = {}
    for key in ("modem", "group"):
        value = data.get(key)
        if value is not None:
            if not isinstance(value, str) or not value.strip():
                bad(f"/{key}", "must be a non-empty string")
            else:
                values[key] = value.strip()
    if "modem" in values and "group" in values:
        bad("/group", "name a modem or a group, not both")
    if data.get("priority") is not None:
        values["priority"] = _int(data["priority"], "/priority", -128, 127, bad)
    if data.get("status_report") is not None:
        if not isinstance(data["status_report"], bool):
            bad("/status_report", "must be true or false")
        else:
            values["status_report"] = data["status_report"]
    if data.get("validity") is not None:
        values["validity"] = _validity(data["validity"], bad)
    if data.get("encoding") is not None:
        if not isinstance(data["encoding"], str) or not data["encoding"].strip():
            bad("/encoding", "must be auto, gsm7, ucs2 or a national language (turkish, ...)")
        else:
            values["encoding"] = data["encoding"].strip().lower()
    if data.get("max_parts") is not None:
        values["max_parts"] = _int(data["max_parts"], "/max_parts", 1, 255, bad)
    if data.get("send_at") is not None:
        values["send_at"] = _time(data["send_at"], "/send_at", bad)
    if data.get("metadata") is not None:
        metadata = data["metadata"]
        if not isinstance(metadata, dict):
            bad("/metadata", "must be a JSON object")
        elif len(json.dumps(metadata, ensure_ascii=False).encode()) > MAX_METADATA:
            bad("/metadata", f"must be at most {MAX_METADATA} bytes of JSON")
        else:
            values["metadata"] = metadata
    if errors:
        raise Problem("validation", _summary(errors), errors=errors)
    return SendFields(to=to, text=text, **values)


def _summary(errors: list[FieldError]) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{first.pointer or first.parameter}: {first.detail}{more}"


def _recipients(
    value: Any, numbers: NumberPolicy, bad: Callable[[str, str], None]
) -> tuple[str, ...]:
    if isinstance(value, str):
        items, pointer = [value], lambda i: "/to"
    elif isinstance(value, list) and value:
        items, pointer = value, lambda i: f"/to/{i}"
    else:
        bad("/to", "required: a number, or a list of 1 to 1000 numbers")
        return ()
    if len(items) > MAX_RECIPIENTS:
        bad("/to", f"at most {MAX_RECIPIENTS} recipients per message, not {len(items)}")
        return ()
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            bad(pointer(i), "a number is a string")
            continue
        try:
            number = normalize_number(item, numbers)
        except ValueError as exc:
            bad(pointer(i), str(exc))
            continue
        if number not in out:
            out.append(number)
    return tuple(out)


def _int(value: Any, pointer: str, low: int, high: int, bad: Callable[[str, str], None]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        bad(pointer, f"must be a whole number from {low} to {high}")
        return low
    return value


def _validity(value: Any, bad: Callable[[str, str], None]) -> timedelta | None:
    from modem.config.values import parse_duration
    from modem.errors import ConfigError

    if isinstance(value, bool):
        bad("/validity", "must be seconds or a duration like 30m, 12h, 2d")
        return None
    try:
        period = parse_duration(value, "validity")
    except ConfigError:
        bad("/validity", "must be seconds or a duration like 30m, 12h, 2d")
        return None
    if not MIN_VALIDITY <= period <= MAX_VALIDITY:
        bad("/validity", "must be from 5 minutes to 63 weeks (what TP-VP can say)")
        return None
    return period


def _time(value: Any, pointer: str, bad: Callable[[str, str], None]) -> datetime | None:
    if not isinstance(value, str):
        bad(pointer, "must be an ISO 8601 time with its offset, like 2026-12-24T18:00:00+01:00")
        return None
    try:
        return parse_iso(value)
    except ValueError:
        bad(pointer, "must be an ISO 8601 time with its offset, like 2026-12-24T18:00:00+01:00")
        return None


# --- query parameters ----------------------------------------------------------------------


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query.get(name)
    if text is None:
        return default
    if not text.strip().lstrip("-").isdigit() or not low <= int(text) <= high:
        raise Problem(
            "bad-request",
            f"{name} must be a whole number from {low} to {high}",
            errors=[FieldError(f"must be a whole number from {low} to {high}", parameter=name)],
        )
    return int(text)


def query_datetime(request: web.Request, name: str) -> datetime | None:
    text = request.query.get(name)
    if text is None:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        detail = "must be an ISO 8601 time, like 2026-12-06T10:00:00Z"
        raise Problem(
            "bad-request", f"{name} {detail}", errors=[FieldError(detail, parameter=name)]
        ) from None


def query_choice(request: web.Request, name: str, choices: tuple[str, ...]) -> str | None:
    text = request.query.get(name)
    if text is None:
        return None
    if text not in choices:
        detail = f"must be one of {', '.join(choices)}"
        raise Problem(
            "bad-request", f"{name} {detail}", errors=[FieldError(detail, parameter=name)]
        )
    return text
