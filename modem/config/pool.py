"""The pool's part of the configuration: routing, limits, retries, health and crash semantics.

pool:
  strategy: round_robin          # or least_loaded: which idle modem takes new work first
  groups:                        # routing groups: a SIM per country or operator
    de: [usb0, usb1]
    at: [usb2]
  routes:                        # by destination prefix, the longest prefix wins
    - {prefix: "+49", group: de}
    - {prefix: ["+43", "0043"], group: at}
  default_group: null            # where a message no route matches goes (null: any modem)
  limits: {per_minute: 10, per_hour: 300, per_day: 1000}   # SMS parts, every modem
  modems:
    usb2: {limits: {per_day: 100}}                          # one modem's own (replace)
  retries: {max_attempts: 5, backoff: 10s, max_backoff: 10m, jitter: 0.5}
  health: {min_signal_dbm: -110, failures: 5, cooldown: 1m, max_cooldown: 15m}
  crash_semantics: at_least_once # or at_most_once: a part in flight at a crash is unknown
  report_timeout: 1h             # then a message still waiting for reports says so
  reassembly_timeout: 1h         # then an incoming message missing parts is kept incomplete
  lease: 60s                     # how long a claim outlives a node that stopped renewing it

Limits count SMS parts handed to the network (what SIM plans count), per modem, through
the store, so they hold across restarts. A group or route naming a modem this node does not
have is allowed (another node of a fleet may have it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from modem.config.values import mapping, parse_duration, string
from modem.errors import ConfigError

__all__ = [
    "HealthConfig",
    "Limits",
    "PoolConfig",
    "RetryConfig",
    "Route",
    "parse_pool",
]

_POOL = {
    "strategy",
    "groups",
    "routes",
    "default_group",
    "limits",
    "modems",
    "retries",
    "health",
    "crash_semantics",
    "report_timeout",
    "reassembly_timeout",
    "lease",
}
_LIMITS = {"per_minute", "per_hour", "per_day"}
_RETRIES = {"max_attempts", "backoff", "max_backoff", "jitter"}
_HEALTH = {"min_signal_dbm", "failures", "cooldown", "max_cooldown"}
_ROUTE = {"prefix", "group"}
_MODEM = {"limits"}
STRATEGIES = ("round_robin", "least_loaded")
SEMANTICS = ("at_least_once", "at_most_once")


@dataclass(frozen=True, slots=True)
class Limits:
    """SMS parts a modem may send per minute, hour and day (None: no limit)."""

    per_minute: int | None = None
    per_hour: int | None = None
    per_day: int | None = None

    def windows(self) -> tuple[tuple[str, timedelta, int], ...]:
        """(name, length, limit) of each limit set, shortest window first."""
        spans = (
            ("per_minute", timedelta(minutes=1), self.per_minute),
            ("per_hour", timedelta(hours=1), self.per_hour),
            ("per_day", timedelta(days=1), self.per_day),
        )
        return tuple((name, span, n) for name, span, n in spans if n is not None)


@dataclass(frozen=True, slots=True)
class RetryConfig:
    """Transient failures: up to `max_attempts` claims of a recipient in all, the n-th retry
    after `backoff * 2**(n-1)` (at most `max_backoff`), `jitter` of it drawn at random."""

    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=10)
    max_backoff: timedelta = timedelta(minutes=10)
    jitter: float = 0.5


@dataclass(frozen=True, slots=True)
class HealthConfig:
    """When a modem counts as healthy: signal at least `min_signal_dbm` (None: any), and not
    failing: `failures` failed sends in a row take it out of rotation for `cooldown`, doubling
    up to `max_cooldown` while the trial send after each rest fails too."""

    min_signal_dbm: int | None = -110
    failures: int = 5
    cooldown: timedelta = timedelta(minutes=1)
    max_cooldown: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Route:
    """Numbers starting with one of `prefixes` go to `group`."""

    prefixes: tuple[str, ...]
    group: str


@dataclass(frozen=True, slots=True)
class PoolConfig:
    strategy: str = "round_robin"
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    routes: tuple[Route, ...] = ()
    default_group: str | None = None
    limits: Limits = field(default_factory=Limits)
    modem_limits: Mapping[str, Limits] = field(default_factory=dict)
    retries: RetryConfig = field(default_factory=RetryConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    crash_semantics: str = "at_least_once"
    report_timeout: timedelta = timedelta(hours=1)
    reassembly_timeout: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(seconds=60)

    def limits_for(self, modem: str) -> Limits:
        """A modem's own limits if it has them, else the pool's."""
        return self.modem_limits.get(modem, self.limits)

    def groups_of(self, modem: str) -> tuple[str, ...]:
        """The groups a modem serves, in the order they are configured."""
        return tuple(name for name, members in self.groups.items() if modem in members)


def parse_pool(data: Any) -> PoolConfig:
    data = mapping("pool", data, _POOL)
    values: dict[str, Any] = {}
    if data.get("strategy") is not None:
        values["strategy"] = _choice("pool.strategy", data["strategy"], STRATEGIES)
    groups = _groups(data.get("groups"))
    values["groups"] = groups
    values["routes"] = _routes(data.get("routes"), groups)
    if data.get("default_group") is not None:
        default = string("pool.default_group", data["default_group"])
        if default not in groups:
            raise ConfigError(f"pool.default_group: no group called {default!r}{_known(groups)}")
        values["default_group"] = default
    if data.get("limits") is not None:
        values["limits"] = _limits("pool.limits", data["limits"])
    values["modem_limits"] = _modems(data.get("modems"))
    if data.get("retries") is not None:
        values["retries"] = _retries(data["retries"])
    if data.get("health") is not None:
        values["health"] = _health(data["health"])
    if data.get("crash_semantics") is not None:
        values["crash_semantics"] = _choice(
            "pool.crash_semantics", data["crash_semantics"], SEMANTICS
        )
    for key in ("report_timeout", "reassembly_timeout", "lease"):
        if data.get(key) is not None:
            values[key] = parse_duration(data[key], f"pool.{key}")
    if "lease" in values and values["lease"] < timedelta(seconds=3):
        raise ConfigError("pool.lease: must be at least 3 seconds (it is renewed every third)")
    return PoolConfig(**values)


def _choice(where: str, value: Any, choices: tuple[str, ...]) -> str:
    word = string(where, value).lower()
    if word not in choices:
        raise ConfigError(f"{where}: must be one of {', '.join(choices)}, not {word!r}")
    return word


def _known(groups: Mapping[str, Any]) -> str:
    return f" (known: {', '.join(sorted(groups))})" if groups else " (no groups configured)"


def _groups(data: Any) -> dict[str, tuple[str, ...]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("pool.groups: must be a mapping of group names to lists of modems")
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in data.items():
        where = f"pool.groups.{name}"
        if isinstance(members, str):
            members = [members]
        if not isinstance(members, list) or not members:
            raise ConfigError(f"{where}: must be a list of modem names")
        groups[str(name)] = tuple(string(f"{where}[{i}]", m) for i, m in enumerate(members))
    return groups


def _routes(data: Any, groups: Mapping[str, Any]) -> tuple[Route, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ConfigError("pool.routes: must be a list of {prefix, group}")
    routes = []
    for i, item in enumerate(data):
        where = f"pool.routes[{i}]"
        item = mapping(where, item, _ROUTE)
        if "prefix" not in item or "group" not in item:
            raise ConfigError(f"{where}: needs a prefix and a group")
        prefixes = item["prefix"] if isinstance(item["prefix"], list) else [item["prefix"]]
        if not prefixes:
            raise ConfigError(f"{where}.prefix: give at least one prefix")
        checked = []
        for j, prefix in enumerate(prefixes):
            text = string(f"{where}.prefix", prefix)
            body = text[1:] if text.startswith("+") else text
            if not body.isdigit():
                raise ConfigError(
                    f"{where}.prefix[{j}]: {text!r} is not a number prefix like +49 or 0049"
                )
            checked.append(text)
        group = string(f"{where}.group", item["group"])
        if group not in groups:
            raise ConfigError(f"{where}.group: no group called {group!r}{_known(groups)}")
        routes.append(Route(tuple(checked), group))
    return tuple(routes)


def _count(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: must be a whole number of SMS parts, 0 or more")
    return value


def _limits(where: str, data: Any) -> Limits:
    data = mapping(where, data, _LIMITS)
    return Limits(**{key: _count(f"{where}.{key}", v) for key, v in data.items() if v is not None})


def _modems(data: Any) -> dict[str, Limits]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("pool.modems: must be a mapping of modem names to their settings")
    out = {}
    for name, settings in data.items():
        where = f"pool.modems.{name}"
        settings = mapping(where, settings or {}, _MODEM)
        if settings.get("limits") is not None:
            out[str(name)] = _limits(f"{where}.limits", settings["limits"])
    return out


def _retries(data: Any) -> RetryConfig:
    data = mapping("pool.retries", data, _RETRIES)
    values: dict[str, Any] = {}
    if data.get("max_attempts") is not None:
        n = data["max_attempts"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ConfigError("pool.retries.max_attempts: must be a whole number, 1 or more")
        values["max_attempts"] = n
    for key in ("backoff", "max_backoff"):
        if data.get(key) is not None:
            values[key] = parse_duration(data[key], f"pool.retries.{key}")
    if data.get("jitter") is not None:
        jitter = data["jitter"]
        if isinstance(jitter, bool) or not isinstance(jitter, int | float) or not 0 <= jitter <= 1:
            raise ConfigError("pool.retries.jitter: must be a number from 0 to 1")
        values["jitter"] = float(jitter)
    retries = RetryConfig(**values)
    if retries.max_backoff < retries.backoff:
        raise ConfigError("pool.retries.max_backoff: must not be shorter than backoff")
    return retries


def _health(data: Any) -> HealthConfig:
    data = mapping("pool.health", data, _HEALTH)
    values: dict[str, Any] = {}
    if "min_signal_dbm" in data:
        floor = data["min_signal_dbm"]
        if floor is not None and (
            isinstance(floor, bool) or not isinstance(floor, int) or not -140 <= floor <= 0
        ):
            raise ConfigError("pool.health.min_signal_dbm: must be dBm from -140 to 0, or null")
        values["min_signal_dbm"] = floor
    if data.get("failures") is not None:
        n = data["failures"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ConfigError("pool.health.failures: must be a whole number, 1 or more")
        values["failures"] = n
    for key in ("cooldown", "max_cooldown"):
        if data.get(key) is not None:
            values[key] = parse_duration(data[key], f"pool.health.{key}")
    health = HealthConfig(**values)
    if health.max_cooldown < health.cooldown:
        raise ConfigError("pool.health.max_cooldown: must not be shorter than cooldown")
    return health
