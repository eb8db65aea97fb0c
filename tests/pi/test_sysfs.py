"""modem/host/sysfs.py and kernel.py over a fake machine: real files laid out as on a Pi 4."""

from __future__ import annotations

from pathlib import Path

from modem.host.kernel import read_kernel_log
from modem.host.sysfs import scan

from .fakesys import PATH_PREFIX, FakeMachine


def test_ports_their_modem_role_and_stable_name(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    ec25 = machine.usb_device("1-1.3", 0x2C7C, 0x0125, manufacturer="Quectel", product="EC25")
    for number in range(4):
        links = (f"modem/{PATH_PREFIX}1.3:1.2-at",) if number == 2 else ()
        machine.tty(ec25, number, f"ttyUSB{number}", minor=number, links=links,
                    env={"ID_MM_DEVICE_IGNORE": "1"} if number == 2 else None)  # fmt: skip
    machine.platform_tty("ttyAMA0")
    machine.virtual_tty("tty1")
    found = scan(tmp_path)
    names = [p.name for p in found.ports]
    assert names == ["ttyAMA0", "ttyUSB0", "ttyUSB1", "ttyUSB2", "ttyUSB3"]  # no tty1
    at = found.ports[3]
    assert at.usb is not None and at.usb.usb_id == "2c7c:0125" and at.usb.product == "EC25"
    assert (at.interface, at.klass, at.driver) == (2, (0xFF, 0xFF, 0xFF), "option")
    assert at.role == "at" and at.device is not None and at.device.profile == "quectel"
    assert at.id_path == f"{PATH_PREFIX}1.3:1.2"
    assert at.stable_name == f"/dev/modem/{PATH_PREFIX}1.3:1.2-at" and at.linked
    assert at.mm_ignored and not found.ports[1].mm_ignored
    data = found.ports[4]
    assert data.role == "data" and data.stable_name.endswith(":1.3-data") and not data.linked
    assert found.ports[1].role is None and found.ports[1].stable_name is None
    assert found.ports[0].usb is None and found.ports[0].role is None  # the Pi's UART
    assert found.port(str(tmp_path / "dev/ttyUSB2")) is at
    assert found.port(at.stable_name) is at  # by the link udev made
    assert found.udev_database


def test_huawei_ports_are_told_apart_by_interface_class(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    stick = machine.usb_device("1-1.2", 0x12D1, 0x1506)
    machine.tty(stick, 0, "ttyUSB0", minor=0, klass=(0xFF, 0x02, 0x01))
    machine.tty(stick, 1, "ttyUSB1", minor=1, klass=(0xFF, 0x02, 0x02))
    machine.tty(stick, 2, "ttyUSB2", minor=2, klass=(0xFF, 0x02, 0x12))
    roles = [p.role for p in scan(tmp_path).ports]
    assert roles == ["data", "at", None]


def test_without_udevs_database_id_path_comes_from_by_path_links(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    sim7600 = machine.usb_device("1-1.4", 0x1E0E, 0x9001)
    machine.tty(sim7600, 2, "ttyUSB2", minor=2, id_path=None)
    by_path = tmp_path / "dev/serial/by-path"
    by_path.mkdir(parents=True)
    (by_path / f"{PATH_PREFIX}1.4:1.2-port0").symlink_to("../../ttyUSB2")
    port = scan(tmp_path).ports[0]
    assert port.id_path == f"{PATH_PREFIX}1.4:1.2"
    assert port.stable_name == f"/dev/modem/{PATH_PREFIX}1.4:1.2-at"


def test_usb_devices_without_ports_are_listed(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    machine.usb_device("1-1.4", 0x12D1, 0x1F01, env={"ID_MM_DEVICE_IGNORE": "1"})
    machine.usb_device("1-1.2", 0x12D1, 0x14DC)
    found = scan(tmp_path)
    assert found.ports == ()
    by_id = {d.usb_id: d for d in found.usb}
    assert by_id["12d1:1f01"].mm_ignored and by_id["12d1:1f01"].known is None
    assert by_id["12d1:14dc"].known is not None and by_id["12d1:14dc"].known.kind == "hilink"


def test_an_empty_root_is_an_empty_machine(tmp_path: Path) -> None:
    found = scan(tmp_path)
    assert found.ports == () and found.usb == () and not found.udev_database


def test_kernel_log_brownouts_and_disconnects(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    machine.kernel_log(
        "usb 1-1.3: new high-speed USB device number 5 using xhci_hcd",
        "hwmon hwmon1: Undervoltage detected!",
        "usb 1-1.3: USB disconnect, device number 5",
        "hwmon hwmon1: Voltage normalised",
        "usb 1-1.3: USB disconnect, device number 6",
        "Under-voltage detected! (0x00050005)",  # older Raspberry Pi firmware driver
    )
    hwmon = tmp_path / "sys/class/hwmon/hwmon1"
    hwmon.mkdir(parents=True)
    (hwmon / "name").write_text("rpi_volt\n")
    (hwmon / "in0_lcrit_alarm").write_text("0\n")
    log = read_kernel_log(tmp_path)
    assert log.readable and log.undervoltage == 2
    assert log.disconnects["1-1.3"] == 2 and log.undervoltage_now is False


def test_an_unreadable_kernel_log_says_why(tmp_path: Path) -> None:
    log = read_kernel_log(tmp_path)
    assert not log.readable and "/dev/kmsg" in (log.reason or "")
    assert log.undervoltage_now is None  # no Raspberry Pi voltage monitor here
