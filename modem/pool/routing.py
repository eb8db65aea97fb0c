"""Where a message may go, and which idle modem takes new work first. Pure: no I/O.

Routing happens once, when a message is accepted: a message naming a modem or a group keeps
that route; otherwise each recipient's number is matched against the configured prefixes
(the longest match wins: "+4917" before "+49"), and the match's group (else the default
group, else none: any modem) is stored with the recipient. The store's claim then gives a
recipient only to a modem its route allows.

The strategy chooses among modems that are idle at the same moment, when new work comes:
`round_robin` offers it to the next modem after the one that got the last, `least_loaded`
to the one that has used the smallest share of its allowance (then sent the fewest parts
today). A modem that finishes a message while no other is waiting for work takes the next
one itself: under a backlog every modem is busy and the strategy has nothing to choose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from modem.pool.errors import FieldError

if TYPE_CHECKING:
    from modem.config.pool import PoolConfig
    from modem.pool.request import SendRequest

__all__ = ["Candidate", "Router", "order"]


class Router:
    """Routing rules from the `pool:` configuration, and the modems known to exist (this
    node's and the registry's): a request naming an unknown modem or group is refused."""

    def __init__(self, config: PoolConfig, known_modems: Iterable[str] = ()) -> None:
        self.config = config
        self.known_modems: set[str] = set(known_modems)
        prefixes = [(p, r.group) for r in config.routes for p in r.prefixes]
        self._prefixes = sorted(prefixes, key=lambda item: -len(item[0]))

    def check(self, request: SendRequest, errors: list[FieldError]) -> None:
        if request.modem is not None and request.modem not in self.known_modems:
            known = ", ".join(sorted(self.known_modems)) or "none"
            errors.append(FieldError("modem", f"no modem {request.modem!r} (known: {known})"))
        if request.group is not None and request.group not in self.config.groups:
            known = ", ".join(sorted(self.config.groups)) or "none configured"
            errors.append(FieldError("group", f"no group {request.group!r} (known: {known})"))

    def group_for(self, request: SendRequest, number: str) -> str | None:
        """The group a recipient goes to: None when the message names its own route (the
        store keeps that one) or no rule and no default applies (any modem)."""
        if request.modem is not None or request.group is not None:
            return None
        for prefix, group in self._prefixes:
            if number.startswith(prefix):
                return group
        return self.config.default_group


class Candidate(Protocol):
    """What the strategy looks at in an idle modem."""

    @property
    def modem_id(self) -> str: ...

    @property
    def usage(self) -> float: ...  # share of its tightest allowance used, 0..1

    @property
    def sent_today(self) -> int: ...


@dataclass
class Rotation:
    """The round-robin pointer: the modem that got work last."""

    last: str | None = None


def order(
    strategy: str, candidates: Sequence[Candidate], everyone: Sequence[str], rotation: Rotation
) -> list[Candidate]:
    """The idle `candidates` in the order they are offered new work. `everyone` is every
    modem of this node in configuration order (the round-robin circle)."""
    if strategy == "least_loaded":
        return sorted(candidates, key=lambda c: (c.usage, c.sent_today, c.modem_id))
    place = {modem_id: i for i, modem_id in enumerate(everyone)}
    start = place.get(rotation.last, -1) + 1 if rotation.last is not None else 0
    size = max(len(everyone), 1)
    return sorted(candidates, key=lambda c: (place.get(c.modem_id, size) - start) % size)
