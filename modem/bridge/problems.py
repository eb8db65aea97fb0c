"""Errors as RFC 9457 problem details: `application/problem+json` with `type`, `title`,
`status`, `detail`, and per-field `errors` where the request's fields were wrong.

Every error the API answers goes through here, so a client handles one shape. `type` is a
relative URI naming the kind of problem (`/problems/validation`); the bridge serves a short
description at that address (RFC 9457 §3.1.1: a type URI should lead to documentation). A
problem's `title` is fixed per type (§3.1.3: it does not change between occurrences); the
`detail` says what happened this time. Field errors follow the RFC's own example: a JSON
Pointer into the request body (`pointer`), or the name of a query `parameter`, with a
`detail` each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

__all__ = ["PROBLEMS", "FieldError", "Problem", "ProblemType", "problem_response"]

MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    status: int
    title: str
    about: str  # what the type means and what a client should do

    @property
    def uri(self) -> str:
        return f"/problems/{self.slug}"


PROBLEMS: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        ProblemType(
            "bad-request", 400, "The request is malformed",
            "The body is not JSON, or not an object, or a query parameter or header cannot be "
            "read. `errors` names each one. Fix the request; sending it again unchanged fails "
            "again.",
        ),
        ProblemType(
            "unauthorized", 401, "A valid bearer token is needed",
            "Send `Authorization: Bearer <token>` with a token from the bridge's configuration "
            "(bridge.tokens) or the one `modem serve` printed.",
        ),
        ProblemType(
            "forbidden", 403, "The token may not do this",
            "The token is valid but lacks the scope this operation needs (send, read or "
            "admin). `detail` names the scope.",
        ),
        ProblemType(
            "not-found", 404, "No such resource",
            "Nothing is known under this address: a message, modem or delivery id that does "
            "not exist (or was deleted by retention), or a path the API does not have.",
        ),
        ProblemType(
            "method-not-allowed", 405, "Method not allowed",
            "The resource exists but does not take this HTTP method; `Allow` lists those it "
            "takes.",
        ),
        ProblemType(
            "conflict", 409, "The request conflicts with the resource's state",
            "For example cancelling a message of which something was already sent. `detail` "
            "says the state it is in.",
        ),
        ProblemType(
            "idempotency-conflict", 409, "The idempotency key was used for another request",
            "An `Idempotency-Key` comes back with a request body other than the one it was "
            "first used with. Use a new key for a new request; repeat a request only with its "
            "own key and the same body.",
        ),
        ProblemType(
            "too-large", 413, "The request body is too large",
            "Bodies are limited (bridge.max_body); `detail` gives the limit.",
        ),
        ProblemType(
            "unsupported-media-type", 415, "The body must be JSON",
            "Send the body as `Content-Type: application/json`.",
        ),
        ProblemType(
            "validation", 422, "The request's fields are not valid",
            "The body is JSON but some fields are wrong: `errors` lists each with a JSON "
            "Pointer to it and what is wrong (a number that is not E.164, a text that needs "
            "more parts than `max_parts`, an unknown field).",
        ),
        ProblemType(
            "rate-limited", 429, "Too many messages for this token",
            "The token's send rate (bridge.tokens[].rate) is used up; `Retry-After` says in "
            "how many seconds one more message may be sent.",
        ),
        ProblemType(
            "unavailable", 503, "The gateway cannot do this now",
            "The database cannot be reached, no modem can take the request, or the modem is "
            "held by another node. Retry later; `detail` says what is missing.",
        ),
        ProblemType(
            "internal", 500, "Internal error",
            "A bug in the bridge. It is logged with the request; nothing was half done.",
        ),
    )
}  # fmt: skip

_BY_STATUS = {p.status: p for p in PROBLEMS.values() if p.slug != "idempotency-conflict"}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One wrong field: `pointer` (JSON Pointer into the body, "/to/1") or `parameter` (a
    query parameter or header name), and what is wrong with it."""

    detail: str
    pointer: str | None = None
    parameter: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"detail": self.detail}
        if self.pointer is not None:
            out["pointer"] = self.pointer
        if self.parameter is not None:
            out["parameter"] = self.parameter
        return out


class Problem(Exception):
    """Raised by a handler (or the middlewares) to answer with a problem document."""

    def __init__(
        self,
        kind: str,
        detail: str,
        *,
        errors: list[FieldError] | tuple[FieldError, ...] = (),
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.type = PROBLEMS[kind]
        self.detail = detail
        self.errors = tuple(errors)
        self.headers = headers or {}
        self.extra = extra

    @classmethod
    def for_status(cls, status: int, detail: str, **kw: Any) -> Problem:
        kind = _BY_STATUS.get(status, PROBLEMS["internal"] if status >= 500 else None)
        return cls(kind.slug if kind else "bad-request", detail, **kw)

    def to_json(self, instance: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type.uri,
            "title": self.type.title,
            "status": self.type.status,
            "detail": self.detail,
        }
        if instance:
            out["instance"] = instance
        if self.errors:
            out["errors"] = [e.to_json() for e in self.errors]
        out.update(self.extra)
        return out


def problem_response(problem: Problem, instance: str | None = None) -> web.Response:
    return web.Response(
        status=problem.type.status,
        body=json.dumps(problem.to_json(instance), ensure_ascii=False).encode(),
        content_type=MEDIA_TYPE,
        headers=problem.headers,
    )
