"""`modem setup`: find the modems, learn what the starter configuration needs from each.

For every candidate (the AT port of each known modem plugged in, or the ports the user names)
the port is opened and asked: does it answer AT, who made it, what does the SIM want. A SIM
that wants its PIN gets the one the user gives (`--pin`, or asked for by the caller's
`ask_pin`), entered once and only while more than one attempt is left, so a typo costs a
try, never the SIM; a PIN the SIM refused is not written to the configuration. With the SIM
unlocked, the IMSI says which network it belongs to, and so which MMS settings to suggest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from modem.host.carriers import Carrier, carrier_for
from modem.host.probe import Probe
from modem.host.sysfs import Machine
from modem.host.unlock import unlock_command
from modem.profiles.devices import MODEM, Device

__all__ = ["Candidate", "Found", "PinAsker", "candidates", "detect", "usable"]

PinAsker = Callable[[str, int | None], str | None]  # (port, attempts left) -> PIN or None


@dataclass
class Found:
    """One modem setup looked at, and what goes into the configuration for it."""

    name: str  # its name in the configuration ("quectel0")
    port: str  # what the configuration names: the stable udev name, or the URL given
    opened: str  # what was opened to ask it (the device node, or the URL)
    device: Device | None = None
    usb_path: str | None = None  # "1-1.3": the USB socket
    answered: bool = False
    manufacturer: str | None = None
    model: str | None = None
    sim: str = "unknown"  # AT+CPIN? state after setup ("READY", "SIM PIN", "absent", ...)
    pin: str | None = None  # a PIN the SIM accepted
    imsi: str | None = None
    operator: str | None = None
    carrier: Carrier | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def profile(self) -> str:
        return self.device.profile if self.device and self.device.profile else "auto"


@dataclass(frozen=True, slots=True)
class Candidate:
    port: str
    opened: str
    device: Device | None = None
    usb_path: str | None = None


def candidates(machine: Machine, urls: list[str] | None = None) -> list[Candidate]:
    """The ports to set up: `urls` as given (a known port among them keeps its table row and
    stable name), else the AT port of every known modem and USB-serial bridge here."""
    if urls:
        out = []
        for url in urls:
            port = machine.port(url) if url.startswith("/") else None
            device = port.device if port is not None and port.role == "at" else None
            out.append(Candidate(url, url, device, port.usb.name if port and port.usb else None))
        return out
    return [
        Candidate(p.stable_name or p.node, p.node, p.device, p.usb.name if p.usb else None)
        for p in machine.usb_ports
        if p.role == "at" and p.device is not None
    ]


async def detect(
    chosen: list[Candidate],
    *,
    pin: str | None = None,
    ask_pin: PinAsker | None = None,
    timeout: float = 3.0,
) -> list[Found]:
    """Ask each candidate what the configuration needs (see the module docstring)."""
    names: dict[str, int] = {}
    out = []
    for candidate in chosen:
        stem = (candidate.device.profile if candidate.device else None) or "modem"
        names[stem] = names.get(stem, -1) + 1
        found = Found(
            f"{stem}{names[stem]}",
            candidate.port,
            candidate.opened,
            candidate.device,
            candidate.usb_path,
        )
        await _ask(found, pin=pin, ask_pin=ask_pin, timeout=timeout)
        out.append(found)
    return out


async def _ask(found: Found, *, pin: str | None, ask_pin: PinAsker | None, timeout: float) -> None:
    from modem.errors import ModemError

    try:
        probe = await Probe.open(found.opened, timeout=timeout)
    except ModemError as exc:
        found.problems.append(str(exc))
        return
    async with probe:
        found.answered = probe.answered
        if not probe.answered:
            found.problems.append(f"{found.opened} does not answer AT")
            return
        found.manufacturer = await probe.text("AT+CGMI")
        found.model = await probe.text("AT+CGMM")
        await _unlock(found, probe, pin, ask_pin)
        if found.sim == "READY":
            found.imsi = await _imsi(probe)
            found.carrier = carrier_for(found.imsi)
            operator = await probe.value("AT+COPS?", 2)
            found.operator = str(operator) if operator else None
            await _health(found, probe)


async def _health(found: Found, probe: Probe) -> None:
    """What would keep the modem from working even with a good configuration (doctor's
    checks): the answers become problems the output and the file's comments show."""
    from modem.host.doctor import registration_check, signal_check, storage_check

    for check in (signal_check, registration_check, storage_check):
        result = await check(found.name, probe)
        if result.status in ("fail", "warn"):
            fix = f" ({result.fix})" if result.fix else ""
            found.problems.append(result.message + fix)


async def _unlock(found: Found, probe: Probe, pin: str | None, ask_pin: PinAsker | None) -> None:
    sim = await probe.sim()
    found.sim = sim.state
    if sim.state == "absent":
        found.problems.append("no SIM card inserted")
    elif sim.state == "SIM PUK":
        found.problems.append(
            "the SIM is locked and wants its PUK: unlock it with the PUK from the SIM's card, "
            f"{unlock_command(found.opened)} (or in a phone)"
        )
    elif sim.state == "blocked":  # +CME ERROR 13: the PUK attempts are used up too
        found.problems.append("the SIM is blocked for good: ask the operator for a new SIM")
    if sim.state != "SIM PIN":
        return
    if sim.pin_attempts is not None and sim.pin_attempts <= 1:
        found.problems.append(
            "the SIM wants its PIN and has 1 attempt left: not trying one; check the PIN in a "
            "phone, then put it in the configuration"
        )
        return
    given = pin if pin is not None else ask_pin(found.opened, sim.pin_attempts) if ask_pin else None
    if not given:
        found.problems.append("the SIM wants its PIN: add it to the configuration (pin: ...)")
        return
    if not await probe.enter_pin(given):
        after = await probe.sim()
        left = f" ({after.pin_attempts} attempts left)" if after.pin_attempts is not None else ""
        found.sim = after.state
        found.problems.append(f"the SIM refused the PIN{left}; it is not written")
        return
    found.pin = given
    found.sim = (await probe.sim()).state


async def _imsi(probe: Probe) -> str | None:
    """AT+CIMI, retried briefly: right after a PIN many modems answer "SIM busy"."""
    for _ in range(10):
        imsi = await probe.text("AT+CIMI")
        if imsi and imsi.isdigit():
            return imsi
        await asyncio.sleep(0.3)
    return None


def usable(found: list[Found]) -> list[Found]:
    """The modems worth writing: those that answered, and known modems that did not (the
    table says what they are; a held or sleeping port is no reason to leave one out)."""
    return [f for f in found if f.answered or (f.device is not None and f.device.kind == MODEM)]
