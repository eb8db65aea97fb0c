"""YAML configuration, checked on load: one module per section, one place that reads the file.

Where it is read from: `--config PATH`, else $GSMBRIDGE_CONFIG, else
~/.config/gsmbridge/config.yaml ($XDG_CONFIG_HOME respected); a missing default file is an
empty configuration, a missing named one an error. Every mistake is a `ConfigError` naming the
key ("modems.usb0.pin: must be 4 to 8 digits"). Sections: `driver.py` (modems, timeouts,
send); `gateway.py` (store, node, retention); `pool.py` (routing, limits, retries, health);
`bridge.py` (the HTTP bridge: listen, tokens, webhooks, numbers); `mms.py` (carriers, and
each modem's `mms:`);
`values.py` has the checkers they share.
Example:

    default: usb0
    timeouts: {command: 10, send: 60}
    send: {status_report: true, validity: 1d, encoding: auto}
    modems:
      usb0:
        port: /dev/serial/by-id/usb-Quectel_EC25-if02-port0
        pin: "1234"
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modem.config.bridge import BridgeConfig, parse_bridge
from modem.config.driver import (
    ModemConfig,
    SendDefaults,
    Timeouts,
    parse_modem,
    parse_send,
    parse_timeouts,
)
from modem.config.gateway import (
    RetentionConfig,
    StoreConfig,
    default_node,
    parse_node,
    parse_retention,
    parse_store,
)
from modem.config.pool import PoolConfig, parse_pool
from modem.config.values import mapping, parse_duration, string
from modem.errors import ConfigError

__all__ = [
    "BridgeConfig",
    "Config",
    "ModemConfig",
    "PoolConfig",
    "RetentionConfig",
    "SendDefaults",
    "StoreConfig",
    "Timeouts",
    "config_from_dict",
    "default_path",
    "load_config",
    "parse_duration",
]

_TOP = {
    "default",
    "modems",
    "timeouts",
    "send",
    "carriers",
    "store",
    "node",
    "retention",
    "bridge",
    "pool",
}


@dataclass(frozen=True, slots=True)
class Config:
    modems: dict[str, ModemConfig] = field(default_factory=dict)
    default: str | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)
    send: SendDefaults = field(default_factory=SendDefaults)
    store: StoreConfig = field(default_factory=StoreConfig)
    node: str = field(default_factory=default_node)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    pool: PoolConfig = field(default_factory=PoolConfig)
    bridge: BridgeConfig = field(default_factory=BridgeConfig)
    path: str | None = None
    carriers: Mapping[str, Any] = field(default_factory=dict)  # the user's `carriers:` entries

    def carrier_table(self) -> Mapping[str, Any]:
        """The shipped carrier table with the user's entries added (or replacing)."""
        from modem.bearer.carriers import CARRIERS

        return {**CARRIERS, **self.carriers}

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
    except UnicodeDecodeError as exc:  # a binary file, or one saved in another encoding
        raise ConfigError(f"{where}: not UTF-8 text (byte {exc.start})") from None
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


def config_from_dict(data: Any, *, path: str | None = None) -> Config:
    """A Config from parsed YAML; ConfigError naming the first bad key."""
    from modem.config.kinds import USER_WANTED, looks_like_simulator

    if looks_like_simulator(data):
        raise ConfigError(f"{path or 'config'}: {USER_WANTED}")
    data = mapping("config", data, _TOP)
    modems_data = data.get("modems") or {}
    if not isinstance(modems_data, dict):
        raise ConfigError("modems: must be a mapping of names to modems")
    carriers = _parse_carriers(data.get("carriers"))
    modems = {
        str(name): _with_mms(str(name), value, carriers) for name, value in modems_data.items()
    }
    default = data.get("default")
    if default is not None:
        default = string("default", default)
        if default not in modems:
            known = ", ".join(sorted(modems)) or "none configured"
            raise ConfigError(f"default: no modem called {default!r} (known: {known})")
    return Config(
        modems=modems,
        default=default,
        timeouts=parse_timeouts(data["timeouts"]) if data.get("timeouts") else Timeouts(),
        send=parse_send(data["send"]) if data.get("send") else SendDefaults(),
        store=parse_store(data["store"]) if data.get("store") else StoreConfig(),
        node=parse_node(data["node"]) if data.get("node") is not None else default_node(),
        retention=(
            parse_retention(data["retention"]) if data.get("retention") else RetentionConfig()
        ),
        pool=parse_pool(data["pool"]) if data.get("pool") else PoolConfig(),
        bridge=parse_bridge(data["bridge"]) if data.get("bridge") else BridgeConfig(),
        path=path,
        carriers=carriers,
    )


def _parse_carriers(data: Any) -> dict[str, Any]:
    if not data:
        return {}
    from modem.config.mms import parse_carriers

    return parse_carriers(data)


def _with_mms(name: str, data: Any, carriers: Mapping[str, Any]) -> ModemConfig:
    """parse_modem, with the modem's `mms:` section read by modem/config/mms.py."""
    if not isinstance(data, dict) or "mms" not in data:
        return parse_modem(name, data)
    data = dict(data)
    section = data.pop("mms")
    modem = parse_modem(name, data)
    if section is None:
        return modem
    from modem.bearer.carriers import CARRIERS
    from modem.config.mms import parse_mms

    mms = parse_mms(f"modems.{name}.mms", section, {**CARRIERS, **carriers})
    return dataclasses.replace(modem, mms=mms)
