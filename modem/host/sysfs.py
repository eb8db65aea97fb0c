"""The serial ports and USB devices of this machine, as the kernel and udev describe them.

Read from files only, under a root directory (normally "/"):

- /sys/class/tty/<name>: every tty; those with a `device` link are real ports (virtual
  consoles have none). Walking up from the tty's sysfs directory finds its USB interface
  (bInterfaceNumber, bInterfaceClass/SubClass/Protocol, driver) and its USB device (idVendor,
  idProduct, manufacturer, product, serial);
- /sys/bus/usb/devices: every USB device, also those without a tty (a stick still in storage
  mode, a HiLink stick that is a network card);
- /run/udev/data/c<major>:<minor>: what udev made of a port: ID_PATH, ID_MM_DEVICE_IGNORE and
  the symlinks it created (so the stable names the rules give can be checked). Without udev's
  database, ID_PATH is taken from the /dev/serial/by-path links where they exist.

Nothing here opens a port: listing is always safe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from modem.profiles.devices import Device, lookup

__all__ = ["Machine", "SerialPort", "UsbDevice", "scan"]


@dataclass(frozen=True, slots=True)
class UsbDevice:
    """A USB device (not an interface): its sysfs name ("1-1.3") and descriptors."""

    name: str
    vid: int
    pid: int
    manufacturer: str | None = None
    product: str | None = None
    serial: str | None = None
    mm_ignored: bool = False  # udev tagged it ID_MM_DEVICE_IGNORE

    @property
    def usb_id(self) -> str:
        return f"{self.vid:04x}:{self.pid:04x}"

    @property
    def known(self) -> Device | None:
        return lookup(self.vid, self.pid)


@dataclass(frozen=True, slots=True)
class SerialPort:
    """A tty with real hardware behind it, and what is known about it."""

    name: str  # "ttyUSB2"
    node: str  # the device node to open: <root>/dev/ttyUSB2
    usb: UsbDevice | None = None
    interface: int | None = None  # bInterfaceNumber
    klass: tuple[int, int, int] | None = None  # bInterfaceClass, SubClass, Protocol
    driver: str | None = None  # the interface's kernel driver (option, cdc_acm, ch341 ...)
    id_path: str | None = None  # udev's ID_PATH: the physical port
    links: tuple[str, ...] = ()  # the symlinks udev made, as absolute /dev/... paths
    mm_ignored: bool = False  # udev tagged the port (or its USB device) ID_MM_DEVICE_IGNORE

    @property
    def device(self) -> Device | None:
        """The table's row for this port's USB product, if the table knows it."""
        return lookup(self.usb.vid, self.usb.pid) if self.usb is not None else None

    @property
    def role(self) -> str | None:
        """What the table says this interface is for: "at", "data", or None."""
        device = self.device
        return device.role(self.interface, self.klass) if device is not None else None

    @property
    def stable_name(self) -> str | None:
        """/dev/modem/<ID_PATH>-at (or -data): the name the udev rules give this port."""
        from modem.udev import link_name

        role = self.role
        if role is None or self.id_path is None:
            return None
        return link_name(self.id_path, role)

    @property
    def linked(self) -> bool:
        """The stable name exists: the rules are installed and udev applied them."""
        return self.stable_name is not None and self.stable_name in self.links


@dataclass(frozen=True, slots=True)
class Machine:
    ports: tuple[SerialPort, ...] = ()
    usb: tuple[UsbDevice, ...] = ()
    udev_database: bool = False  # /run/udev/data exists (udev runs)
    root: str = "/"

    def port(self, node: str) -> SerialPort | None:
        """The port whose node (or a udev link to it) is `node`, symlinks resolved."""
        real = os.path.realpath(node)
        for port in self.ports:
            if os.path.realpath(port.node) == real or node in port.links:
                return port
        return None

    @property
    def usb_ports(self) -> tuple[SerialPort, ...]:
        return tuple(p for p in self.ports if p.usb is not None)


def scan(root: str | os.PathLike[str] = "/") -> Machine:
    """What sysfs and udev say about this machine's serial ports and USB devices."""
    base = Path(root)
    udev_db = base / "run/udev/data"
    by_path = _by_path_links(base)
    usb = {d.name: d for d in _usb_devices(base, udev_db)}
    ports = []
    tty_class = base / "sys/class/tty"
    for entry in sorted(tty_class.iterdir()) if tty_class.is_dir() else ():
        if not (entry / "device").exists():
            continue  # a virtual terminal, ptmx, console: no hardware
        ports.append(_port(base, entry, udev_db, by_path, usb))
    return Machine(
        ports=tuple(sorted(ports, key=_natural)),
        usb=tuple(usb.values()),
        udev_database=udev_db.is_dir(),
        root=str(root),
    )


def _natural(port: SerialPort) -> tuple[str, int]:
    head = port.name.rstrip("0123456789")
    tail = port.name[len(head) :]
    return head, int(tail) if tail else -1


def _port(
    base: Path, entry: Path, udev_db: Path, by_path: dict[str, str], usb: dict[str, UsbDevice]
) -> SerialPort:
    name = entry.name
    real = entry.resolve()
    interface_dir = _up(real, base, "bInterfaceNumber")
    device_dir = _up(real, base, "idVendor")
    env, links = _udev(udev_db, _read(real / "dev"))
    node = str(base / "dev" / name)
    id_path = env.get("ID_PATH") or by_path.get(os.path.realpath(node))
    usb_device = None
    if device_dir is not None:
        usb_device = usb.get(device_dir.name) or _usb_device(device_dir, udev_db)
    interface = klass = driver = None
    if interface_dir is not None:
        interface = _hex(_read(interface_dir / "bInterfaceNumber"))
        parts = [_hex(_read(interface_dir / f"bInterface{k}")) for k in _CLASS]
        klass = (parts[0], parts[1], parts[2]) if None not in parts else None  # type: ignore[assignment]
        driver_link = interface_dir / "driver"
        driver = driver_link.resolve().name if driver_link.exists() else None
    ignored = env.get("ID_MM_DEVICE_IGNORE") == "1" or (
        usb_device is not None and usb_device.mm_ignored
    )
    return SerialPort(
        name=name,
        node=node,
        usb=usb_device,
        interface=interface,
        klass=klass,
        driver=driver,
        id_path=id_path,
        links=links,
        mm_ignored=ignored,
    )


_CLASS = ("Class", "SubClass", "Protocol")


def _up(start: Path, base: Path, marker: str) -> Path | None:
    """The nearest directory at or above `start` (inside base/sys) holding `marker`."""
    stop = (base / "sys").resolve()
    here = start
    while here != stop and stop in here.parents:
        if (here / marker).is_file():
            return here
        here = here.parent
    return None


def _usb_devices(base: Path, udev_db: Path) -> list[UsbDevice]:
    devices = base / "sys/bus/usb/devices"
    out = []
    for entry in sorted(devices.iterdir()) if devices.is_dir() else ():
        if ":" in entry.name:
            continue  # an interface, not a device
        device = _usb_device(entry.resolve(), udev_db)
        if device is not None:
            out.append(device)
    return out


def _usb_device(directory: Path, udev_db: Path) -> UsbDevice | None:
    vid = _hex(_read(directory / "idVendor"))
    pid = _hex(_read(directory / "idProduct"))
    if vid is None or pid is None:
        return None
    env, _ = _udev(udev_db, _read(directory / "dev"))
    return UsbDevice(
        name=directory.name,
        vid=vid,
        pid=pid,
        manufacturer=_read(directory / "manufacturer"),
        product=_read(directory / "product"),
        serial=_read(directory / "serial"),
        mm_ignored=env.get("ID_MM_DEVICE_IGNORE") == "1",
    )


def _udev(udev_db: Path, dev: str | None) -> tuple[dict[str, str], tuple[str, ...]]:
    """udev's record of a device ("E:KEY=VALUE" properties, "S:link" symlinks) by its
    major:minor, or nothing."""
    if not dev:
        return {}, ()
    text = _read(udev_db / f"c{dev}", strip=False)
    env: dict[str, str] = {}
    links: list[str] = []
    for line in (text or "").splitlines():
        kind, _, value = line.partition(":")
        if kind == "E":
            key, _, val = value.partition("=")
            env[key] = val
        elif kind == "S":
            links.append("/dev/" + value)
    return env, tuple(links)


def _by_path_links(base: Path) -> dict[str, str]:
    """Device node (real path) -> ID_PATH, from 60-serial.rules' /dev/serial/by-path links
    ("<ID_PATH>" or, for usb-serial ports, "<ID_PATH>-port<N>")."""
    directory = base / "dev/serial/by-path"
    out: dict[str, str] = {}
    for link in directory.iterdir() if directory.is_dir() else ():
        name = link.name
        head, sep, tail = name.rpartition("-port")
        if sep and tail.isdigit():
            name = head
        out[os.path.realpath(link)] = name
    return out


def _read(path: Path, *, strip: bool = True) -> str | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return text.strip() if strip else text


def _hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None
