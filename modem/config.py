"""YAML configuration: named modems, PINs, timeouts and sending defaults, checked on load.

Where it is read from: `--config PATH`, else $GSMBRIDGE_CONFIG, else
~/.config/gsmbridge/config.yaml ($XDG_CONFIG_HOME respected); a missing default file is an
empty configuration, a missing named one an error. Every mistake is a `ConfigError` naming the
key ("modems.usb0.pin: must be 4 to 8 digits"). Example:

    default: usb0
    timeouts: {command: 10, prompt: 10, send: 60, list: 120, ussd: 30, watchdog: 60}
    send: {status_report: true, validity: 1d, encoding: auto}
    modems:
      usb0:
        port: /dev/serial/by-id/usb-Quectel_EC25-if02-port0
        alt_ports: [/dev/ttyUSB2]     # tried in turn when reopening after a USB re-enumeration
        pin: "1234"
        profile: auto                 # or generic, huawei, simcom, quectel, telit, ublox, zte
        receive: store                # store (+CMTI, default) or route (+CMT with AT+CNMA)
        baudrate: 115200
        smsc: "+4790002100"           # only if the SIM lacks one
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from modem.errors import ConfigError

__all__ = [
    "Config",
    "ModemConfig",
    "SendDefaults",
    "Timeouts",
    "config_from_dict",
    "default_path",
    "load_config",
    "parse_duration",
]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Absolute deadlines in seconds, per kind of command (URCs never extend them).

    command: any ordinary command. prompt: AT+CMGS until "> " (gammu 30 s, MM 10 s).
    send: the body's result (+CMGS: <mr>) after Ctrl-Z; real networks take 2.5-15 s, MM
    allows 300 s, smstools 60 s. list: AT+CMGL of a full storage (gammu allows 500 s).
    ussd: the network's +CUSD reply. probe: each AT of a resynchronisation. watchdog: a
    modem quiet this long is probed with AT. reopen_max: longest wait between reopen tries.
    ack: how long a routed +CMT may wait for its consumer before it is refused with
    AT+CNMA=2 (so the network redelivers it; TS 27.005 §3.4.4 gives the network ~15 s).
    """

    command: float = 10.0
    prompt: float = 10.0
    send: float = 60.0
    list: float = 120.0
    ussd: float = 30.0
    probe: float = 2.0
    watchdog: float = 60.0
    reopen_max: float = 30.0
    ack: float = 10.0


@dataclass(frozen=True, slots=True)
class SendDefaults:
    status_report: bool = False
    validity: timedelta | None = None
    encoding: str = "auto"
    message_class: int | None = None


@dataclass(frozen=True, slots=True)
class ModemConfig:
    """One modem: where it is and how to open it."""

    name: str
    port: str
    alt_ports: tuple[str, ...] = ()
    pin: str | None = None
    profile: str = "auto"
    receive: str = "store"
    baudrate: int = 115200
    smsc: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    modems: dict[str, ModemConfig] = field(default_factory=dict)
    default: str | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)
    send: SendDefaults = field(default_factory=SendDefaults)
    path: str | None = None

    def modem(self, name: str | None = None, *, port: str | None = None) -> ModemConfig:
        """The modem to use: `port` (a URL, or a configured modem's name) wins; else `name`;
        else the default; else the only one configured. ConfigError says what to pass."""
        if port:
            if port in self.modems:
                return self.modems[port]
            for modem in self.modems.values():  # the same port configured: use its PIN
                if modem.port == port:
                    return modem
            return ModemConfig(name=port, port=port)
        name = name or self.default
        if name:
            try:
                return self.modems[name]
            except KeyError:
                known = ", ".join(sorted(self.modems)) or "none configured"
                raise ConfigError(f"modems.{name}: no such modem (known: {known})") from None
        if len(self.modems) == 1:
            return next(iter(self.modems.values()))
        where = self.path or default_path()
        if not self.modems:
            raise ConfigError(f"no modem given: pass --port, or name one in {where}")
        raise ConfigError(f"default: several modems in {where}; pass --port or set 'default'")


def default_path() -> Path:
    env = os.environ.get("GSMBRIDGE_CONFIG")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "gsmbridge" / "config.yaml"


def load_config(path: str | Path | None = None) -> Config:
    """Read and check the configuration (see the module docstring for where from)."""
    import yaml

    explicit = path is not None or bool(os.environ.get("GSMBRIDGE_CONFIG"))
    where = Path(path) if path is not None else default_path()
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{where}: no such file") from None
        return Config()
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({_yaml_problem(exc)})") from None
    return config_from_dict(data or {}, path=str(where))


def _yaml_problem(exc: Exception) -> str:
    """One line for a YAML error (PyYAML's own message spans several, with a caret)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return problem


_TOP = {"default", "modems", "timeouts", "send"}
_MODEM = {"port", "alt_ports", "pin", "profile", "receive", "baudrate", "smsc"}
_SEND = {"status_report", "validity", "encoding", "message_class"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_PIECE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any, where: str = "duration") -> timedelta:
    """90, "90s", "15m", "24h", "1d", "2w", "1h30m", "1.5h" -> timedelta; ConfigError naming
    `where`. The one parser for durations: config files and command-line options."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        m = _DURATION.match(text)
        if m:
            seconds = float(m.group(1)) * _UNITS[m.group(2)]
        elif text and not _PIECE.sub("", text).strip():
            seconds = sum(float(n) * _UNITS[unit] for n, unit in _PIECE.findall(text))
        else:
            raise ConfigError(
                f"{where}: {value!r} is not a duration like 90, 15m, 1h30m, 24h, 1d or 2w"
            )
    if seconds <= 0:
        raise ConfigError(f"{where}: must be more than zero")
    return timedelta(seconds=seconds)


def _mapping(where: str, data: Any, known: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping")
    for key in data:
        if key not in known:
            prefix = f"{where}." if where != "config" else ""
            raise ConfigError(f"{prefix}{key}: unknown key (known: {', '.join(sorted(known))})")
    return data


def _string(where: str, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a non-empty string")
    return value.strip()


def _modem(name: str, data: Any) -> ModemConfig:
    where = f"modems.{name}"
    if isinstance(data, str):
        data = {"port": data}
    data = _mapping(where, data, _MODEM)
    if "port" not in data:
        raise ConfigError(f"{where}.port: missing (a device path, socket://host:port, ...)")
    values: dict[str, Any] = {"name": name, "port": _string(f"{where}.port", data["port"])}
    alt = data.get("alt_ports", [])
    if isinstance(alt, str):
        alt = [alt]
    if not isinstance(alt, list):
        raise ConfigError(f"{where}.alt_ports: must be a list of ports")
    values["alt_ports"] = tuple(_string(f"{where}.alt_ports[{i}]", p) for i, p in enumerate(alt))
    if data.get("pin") is not None:
        pin = _string(f"{where}.pin", data["pin"])
        if not pin.isdigit() or not 4 <= len(pin) <= 8:
            raise ConfigError(f"{where}.pin: must be 4 to 8 digits (quote it in YAML)")
        values["pin"] = pin
    if "profile" in data:
        profile = _string(f"{where}.profile", data["profile"]).lower()
        if profile != "auto":
            from modem.profiles import PROFILES

            if profile not in PROFILES:
                known = ", ".join(["auto", *sorted(PROFILES)])
                raise ConfigError(f"{where}.profile: unknown {profile!r} (known: {known})")
        values["profile"] = profile
    if "receive" in data:
        receive = _string(f"{where}.receive", data["receive"]).lower()
        if receive not in ("store", "route"):
            raise ConfigError(f"{where}.receive: must be 'store' or 'route'")
        values["receive"] = receive
    if "baudrate" in data:
        rate = data["baudrate"]
        if isinstance(rate, bool) or not isinstance(rate, int) or rate <= 0:
            raise ConfigError(f"{where}.baudrate: must be a positive integer")
        values["baudrate"] = rate
    if data.get("smsc") is not None:
        values["smsc"] = _string(f"{where}.smsc", data["smsc"])
    return ModemConfig(**values)


def _timeouts(data: Any) -> Timeouts:
    known = set(Timeouts.__dataclass_fields__)
    data = _mapping("timeouts", data, known)
    values = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"timeouts.{key}: must be a number of seconds above zero")
        values[key] = float(value)
    return Timeouts(**values)


def _send(data: Any) -> SendDefaults:
    data = _mapping("send", data, _SEND)
    values: dict[str, Any] = {}
    if "status_report" in data:
        if not isinstance(data["status_report"], bool):
            raise ConfigError("send.status_report: must be true or false")
        values["status_report"] = data["status_report"]
    if data.get("validity") is not None:
        values["validity"] = parse_duration(data["validity"], "send.validity")
    if "encoding" in data:
        values["encoding"] = _string("send.encoding", data["encoding"]).lower()
    if data.get("message_class") is not None:
        cls = data["message_class"]
        if isinstance(cls, bool) or cls not in (0, 1, 2, 3):
            raise ConfigError("send.message_class: must be 0, 1, 2 or 3")
        values["message_class"] = cls
    return SendDefaults(**values)


def config_from_dict(data: Any, *, path: str | None = None) -> Config:
    """A Config from parsed YAML; ConfigError naming the first bad key."""
    data = _mapping("config", data, _TOP)
    modems_data = data.get("modems") or {}
    if not isinstance(modems_data, dict):
        raise ConfigError("modems: must be a mapping of names to modems")
    modems = {str(name): _modem(str(name), value) for name, value in modems_data.items()}
    default = data.get("default")
    if default is not None:
        default = _string("default", default)
        if default not in modems:
            known = ", ".join(sorted(modems)) or "none configured"
            raise ConfigError(f"default: no modem called {default!r} (known: {known})")
    return Config(
        modems=modems,
        default=default,
        timeouts=_timeouts(data["timeouts"]) if data.get("timeouts") else Timeouts(),
        send=_send(data["send"]) if data.get("send") else SendDefaults(),
        path=path,
    )
