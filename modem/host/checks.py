"""The machine-wide checks of `modem doctor`, and the `Check` they all return.

Each check looks at one thing and says, in one line, what it found and what to do about it:
a stick still in storage (CD-ROM) mode that usb_modeswitch should have switched, a HiLink
stick that has no AT port, ModemManager running where it can take a modem's ports, power
brown-outs in the kernel log. The port checks (doctor.py) use `holders()` too.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modem.host.kernel import read_kernel_log
from modem.host.sysfs import Machine
from modem.profiles.devices import HILINK, storage_mode

__all__ = [
    "FAIL",
    "OK",
    "SKIP",
    "WARN",
    "Check",
    "holders",
    "running",
    "system_checks",
]

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: `status` ok/warn/fail/skip, about `subject` (a modem, a port, "system"),
    `message` what was found, `fix` what to do (None when nothing needs doing)."""

    name: str
    status: str
    subject: str
    message: str
    fix: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == FAIL

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "subject": self.subject,
            "message": self.message,
            "fix": self.fix,
        }


def system_checks(machine: Machine) -> list[Check]:
    """usb_modeswitch, HiLink, ModemManager and power, for the whole machine."""
    root = machine.root
    return [
        _modeswitch(machine),
        _hilink(machine),
        _modemmanager(machine),
        _power(machine, root),
    ]


def _modeswitch(machine: Machine) -> Check:
    waiting = [(d, storage_mode(d.vid, d.pid)) for d in machine.usb]
    waiting = [(d, targets) for d, targets in waiting if targets]
    if not waiting:
        return Check("usb_modeswitch", OK, "system", "no modem waiting in storage (CD-ROM) mode")
    device, targets = waiting[0]
    models = " or ".join(dict.fromkeys(t.model for t in targets))
    installed = _which(machine.root, "usb_modeswitch")
    if installed:
        fix = (
            "usb_modeswitch is installed but did not switch it: unplug and replug it; if it "
            f"stays, check /etc/usb_modeswitch.d/{device.usb_id} and the kernel log"
        )
    else:
        fix = "sudo apt install usb-modeswitch usb-modeswitch-data, then unplug and replug it"
    more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
    return Check(
        "usb_modeswitch",
        FAIL,
        "system",
        f"{device.usb_id} on USB {device.name} is in storage (CD-ROM) mode: it is a {models} "
        f"that has not been switched to its modem mode{more}",
        fix,
    )


def _hilink(machine: Machine) -> Check:
    sticks = [d for d in machine.usb if d.known is not None and d.known.kind == HILINK]
    if not sticks:
        return Check("hilink", OK, "system", "no HiLink stick (a modem without AT port)")
    stick = sticks[0]
    row = stick.known
    assert row is not None
    return Check(
        "hilink",
        FAIL,
        "system",
        f"{stick.usb_id} on USB {stick.name} is a {row.model}: it has no AT port",
        row.notes,
    )


def _modemmanager(machine: Machine) -> Check:
    if not running(machine.root, "ModemManager"):
        return Check("modemmanager", OK, "system", "ModemManager is not running")
    exposed = [
        p
        for p in machine.usb_ports
        if p.device is not None and p.role is not None and not p.mm_ignored
    ]
    if not exposed:
        return Check(
            "modemmanager",
            OK,
            "system",
            "ModemManager runs, and the known modems here are tagged for it to ignore",
        )
    names = ", ".join(p.name for p in exposed[:4])
    return Check(
        "modemmanager",
        WARN,
        "system",
        f"ModemManager runs and may probe and hold {names}",
        "keep it off these modems with the udev rules (sudo modem setup --install), or stop "
        "it: sudo systemctl disable --now ModemManager",
    )


def _power(machine: Machine, root: str) -> Check:
    log = read_kernel_log(root)
    modems = {d.name for d in machine.usb if d.known is not None or storage_mode(d.vid, d.pid)}
    modems |= {p.usb.name for p in machine.usb_ports if p.usb is not None}
    drops = {name: n for name, n in log.disconnects.items() if name in modems and n > 0}
    fix = (
        "use a 5 V 3 A supply for the Pi, or a powered USB hub for the modem; a short thick "
        "USB cable helps"
    )
    if log.undervoltage_now:
        return Check("power", FAIL, "system", "the Pi's supply voltage is too low now", fix)
    if log.readable and log.undervoltage:
        return Check(
            "power",
            FAIL,
            "system",
            f"{log.undervoltage} under-voltage event(s) in the kernel log since boot",
            fix,
        )
    if log.readable and drops:
        where = ", ".join(f"USB {name} {n}x" for name, n in sorted(drops.items()))
        return Check(
            "power",
            WARN,
            "system",
            f"modems dropped off the USB bus since boot ({where}): usually a power dip",
            fix,
        )
    if not log.readable:
        return Check("power", SKIP, "system", f"cannot read the kernel log ({log.reason})")
    return Check("power", OK, "system", "no under-voltage or modem disconnects since boot")


def running(root: str, comm: str) -> bool:
    """A process named `comm` runs (read from <root>/proc/<pid>/comm)."""
    return any(name == comm for _, name in _processes(root))


def holders(root: str, node: str) -> list[tuple[int, str]]:
    """(pid, name) of the processes that have `node` open, as far as /proc lets us see
    (another user's file descriptors are hidden unless we are root)."""
    target = os.path.realpath(node)
    out = []
    for pid, name in _processes(root):
        fd_dir = Path(root) / "proc" / str(pid) / "fd"
        try:
            fds = list(fd_dir.iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.path.realpath(fd) == target:
                    out.append((pid, name))
                    break
            except OSError:
                continue
    return out


def _processes(root: str) -> list[tuple[int, str]]:
    proc = Path(root) / "proc"
    out = []
    try:
        entries = list(proc.iterdir())
    except OSError:
        return out
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            out.append((int(entry.name), (entry / "comm").read_text().strip()))
        except OSError:
            continue
    return out


def _which(root: str, program: str) -> bool:
    if root in ("/", ""):
        return shutil.which(program, path=os.defpath + ":/usr/sbin:/sbin") is not None
    return any((Path(root) / d / program).exists() for d in ("usr/sbin", "sbin", "usr/bin"))
