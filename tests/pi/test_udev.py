"""modem/udev.py: the shipped rules are what the table generates, and they do what they say.

The rules are run by a small evaluator (udev_eval.py) over device events built from a table of
attribute sets, as udevd would see them after 60-serial.rules (ID_VENDOR_ID, ID_MODEL_ID,
ID_PATH set): each modem's AT port gets its /dev/modem/<ID_PATH>-at link and the systemd tag,
its PPP port the -data link, and nothing else gets either.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from modem.profiles.devices import BRIDGE, DEVICES, MODEM, lookup
from modem.udev import FILENAME, UdevSyntaxError, parse, render

from .udev_eval import Event, evaluate

SHIPPED = Path(__file__).resolve().parents[2] / "udev" / FILENAME
RULES = render()
PATH = "platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3"


def test_the_shipped_file_is_what_the_table_generates() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == RULES, (
        "udev/70-gsmbridge.rules is stale: regenerate it with "
        "`modem ports --udev --all > udev/70-gsmbridge.rules`"
    )


def tty(vid: int, pid: int, number: int, klass: tuple[int, int, int] = (0xFF, 0xFF, 0xFF),
        *, id_path: str | None = None, action: str = "add") -> Event:  # fmt: skip
    """A ttyUSB on interface `number` of product vid:pid, as udevd sees its event."""
    path = id_path if id_path is not None else f"{PATH}:1.{number}"
    env = {"ID_VENDOR_ID": f"{vid:04x}", "ID_MODEL_ID": f"{pid:04x}"}
    if path:
        env["ID_PATH"] = path
    interface = {
        "bInterfaceNumber": f"{number:02x}",
        "bInterfaceClass": f"{klass[0]:02x}",
        "bInterfaceSubClass": f"{klass[1]:02x}",
        "bInterfaceProtocol": f"{klass[2]:02x}",
    }
    usb_device = {"idVendor": f"{vid:04x}", "idProduct": f"{pid:04x}"}
    return Event("tty", env, [{"dev": "188:2"}, {"port_number": "0"}, interface, usb_device],
                 action)  # fmt: skip


def usb_device(vid: int, pid: int) -> Event:
    return Event("usb", {"DEVTYPE": "usb_device"}, [{"idVendor": f"{vid:04x}",
                                                     "idProduct": f"{pid:04x}"}])  # fmt: skip


def links(event: Event, text: str = RULES) -> tuple[list[str], bool]:
    outcome = evaluate(text, event)
    return outcome.symlinks, "systemd" in outcome.tags


AT = f"modem/{PATH}:1.{{}}-at"
DATA = f"modem/{PATH}:1.{{}}-data"

# (what, event, links it gets, tagged): the modems issue 19 names, written out by hand.
CASES = [
    ("EC25 AT (if02)", tty(0x2C7C, 0x0125, 2), [AT.format(2)], True),
    ("EC25 PPP (if03)", tty(0x2C7C, 0x0125, 3), [DATA.format(3)], False),
    ("EC25 DIAG (if00)", tty(0x2C7C, 0x0125, 0), [], False),
    ("EC25 NMEA (if01)", tty(0x2C7C, 0x0125, 1), [], False),
    ("EC21 AT", tty(0x2C7C, 0x0121, 2), [AT.format(2)], True),
    ("BG96 AT", tty(0x2C7C, 0x0296, 2), [AT.format(2)], True),
    ("EG91 AT", tty(0x2C7C, 0x0191, 2), [AT.format(2)], True),
    ("EG95 AT", tty(0x2C7C, 0x0195, 2), [AT.format(2)], True),
    ("SIM7600 AT (if02)", tty(0x1E0E, 0x9001, 2), [AT.format(2)], True),
    ("SIM7600 audio (if04)", tty(0x1E0E, 0x9001, 4), [], False),
    ("SIM7080 AT", tty(0x1E0E, 0x9205, 2), [AT.format(2)], True),
    ("SIM7080 second layout PPP (if05)", tty(0x1E0E, 0x9206, 5), [DATA.format(5)], False),
    ("MC7455 AT (if03)", tty(0x1199, 0x9071, 3), [AT.format(3)], True),
    ("MC7455 NMEA (if02)", tty(0x1199, 0x9071, 2), [], False),
    ("EM7455 AT (if03)", tty(0x1199, 0x9079, 3), [AT.format(3)], True),
    ("LE910C1 AT (if04)", tty(0x1BC7, 0x1201, 4), [AT.format(4)], True),
    ("LE910C1-EUX AT (if01)", tty(0x1BC7, 0x1031, 1), [AT.format(1)], True),
    ("LE910C1-EUX if04 is nothing", tty(0x1BC7, 0x1031, 4), [], False),
    ("MF190 AT (if02)", tty(0x19D2, 0x0117, 2), [AT.format(2)], True),
    ("LISA-U2 AT (ttyACM, if00)", tty(0x1546, 0x1102, 0), [AT.format(0)], True),
    ("E3372 stick PCUI ff/02/02", tty(0x12D1, 0x1506, 2, (0xFF, 0x02, 0x02)), [AT.format(2)], True),
    ("E3372 stick PCUI ff/01/02", tty(0x12D1, 0x1506, 1, (0xFF, 0x01, 0x02)), [AT.format(1)], True),
    (
        "E3372 stick modem ff/02/01",
        tty(0x12D1, 0x1506, 0, (0xFF, 0x02, 0x01)),
        [DATA.format(0)],
        False,
    ),
    ("E3372 GPS ff/01/05", tty(0x12D1, 0x1506, 4, (0xFF, 0x01, 0x05)), [], False),
    ("E3372 if02 without the PCUI class", tty(0x12D1, 0x1506, 2), [], False),
    ("E173 (old firmware) if00", tty(0x12D1, 0x1436, 0), [AT.format(0)], True),
    ("E1552 if00", tty(0x12D1, 0x1001, 0), [AT.format(0)], True),
    ("CH340", tty(0x1A86, 0x7523, 0), [AT.format(0)], True),
    ("CP2102", tty(0x10C4, 0xEA60, 0), [AT.format(0)], True),
    ("FT232", tty(0x0403, 0x6001, 0), [AT.format(0)], True),
    ("PL2303", tty(0x067B, 0x2303, 0), [AT.format(0)], True),
    (
        "HiLink E3372 (no tty: a net device)",
        Event(
            "net",
            {"ID_VENDOR_ID": "12d1"},
            [{}, {"bInterfaceNumber": "00"}, {"idVendor": "12d1", "idProduct": "14dc"}],
        ),
        [],
        False,
    ),
    ("E3372 storage mode (usb device)", usb_device(0x12D1, 0x1F01), [], False),
    ("unknown product on if02", tty(0x1234, 0x5678, 2), [], False),
    ("a Quectel product the table lacks", tty(0x2C7C, 0x0999, 2), [], False),
    ("EC25 AT port before ID_PATH is known", tty(0x2C7C, 0x0125, 2, id_path=""), [], False),
    ("EC25 AT port removed", tty(0x2C7C, 0x0125, 2, action="remove"), [], False),
]


@pytest.mark.parametrize(("what", "event", "expected", "tagged"), CASES, ids=[c[0] for c in CASES])
def test_rules_on_device_attribute_sets(
    what: str, event: Event, expected: list[str], tagged: bool
) -> None:
    assert links(event) == (expected, tagged)


@pytest.mark.parametrize("device", DEVICES, ids=lambda d: f"{d.usb_id} {d.model}")
def test_every_table_row_gets_its_at_and_data_links_and_nothing_else(device) -> None:
    for number in range(8):
        klasses = device.at.classes if device.at and device.at.classes else [(0xFF,) * 3]
        for klass in klasses:
            event = tty(device.vid, device.pid, number, klass)
            role = device.role(number, klass)
            expected = [f"modem/{PATH}:1.{number}-{role}"] if role else []
            assert links(event) == (expected, role == "at")


def test_modemmanager_is_kept_off_the_whole_device_of_every_modem() -> None:
    for device in DEVICES:
        if device.at is None:
            continue
        at = device.at.number if device.at.number is not None else 2
        klass = device.at.classes[0] if device.at.classes else (0xFF, 0xFF, 0xFF)
        port = evaluate(RULES, tty(device.vid, device.pid, at, klass)).env
        assert port.get("ID_MM_DEVICE_IGNORE") == "1", device.model
        whole = evaluate(RULES, usb_device(device.vid, device.pid)).env
        # the USB device itself (ModemManager reads the tag there first: its net and cdc-wdm
        # ports are covered too) for modems; a bridge's one port carries its own tag
        assert whole.get("ID_MM_DEVICE_IGNORE") == ("1" if device.kind == MODEM else None)
    assert "ID_MM_DEVICE_IGNORE" not in evaluate(RULES, tty(0x1234, 0x5678, 0)).env
    assert "ID_MM_DEVICE_IGNORE" not in evaluate(RULES, usb_device(0x12D1, 0x14DC)).env


def test_keep_modemmanager_leaves_the_tag_out_and_the_links_in() -> None:
    text = render(keep_modemmanager=True)
    assert "ID_MM_DEVICE_IGNORE" not in text
    assert links(tty(0x2C7C, 0x0125, 2), text) == ([AT.format(2)], True)
    assert links(tty(0x1A86, 0x7523, 0), text) == ([AT.format(0)], True)


def test_rules_for_what_is_plugged_in_pin_bridges_to_their_socket() -> None:
    here = f"{PATH}:1.0"
    text = render(
        [lookup(0x1A86, 0x7523), lookup(0x2C7C, 0x0125)],
        pinned={(0x1A86, 0x7523): (here,)},
    )
    assert links(tty(0x1A86, 0x7523, 0), text) == ([AT.format(0)], True)
    elsewhere = "platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.4:1.0"
    assert links(tty(0x1A86, 0x7523, 0, id_path=elsewhere), text) == ([], False)
    assert links(tty(0x2C7C, 0x0125, 2), text) == ([AT.format(2)], True)
    assert links(tty(0x1E0E, 0x9001, 2), text) == ([], False)  # not plugged in: no rule


@pytest.mark.parametrize(
    "line",
    [
        'KERNEL=="ttyUSB*", SYMLINK+="modem/x"',  # KERNEL and globs are not in the subset
        'ENV{ID_VENDOR_ID}=="2c7c*", TAG+="systemd"',
        'ENV{ID_PATH}=="x", RUN+="/bin/sh -c reboot"',
        'ENV{ID_PATH}=="x", SYMLINK+="modem/%k"',
        'ENV{ID_PATH}=="x", SYMLINK+="modem/$attr{serial}"',
        'ATTRS{idVendor}="2c7c"',  # assigning a sysfs attribute
        'SYMLINK=="x"',
        'ENV{ID_PATH}=="x", \\',
        'ENV{ID_PATH}=="x" TAG+="systemd"',
        'IMPORT{builtin}="path_id"',
        'GOTO="nowhere"',
        'LABEL="a", TAG+="systemd"',
    ],
)
def test_the_subset_refuses_anything_else(line: str) -> None:
    with pytest.raises(UdevSyntaxError):
        parse(line + '\nLABEL="end"\n')


def test_the_generator_checks_what_it_emits(monkeypatch: pytest.MonkeyPatch) -> None:
    import modem.udev as udev

    monkeypatch.setattr(udev, "LINK_DIR", "/dev/modem/%k")  # a % substitution sneaks in
    with pytest.raises(UdevSyntaxError, match="outside the subset"):
        udev.render()


def test_udevadm_verify_accepts_the_rules(tmp_path: Path) -> None:
    udevadm = shutil.which("udevadm")
    if udevadm is None:
        pytest.skip("udevadm is not installed on this machine")
    probe = subprocess.run([udevadm, "verify", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("this udevadm has no `verify` command (systemd < 254)")
    path = tmp_path / FILENAME
    path.write_text(RULES)
    result = subprocess.run([udevadm, "verify", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bridges_and_modems_are_the_only_rows_with_rules() -> None:
    named = {(d.vid, d.pid) for d in DEVICES if d.at is not None}
    assert all(d.kind in (MODEM, BRIDGE) for d in DEVICES if (d.vid, d.pid) in named)
    for device in DEVICES:
        assert (f'ENV{{ID_MODEL_ID}}=="{device.pid:04x}"' in RULES) == (device.at is not None)
