"""The simulated MMSC's settings and faults (the `mmsc:` key of the simulator's YAML).

mmsc:
  port: 0                    # 0: any free port on 127.0.0.1
  path: /mms                 # M-Send.req is POSTed here; messages are at /mms/<id>
  public_host: mmsc.sim      # the host name in content locations (default: its address)
  number: "+15550009999"     # who the notification SMS come from
  expiry: 3d                 # how long a message waits to be fetched
  faults:
    server_errors: 2         # the next 2 requests answer 503, then it recovers
    not_found: 1             # the next fetch answers 404 (content location expired)
    require_user_agent: true # 412 Precondition Failed to a request without User-Agent
    close_early: 1           # the next request: connection closed, no answer
    lying_length: 1          # the next fetch: Content-Length larger than the body sent
    send_status: [0xC3]      # X-Mms-Response-Status of the next M-Send.conf answers
    retrieve_status: [0xE2]  # X-Mms-Retrieve-Status of the next M-Retrieve.conf answers
    slow_body: 0.5           # seconds between 1 KiB pieces of every message body sent
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from modem.errors import ConfigError

__all__ = ["MmscFaults", "MmscSpec", "parse_mmsc"]


@dataclass(frozen=True)
class MmscFaults:
    """Faults seen at real MMSCs, counted down as they happen (see the module docstring)."""

    server_errors: int = 0
    server_error_status: int = 503
    not_found: int = 0
    require_user_agent: bool = False
    close_early: int = 0
    lying_length: int = 0
    send_status: tuple[int, ...] = ()
    retrieve_status: tuple[int, ...] = ()
    slow_body: float = 0.0


@dataclass(frozen=True)
class MmscSpec:
    host: str = "127.0.0.1"
    port: int = 0
    path: str = "/mms"
    public_host: str | None = None
    number: str = "+15550009999"
    expiry: timedelta = timedelta(days=3)
    faults: MmscFaults = field(default_factory=MmscFaults)


_KEYS = {f.name for f in dataclasses.fields(MmscSpec)}
_FAULT_KEYS = {f.name for f in dataclasses.fields(MmscFaults)}


def parse_mmsc(data: Any, where: str = "mmsc") -> MmscSpec:
    """An MmscSpec from parsed YAML (`{}` or `true`: the defaults); ConfigError naming the key."""
    from modem.config.values import mapping, parse_duration, string

    if data is True or data is None:
        data = {}
    data = mapping(where, data, _KEYS)
    values: dict[str, Any] = {}
    for key in ("host", "public_host", "number"):
        if key in data:
            values[key] = string(f"{where}.{key}", data[key])
    if "path" in data:
        path = string(f"{where}.path", data["path"])
        if not path.startswith("/") or path.endswith("/"):
            raise ConfigError(f"{where}.path: must start with / and not end with one")
        values["path"] = path
    if "port" in data:
        values["port"] = _integer(f"{where}.port", data["port"], 0, 65535)
    if "expiry" in data:
        values["expiry"] = parse_duration(data["expiry"], f"{where}.expiry")
    if "faults" in data:
        values["faults"] = _faults(f"{where}.faults", data["faults"] or {})
    return MmscSpec(**values)


def _faults(where: str, data: Any) -> MmscFaults:
    from modem.config.values import mapping

    data = mapping(where, data, _FAULT_KEYS)
    values: dict[str, Any] = {}
    for key, value in data.items():
        at = f"{where}.{key}"
        if key == "require_user_agent":
            if not isinstance(value, bool):
                raise ConfigError(f"{at}: must be true or false")
            values[key] = value
        elif key == "slow_body":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"{at}: must be a number of seconds, 0 or more")
            values[key] = float(value)
        elif key in ("send_status", "retrieve_status"):
            if not isinstance(value, list):
                raise ConfigError(f"{at}: must be a list of status octets (0x80 to 0xFF)")
            values[key] = tuple(_integer(f"{at}[{i}]", v, 0x80, 0xFF) for i, v in enumerate(value))
        elif key == "server_error_status":
            values[key] = _integer(at, value, 500, 599)
        else:
            values[key] = _integer(at, value, 0)
    return MmscFaults(**values)


def _integer(where: str, value: Any, low: int, high: int | None = None) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise ConfigError(f"{where}: must be a whole number {span}")
    return value
