"""What a simulated modem remembers: its SIM, its SMS storages and the settings AT commands change.

Plain data with the few rules that belong to the data itself (PIN/PUK attempt counters per
TS 27.007 §8.3, storage slots and capacities per TS 27.005 §3.2.2, message <stat> per 27.005
§3.1). Everything here is reset or kept exactly as a real modem does: `Settings` goes back to
defaults on ATZ/AT&F and on reboot; the SIM and the storages survive both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum, IntEnum

from modem.sim.results import CmeError, CmsError


class Stat(IntEnum):
    """<stat> of a stored message, TS 27.005 §3.1 (PDU mode values; text mode strings below)."""

    REC_UNREAD = 0
    REC_READ = 1
    STO_UNSENT = 2
    STO_SENT = 3
    ALL = 4

    @property
    def text(self) -> str:
        return self.name.replace("_", " ")

    @classmethod
    def parse(cls, value: str, *, text_mode: bool) -> Stat:
        value = value.strip().strip('"').upper()
        if text_mode:
            for stat in cls:
                if stat.text == value:
                    return stat
            raise ValueError(value)
        return cls(int(value))


class SimStatus(Enum):
    """+CPIN: <code> values, TS 27.007 §8.3."""

    READY = "READY"
    SIM_PIN = "SIM PIN"
    SIM_PUK = "SIM PUK"
    ABSENT = "ABSENT"  # no +CPIN code: the command fails with CME 10
    BLOCKED = "BLOCKED"  # PUK attempts used up: CME 13, SIM failure


@dataclass
class SimCard:
    """A SIM: identity, operator and the PIN/PUK state machine of 27.007 §8.3."""

    imsi: str
    iccid: str
    operator: str = "SimNet"
    mcc_mnc: str = "00101"
    pin: str | None = None  # None: PIN check disabled
    puk: str = "12345678"
    inserted: bool = True
    pin_attempts: int = 3
    puk_attempts: int = 10
    status: SimStatus = SimStatus.READY
    # EF SMSS "memory capacity exceeded" flag (TS 31.102 §4.2.9): a message was refused for
    # want of room; on the SIM, so it survives power cycles until RP-SMMA is sent.
    memory_exceeded: bool = False

    def power_on(self) -> None:
        """A SIM with a PIN asks for it again at every power-on."""
        if not self.inserted:
            self.status = SimStatus.ABSENT
        elif self.status in (SimStatus.SIM_PUK, SimStatus.BLOCKED):
            pass
        elif self.pin is not None:
            self.status = SimStatus.SIM_PIN
        else:
            self.status = SimStatus.READY

    def require_ready(self) -> None:
        """Raise the +CME ERROR a command needing the SIM gets (10, 11, 12 or 13)."""
        codes = {
            SimStatus.ABSENT: 10,
            SimStatus.SIM_PIN: 11,
            SimStatus.SIM_PUK: 12,
            SimStatus.BLOCKED: 13,
        }
        if self.status in codes:
            raise CmeError(codes[self.status])

    def enter(self, code: str, new_pin: str | None = None) -> None:
        """AT+CPIN=<pin>[,<newpin>]: PIN in SIM PIN state, PUK and new PIN in SIM PUK state."""
        if self.status is SimStatus.READY:
            raise CmeError(3)  # no code is pending: operation not allowed
        if self.status is SimStatus.SIM_PIN:
            if code == self.pin:
                self.status = SimStatus.READY
                self.pin_attempts = 3
                return
            self.pin_attempts -= 1
            if self.pin_attempts <= 0:
                self.status = SimStatus.SIM_PUK
            raise CmeError(16)
        if self.status is SimStatus.SIM_PUK:
            if new_pin is None:
                raise CmeError(12)
            if code == self.puk:
                self.pin = new_pin
                self.pin_attempts, self.puk_attempts = 3, 10
                self.status = SimStatus.READY
                return
            self.puk_attempts -= 1
            if self.puk_attempts <= 0:
                self.status = SimStatus.BLOCKED
            raise CmeError(16)
        self.require_ready()


@dataclass
class StoredMessage:
    """One slot of a storage: its <stat> and the PDU as the modem prints it (SMSC included)."""

    stat: Stat
    pdu: bytes


@dataclass
class Storage:
    """An SMS storage ("SM", "ME", "SR") with a capacity and indexes from `base` (0 or 1)."""

    name: str
    capacity: int
    base: int = 1
    slots: dict[int, StoredMessage] = field(default_factory=dict)

    @property
    def used(self) -> int:
        return len(self.slots)

    def valid(self, index: int) -> bool:
        return self.base <= index < self.base + self.capacity

    def store(self, message: StoredMessage) -> int:
        """Put a message in the lowest free slot; +CMS ERROR 322 (memory full) if none is."""
        for index in range(self.base, self.base + self.capacity):
            if index not in self.slots:
                self.slots[index] = message
                return index
        raise CmsError(322)

    def get(self, index: int) -> StoredMessage | None:
        if not self.valid(index):
            raise CmsError(321)
        return self.slots.get(index)

    def delete(self, index: int) -> None:
        if not self.valid(index):
            raise CmsError(321)
        self.slots.pop(index, None)

    def __iter__(self) -> Iterator[tuple[int, StoredMessage]]:
        return iter(sorted(self.slots.items()))


@dataclass
class Settings:
    """Values AT commands set; ATZ, AT&F and a reboot bring them back to these defaults."""

    echo: bool = True  # V.250 E: factory default is echo on
    verbose: bool = True  # V.250 V1: text results
    quiet: bool = False  # V.250 Q0
    cmee: int = 0  # 27.007 §9.1
    cmgf: int = 0  # 27.005 §3.2.3: PDU mode
    cscs: str = "IRA"  # 27.007 §5.5
    csdh: int = 0  # 27.005 §3.3.3
    csms: int = 0  # 27.005 §3.2.1: <service>
    cnmi: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # 27.005 §3.4.1
    csmp: tuple[int, int, int, int] = (17, 167, 0, 0)  # 27.005 §3.3.2: fo, vp, pid, dcs
    mems: tuple[str, str, str] = ("SM", "SM", "SM")  # 27.005 §3.2.2: mem1, mem2, mem3
    creg: int = 0  # 27.007 §7.2
    cgreg: int = 0  # 27.007 §10.1.20
    cereg: int = 0  # 27.007 §10.1.22
    cops_format: int = 0  # 27.007 §7.3
    cusd: int = 0  # 27.007 §7.15
    cmms: int = 0  # 27.005 §3.5.6
    clip: int = 0
    crc: int = 0
    cvhu: int = 0
