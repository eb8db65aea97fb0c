"""The gateway core's part of the configuration: where the message store is, this node's
name, and how long finished messages are kept.

store:
  path: /var/lib/modem/modem.db   # SQLite file (default: see below)
  # url: postgresql://...         # the fleet's shared database (instead of path)
  synchronous: full               # or normal: faster, but a power cut may lose the last commits
node: pi-kitchen                  # this host's name in a fleet (default: the host name)
retention:
  keep: 90d                       # finished messages older than this are deleted

Where the database is by default: under systemd with `StateDirectory=modem`, the service
gets $STATE_DIRECTORY=/var/lib/modem and the store is /var/lib/modem/modem.db; otherwise
$XDG_STATE_HOME/gsmbridge/modem.db (~/.local/state/gsmbridge/modem.db when unset).
`synchronous: full` (the default) syncs every commit (one sync per group of writes), so a
message deleted from a SIM after its commit survives a power cut too: on a Pi power cuts are
common. `normal` loses nothing when the process is killed, but a power cut may take the last
commits before it, and with them messages already deleted from the modem.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from modem.config.values import mapping, parse_duration, string
from modem.errors import ConfigError

__all__ = [
    "RetentionConfig",
    "StoreConfig",
    "default_node",
    "default_store_path",
    "parse_node",
    "parse_retention",
    "parse_store",
]

_STORE = {"path", "url", "synchronous"}
_RETENTION = {"keep"}
_URL_SCHEMES = ("sqlite://", "postgresql://", "postgres://")


def default_store_path() -> Path:
    """$STATE_DIRECTORY/modem.db under systemd, else $XDG_STATE_HOME/gsmbridge/modem.db."""
    state_dirs = os.environ.get("STATE_DIRECTORY")
    if state_dirs:  # systemd may list several, separated by ':'; the first is ours
        return Path(state_dirs.split(":")[0]) / "modem.db"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "gsmbridge" / "modem.db"


def default_node() -> str:
    return socket.gethostname() or "localhost"


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where the store is: a SQLite `path`, or a database `url`; neither means the default
    path. `target` is what `modem.store.store_for()` takes."""

    path: str | None = None
    url: str | None = None
    synchronous: str = "full"

    @property
    def target(self) -> str:
        if self.url:
            return self.url
        return str(Path(self.path).expanduser()) if self.path else str(default_store_path())

    @property
    def options(self) -> dict[str, Any]:
        """Backend options for `store_for()` (SQLite's only, for a path)."""
        return {} if self.url else {"synchronous": self.synchronous}


@dataclass(frozen=True, slots=True)
class RetentionConfig:
    keep: timedelta = timedelta(days=90)


def parse_store(data: Any) -> StoreConfig:
    if isinstance(data, str):  # `store: /path/to/modem.db` or `store: postgresql://...`
        data = {"url": data} if data.startswith(_URL_SCHEMES) else {"path": data}
    data = mapping("store", data, _STORE)
    if data.get("path") is not None and data.get("url") is not None:
        raise ConfigError("store: give path or url, not both")
    values: dict[str, Any] = {}
    if data.get("path") is not None:
        values["path"] = string("store.path", data["path"])
    if data.get("url") is not None:
        url = string("store.url", data["url"])
        if not url.startswith(_URL_SCHEMES):
            raise ConfigError(
                f"store.url: {url.split('@')[-1]!r} is not a sqlite:// or postgresql:// URL"
            )
        values["url"] = url
    if "synchronous" in data:
        sync = string("store.synchronous", data["synchronous"]).lower()
        if sync not in ("normal", "full"):
            raise ConfigError("store.synchronous: must be 'normal' or 'full'")
        values["synchronous"] = sync
    return StoreConfig(**values)


def parse_node(value: Any) -> str:
    node = string("node", value)
    if any(c.isspace() for c in node) or len(node) > 64:
        raise ConfigError("node: must be a name of at most 64 characters without spaces")
    return node


def parse_retention(data: Any) -> RetentionConfig:
    data = mapping("retention", data, _RETENTION)
    if data.get("keep") is None:
        return RetentionConfig()
    return RetentionConfig(keep=parse_duration(data["keep"], "retention.keep"))
