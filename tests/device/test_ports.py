"""cli/ports.py: what `modem ports` says about a fake machine's ports (real files laid out as
sysfs), and probing a simulated modem's pty behind the AT port."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from modem.host.probe import probe_port
from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import serve_in_thread

from ..pi.fakesys import PATH_PREFIX, FakeMachine
from .conftest import network


def ec25(tmp_path: Path, at_target: str | None = None) -> FakeMachine:
    """A Pi with a Quectel EC25 in USB socket 1.3 (its AT port on a simulated modem, if
    given), a CH340 board in 1.1 and the Pi's own UART."""
    machine = FakeMachine(tmp_path)
    modem = machine.usb_device("1-1.3", 0x2C7C, 0x0125, manufacturer="Quectel", product="EC25")
    for number in range(4):
        target = at_target if number == 2 else None
        machine.tty(modem, number, f"ttyUSB{number}", minor=number, node_target=target)
    bridge = machine.usb_device("1-1.1", 0x1A86, 0x7523, product="USB Serial")
    machine.tty(bridge, 0, "ttyUSB4", minor=4, driver="ch341")
    machine.platform_tty("ttyAMA0")
    return machine


def ports(*args: str) -> tuple[int, str]:
    """Exit code and output: stdout alone with --json (stderr may carry a note)."""
    result = CliRunner().invoke(main, ["ports", *args])
    return result.exit_code, result.stdout if "--json" in args else result.output


def test_listing_names_the_modem_its_at_port_and_stable_name(tmp_path: Path) -> None:
    ec25(tmp_path)
    code, out = ports("--root", str(tmp_path), "--no-probe")
    assert code == 0
    lines = out.splitlines()
    at = next(line for line in lines if "ttyUSB2" in line)
    assert "2c7c:0125" in at and "if02" in at and "Quectel EC25/EG25" in at and "AT port" in at
    assert "not the AT port (if02)" in next(line for line in lines if "ttyUSB0" in line)
    assert "data/PPP port" in next(line for line in lines if "ttyUSB3" in line)
    assert f"/dev/modem/{PATH_PREFIX}1.3:1.2-at (not yet: install the udev rules)" in out
    assert "CH340 USB-serial bridge" in out
    assert "ttyAMA0" not in out  # not USB: only with --all
    assert "ttyAMA0" in ports("--root", str(tmp_path), "--no-probe", "--all")[1]


def test_json(tmp_path: Path) -> None:
    ec25(tmp_path)
    code, out = ports("--root", str(tmp_path), "--no-probe", "--json")
    assert code == 0
    by_name = {p["name"]: p for p in [json.loads(line) for line in out.splitlines()]}
    at = by_name["ttyUSB2"]
    assert at["type"] == "serial.port" and at["usb_id"] == "2c7c:0125"
    assert (at["role"], at["likely_at"], at["at_interface"], at["profile"]) == (
        "at", True, 2, "quectel"
    )  # fmt: skip
    assert at["stable_name"] == f"/dev/modem/{PATH_PREFIX}1.3:1.2-at" and not at["linked"]
    assert at["answers_at"] is None  # not probed
    assert by_name["ttyUSB0"]["likely_at"] is False
    assert by_name["ttyUSB4"]["kind"] == "serial-bridge" and by_name["ttyUSB4"]["profile"] is None


def test_default_probe_writes_only_to_known_at_ports(tmp_path: Path) -> None:
    with serve_in_thread(
        SimConfig([ModemSpec("sim0", personality="quectel")], latency_scale=0)
    ) as s:
        ec25(tmp_path, at_target=s[0][1])
        code, out = ports("--root", str(tmp_path), "--json", "--timeout", "0.5")
    assert code == 0
    by_name = {p["name"]: p for p in [json.loads(line) for line in out.splitlines()]}
    assert by_name["ttyUSB2"]["answers_at"] is True
    # the other interfaces and the CH340 (an Arduino, maybe: opening resets it) were left alone
    assert all(by_name[n]["answers_at"] is None for n in ("ttyUSB0", "ttyUSB3", "ttyUSB4"))


def test_probe_all_tries_every_port(tmp_path: Path) -> None:
    with serve_in_thread(SimConfig([ModemSpec("sim0")], latency_scale=0)) as s:
        ec25(tmp_path, at_target=s[0][1])
        code, out = ports("--root", str(tmp_path), "--probe", "--timeout", "0.5")
    assert code == 0
    assert "answers AT" in next(line for line in out.splitlines() if "ttyUSB2" in line)
    # a node that is a plain file: cannot be opened as a serial port, said so
    usb0 = next(line for line in out.splitlines() if "ttyUSB0" in line)
    assert "cannot open: not a serial port" in usb0


def test_udev_rules_for_what_is_plugged_in(tmp_path: Path) -> None:
    ec25(tmp_path)
    code, out = ports("--root", str(tmp_path), "--udev")
    assert code == 0
    assert 'ATTRS{idVendor}=="2c7c", ATTRS{idProduct}=="0125", ENV{ID_MM_DEVICE_IGNORE}="1"' in out
    assert f'ENV{{ID_PATH}}=="{PATH_PREFIX}1.1:1.0"' in out  # the CH340, pinned to its socket
    assert 'ENV{ID_MODEL_ID}=="9001"' not in out  # no SIM7600 here
    assert "ID_MM_DEVICE_IGNORE" not in ports("--root", str(tmp_path), "--udev",
                                              "--keep-modemmanager")[1]  # fmt: skip
    everything = ports("--root", str(tmp_path), "--udev", "--all")[1]
    assert 'ENV{ID_MODEL_ID}=="9001"' in everything


def test_nothing_plugged_in(tmp_path: Path) -> None:
    FakeMachine(tmp_path)
    code, out = ports("--root", str(tmp_path))
    assert code == 0 and "no USB serial ports found" in out
    assert ports("--root", str(tmp_path), "--json")[1] == ""  # JSON lines: none
    code, out = ports("--root", str(tmp_path), "--udev")
    assert code == 2 and "no modem this program knows is plugged in" in out


def test_storage_mode_and_hilink_sticks_are_explained(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    machine.usb_device("1-1.4", 0x12D1, 0x1446)
    machine.usb_device("1-1.2", 0x12D1, 0x14DC)
    out = ports("--root", str(tmp_path))[1]
    assert "12d1:1446 on USB 1-1.4 is a modem still in storage (CD-ROM) mode" in out
    assert "install usb-modeswitch" in out
    assert "12d1:14dc on USB 1-1.2: Huawei E3372/E353 (HiLink firmware)" in out


def test_contradicting_options() -> None:
    code, out = ports("--probe", "--no-probe")
    assert code == 2 and "contradict" in out


async def test_probe_finds_the_at_port(tmp_path: Path) -> None:
    async with network(ModemSpec("sim0")) as net:
        path = await net.modem("sim0").serve_pty()
        assert await probe_port(path, 2.0) == (True, None)
        answered, error = await probe_port(str(tmp_path / "nothing"), 0.5)
        assert not answered and error is not None and "no such device" in error


async def test_a_port_in_use_is_not_called_silent() -> None:
    from modem.transport import open_transport

    async with network(ModemSpec("sim0")) as net:
        path = await net.modem("sim0").serve_pty()
        holder = await open_transport(path)  # another program owns the port (a listen)
        try:
            answered, error = await probe_port(path, 0.5)
        finally:
            await holder.close()
        assert not answered and error is not None and "in use by another program" in error


def test_without_sysfs_pyserials_list_is_used(monkeypatch) -> None:
    """Where there is no sysfs (Windows, macOS): pyserial's port list. Such a list cannot
    exist on this Linux machine, so a stand-in with the fields pyserial gives on Windows
    (the interface number at the end of its location) replaces it here."""
    from types import SimpleNamespace

    from serial.tools import list_ports

    from cli import ports as ports_cli

    entry = SimpleNamespace(
        device="COM5", name="COM5", vid=0x2C7C, pid=0x0125, location="1-1.2:x.2",
        manufacturer="Quectel", product="EC25", serial_number=None,
    )  # fmt: skip
    monkeypatch.setattr(list_ports, "comports", lambda: [entry])
    [port] = ports_cli._from_pyserial().ports
    assert (port.interface, port.role, port.device.model) == (2, "at", "Quectel EC25/EG25")
    assert port.stable_name is None  # no udev there
