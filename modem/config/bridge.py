"""The HTTP bridge's part of the configuration: where it listens, who may call it, where its
webhooks go, and which numbers it accepts.

bridge:
  listen: 127.0.0.1:8080            # default; a non-loopback address needs at least one token
  url: http://pi.local:8080         # how the CLI reaches the daemon (default: from listen)
  max_body: 1MB                     # larger request bodies are refused with 413
  tokens:
    - name: shop                    # shown in logs and metrics, never the token itself
      token: "a long random string"
      scopes: [send, read]          # send, read, admin (admin may do everything)
      rate: 10/s                    # messages (per recipient) this token may send; default none
  webhooks:
    crm:                            # the endpoint's name: deliveries are kept under it
      url: http://127.0.0.1:9000/sms-events
      secret: whsec_...               # Standard Webhooks: whsec_ + base64 of 24-64 bytes
      events: [message.received, message.delivered]     # default: the eight listed below
      timeout: 15s
  webhook_retry: {for: 1d, first: 5s, max: 1h}   # backoff with jitter, given up after `for`
  numbers:
    country: "+49"                  # national numbers ("0151...") are read in this country
    trunk_prefix: "0"
    short_codes: false              # 3 to 8 digits without a "+"
    alphanumeric: false             # letters (an alphanumeric address), 11 characters at most

Tokens are compared in constant time. Without tokens every caller on the listening address may
do everything, which is only allowed on a loopback address (127.0.0.1, ::1, localhost).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from modem.config.values import mapping, parse_duration, positive_number, string
from modem.errors import ConfigError

__all__ = [
    "DEFAULT_EVENTS",
    "SCOPES",
    "BridgeConfig",
    "Listen",
    "NumberPolicy",
    "Rate",
    "RetryPolicy",
    "TokenConfig",
    "WebhookConfig",
    "check_exposure",
    "parse_bridge",
    "parse_listen",
    "parse_rate",
    "parse_secret",
]

SCOPES = ("send", "read", "admin")
#: What an endpoint receives when its config names no events (issue 17's list).
DEFAULT_EVENTS = (
    "message.received",
    "message.sent",
    "message.delivered",
    "message.partially_delivered",
    "message.undelivered",
    "message.failed",
    "modem.online",
    "modem.offline",
)
DEFAULT_PORT = 8080

_BRIDGE = {
    "listen", "url", "max_body", "tokens", "webhooks", "webhook_retry", "numbers",
}  # fmt: skip
_TOKEN = {"name", "token", "scopes", "rate"}
_WEBHOOK = {"url", "secret", "events", "timeout", "concurrency"}
_RETRY = {"for", "first", "max"}
_NUMBERS = {"country", "trunk_prefix", "short_codes", "alphanumeric"}
_SIZE = re.compile(r"^\s*(\d+)\s*(b|kb|kib|k|mb|mib|m)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1 << 20}
_SIZE_UNITS |= {"mb": 1 << 20, "mib": 1 << 20}
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(s|sec|second|m|min|minute|h|hour)\s*$")
_RATE_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
_RATE_UNITS |= {"h": 3600, "hour": 3600}


@dataclass(frozen=True, slots=True)
class Listen:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False  # a host name: it may resolve anywhere

    @property
    def url(self) -> str:
        """The URL a client on this machine uses (a wildcard address is reached on loopback)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Rate:
    """`count` per `per` seconds, as a token bucket holding at most `count`."""

    count: float
    per: float

    @property
    def per_second(self) -> float:
        return self.count / self.per

    def __str__(self) -> str:
        unit = {1: "s", 60: "min", 3600: "h"}.get(int(self.per), f"{self.per:g}s")
        return f"{self.count:g}/{unit}"


@dataclass(frozen=True, slots=True)
class TokenConfig:
    name: str
    token: str = field(repr=False)
    scopes: frozenset[str] = frozenset(SCOPES)
    rate: Rate | None = None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """One endpoint. `secrets`: the keys (raw bytes) it is signed with; several during a
    rotation (each signature is sent, space separated, as Standard Webhooks says)."""

    name: str
    url: str
    secrets: tuple[bytes, ...] = field(default=(), repr=False)
    events: tuple[str, ...] = DEFAULT_EVENTS
    timeout: float = 15.0
    concurrency: int = 4


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff for webhook deliveries: `first` seconds after the first failure, doubling up
    to `max`, each with jitter; a delivery not made within `horizon` of its event is failed."""

    horizon: float = 86400.0
    first: float = 5.0
    max: float = 3600.0


@dataclass(frozen=True, slots=True)
class NumberPolicy:
    """Which destinations the API accepts (E.164 always)."""

    country: str | None = None  # "+49": national numbers are read in this country
    trunk_prefix: str = "0"
    short_codes: bool = False
    alphanumeric: bool = False


@dataclass(frozen=True, slots=True)
class BridgeConfig:
    listen: Listen = field(default_factory=Listen)
    url: str | None = None
    max_body: int = 1 << 20
    tokens: tuple[TokenConfig, ...] = ()
    webhooks: tuple[WebhookConfig, ...] = ()
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    numbers: NumberPolicy = field(default_factory=NumberPolicy)

    @property
    def client_url(self) -> str:
        """Where the CLI finds the daemon."""
        return (self.url or self.listen.url).rstrip("/")

    def with_overrides(
        self,
        *,
        listen: Listen | None = None,
        tokens: tuple[TokenConfig, ...] = (),
        webhooks: tuple[WebhookConfig, ...] = (),
    ) -> BridgeConfig:
        """This config with command-line additions (`modem serve --listen --token
        --webhook`), checked again for exposure."""
        new = replace(
            self,
            listen=listen or self.listen,
            tokens=self.tokens + tokens,
            webhooks=self.webhooks + webhooks,
        )
        check_exposure(new.listen, new.tokens, "--listen")
        _unique([w.name for w in new.webhooks], "webhooks")
        _unique([t.name for t in new.tokens], "tokens")
        return new


def check_exposure(listen: Listen, tokens: tuple[TokenConfig, ...], where: str) -> None:
    """Refuse to serve everyone on a network without a token."""
    if not listen.loopback and not tokens:
        raise ConfigError(
            f"{where}: {listen} is not a loopback address; anyone who can reach it could send "
            "SMS: configure bridge.tokens (or pass --token) to listen there"
        )


def parse_listen(value: Any, where: str = "bridge.listen") -> Listen:
    """ "HOST:PORT", "[::1]:PORT", ":PORT" or "PORT" (host 127.0.0.1), or "HOST" (port 8080)."""
    text = string(where, value)
    host, port_text = text, ""
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ConfigError(f"{where}: {text!r}: an IPv6 address needs its closing ]")
        host, rest = text[1:end], text[end + 1 :]
        if rest and not rest.startswith(":"):
            raise ConfigError(f"{where}: {text!r} is not HOST:PORT")
        port_text = rest[1:]
    elif text.isdigit():
        host, port_text = "127.0.0.1", text
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    elif text.count(":") > 1:
        raise ConfigError(f"{where}: {text!r}: write an IPv6 address as [ADDRESS]:PORT")
    port = DEFAULT_PORT
    if port_text:
        if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
            raise ConfigError(f"{where}: {port_text!r} is not a port number (0 to 65535)")
        port = int(port_text)
    return Listen(host=host or "127.0.0.1", port=port)


def parse_rate(value: Any, where: str) -> Rate:
    """ "10/s", "600/min", "5000/h"."""
    m = _RATE.match(str(value).lower())
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"{where}: {value!r} is not a rate like 10/s, 600/min or 5000/h")
    return Rate(count=float(m.group(1)), per=float(_RATE_UNITS[m.group(2)]))


def parse_secret(value: Any, where: str) -> bytes:
    """A Standard Webhooks secret: "whsec_" and the base64 of 24 to 64 random bytes (the
    prefix may be left out). Returns the key bytes."""
    text = string(where, value)
    body = text.removeprefix("whsec_")
    try:
        key = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not 24 <= len(key) <= 64:
        raise ConfigError(
            f"{where}: must be whsec_ followed by the base64 of 24 to 64 random bytes "
            "(make one with: python -c \"import base64,os;print('whsec_'+"
            'base64.b64encode(os.urandom(32)).decode())")'
        )
    return key


def parse_size(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    m = _SIZE.match(str(value))
    if not m or int(m.group(1)) <= 0:
        raise ConfigError(f"{where}: {value!r} is not a size like 512KB or 1MB")
    return int(m.group(1)) * _SIZE_UNITS[(m.group(2) or "").lower()]


def parse_bridge(data: Any) -> BridgeConfig:
    data = mapping("bridge", data, _BRIDGE)
    values: dict[str, Any] = {}
    if data.get("listen") is not None:
        values["listen"] = parse_listen(data["listen"])
    if data.get("url") is not None:
        url = string("bridge.url", data["url"])
        if not url.startswith(("http://", "https://")):
            raise ConfigError("bridge.url: must start with http:// or https://")
        values["url"] = url
    if data.get("max_body") is not None:
        values["max_body"] = parse_size(data["max_body"], "bridge.max_body")
    if data.get("tokens"):
        values["tokens"] = _tokens(data["tokens"])
    if data.get("webhooks"):
        values["webhooks"] = _webhooks(data["webhooks"])
    if data.get("webhook_retry"):
        values["retry"] = _retry(data["webhook_retry"])
    if data.get("numbers"):
        values["numbers"] = _numbers(data["numbers"])
    config = BridgeConfig(**values)
    check_exposure(config.listen, config.tokens, "bridge.listen")
    return config


def _tokens(data: Any) -> tuple[TokenConfig, ...]:
    if not isinstance(data, list):
        raise ConfigError("bridge.tokens: must be a list of {name, token, scopes}")
    out = []
    for i, item in enumerate(data):
        where = f"bridge.tokens[{i}]"
        item = mapping(where, item, _TOKEN)
        token = string(f"{where}.token", item.get("token"))
        if len(token) < 16:
            raise ConfigError(f"{where}.token: must be at least 16 characters (a long random one)")
        scopes = item.get("scopes", list(SCOPES))
        if isinstance(scopes, str):
            scopes = [scopes]
        if not isinstance(scopes, list) or not scopes:
            raise ConfigError(f"{where}.scopes: must be a list of {', '.join(SCOPES)}")
        for scope in scopes:
            if scope not in SCOPES:
                raise ConfigError(f"{where}.scopes: {scope!r} is not one of {', '.join(SCOPES)}")
        rate = parse_rate(item["rate"], f"{where}.rate") if item.get("rate") else None
        name = string(f"{where}.name", item.get("name", f"token{i + 1}"))
        out.append(TokenConfig(name=name, token=token, scopes=frozenset(scopes), rate=rate))
    _unique([t.name for t in out], "bridge.tokens")
    return tuple(out)


def _webhooks(data: Any) -> tuple[WebhookConfig, ...]:
    if not isinstance(data, dict):
        raise ConfigError("bridge.webhooks: must be a mapping of names to {url, secret, events}")
    return tuple(webhook(str(name), item) for name, item in data.items())


def webhook(name: str, item: Any) -> WebhookConfig:
    """One endpoint from its config entry (also used for `modem serve --webhook`)."""
    where = f"bridge.webhooks.{name}"
    item = mapping(where, item, _WEBHOOK)
    url = string(f"{where}.url", item.get("url"))
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}.url: must start with http:// or https://")
    secrets_value = item.get("secret")
    if secrets_value is None:
        raise ConfigError(f"{where}.secret: required (receivers verify every webhook with it)")
    if not isinstance(secrets_value, list):
        secrets_value = [secrets_value]
    secrets = tuple(parse_secret(s, f"{where}.secret") for s in secrets_value)
    events = item.get("events")
    if events is None:
        events_t = DEFAULT_EVENTS
    else:
        from modem.vocabulary import EventType

        if not isinstance(events, list) or not events:
            raise ConfigError(f"{where}.events: must be a list of event types")
        known = {str(e) for e in EventType}
        for e in events:
            if e not in known:
                raise ConfigError(f"{where}.events: {e!r} is not an event type")
        events_t = tuple(events)
    timeout = 15.0
    if item.get("timeout") is not None:
        timeout = parse_duration(item["timeout"], f"{where}.timeout").total_seconds()
    concurrency = 4
    if item.get("concurrency") is not None:
        concurrency = int(positive_number(f"{where}.concurrency", item["concurrency"]))
    return WebhookConfig(
        name=name, url=url, secrets=secrets, events=events_t, timeout=timeout,
        concurrency=concurrency,
    )  # fmt: skip


def _retry(data: Any) -> RetryPolicy:
    data = mapping("bridge.webhook_retry", data, _RETRY)

    def seconds(key: str, default: float) -> float:
        if data.get(key) is None:
            return default
        value: timedelta = parse_duration(data[key], f"bridge.webhook_retry.{key}")
        return value.total_seconds()

    policy = RetryPolicy(
        horizon=seconds("for", 86400.0), first=seconds("first", 5.0), max=seconds("max", 3600.0)
    )
    if policy.first > policy.max:
        raise ConfigError("bridge.webhook_retry: first must not be more than max")
    return policy


def _numbers(data: Any) -> NumberPolicy:
    data = mapping("bridge.numbers", data, _NUMBERS)
    values: dict[str, Any] = {}
    if data.get("country") is not None:
        country = string("bridge.numbers.country", data["country"])
        if not re.fullmatch(r"\+?[1-9]\d{0,2}", country):
            raise ConfigError(
                "bridge.numbers.country: must be a country calling code such as +49 or +1"
            )
        values["country"] = "+" + country.lstrip("+")
    if data.get("trunk_prefix") is not None:
        prefix = string("bridge.numbers.trunk_prefix", data["trunk_prefix"])
        if not prefix.isdigit():
            raise ConfigError("bridge.numbers.trunk_prefix: must be digits (usually 0)")
        values["trunk_prefix"] = prefix
    for key in ("short_codes", "alphanumeric"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"bridge.numbers.{key}: must be true or false")
            values[key] = data[key]
    return NumberPolicy(**values)


def _unique(names: list[str], where: str) -> None:
    seen = set()
    for name in names:
        if name in seen:
            raise ConfigError(f"{where}: the name {name!r} is used twice")
        seen.add(name)
