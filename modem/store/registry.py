"""The modem registry's record: which node holds which modem, its identity, state, health,
limits and counters. Frozen, with `to_json()` in the vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from modem.store.records import Error
from modem.vocabulary import ResourceType, iso

__all__ = ["ModemRecord"]


@dataclass(frozen=True, slots=True)
class ModemRecord:
    """A modem as the registry knows it, whichever node holds it.

    `status` is the driver's word ("opening", "ready", "lost", "closed"); `healthy` says
    whether the pool routes to it; `identity` holds imei, imsi, iccid, own_number as known;
    `state` the driver's latest `ModemState` JSON; `health`, `limits` and `counters` are the
    pool's JSON objects (failures, allowance, sent today, ...). `groups` are the routing
    groups it serves. `updated_at` is set by the store on every upsert: a record not
    refreshed for a while belongs to a node that may be gone."""

    modem_id: str
    node: str
    name: str | None = None
    port: str | None = None
    groups: tuple[str, ...] = ()
    status: str = "closed"
    healthy: bool = False
    identity: Mapping[str, Any] = field(default_factory=dict)
    state: Mapping[str, Any] = field(default_factory=dict)
    health: Mapping[str, Any] = field(default_factory=dict)
    limits: Mapping[str, Any] = field(default_factory=dict)
    counters: Mapping[str, Any] = field(default_factory=dict)
    last_error: Error | None = None
    updated_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(ResourceType.MODEM),
            "modem_id": self.modem_id,
            "name": self.name,
            "node": self.node,
            "port": self.port,
            "groups": list(self.groups),
            "status": self.status,
            "healthy": self.healthy,
            "identity": dict(self.identity),
            "state": dict(self.state),
            "health": dict(self.health),
            "limits": dict(self.limits),
            "counters": dict(self.counters),
            "last_error": None if self.last_error is None else self.last_error.to_json(),
            "updated_at": iso(self.updated_at),
        }
