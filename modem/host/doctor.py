"""`modem doctor`: one line per check, each with what to do, for the machine and each modem.

For a modem: its port exists, this user may open it (dialout), no other program holds it
(ModemManager, a second gateway), it answers AT, a SIM is in, the SIM is unlocked (a PIN is
entered only when the user gave one: a wrong guess costs one of three tries), the modem is
registered, the signal is usable, an SMSC is set, the message storage is not full. The
machine: see checks.py. Checks that cannot be made because an earlier one failed are
"skip", never guessed.
"""

from __future__ import annotations

import grp
import os
from dataclasses import dataclass

from modem.at import parse_params
from modem.at.info import csq_to_dbm
from modem.host.checks import FAIL, OK, SKIP, WARN, Check, holders, system_checks
from modem.host.probe import Probe, SimState
from modem.host.sysfs import Machine, scan
from modem.host.unlock import unlock_command

__all__ = ["Target", "diagnose", "registration_check", "signal_check", "storage_check"]

WEAK_RSSI = 9  # +CSQ 9 is -95 dBm: SMS gets unreliable below (27.007 §8.5 scale)


_PIN_HINT = "pass --pin to try one, and put it in the configuration (modems.<name>.pin)"


@dataclass(frozen=True, slots=True)
class Target:
    """A modem to check: `subject` names it in the output (the config's name, or the port)."""

    subject: str
    url: str
    pin: str | None = None
    smsc: str | None = None  # the SMSC the configuration sets, if any
    pin_hint: str = _PIN_HINT  # where the user gives the PIN


async def diagnose(
    targets: list[Target],
    *,
    root: str = "/",
    timeout: float = 3.0,
    machine: Machine | None = None,
) -> list[Check]:
    """Every check, machine first; targets in order."""
    machine = machine or scan(root)
    checks = system_checks(machine)
    if not targets:
        checks.append(
            Check(
                "modem",
                FAIL,
                "system",
                "no modem found: no configured modem, and no known modem's AT port here",
                "plug it in and see `modem ports --all`; pass --port for one the table does "
                "not know",
            )
        )
    for target in targets:
        checks += await check_modem(target, machine=machine, timeout=timeout)
    return checks


async def check_modem(target: Target, *, machine: Machine, timeout: float) -> list[Check]:
    """The checks of one modem, in order; after a failed port check the AT ones are skipped."""
    out: list[Check] = []
    if target.url.startswith("/"):
        port_checks = _port_checks(target, machine)
        out += port_checks
        if any(c.failed for c in port_checks):
            return out + _skipped(target, "the port cannot be used", at=True)
        if any(c.name == "holder" for c in port_checks):
            return out + _skipped(target, "the gateway service holds the port", at=True)
    from modem.errors import ModemError

    try:
        probe = await Probe.open(target.url, timeout=timeout)
    except ModemError as exc:
        return [*out, Check("at", FAIL, target.subject, str(exc)), *_skipped(target, "no port")]
    async with probe:
        if not probe.answered:
            return [
                *out,
                Check(
                    "at",
                    FAIL,
                    target.subject,
                    f"{_the_port(target)} does not answer AT",
                    "is this the modem's AT port? `modem ports` shows which interface is; a "
                    "modem that just booted may need a minute",
                ),
                *_skipped(target, "no answer to AT"),
            ]
        out.append(Check("at", OK, target.subject, f"{_the_port(target)} answers AT"))
        out += await _modem_checks(target, probe)
    return out


def _port_checks(target: Target, machine: Machine) -> list[Check]:
    path = target.url
    subject = target.subject
    if not os.path.exists(path):
        fix = "is the modem plugged in? `modem ports` lists the ports"
        if path.startswith("/dev/modem/"):
            fix = (
                "this stable name comes from the udev rules: install them (sudo modem setup "
                "--install), and check the modem is plugged into the same USB socket"
            )
        return [Check("port", FAIL, subject, f"{_the_port(target)} does not exist", fix)]
    out = [Check("port", OK, subject, f"{_the_port(target)} exists")]
    if not os.access(path, os.R_OK | os.W_OK):
        group = _group_of(path)
        return [
            *out,
            Check(
                "permission",
                FAIL,
                subject,
                f"this user cannot open the port (it belongs to group {group})",
                f"sudo usermod -aG {group} $USER, then log out and in again",
            ),
        ]
    out.append(Check("permission", OK, subject, "this user may open the port"))
    holder = _holder_check(subject, holders(machine.root, path))
    return out if holder is None else [*out, holder]


def _holder_check(subject: str, found: list[tuple[int, str]]) -> Check | None:
    """What another process holding the port means; None when nobody holds it."""
    if not found:
        return None
    pid, name = found[0]
    if name == "ModemManager":
        return Check(
            "holder",
            FAIL,
            subject,
            f"ModemManager (pid {pid}) holds the port",
            "keep it off this modem: sudo modem setup --install (udev rules), or sudo "
            "systemctl disable --now ModemManager",
        )
    if name == "modem":
        return Check(
            "holder",
            OK,
            subject,
            f"in use by a modem process (pid {pid}), likely the gateway service: the modem "
            "checks are left to it",
            "to check the modem itself: sudo systemctl stop modem, then run this again",
        )
    return Check(
        "holder", FAIL, subject, f"{name} (pid {pid}) holds the port", f"stop {name} first"
    )


def _the_port(target: Target) -> str:
    return "the port" if target.subject == target.url else f"port {target.url}"


def _group_of(path: str) -> str:
    try:
        return grp.getgrgid(os.stat(path).st_gid).gr_name
    except (OSError, KeyError):
        return "dialout"


async def _modem_checks(target: Target, probe: Probe) -> list[Check]:
    subject = target.subject
    sim = await probe.sim()
    out = [_sim_check(subject, sim)]
    if sim.state in ("absent", "blocked", "unknown"):
        out.append(Check("pin", SKIP, subject, "no SIM to unlock"))
    else:
        pin_check, sim = await _pin_check(target, probe, sim)
        out.append(pin_check)
    out.append(await signal_check(subject, probe))
    if not sim.ready:
        reason = "the SIM is not ready"
        return out + [Check(n, SKIP, subject, reason) for n in ("registration", "smsc", "storage")]
    out.append(await registration_check(subject, probe))
    out.append(await _smsc_check(target, probe))
    out.append(await storage_check(subject, probe))
    if probe.silent:
        out.append(
            Check(
                "at",
                FAIL,
                subject,
                "the modem stopped answering during the checks",
                "unplug and replug it (or power-cycle the board); a modem that hangs again and "
                "again is often short of power",
            )
        )
    return out


def _sim_check(subject: str, sim: SimState) -> Check:
    if sim.state == "absent":
        return Check(
            "sim",
            FAIL,
            subject,
            "no SIM card (the modem says none is inserted)",
            "power off, seat the SIM (contacts down, the cut corner as marked), power on",
        )
    if sim.state == "unknown":
        return Check("sim", FAIL, subject, "the modem does not say whether a SIM is in (AT+CPIN?)")
    if sim.state == "blocked":
        return Check(
            "sim",
            FAIL,
            subject,
            "the SIM is blocked for good (its PUK attempts are used up)",
            "ask the operator for a new SIM",
        )
    return Check("sim", OK, subject, "a SIM is inserted")


async def _pin_check(target: Target, probe: Probe, sim: SimState) -> tuple[Check, SimState]:
    subject = target.subject
    left = f" ({sim.pin_attempts} attempts left)" if sim.pin_attempts is not None else ""
    if sim.ready:
        return Check("pin", OK, subject, "the SIM is unlocked"), sim
    if sim.state == "SIM PIN":
        if target.pin is None:
            return Check(
                "pin",
                FAIL,
                subject,
                f"the SIM wants its PIN{left}",
                target.pin_hint,
            ), sim
        if sim.pin_attempts == 1:
            return Check(
                "pin",
                FAIL,
                subject,
                "the SIM wants its PIN and has 1 attempt left: not trying the given PIN",
                "check the PIN in a phone first; a wrong one now blocks the SIM (PUK)",
            ), sim
        if await probe.enter_pin(target.pin):
            return Check("pin", OK, subject, "the SIM took the PIN"), await probe.sim()
        after = await probe.sim()
        left = f" ({after.pin_attempts} attempts left)" if after.pin_attempts is not None else ""
        return Check(
            "pin", FAIL, subject, f"the SIM refused the PIN{left}", "correct the PIN"
        ), after
    if sim.state in ("SIM PUK", "SIM PUK2"):
        return Check(
            "pin",
            FAIL,
            subject,
            f"the SIM is locked and wants its PUK{left}",
            f"unlock it with the PUK from the SIM's card: {unlock_command(target.url)} (or in "
            "a phone; this program never enters a PUK)",
        ), sim
    return Check("pin", FAIL, subject, f"the SIM wants {sim.state}, which is not supported"), sim


async def signal_check(subject: str, probe: Probe) -> Check:
    rssi = await probe.value("AT+CSQ")
    if not isinstance(rssi, int):
        return Check("signal", WARN, subject, "the modem does not report its signal (AT+CSQ)")
    dbm = csq_to_dbm(rssi)
    fix = "check the antenna is connected (main port), or move it (a window, out of a metal case)"
    if dbm is None:
        return Check("signal", FAIL, subject, "no signal", fix)
    if rssi <= WEAK_RSSI:
        return Check("signal", WARN, subject, f"weak signal: {dbm} dBm (CSQ {rssi})", fix)
    return Check("signal", OK, subject, f"signal {dbm} dBm (CSQ {rssi})")


_REGISTRATION = {
    0: (FAIL, "not registered, and not searching", "AT+COPS=0 lets it pick a network"),
    2: (
        FAIL,
        "not registered: searching for a network",
        "check coverage for this SIM's operator and the modem's bands (2G/3G shut down?)",
    ),
    3: (
        FAIL,
        "registration denied by the network",
        "the SIM may not be activated, or is barred: ask the operator",
    ),
    4: (FAIL, "registration state unknown", None),
}


async def registration_check(subject: str, probe: Probe) -> Check:
    states: dict[str, int] = {}
    for command in ("AT+CREG?", "AT+CGREG?", "AT+CEREG?"):
        stat = await probe.value(command, 1)
        if isinstance(stat, int):
            states[command[3:-1]] = stat
    if not states:
        return Check("registration", WARN, subject, "the modem does not report registration")
    if any(s == 1 for s in states.values()):
        return Check("registration", OK, subject, "registered on its home network")
    if any(s == 5 for s in states.values()):
        return Check("registration", OK, subject, "registered, roaming")
    stat = min(states.values(), key=lambda s: (s != 3, s != 2, s))
    status, message, fix = _REGISTRATION.get(stat, (FAIL, f"registration state {stat}", None))
    return Check("registration", status, subject, message, fix)


async def _smsc_check(target: Target, probe: Probe) -> Check:
    response = await probe.ask("AT+CSCA?")
    if response is None:
        return Check("smsc", WARN, target.subject, "no answer to AT+CSCA?")
    values = parse_params(response.lines[0]) if response.ok and response.lines else ()
    number = values[0] if values else None
    if isinstance(number, str) and number.strip("+ "):
        return Check("smsc", OK, target.subject, f"SMSC {number}")
    if target.smsc:
        return Check("smsc", OK, target.subject, f"SMSC {target.smsc} (set by the configuration)")
    return Check(
        "smsc",
        FAIL,
        target.subject,
        "no SMSC set on the SIM: messages cannot be sent",
        "set modems.<name>.smsc to your operator's SMS centre number",
    )


async def storage_check(subject: str, probe: Probe) -> Check:
    response = await probe.ask("AT+CPMS?")
    values = parse_params(response.lines[0]) if response and response.ok and response.lines else ()
    storages = [
        (str(values[i]), values[i + 1], values[i + 2])
        for i in range(0, len(values) - 2, 3)
        if isinstance(values[i + 1], int) and isinstance(values[i + 2], int)
    ]
    if not storages:
        return Check("storage", WARN, subject, "the modem does not report its storage (AT+CPMS?)")
    fix = "delete messages already read: modem inbox, then modem inbox delete"
    full = [(n, u, t) for n, u, t in storages if t and u >= t]
    if full:
        name, used, total = full[0]
        return Check(
            "storage",
            FAIL,
            subject,
            f"message storage {name} is full ({used}/{total}): new messages wait at the network",
            fix,
        )
    name, used, total = max(storages, key=lambda s: s[1] / s[2] if s[2] else 0)
    if total and used >= 0.9 * total:
        return Check("storage", WARN, subject, f"message storage {name} is nearly full "
                     f"({used}/{total})", fix)  # fmt: skip
    return Check("storage", OK, subject, f"message storage {name}: {used}/{total} used")


def _skipped(target: Target, reason: str, *, at: bool = False) -> list[Check]:
    names = ("at",) * at + ("sim", "pin", "signal", "registration", "smsc", "storage")
    return [Check(name, SKIP, target.subject, reason) for name in names]
