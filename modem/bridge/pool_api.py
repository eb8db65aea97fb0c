"""The pool as the bridge uses it: the checked request fields turned into the pool's
`SendRequest`, the pool's errors into problems.

The bridge checks the request's form and its numbers (its number policy); the pool checks
what only it knows (a modem or group that does not exist, a text that needs more parts than
allowed, an encoding that lacks a character) and raises `InvalidRequest` with every field at
fault, which becomes the same 422 problem as the bridge's own checks.
"""

from __future__ import annotations

import re
from typing import Any

from modem.bridge.problems import FieldError, Problem
from modem.bridge.validation import SendFields
from modem.errors import CommandTimeout
from modem.pool import InvalidRequest, ModemUnavailable, Pool, SendRequest
from modem.store import Message

__all__ = ["PoolSending", "send_request"]

_INDEX = re.compile(r"\[(\d+)\]")


def send_request(fields: SendFields) -> SendRequest:
    """The pool's request for checked fields (None: the configuration's `send:` default)."""
    return SendRequest(
        to=fields.to, text=fields.text, modem=fields.modem, group=fields.group,
        priority=fields.priority, status_report=fields.status_report, validity=fields.validity,
        encoding=fields.encoding, max_parts=fields.max_parts, send_at=fields.send_at,
        metadata=dict(fields.metadata),
    )  # fmt: skip


def _pointer(field: str) -> str:
    """The pool's field name ("to[2]") as a JSON Pointer ("/to/2")."""
    return "/" + _INDEX.sub(r"/\1", field).replace(".", "/")


def _invalid(exc: InvalidRequest) -> Problem:
    errors = [FieldError(e.message, pointer=_pointer(e.field)) for e in exc.errors]
    first = errors[0] if errors else FieldError(str(exc), pointer="")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return Problem("validation", f"{first.pointer}: {first.detail}{more}", errors=errors)


class PoolSending:
    """`modem.bridge.context.Sending` over a running `Pool`."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool

    async def submit(
        self, fields: SendFields, *, idempotency_key: str | None
    ) -> tuple[Message, bool]:
        try:
            return await self.pool.create(send_request(fields), idempotency_key=idempotency_key)
        except InvalidRequest as exc:
            raise _invalid(exc) from None

    async def estimate(self, fields: SendFields) -> dict[str, Any]:
        try:
            return (await self.pool.estimate(send_request(fields))).to_json()
        except InvalidRequest as exc:
            raise _invalid(exc) from None

    async def cancel(self, message_id: str) -> Message:
        return await self.pool.cancel(message_id)

    async def modems(self) -> list[dict[str, Any]]:
        return [m.to_json() for m in await self.pool.modems()]

    async def modem(self, modem_id: str) -> dict[str, Any]:
        return (await self.pool.modem(modem_id)).to_json()

    async def ussd(self, modem_id: str, code: str, timeout: float | None) -> dict[str, Any]:
        try:
            reply = await self.pool.ussd(modem_id, code, timeout=timeout)
        except ModemUnavailable as exc:
            raise Problem("unavailable", str(exc)) from None
        except CommandTimeout as exc:
            raise Problem("unavailable", f"no USSD reply from the network: {exc}") from None
        except ValueError as exc:
            raise Problem("validation", f"/code: {exc}",
                          errors=[FieldError(str(exc), pointer="/code")]) from None  # fmt: skip
        return reply.to_json()

    async def reset(self, modem_id: str) -> None:
        try:
            await self.pool.reset(modem_id)
        except ModemUnavailable as exc:
            raise Problem("unavailable", str(exc)) from None
