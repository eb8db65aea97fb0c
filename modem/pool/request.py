"""A send request as the pool's callers make it, and what planning it gives.

`SendRequest` is what the HTTP bridge and the CLI hand to `Pool.submit` / `Pool.estimate`:
plain values, checked there, not here, so that every mistake in one request is reported at
once (`InvalidRequest` with one `FieldError` per field). `plan_request()` turns a valid one
into the store's `NewMessage`: each recipient's SMS-SUBMIT PDUs planned with
`modem.sms.plan_sms` (the PDU carries the destination, so each recipient has its own), the
route (a named modem or group, else the routing rules per recipient), the priority, the
schedule and the time after which it must not be sent (its validity).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from modem.errors import AddressError, EncodeError, TooManyParts
from modem.pool.errors import FieldError, InvalidRequest
from modem.sms import Address, Plan, plan_sms
from modem.sms.address import TypeOfNumber
from modem.store.requests import NewMessage, NewRecipient
from modem.vocabulary import ItemType, iso

if TYPE_CHECKING:
    from modem.config import SendDefaults
    from modem.pool.routing import Router

__all__ = ["Estimate", "SendRequest", "plan_request"]

#: TP-VP can say at most 63 weeks (TS 23.040 §9.2.3.12.1); shorter than 5 minutes it cannot.
MAX_VALIDITY = timedelta(weeks=63)
MIN_VALIDITY = timedelta(minutes=5)
MAX_RECIPIENTS = 10_000
MAX_PRIORITY = 1_000_000


@dataclass(frozen=True)
class SendRequest:
    """One message to one or more numbers.

    `to`: a number or a list. `modem` (a modem_id) or `group` route it; neither: the routing
    rules decide per recipient. `priority`: higher goes first (a one-time code above a
    newsletter; default 0). `status_report`, `validity`, `encoding`, `message_class`: None
    takes the configuration's `send:` defaults. `validity` is how long the SMSC may keep
    trying (TP-VP) and also how long the message may wait in our queue: still queued after
    it (counted from `send_at`, else from now), it expires instead of going out late.
    `max_parts`: refuse a text that needs more parts. `send_at`: not before then.
    `metadata`: a JSON object kept with the message and echoed in every event.
    (MMS adds `subject` and `media` here.)"""

    to: str | Sequence[str]
    text: str
    modem: str | None = None
    group: str | None = None
    priority: int = 0
    status_report: bool | None = None
    validity: timedelta | None = None
    encoding: str | None = None
    message_class: int | None = None
    max_parts: int | None = None
    send_at: datetime | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def numbers(self) -> tuple[str, ...]:
        if isinstance(self.to, str):
            return (self.to,)
        return tuple(self.to)

    def fingerprint(self) -> str:
        """A digest of what was asked, for idempotency keys: the same key with another
        request is a conflict, with the same one the first result."""
        body = {
            "to": list(self.numbers),
            "text": self.text,
            "modem": self.modem,
            "group": self.group,
            "priority": self.priority,
            "status_report": self.status_report,
            "validity": None if self.validity is None else self.validity.total_seconds(),
            "encoding": self.encoding,
            "message_class": self.message_class,
            "max_parts": self.max_parts,
            "send_at": iso(self.send_at),
            "metadata": dict(self.metadata) if isinstance(self.metadata, Mapping) else None,
        }
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a request would cost, nothing sent: per recipient `parts` in `encoding`
    (`language` for a national shift table), `units` (septets or UTF-16 units) of which each
    part holds `per_part`, `remaining` room in the last part; `total_parts` for all
    `recipients` (what SIM plans count)."""

    encoding: str
    language: str | None
    characters: int
    units: int
    parts: int
    per_part: int
    remaining: int
    recipients: int
    total_parts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(ItemType.SMS_COUNT),
            "encoding": self.encoding,
            "language": self.language,
            "characters": self.characters,
            "units": self.units,
            "parts": self.parts,
            "per_part": self.per_part,
            "remaining": self.remaining,
            "recipients": self.recipients,
            "total_parts": self.total_parts,
        }


@dataclass(frozen=True, slots=True)
class Planned:
    """A checked request: its plans (one per distinct recipient, in order) and settings."""

    plans: tuple[Plan, ...]
    status_report: bool
    validity: timedelta | None
    send_at: datetime | None


def check_request(
    request: SendRequest, defaults: SendDefaults, now: datetime
) -> tuple[Planned, list[FieldError]]:
    """Plan every recipient and check every field; the errors found (all of them)."""
    errors: list[FieldError] = []
    _check_fields(request, errors)
    status_report = (
        defaults.status_report if request.status_report is None else bool(request.status_report)
    )
    validity = request.validity if request.validity is not None else defaults.validity
    encoding = request.encoding or defaults.encoding or "auto"
    message_class = (
        request.message_class if request.message_class is not None else defaults.message_class
    )
    if validity is not None and not MIN_VALIDITY <= validity <= MAX_VALIDITY:
        errors.append(FieldError("validity", "must be from 5 minutes to 63 weeks"))
        validity = None
    send_at = _aware(request.send_at)
    plans: list[Plan] = []
    if isinstance(request.text, str) and not errors_for(errors, "text"):
        seen: set[str] = set()
        for i, number in enumerate(request.numbers):
            where = "to" if isinstance(request.to, str) else f"to[{i}]"
            plan = _plan(
                request, number, where, encoding, status_report, validity, message_class, errors
            )
            if plan is None:
                if errors_for(errors, "text", "encoding", "max_parts", "message_class"):
                    break  # the same fault for every recipient: said once
                continue
            if plan.recipient not in seen:
                seen.add(plan.recipient)
                plans.append(plan)
    return Planned(tuple(plans), status_report, validity, send_at), errors


def errors_for(errors: Sequence[FieldError], *fields: str) -> bool:
    return any(e.field in fields for e in errors)


def _check_fields(request: SendRequest, errors: list[FieldError]) -> None:
    numbers = request.to
    if isinstance(numbers, str):
        numbers = [numbers]
    if not isinstance(numbers, Sequence) or not numbers:
        errors.append(FieldError("to", "give at least one number"))
    elif len(numbers) > MAX_RECIPIENTS:
        errors.append(FieldError("to", f"at most {MAX_RECIPIENTS} numbers in one message"))
    if not isinstance(request.text, str):
        errors.append(FieldError("text", "must be a string"))
    elif not request.text.strip():
        errors.append(FieldError("text", "is empty" if not request.text else "is only blanks"))
    if request.modem is not None and request.group is not None:
        errors.append(FieldError("group", "name a modem or a group, not both"))
    p = request.priority
    if isinstance(p, bool) or not isinstance(p, int) or abs(p) > MAX_PRIORITY:
        errors.append(FieldError("priority", f"must be a whole number within ±{MAX_PRIORITY}"))
    if request.max_parts is not None and (
        isinstance(request.max_parts, bool)
        or not isinstance(request.max_parts, int)
        or not 1 <= request.max_parts <= 255
    ):
        errors.append(FieldError("max_parts", "must be a whole number from 1 to 255"))
    if request.send_at is not None and not isinstance(request.send_at, datetime):
        errors.append(FieldError("send_at", "must be a time"))
    if request.validity is not None and not isinstance(request.validity, timedelta):
        errors.append(FieldError("validity", "must be a duration"))
    if not isinstance(request.metadata, Mapping):
        errors.append(FieldError("metadata", "must be a JSON object"))
    else:
        try:
            json.dumps(dict(request.metadata))
        except (TypeError, ValueError) as exc:
            errors.append(FieldError("metadata", f"is not JSON ({exc})"))


def _plan(
    request: SendRequest,
    number: Any,
    where: str,
    encoding: str,
    status_report: bool,
    validity: timedelta | None,
    message_class: int | None,
    errors: list[FieldError],
) -> Plan | None:
    if not isinstance(number, str):
        errors.append(FieldError(where, "must be a phone number (a string)"))
        return None
    try:
        address = Address.parse(number)
    except AddressError as exc:
        errors.append(FieldError(where, str(exc)))
        return None
    if address.ton is TypeOfNumber.ALPHANUMERIC:
        errors.append(FieldError(where, f"{number!r} is not a phone number"))
        return None
    try:
        return plan_sms(
            address,
            request.text,
            encoding=encoding,
            status_report=status_report,
            validity=validity,
            message_class=message_class,
            max_parts=request.max_parts,
        )
    except TooManyParts as exc:
        errors.append(FieldError("max_parts", str(exc)))
    except EncodeError as exc:
        field_name = "message_class" if "class" in str(exc) else "text"
        if "encoding" in str(exc) or "language" in str(exc):
            field_name = "encoding"
        errors.append(FieldError(field_name, str(exc)))
    except ValueError as exc:  # an unknown encoding or language word
        errors.append(FieldError("encoding", str(exc)))
    return None


def _aware(value: datetime | None) -> datetime | None:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def plan_request(
    request: SendRequest,
    defaults: SendDefaults,
    router: Router,
    now: datetime,
) -> NewMessage:
    """The NewMessage for a request; InvalidRequest naming every fault."""
    planned, errors = check_request(request, defaults, now)
    router.check(request, errors)
    if errors or not planned.plans:
        raise InvalidRequest(errors or [FieldError("to", "give at least one number")])
    start = planned.send_at if planned.send_at is not None and planned.send_at > now else now
    expires_at = None if planned.validity is None else start + planned.validity
    recipients = tuple(
        NewRecipient(plan.recipient, plan.parts, group=router.group_for(request, plan.recipient))
        for plan in planned.plans
    )
    return NewMessage(
        recipients,
        text=request.text,
        encoding=planned.plans[0].encoding,
        metadata=dict(request.metadata),
        modem=request.modem,
        group=request.group,
        priority=request.priority,
        status_report=planned.status_report,
        send_at=planned.send_at,
        expires_at=expires_at,
    )


def estimate_request(request: SendRequest, defaults: SendDefaults, router: Router) -> Estimate:
    """What the request would cost; InvalidRequest as `plan_request` would raise it."""
    now = datetime.now(UTC)
    planned, errors = check_request(request, defaults, now)
    router.check(request, errors)
    if errors or not planned.plans:
        raise InvalidRequest(errors or [FieldError("to", "give at least one number")])
    first = planned.plans[0]
    c = first.count
    return Estimate(
        encoding=c.encoding,
        language=c.language,
        characters=len(request.text),
        units=c.units,
        parts=c.parts,
        per_part=c.per_part,
        remaining=c.remaining,
        recipients=len(planned.plans),
        total_parts=sum(len(p.parts) for p in planned.plans),
    )
