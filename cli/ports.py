"""`modem ports`: the serial ports of this machine, which modem each belongs to, which answers AT.

A USB modem shows up as several ttys (AT, PPP/data, diagnostics, GPS, a second AT port); the
one to use is the interface the vendor profile names (ModemManager's udev rules encode the
same facts), confirmed by probing: "AT\\r" written, "OK" looked for, within `--timeout`.
Probing writes to every port listed: `--no-probe` skips it (a port some other program owns, or
a device that is not a modem at all). `serial` is imported only when the command runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import click


@dataclass
class PortInfo:
    device: str
    vid: int | None
    pid: int | None
    interface: int | None
    manufacturer: str | None
    product: str | None
    serial_number: str | None
    profile: str | None  # the vendor profile the USB ids point to
    model: str | None  # the product the profile knows for these ids
    at_interface: int | None  # the AT port's interface number, where the profile knows it
    likely_at: bool | None  # this is that interface
    answers_at: bool | None = None  # probed; None when not probed
    probe_error: str | None = None  # why the probe could not open it ("in use by another ...")

    @property
    def usb_id(self) -> str | None:
        return f"{self.vid:04x}:{self.pid:04x}" if self.vid is not None else None


def _interface_of(port: Any) -> int | None:
    """bInterfaceNumber from pyserial's location "1-1.2:1.3" (config 1, interface 3)."""
    location = getattr(port, "location", None) or ""
    _, _, tail = location.partition(":")
    if "." in tail:
        try:
            return int(tail.split(".")[1])
        except ValueError:
            return None
    return None


def describe(ports: list[Any]) -> list[PortInfo]:
    """What each of pyserial's ListPortInfo says, with a vendor profile's guess added."""
    from modem.profiles import GENERIC, select

    out = []
    for port in sorted(ports, key=lambda p: p.device):
        vid, pid = port.vid, port.pid
        profile = select(usb=(vid, pid)) if vid is not None else None
        known = profile is not None and profile is not GENERIC
        at_interface = profile.at_interface(vid, pid) if known else None
        model = None
        if known:
            model = next((u.model for u in profile.usb if u.vid == vid and u.pid == pid), None)
        interface = _interface_of(port)
        out.append(
            PortInfo(
                device=port.device,
                vid=vid,
                pid=pid,
                interface=interface,
                manufacturer=port.manufacturer,
                product=port.product,
                serial_number=port.serial_number,
                profile=profile.name if known else None,
                model=model,
                at_interface=at_interface,
                likely_at=None if at_interface is None else interface == at_interface,
            )
        )
    return out


async def probe(device: str, timeout: float) -> bool:
    """True when `device` answers "AT" with OK within `timeout` seconds."""
    return (await probe_port(device, timeout))[0]


async def probe_port(device: str, timeout: float) -> tuple[bool, str | None]:
    """(answers AT, why it could not be opened): a port another program holds (a running
    `modem listen`, ModemManager) is told apart from one that is silent."""
    from modem.errors import ModemError
    from modem.transport import open_transport

    try:
        transport = await open_transport(device, trace=False)
    except ModemError as exc:
        reason = str(exc)
        return False, reason.split("cannot open (", 1)[-1].removesuffix(")") or None
    return await _answers(transport, timeout), None


async def _answers(transport: Any, timeout: float) -> bool:
    import asyncio

    from modem.errors import ModemError

    try:
        await transport.write(b"AT\r")
        seen = b""
        async with asyncio.timeout(timeout):
            while b"OK" not in seen:
                data = await transport.read()
                if not data:
                    return False
                seen = (seen + data)[-256:]
        return True
    except (TimeoutError, ModemError):
        return False
    finally:
        await transport.close()


async def probe_all(infos: list[PortInfo], timeout: float) -> None:
    import asyncio

    results = await asyncio.gather(*(probe_port(i.device, timeout) for i in infos))
    for info, (answered, error) in zip(infos, results, strict=True):
        info.answers_at = answered
        info.probe_error = error


@click.command()
@click.option("--no-probe", is_flag=True, help="Do not write AT to the ports.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Probe seconds.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all", "show_all", is_flag=True, help="Also ports without USB ids (ttyS*).")
def ports(no_probe: bool, timeout: float, as_json: bool, show_all: bool) -> None:
    """List serial ports: USB ids, vendor and model guess, which one answers AT."""
    import asyncio

    from serial.tools import list_ports

    found = describe(list(list_ports.comports()))
    if not show_all:
        found = [p for p in found if p.vid is not None]
    if found and not no_probe:
        asyncio.run(probe_all(found, timeout))
    if as_json:
        click.echo(json.dumps([asdict(p) | {"usb_id": p.usb_id} for p in found]))
        return
    from modem.transport import modemmanager_hint

    hint = modemmanager_hint()
    if hint:
        click.echo(f"note: {hint[2:]}", err=True)
    if not found:
        hint = "" if show_all else " (--all shows built-in ttyS ports too)"
        click.echo(f"no USB serial ports found on this machine{hint}")
        return
    for p in found:
        guess = " ".join(x for x in (p.profile, p.model) if x) or "unknown vendor"
        iface = f" if{p.interface:02d}" if p.interface is not None else ""
        names = " ".join(x for x in (p.manufacturer, p.product) if x)
        notes = []
        if p.likely_at:
            notes.append("the vendor's AT interface")
        if p.probe_error is not None:
            notes.append(f"cannot open: {p.probe_error}")
        elif p.answers_at is not None:
            notes.append("answers AT" if p.answers_at else "no answer to AT")
        note = f"  [{', '.join(notes)}]" if notes else ""
        click.echo(f"{p.device:24} {p.usb_id or '-':9}{iface:5} {guess} ({names or '-'}){note}")
