"""cli/ports.py: describing ports (fake pyserial entries), probing a simulated modem's pty."""

from __future__ import annotations

import json
from types import SimpleNamespace

from click.testing import CliRunner

from cli import ports as ports_cli
from cli.main import main
from modem.sim import ModemSpec

from .conftest import network


def _port(device: str, vid=None, pid=None, location=None, product=None):
    return SimpleNamespace(
        device=device, vid=vid, pid=pid, location=location, manufacturer=None,
        product=product, serial_number=None,
    )  # fmt: skip


def test_describe_guesses_vendor_and_at_interface() -> None:
    infos = ports_cli.describe(
        [
            _port("/dev/ttyUSB2", 0x2C7C, 0x0125, "1-1.2:1.2", "EC25"),
            _port("/dev/ttyUSB1", 0x2C7C, 0x0125, "1-1.2:1.1", "EC25"),
            _port("/dev/ttyACM0", 0x1234, 0x5678, "1-2:1.0"),
            _port("/dev/ttyS0"),
        ]
    )
    by = {i.device: i for i in infos}
    assert by["/dev/ttyUSB2"].profile == "quectel" and by["/dev/ttyUSB2"].likely_at
    assert by["/dev/ttyUSB1"].likely_at is False and by["/dev/ttyUSB1"].interface == 1
    assert by["/dev/ttyACM0"].profile is None and by["/dev/ttyACM0"].usb_id == "1234:5678"
    assert by["/dev/ttyS0"].vid is None


async def test_probe_finds_the_at_port(tmp_path) -> None:
    async with network(ModemSpec("sim0")) as net:
        path = await net.modem("sim0").serve_pty()
        assert await ports_cli.probe(path, 2.0)
        assert not await ports_cli.probe(str(tmp_path / "nothing"), 0.5)
        assert await ports_cli.probe_port(path, 2.0) == (True, None)


async def test_a_port_in_use_is_not_called_silent() -> None:
    from modem.transport import open_transport

    async with network(ModemSpec("sim0")) as net:
        path = await net.modem("sim0").serve_pty()
        holder = await open_transport(path)  # another program owns the port (a listen)
        try:
            answered, error = await ports_cli.probe_port(path, 0.5)
        finally:
            await holder.close()
        assert not answered and error is not None and "in use by another program" in error


def test_no_ports(monkeypatch) -> None:
    from serial.tools import list_ports

    monkeypatch.setattr(list_ports, "comports", lambda: [])
    result = CliRunner().invoke(main, ["ports"])
    assert result.exit_code == 0 and "no USB serial ports found" in result.output
    result = CliRunner().invoke(main, ["ports", "--json"])
    assert json.loads(result.output) == []


def test_listing(monkeypatch) -> None:
    from serial.tools import list_ports

    fake = [_port("/dev/ttyUSB2", 0x12D1, 0x1506, "1-1:1.2", "E3372")]
    monkeypatch.setattr(list_ports, "comports", lambda: fake)
    result = CliRunner().invoke(main, ["ports", "--no-probe"])
    assert result.exit_code == 0
    assert "12d1:1506" in result.output and "huawei" in result.output
    assert "the vendor's AT interface" in result.output
