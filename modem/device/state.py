"""A modem's state apart from its messages: `ModemState` snapshots and the board that keeps them.

State (ready or lost, registration, signal, operator, identity) is not a stream of events a
slow consumer could fall behind on or lose: it is one snapshot that changes. Anyone may read
the latest (`Modem.state`, never blocks), wait for the next (`wait_state(after=version)`) or
watch the changes (`watch_state()`, several watchers, each sees the latest when it looks: a
burst of signal reports is merged into the one that came last). A report that changes
nothing makes no new version.

Registration words come from <stat> of +CREG/+CGREG/+CEREG/+C5GREG (TS 27.007 §7.2,
§10.1.20, §10.1.22, §10.1.42), technology words from their <AcT> (§7.3).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from modem.at.info import Registration, RegistrationStatus, Signal
from modem.vocabulary import ItemType, iso

__all__ = [
    "ModemState",
    "Readings",
    "StateBoard",
    "registration_word",
    "state_of_registrations",
    "technology_word",
]

Status = Literal["opening", "ready", "lost", "closed"]

_REGISTRATION_WORDS = {
    RegistrationStatus.NOT_REGISTERED: "not_registered",
    RegistrationStatus.REGISTERED_HOME: "registered",
    RegistrationStatus.SEARCHING: "searching",
    RegistrationStatus.DENIED: "denied",
    RegistrationStatus.UNKNOWN: "unknown",
    RegistrationStatus.REGISTERED_ROAMING: "roaming",
    RegistrationStatus.REGISTERED_SMS_ONLY_HOME: "registered",
    RegistrationStatus.REGISTERED_SMS_ONLY_ROAMING: "roaming",
    RegistrationStatus.EMERGENCY_ONLY: "not_registered",  # no SMS on an emergency bearer
    RegistrationStatus.REGISTERED_CSFB_NOT_PREFERRED_HOME: "registered",
    RegistrationStatus.REGISTERED_CSFB_NOT_PREFERRED_ROAMING: "roaming",
    RegistrationStatus.ATTACHED_RLOS: "not_registered",
}

# <AcT> (TS 27.007 §7.3): 0 GSM, 1 GSM Compact, 2 UTRAN, 3 GSM w/EGPRS, 4 UTRAN w/HSDPA,
# 5 UTRAN w/HSUPA, 6 UTRAN w/HSDPA and HSUPA, 7 E-UTRAN, 8 EC-GSM-IoT, 9 E-UTRAN (NB-S1),
# 10 E-UTRA connected to a 5GCN, 11 NR connected to a 5GCN, 12 NG-RAN, 13 E-UTRA-NR dual.
_TECHNOLOGY = {
    0: "gsm", 1: "gsm", 2: "umts", 3: "gsm", 4: "umts", 5: "umts", 6: "umts", 7: "lte",
    8: "gsm", 9: "nb-iot", 10: "lte", 11: "nr", 12: "nr", 13: "nr",
}  # fmt: skip


def registration_word(registration: Registration) -> str:
    """The vocabulary word for a registration report ("registered", "roaming", ...)."""
    return _REGISTRATION_WORDS.get(registration.status, "unknown")


def technology_word(act: int | None) -> str | None:
    """ "gsm", "umts", "lte", "nb-iot", "nr" for an <AcT>; None when unknown."""
    return None if act is None else _TECHNOLOGY.get(act)


@dataclass(frozen=True)
class ModemState:
    """One snapshot of a modem's state ("modem.state").

    `status`: "opening" (before the first init finished), "ready" (commands run, messages
    arrive), "lost" (the port vanished or the modem hung; it is being reopened), "closed".
    `reason`: why lost or not ready. `registration`: "registered", "roaming", "searching",
    "denied", "not_registered", "unknown" (None until known). `technology`: "gsm", "umts",
    "lte", "nb-iot", "nr". `version` grows by one per change, per Modem; `since` is when this
    snapshot began.
    """

    modem_id: str
    name: str | None
    port: str
    status: Status = "opening"
    reason: str | None = None
    registration: str | None = None
    technology: str | None = None
    signal_dbm: int | None = None
    signal_rssi: int | None = None
    operator: str | None = None
    imei: str | None = None
    imsi: str | None = None
    iccid: str | None = None
    own_number: str | None = None
    profile: str | None = None
    version: int = 0
    since: datetime = dataclasses.field(default_factory=lambda: datetime.now(UTC))

    type = ItemType.MODEM_STATE

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "modem_id": self.modem_id,
            "name": self.name,
            "port": self.port,
            "status": self.status,
            "ready": self.ready,
            "reason": self.reason,
            "registration": self.registration,
            "technology": self.technology,
            "signal_dbm": self.signal_dbm,
            "signal_rssi": self.signal_rssi,
            "operator": self.operator,
            "imei": self.imei,
            "imsi": self.imsi,
            "iccid": self.iccid,
            "own_number": self.own_number,
            "profile": self.profile,
            "version": self.version,
            "since": iso(self.since),
        }


class StateBoard:
    """Holds the latest ModemState; wakes waiters and watchers when it changes."""

    def __init__(self, initial: ModemState) -> None:
        self._state = initial
        self._changed = asyncio.Event()
        self._listeners: list[Callable[[ModemState], None]] = []

    @property
    def state(self) -> ModemState:
        return self._state

    def update(self, **changes: Any) -> ModemState | None:
        """Apply `changes`; the new snapshot, or None when nothing actually changed."""
        current = self._state
        if all(getattr(current, key) == value for key, value in changes.items()):
            return None
        new = dataclasses.replace(
            current, **changes, version=current.version + 1, since=datetime.now(UTC)
        )
        self._state = new
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        for listener in tuple(self._listeners):
            listener(new)
        return new

    def listen(self, listener: Callable[[ModemState], None]) -> Callable[[], None]:
        """Call `listener(state)` (from the changer: it must not wait) on every change;
        returns the function that stops it."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    async def wait(self, after: int, timeout: float | None = None) -> ModemState:
        """The first snapshot whose version is above `after` (TimeoutError after `timeout`)."""
        async with asyncio.timeout(timeout):
            while self._state.version <= after:
                await self._changed.wait()
        return self._state

    async def watch(self) -> AsyncIterator[ModemState]:
        """The current snapshot, then each newer one as the watcher gets to it."""
        seen = -1
        while True:
            state = self._state
            if state.version > seen:
                seen = state.version
                yield state
                continue
            await self._changed.wait()


def state_of_registrations(registrations: dict[str, Registration]) -> dict[str, Any]:
    """The ModemState fields for registration reports: the first of CREG (SMS over circuit
    switching), CEREG (LTE), CGREG that says registered or roaming, else the first known."""
    known = [registrations[k] for k in ("CREG", "CEREG", "CGREG", "C5GREG") if k in registrations]
    on = [r for r in known if registration_word(r) in ("registered", "roaming")]
    chosen = on[0] if on else known[0] if known else None
    if chosen is None:
        return {}
    changes: dict[str, Any] = {"registration": registration_word(chosen)}
    technology = technology_word(chosen.act)
    if technology is not None:
        changes["technology"] = technology
    return changes


class Readings:
    """Signal and registration reports (URCs, answers) merged into a board's state; the
    latest report per kind kept for `Modem.events()`'s RegistrationChanged."""

    def __init__(self, board: StateBoard) -> None:
        self.board = board
        self.registrations: dict[str, Registration] = {}
        self.last: dict[str, Registration] = {}  # the kind reported last, and its report

    def signal(self, signal: Signal) -> None:
        self.board.update(signal_rssi=signal.rssi, signal_dbm=signal.dbm)

    def registration(self, kind: str, registration: Registration) -> None:
        self.registrations[kind] = registration
        self.last = {kind: registration}
        self.board.update(**state_of_registrations(self.registrations))

    def merge(self, registrations: dict[str, Registration], **changes: Any) -> None:
        """Answers to AT+CREG? and the like, and other fields read with them."""
        self.registrations.update(registrations)
        self.board.update(**state_of_registrations(self.registrations), **changes)
