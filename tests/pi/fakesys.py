"""A fake machine for the Pi tests: real files and symlinks under a temporary root, laid out as
the kernel's sysfs, udev's database, /dev and /proc lay them out on a Raspberry Pi 4.

    machine = FakeMachine(tmp_path)
    stick = machine.usb_device("1-1.3", 0x2C7C, 0x0125, product="EC25")
    machine.tty(stick, 2, "ttyUSB2", minor=2)                 # interface 2: the AT port
    scan(tmp_path)                                            # modem.host.sysfs reads it

A tty's device node (<root>/dev/ttyUSB2) is an empty file, or a symlink to a simulated
modem's pty when `node_target` is given, so the commands that open it talk to the simulator.
"""

from __future__ import annotations

import os
from pathlib import Path

# The USB host controller of a Raspberry Pi 4 (VL805 on PCIe), as sysfs and path_id name it.
BUS = "platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1"
PATH_PREFIX = "platform-fd500000.pcie-pci-0000:01:00.0-usb-0:"


class FakeMachine:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._usb_minor = 0
        for d in ("sys/class/tty", "sys/bus/usb/devices", "run/udev/data", "dev", "proc"):
            (root / d).mkdir(parents=True, exist_ok=True)

    def usb_device(
        self,
        name: str,
        vid: int,
        pid: int,
        *,
        manufacturer: str | None = None,
        product: str | None = None,
        serial: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Path:
        """A USB device at sysfs name `name` ("1-1.3": bus 1, hub port 1, port 3)."""
        directory = self.root / "sys/devices" / BUS / "1-1" / name
        directory.mkdir(parents=True, exist_ok=True)
        self._usb_minor += 1
        files = {
            "idVendor": f"{vid:04x}",
            "idProduct": f"{pid:04x}",
            "dev": f"189:{self._usb_minor}",
            "manufacturer": manufacturer,
            "product": product,
            "serial": serial,
        }
        for key, value in files.items():
            if value is not None:
                (directory / key).write_text(value + "\n")
        _link(self.root / "sys/bus/usb/devices" / name, directory)
        if env:
            self._udev(f"189:{self._usb_minor}", env, ())
        return directory

    def tty(
        self,
        usb: Path,
        interface: int,
        name: str,
        *,
        minor: int = 0,
        klass: tuple[int, int, int] = (0xFF, 0xFF, 0xFF),
        driver: str = "option",
        env: dict[str, str] | None = None,
        links: tuple[str, ...] = (),
        id_path: str | None = "auto",
        node_target: str | None = None,
    ) -> Path:
        """A tty on interface `interface` of `usb`; udev's record with ID_PATH (derived from
        the USB name unless given; None: no udev record) and `links` (relative to /dev)."""
        iface = usb / f"{usb.name}:1.{interface}"
        iface.mkdir(exist_ok=True)
        for key, value in zip(("Number", "Class", "SubClass", "Protocol"),
                              (interface, *klass), strict=True):  # fmt: skip
            (iface / f"bInterface{key}").write_text(f"{value:02x}\n")
        drivers = self.root / "sys/bus/usb/drivers" / driver
        drivers.mkdir(parents=True, exist_ok=True)
        _link(iface / "driver", drivers)
        acm = name.startswith("ttyACM")
        holder = iface if acm else iface / name
        major = 166 if acm else 188
        tty_dir = holder / "tty" / name
        tty_dir.mkdir(parents=True, exist_ok=True)
        (tty_dir / "dev").write_text(f"{major}:{minor}\n")
        _link(tty_dir / "device", holder)
        _link(self.root / "sys/class/tty" / name, tty_dir)
        self.node(name, node_target)
        if id_path == "auto":
            id_path = PATH_PREFIX + usb.name.split("-", 1)[1] + f":1.{interface}"
        if id_path is not None:
            self._udev(f"{major}:{minor}", {"ID_PATH": id_path, **(env or {})}, links)
        return tty_dir

    def platform_tty(self, name: str, device: str = "fe201000.serial") -> Path:
        """A UART with no USB behind it (the Pi's ttyAMA0)."""
        tty_dir = self.root / "sys/devices/platform/soc" / device / "tty" / name
        tty_dir.mkdir(parents=True, exist_ok=True)
        (tty_dir / "dev").write_text("204:64\n")
        _link(tty_dir / "device", tty_dir.parent.parent)
        _link(self.root / "sys/class/tty" / name, tty_dir)
        self.node(name, None)
        return tty_dir

    def virtual_tty(self, name: str) -> None:
        tty_dir = self.root / "sys/devices/virtual/tty" / name
        tty_dir.mkdir(parents=True, exist_ok=True)
        (tty_dir / "dev").write_text("4:1\n")
        _link(self.root / "sys/class/tty" / name, tty_dir)

    def node(self, name: str, target: str | None) -> Path:
        node = self.root / "dev" / name
        if node.is_symlink() or node.exists():
            node.unlink()
        if target is None:
            node.write_text("")
        else:
            node.symlink_to(target)
        return node

    def process(self, pid: int, comm: str, *open_files: Path) -> None:
        """A process in <root>/proc named `comm` holding `open_files` open."""
        proc = self.root / "proc" / str(pid)
        (proc / "fd").mkdir(parents=True, exist_ok=True)
        (proc / "comm").write_text(comm + "\n")
        for fd, path in enumerate(open_files, 3):
            (proc / "fd" / str(fd)).symlink_to(path)

    def kernel_log(self, *messages: str) -> None:
        """A saved /dev/kmsg: one record per message (with a continuation line each)."""
        records = [
            f"6,{seq},{seq * 1000},-;{text}\n SUBSYSTEM=usb\n" for seq, text in enumerate(messages)
        ]
        (self.root / "dev/kmsg").write_text("".join(records))

    def _udev(self, dev: str, env: dict[str, str], links: tuple[str, ...]) -> None:
        lines = [f"S:{link}" for link in links] + [f"E:{k}={v}" for k, v in env.items()]
        (self.root / "run/udev/data" / f"c{dev}").write_text("\n".join(lines) + "\n")


def _link(link: Path, target: Path) -> None:
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(target, link.parent))
