"""`ModemStatus`: a modem as the pool's callers see it (`GET /api/v1/modems`), and the registry
record it is kept as in the store.

For a modem of this node the figures are live (the driver's state, the allowance, the
breaker); for one of another node (a fleet) they are what that node last wrote to the
registry, with `local` False.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from modem.store.records import Error
from modem.store.registry import ModemRecord
from modem.vocabulary import ResourceType, iso

if TYPE_CHECKING:
    from modem.pool.receiver import Receiver
    from modem.pool.worker import Worker

__all__ = ["ModemStatus", "record_of", "status_of"]


@dataclass(frozen=True, slots=True)
class ModemStatus:
    """One modem: `modem_id` (stable: the configured name, else IMSI, else IMEI), `name`,
    `node`, `port`; `status` the driver's word ("opening", "ready", "lost", "closed");
    `healthy` whether the pool gives it work, `health` why not and its breaker; identity
    (`imei`, `imsi`, `iccid`, `number`), `operator`, `registration`, `technology`,
    `signal_dbm`; `groups` it serves; `queue_depth` (recipients waiting for it by name, and
    what it is sending); `allowance` per limit {"limit", "used", "left"}; `counters`;
    `last_error`; `updated_at` (for another node's modem: when that node last wrote)."""

    modem_id: str
    name: str | None
    node: str
    port: str | None
    status: str
    healthy: bool
    health: Mapping[str, Any] = field(default_factory=dict)
    imei: str | None = None
    imsi: str | None = None
    iccid: str | None = None
    number: str | None = None
    operator: str | None = None
    registration: str | None = None
    technology: str | None = None
    signal_dbm: int | None = None
    groups: tuple[str, ...] = ()
    queue_depth: int = 0
    allowance: Mapping[str, Any] = field(default_factory=dict)
    counters: Mapping[str, Any] = field(default_factory=dict)
    last_error: Error | None = None
    updated_at: datetime | None = None
    local: bool = True

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(ResourceType.MODEM),
            "modem_id": self.modem_id,
            "name": self.name,
            "node": self.node,
            "local": self.local,
            "port": self.port,
            "status": self.status,
            "ready": self.ready,
            "healthy": self.healthy,
            "health": dict(self.health),
            "identity": {
                "imei": self.imei,
                "imsi": self.imsi,
                "iccid": self.iccid,
                "number": self.number,
            },
            "operator": self.operator,
            "registration": self.registration,
            "technology": self.technology,
            "signal_dbm": self.signal_dbm,
            "groups": list(self.groups),
            "queue_depth": self.queue_depth,
            "allowance": dict(self.allowance),
            "counters": dict(self.counters),
            "last_error": None if self.last_error is None else self.last_error.to_json(),
            "updated_at": iso(self.updated_at),
        }

    @classmethod
    def from_record(cls, record: ModemRecord, queue_depth: int = 0) -> ModemStatus:
        """Another node's modem, as its registry entry says."""
        identity, state = record.identity, record.state
        return cls(
            modem_id=record.modem_id,
            name=record.name,
            node=record.node,
            port=record.port,
            status=record.status,
            healthy=record.healthy,
            health=dict(record.health),
            imei=identity.get("imei"),
            imsi=identity.get("imsi"),
            iccid=identity.get("iccid"),
            number=identity.get("own_number"),
            operator=state.get("operator"),
            registration=state.get("registration"),
            technology=state.get("technology"),
            signal_dbm=state.get("signal_dbm"),
            groups=tuple(record.groups),
            queue_depth=queue_depth,
            allowance=dict(record.limits),
            counters=dict(record.counters),
            last_error=record.last_error,
            updated_at=record.updated_at,
            local=False,
        )


def _health(worker: Worker, now: datetime) -> dict[str, Any]:
    return {"reason": worker.health_reason(), "breaker": worker.breaker.to_json(now)}


def status_of(
    worker: Worker, receiver: Receiver | None, node: str, now: datetime, queue_depth: int
) -> ModemStatus:
    """A modem of this node, live."""
    state = worker.modem.state
    counters = {**worker.counters.to_json(), "sent_today": worker.allowance.sent_today}
    if receiver is not None:
        counters.update(receiver.counters)
    return ModemStatus(
        modem_id=worker.modem_id,
        name=state.name,
        node=node,
        port=state.port,
        status=state.status,
        healthy=worker.health_reason() is None and not worker.stopping,
        health=_health(worker, now),
        imei=state.imei,
        imsi=state.imsi,
        iccid=state.iccid,
        number=state.own_number,
        operator=state.operator,
        registration=state.registration,
        technology=state.technology,
        signal_dbm=state.signal_dbm,
        groups=worker.groups,
        queue_depth=queue_depth,
        allowance=worker.allowance.to_json(),
        counters=counters,
        last_error=worker.last_error,
        updated_at=now,
        local=True,
    )


def record_of(status: ModemStatus, state_json: Mapping[str, Any]) -> ModemRecord:
    """The registry entry for a modem of this node."""
    return ModemRecord(
        modem_id=status.modem_id,
        node=status.node,
        name=status.name,
        port=status.port,
        groups=status.groups,
        status=status.status,
        healthy=status.healthy,
        identity={
            "imei": status.imei,
            "imsi": status.imsi,
            "iccid": status.iccid,
            "own_number": status.number,
        },
        state=dict(state_json),
        health=dict(status.health),
        limits=dict(status.allowance),
        counters=dict(status.counters),
        last_error=status.last_error,
    )
