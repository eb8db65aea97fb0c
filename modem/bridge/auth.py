"""Who is calling: bearer tokens with scopes, compared in constant time, and each token's
send rate.

Scopes: `read` (GET anything, the event stream, metrics), `send` (send, estimate and cancel
messages), `admin` (everything, and USSD, modem reset, webhook redelivery). Without any token
configured the bridge serves only loopback (config refuses anything else) and every caller is
the `local` principal with every scope: what a single-user Pi wants.

Constant time: the presented token is hashed and compared with every configured token's hash
by `hmac.compare_digest`, all of them each time, so neither the answer's timing nor which
token matched leaks how much of a guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from modem.bridge.problems import Problem
from modem.config.bridge import SCOPES, Rate, TokenConfig

__all__ = ["Authenticator", "Principal", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: a configured token's name and scopes (never the token itself)."""

    name: str
    scopes: frozenset[str]
    rate: Rate | None = None

    def require(self, scope: str) -> None:
        if scope not in self.scopes and "admin" not in self.scopes:
            raise Problem(
                "forbidden",
                f"the token {self.name!r} lacks the {scope!r} scope this needs",
                scope=scope,
            )


LOCAL = Principal("local", frozenset(SCOPES))


class Authenticator:
    def __init__(self, tokens: tuple[TokenConfig, ...]) -> None:
        self._tokens = [(hashlib.sha256(t.token.encode()).digest(), t) for t in tokens]

    @property
    def open(self) -> bool:
        """No token configured: everyone on loopback may do everything."""
        return not self._tokens

    def principal(self, authorization: str | None) -> Principal:
        """The caller for an Authorization header; Problem 401 when it is missing or wrong."""
        if self.open:
            return LOCAL
        challenge = {"WWW-Authenticate": 'Bearer realm="gsmbridge"'}
        if not authorization:
            raise Problem("unauthorized", "send Authorization: Bearer <token>", headers=challenge)
        scheme, _, presented = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise Problem(
                "unauthorized", "the Authorization header must be: Bearer <token>",
                headers=challenge,
            )  # fmt: skip
        digest = hashlib.sha256(presented.strip().encode()).digest()
        found: TokenConfig | None = None
        for known, token in self._tokens:  # every one, every time: no early exit
            if hmac.compare_digest(digest, known):
                found = token
        if found is None:
            raise Problem(
                "unauthorized", "the token is not known",
                headers={"WWW-Authenticate": 'Bearer realm="gsmbridge", error="invalid_token"'},
            )  # fmt: skip
        return Principal(found.name, found.scopes, found.rate)


class RateLimiter:
    """A token bucket per principal: `rate.count` messages at once at most, refilled at
    `rate.per_second`. A request for more than the bucket holds is refused whole (a batch of
    recipients is sent completely or not at all)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # name -> (level, at)

    def take(self, principal: Principal, count: int) -> None:
        """Spend `count` from the principal's bucket; Problem 429 with Retry-After if short."""
        rate = principal.rate
        if rate is None:
            return
        now = self._clock()
        level, at = self._buckets.get(principal.name, (rate.count, now))
        level = min(rate.count, level + (now - at) * rate.per_second)
        if count > rate.count:
            raise Problem(
                "rate-limited",
                f"{count} recipients are more than the token {principal.name!r} may send at "
                f"once ({rate}); split the request",
                headers={"Retry-After": str(math.ceil(rate.per))},
            )
        if level < count:
            wait = (count - level) / rate.per_second
            self._buckets[principal.name] = (level, now)
            raise Problem(
                "rate-limited",
                f"the token {principal.name!r} may send {rate}; retry in {wait:.1f} s",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        self._buckets[principal.name] = (level - count, now)

    def refund(self, principal: Principal, count: int) -> None:
        """Give back what a refused request took (it sent nothing)."""
        rate = principal.rate
        if rate is None or principal.name not in self._buckets:
            return
        level, at = self._buckets[principal.name]
        self._buckets[principal.name] = (min(rate.count, level + count), at)
