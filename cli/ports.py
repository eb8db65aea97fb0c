"""`modem ports`: the serial ports of this machine, which modem each belongs to, which is AT.

A USB modem shows up as several ttys (AT, PPP/data, diagnostics, GPS, a second AT port). The
table of known modems (modem/profiles/devices.py) says which interface is which; sysfs and
udev's database say what is plugged in (modem/host/sysfs.py), including the stable name the
udev rules give the port (/dev/modem/<ID_PATH>-at) and whether it exists yet.

Probing writes "AT\\r" and waits for OK. By default only the AT ports of known modems are
probed (the table says they are AT ports, so nothing else is written to); `--probe` probes
every port listed (opening a USB-serial port toggles DTR, which resets an Arduino behind a
CH340: hence not by default), `--no-probe` none. `--udev` prints udev rules for the modems
plugged in now (`--udev --all`: for every modem in the table, the file udev/ ships). Without
sysfs (not Linux), pyserial's port list is used instead.
"""

from __future__ import annotations

import json
from typing import Any

import click

from modem.vocabulary import ItemType

__all__ = ["ports"]


@click.command()
@click.option("--probe", "probe_all", is_flag=True, help="Write AT to every port listed.")
@click.option("--no-probe", is_flag=True, help="Write to no port at all.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Probe seconds.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--all", "show_all", is_flag=True, help="Also ports without USB ids (ttyS*, ttyAMA*)."
)
@click.option(
    "--udev",
    is_flag=True,
    help="Print udev rules for the modems plugged in now (with --all: every known modem).",
)
@click.option(
    "--keep-modemmanager",
    is_flag=True,
    help="With --udev: leave out the lines that keep ModemManager off the modems.",
)
@click.option("--root", default="/", hidden=True, help="Read sysfs, /dev and /run under here.")
def ports(
    probe_all: bool,
    no_probe: bool,
    timeout: float,
    as_json: bool,
    show_all: bool,
    udev: bool,
    keep_modemmanager: bool,
    root: str,
) -> None:
    """List serial ports: USB ids, which modem, which port is AT, its stable name."""
    if probe_all and no_probe:
        raise click.UsageError("--probe and --no-probe contradict each other")
    machine = _machine(root)
    if udev:
        _print_udev(machine, keep_modemmanager, every=show_all)
        return
    found = [p for p in machine.ports if show_all or p.usb is not None]
    results: dict[str, tuple[bool, str | None]] = {}
    chosen = [] if no_probe else [p for p in found if probe_all or _safe_to_probe(p)]
    if chosen:
        results = _probe(chosen, timeout)
    if as_json:
        for found_port in found:  # JSON lines: one "serial.port" object per port
            click.echo(json.dumps(_to_json(found_port, results.get(found_port.node))))
        return
    _print(machine, found, results, show_all)


def _machine(root: str) -> Any:
    from pathlib import Path

    from modem.host.sysfs import scan

    if Path(root, "sys/class/tty").is_dir() or Path(root).resolve() != Path("/"):
        return scan(root)
    return _from_pyserial()


def _from_pyserial() -> Any:
    """Where there is no sysfs (macOS, Windows): pyserial's list, interface from location."""
    from serial.tools import list_ports

    from modem.host.sysfs import Machine, SerialPort, UsbDevice

    out = []
    for port in list_ports.comports():
        usb = None
        if port.vid is not None:
            usb = UsbDevice(
                "", port.vid, port.pid, port.manufacturer, port.product, port.serial_number
            )
        _, _, tail = (getattr(port, "location", None) or "").partition(":")
        number = tail.split(".")[1] if tail.count(".") >= 1 else ""
        interface = int(number) if number.isdigit() else None
        out.append(SerialPort(port.name or port.device, port.device, usb, interface))
    return Machine(ports=tuple(out), usb=tuple(p.usb for p in out if p.usb is not None))


def _safe_to_probe(port: Any) -> bool:
    from modem.profiles.devices import MODEM

    device = port.device
    return device is not None and device.kind == MODEM and port.role == "at"


def _probe(chosen: list[Any], timeout: float) -> dict[str, tuple[bool, str | None]]:
    import asyncio

    from modem.host.probe import probe_port

    async def run() -> list[tuple[bool, str | None]]:
        return await asyncio.gather(*(probe_port(p.node, timeout) for p in chosen))

    return {p.node: r for p, r in zip(chosen, asyncio.run(run()), strict=True)}


def _to_json(port: Any, result: tuple[bool, str | None] | None) -> dict[str, Any]:
    device = port.device
    usb = port.usb
    return {
        "type": ItemType.SERIAL_PORT.value,
        "device": port.node,
        "name": port.name,
        "usb_id": usb.usb_id if usb else None,
        "vid": usb.vid if usb else None,
        "pid": usb.pid if usb else None,
        "usb_path": usb.name if usb and usb.name else None,
        "interface": port.interface,
        "interface_class": "/".join(f"{v:02x}" for v in port.klass) if port.klass else None,
        "driver": port.driver,
        "manufacturer": usb.manufacturer if usb else None,
        "product": usb.product if usb else None,
        "serial_number": usb.serial if usb else None,
        "model": device.model if device else None,
        "profile": device.profile if device else None,
        "kind": device.kind if device else None,
        "role": port.role,
        "at_port": str(device.at) if device and device.at else None,
        "at_interface": device.at.number if device and device.at else None,
        "likely_at": None if device is None or device.at is None else port.role == "at",
        "id_path": port.id_path,
        "stable_name": port.stable_name,
        "linked": port.linked,
        "modemmanager_ignored": port.mm_ignored,
        "answers_at": result[0] if result else None,
        "probe_error": result[1] if result else None,
    }


def _print(machine: Any, found: list[Any], results: dict[str, Any], show_all: bool) -> None:
    from modem.host.checks import running

    if running(machine.root, "ModemManager"):
        click.echo(
            "note: ModemManager is running and may hold modem ports; `modem ports --udev` "
            "prints rules that keep it off them",
            err=True,
        )
    if not found:
        hint = "" if show_all else " (--all shows built-in ttyS/ttyAMA ports too)"
        click.echo(f"no USB serial ports found on this machine{hint}")
    for port in found:
        click.echo(_line(port, results.get(port.node)))
        if port.stable_name:
            state = "exists" if port.linked else "not yet: install the udev rules"
            click.echo(f"{'':10}stable name {port.stable_name} ({state})")
    for note in _usb_notes(machine):
        click.echo(f"note: {note}")


def _line(port: Any, result: tuple[bool, str | None] | None) -> str:
    usb = port.usb
    iface = f" if{port.interface:02d}" if port.interface is not None else ""
    usb_id = usb.usb_id if usb else "-"
    notes = _role_notes(port)
    if result is not None:
        answered, error = result
        if error:
            notes.append(f"cannot open: {error}")
        else:
            notes.append("answers AT" if answered else "no answer to AT")
    note = f"  [{', '.join(notes)}]" if notes else ""
    return f"{port.node:16} {usb_id:9}{iface:5} {_what(port)}{note}"


def _what(port: Any) -> str:
    if port.device is not None:
        return port.device.model
    if port.usb is None:
        return "built-in serial port"
    names = " ".join(x for x in (port.usb.manufacturer, port.usb.product) if x)
    return f"{names or 'unknown device'} (not a modem this program knows)"


def _role_notes(port: Any) -> list[str]:
    if port.role == "at":
        return ["AT port"]
    if port.role == "data":
        return ["data/PPP port"]
    if port.device is not None and port.device.at is not None:
        return [f"not the AT port ({port.device.at})"]
    return []


def _usb_notes(machine: Any) -> list[str]:
    from modem.profiles.devices import HILINK, storage_mode

    out = []
    for device in machine.usb:
        targets = storage_mode(device.vid, device.pid)
        if targets:
            becomes = " or ".join(dict.fromkeys(t.model for t in targets))
            out.append(
                f"{device.usb_id} on USB {device.name} is a modem still in storage (CD-ROM) "
                f"mode (it becomes a {becomes}): install usb-modeswitch; `modem doctor` says more"
            )
        known = device.known
        if known is not None and known.kind == HILINK:
            out.append(f"{device.usb_id} on USB {device.name}: {known.model}. {known.notes}")
    return out


def _print_udev(machine: Any, keep_modemmanager: bool, *, every: bool) -> None:
    """Rules for the modems plugged in now, bridges pinned to their USB socket; with
    `every`, for every modem in the table (the file udev/ ships)."""
    from cli.main import Failure
    from modem.profiles.devices import BRIDGE
    from modem.udev import render

    if every:
        click.echo(render(keep_modemmanager=keep_modemmanager), nl=False)
        return

    present = {}
    pinned: dict[tuple[int, int], list[str]] = {}
    for port in machine.usb_ports:
        device = port.device
        if device is None or device.at is None or port.role != "at":
            continue
        present[(device.vid, device.pid)] = device
        if device.kind == BRIDGE and port.id_path:
            pinned.setdefault((device.vid, device.pid), []).append(port.id_path)
    if not present:
        raise Failure(
            "no modem this program knows is plugged in: nothing to write rules for "
            "(`modem ports --all` lists every port)"
        )
    click.echo(
        render(
            present.values(),
            pinned={k: tuple(v) for k, v in pinned.items()},
            keep_modemmanager=keep_modemmanager,
        ),
        nl=False,
    )
