"""`modem doctor` against simulated modems on real ptys, healthy and broken, on a fake machine
(real files laid out as a Pi's sysfs, /proc and kernel log) for the machine-wide checks."""

from __future__ import annotations

import asyncio
import json
import os
import pty
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.host.probe import Probe
from modem.sim import FaultSpec, ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

from .fakesys import FakeMachine


@pytest.fixture
def sims() -> Iterator[Served]:
    config = SimConfig(
        modems=[
            ModemSpec("healthy", personality="quectel"),
            ModemSpec("locked", pin="1234"),
            ModemSpec("nosim", sim_inserted=False),
            ModemSpec("weak", rssi=99),
            ModemSpec("spare"),
            # stops answering for good after its 5th command line (ATE0, AT+CMEE=1, AT+CPIN?,
            # AT+CSQ, AT+CREG? ...), as Huawei sticks do
            ModemSpec("hangs", faults=FaultSpec(hang_after=5)),
        ],
        latency_scale=0,
    )
    with serve_in_thread(config) as served:
        yield served


def port(served: Served, name: str) -> str:
    return next(p for n, p, _ in served if n == name)


def doctor(root: Path, *args: str) -> tuple[int, dict[str, dict[str, str]], list[dict]]:
    """Exit code, {subject.name: check}, and the checks in order."""
    result = CliRunner().invoke(main, ["doctor", "--root", str(root), "--json", *args])
    report = json.loads(result.stdout)
    assert report["type"] == "doctor.report"
    assert report["healthy"] == (result.exit_code == 0)
    checks = report["checks"]
    return result.exit_code, {f"{c['subject']}.{c['name']}": c for c in checks}, checks


def statuses(checks: dict[str, dict[str, str]], subject: str) -> dict[str, str]:
    prefix = subject + "."
    return {k[len(prefix) :]: v["status"] for k, v in checks.items() if k.startswith(prefix)}


def test_a_healthy_modem(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "healthy")
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 0
    assert statuses(checks, url) == {
        "port": "ok", "permission": "ok", "at": "ok", "sim": "ok", "pin": "ok", "signal": "ok",
        "registration": "ok", "smsc": "ok", "storage": "ok",
    }  # fmt: skip
    assert checks[f"{url}.signal"]["message"] == "signal -73 dBm (CSQ 20)"
    assert checks["system.power"]["status"] == "skip"  # no kernel log in the fake machine
    assert "cannot read the kernel log" in checks["system.power"]["message"]


def test_text_output_is_one_line_per_check_with_what_to_do(sims: Served, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["doctor", "--root", str(tmp_path), "-p", port(sims, "nosim")]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    sim = next(line for line in lines if " sim: " in line)
    assert (
        sim.startswith("FAIL ") and "no SIM card" in sim and "fix: power off, seat the SIM" in sim
    )
    assert lines[-1] == "error: 1 check(s) failed"


def test_no_sim(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "nosim")
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 1
    assert checks[f"{url}.sim"]["status"] == "fail"
    for name in ("pin", "registration", "smsc", "storage"):
        assert checks[f"{url}.{name}"]["status"] == "skip"


def test_pin_needed(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "locked")
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 1
    pin = checks[f"{url}.pin"]
    assert pin["status"] == "fail" and "wants its PIN (3 attempts left)" in pin["message"]
    assert "--pin" in pin["fix"]
    assert checks[f"{url}.registration"]["status"] == "skip"

    code, checks, _ = doctor(tmp_path, "--port", url, "--pin", "1111")
    assert code == 1
    assert "refused the PIN (2 attempts left)" in checks[f"{url}.pin"]["message"]

    code, checks, _ = doctor(tmp_path, "--port", url, "--pin", "1234")
    assert code == 0 and checks[f"{url}.pin"]["message"] == "the SIM took the PIN"
    assert checks[f"{url}.registration"]["status"] == "ok"


def test_a_pin_is_never_tried_on_the_last_attempt(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "locked")
    for _ in range(2):
        doctor(tmp_path, "--port", url, "--pin", "0000")
    code, checks, _ = doctor(tmp_path, "--port", url, "--pin", "1234")
    assert code == 1 and "1 attempt left: not trying" in checks[f"{url}.pin"]["message"]
    code, checks, _ = doctor(tmp_path, "--port", url)  # still one attempt: nothing was spent
    assert "(1 attempts left)" in checks[f"{url}.pin"]["message"]


def test_puk_needed(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "locked")
    asyncio.run(_wrong_pins(url, 3))  # as a phone would after three wrong PINs
    code, checks, _ = doctor(tmp_path, "--port", url, "--pin", "1234")
    pin = checks[f"{url}.pin"]
    assert code == 1 and "wants its PUK" in pin["message"] and "never enters a PUK" in pin["fix"]
    assert f'modem at --port {url} \'AT+CPIN="PUK","NEWPIN"\'' in pin["fix"]  # what to type


async def _wrong_pins(url: str, count: int) -> None:
    async with await Probe.open(url) as probe:
        for _ in range(count):
            assert not await probe.enter_pin("0000")


@pytest.mark.parametrize(
    ("stat", "words"),
    [(0, "not registered, and not searching"), (2, "searching"), (3, "denied")],
)
def test_not_registered(sims: Served, tmp_path: Path, stat: int, words: str) -> None:
    url = port(sims, "healthy")
    sims.call(lambda net: net.modem("healthy").set_registration(stat))
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 1
    check = checks[f"{url}.registration"]
    assert check["status"] == "fail" and words in check["message"] and check["fix"] != ""


def test_roaming_is_registered(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "healthy")
    sims.call(lambda net: net.modem("healthy").set_registration(5))
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 0 and checks[f"{url}.registration"]["message"] == "registered, roaming"


def test_no_signal(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "weak")
    code, checks, _ = doctor(tmp_path, "--port", url)
    assert code == 1 and checks[f"{url}.signal"]["message"] == "no signal"
    assert "antenna" in checks[f"{url}.signal"]["fix"]


def test_storage_full(sims: Served, tmp_path: Path) -> None:
    _, url, number = next(s for s in sims if s[0] == "spare")
    for i in range(30):  # a generic modem's SIM holds 30
        sims.call(lambda net, i=i: net.inject_sms(to=number, text=f"message {i}"))
    code, checks, _ = doctor(tmp_path, "--port", url)
    storage = checks[f"{url}.storage"]
    assert code == 1 and storage["status"] == "fail"
    assert "storage SM is full (30/30)" in storage["message"] and "modem inbox" in storage["fix"]


def test_a_modem_that_stops_answering(sims: Served, tmp_path: Path) -> None:
    url = port(sims, "hangs")
    code, _, checks = doctor(tmp_path, "--port", url, "--timeout", "0.3")
    assert code == 1
    last = checks[-1]
    assert (last["name"], last["status"]) == ("at", "fail")
    assert "stopped answering" in last["message"] and "power" in last["fix"]
    smsc = next(c for c in checks if c["name"] == "smsc")
    assert smsc["status"] == "warn"  # not "no SMSC set": it was never answered


def test_a_silent_port_and_a_file_that_is_no_port(tmp_path: Path) -> None:
    master, slave = pty.openpty()  # a tty nobody answers on
    try:
        silent = os.ttyname(slave)
        code, checks, _ = doctor(tmp_path, "--port", silent, "--timeout", "0.3")
        assert code == 1 and "does not answer AT" in checks[f"{silent}.at"]["message"]
    finally:
        os.close(master)
        os.close(slave)
    plain = tmp_path / "plain"
    plain.write_text("")
    code, checks, _ = doctor(tmp_path, "--port", str(plain))
    assert code == 1 and "not a serial port" in checks[f"{plain}.at"]["message"]
    code, checks, _ = doctor(tmp_path, "--port", str(tmp_path / "gone"))
    assert checks[f"{tmp_path / 'gone'}.port"]["status"] == "fail"


def test_configured_modems_are_checked_by_name(sims: Served, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    missing = "/dev/modem/platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3:1.2-at"
    config.write_text(
        f'modems:\n  usb0: {{port: "{port(sims, "locked")}", pin: "1234"}}\n'
        f'  usb1: {{port: "{missing}"}}\n'
    )
    code, checks, _ = doctor(tmp_path, "-c", str(config))
    assert code == 1
    assert checks["usb0.pin"]["message"] == "the SIM took the PIN"  # the configured PIN
    assert checks["usb1.port"]["status"] == "fail"
    assert "udev rules" in checks["usb1.port"]["fix"]


def test_known_modems_plugged_in_are_found_without_a_config(
    sims: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GSMBRIDGE_CONFIG", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    machine = FakeMachine(tmp_path)
    usb = machine.usb_device("1-1.3", 0x2C7C, 0x0125)
    machine.tty(usb, 2, "ttyUSB2", minor=2, node_target=port(sims, "healthy"))
    code, checks, _ = doctor(tmp_path)
    node = str(tmp_path / "dev/ttyUSB2")
    assert code == 0 and checks[f"{node}.at"]["status"] == "ok"


def test_no_modem_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSMBRIDGE_CONFIG", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    code, checks, _ = doctor(tmp_path)
    assert code == 1 and "no modem found" in checks["system.modem"]["message"]


def test_usb_modeswitch_and_hilink(tmp_path: Path, sims: Served) -> None:
    machine = FakeMachine(tmp_path)
    machine.usb_device("1-1.4", 0x12D1, 0x1C0B)  # an E173s still in storage mode
    machine.usb_device("1-1.2", 0x12D1, 0x14DC)  # an E3372 with HiLink firmware
    code, checks, _ = doctor(tmp_path, "--port", port(sims, "healthy"))
    modeswitch = checks["system.usb_modeswitch"]
    assert code == 1 and modeswitch["status"] == "fail"
    assert "12d1:1c0b" in modeswitch["message"] and "Huawei E173s" in modeswitch["message"]
    assert "apt install usb-modeswitch" in modeswitch["fix"]
    hilink = checks["system.hilink"]
    assert hilink["status"] == "fail" and "stick" in hilink["fix"]


def test_modemmanager_holding_the_port(tmp_path: Path, sims: Served) -> None:
    machine = FakeMachine(tmp_path)
    usb = machine.usb_device("1-1.3", 0x2C7C, 0x0125)
    machine.tty(usb, 2, "ttyUSB2", minor=2, node_target=port(sims, "healthy"))
    node = tmp_path / "dev/ttyUSB2"
    machine.process(812, "ModemManager", node)
    code, checks, _ = doctor(tmp_path, "--port", str(node))
    assert code == 1
    assert checks["system.modemmanager"]["status"] == "warn"
    holder = checks[f"{node}.holder"]
    assert holder["status"] == "fail" and "ModemManager (pid 812)" in holder["message"]
    assert checks[f"{node}.at"]["status"] == "skip"


def test_the_gateway_holding_the_port_is_healthy(tmp_path: Path, sims: Served) -> None:
    machine = FakeMachine(tmp_path)
    machine.process(900, "modem", Path(port(sims, "healthy")))
    code, checks, _ = doctor(tmp_path, "--port", port(sims, "healthy"))
    url = port(sims, "healthy")
    assert code == 0 and checks[f"{url}.holder"]["status"] == "ok"
    assert checks[f"{url}.sim"]["status"] == "skip"


def test_power_brownouts_in_the_kernel_log(tmp_path: Path, sims: Served) -> None:
    machine = FakeMachine(tmp_path)
    machine.usb_device("1-1.3", 0x2C7C, 0x0125)
    machine.kernel_log(
        "usb 1-1.3: USB disconnect, device number 4", "usb 1-1.3: USB disconnect, device number 5"
    )
    code, checks, _ = doctor(tmp_path, "--port", port(sims, "healthy"))
    assert code == 0 and checks["system.power"]["status"] == "warn"
    assert "USB 1-1.3 2x" in checks["system.power"]["message"]
    machine.kernel_log("hwmon hwmon1: Undervoltage detected!")
    code, checks, _ = doctor(tmp_path, "--port", port(sims, "healthy"))
    assert code == 1 and checks["system.power"]["status"] == "fail"
    assert "powered USB hub" in checks["system.power"]["fix"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may open any port: run the suite as a user")
def test_a_port_this_user_may_not_open(tmp_path: Path) -> None:
    node = tmp_path / "ttyUSB9"
    node.write_text("")
    node.chmod(0)
    code, checks, _ = doctor(tmp_path, "--port", str(node))
    assert code == 1 and "usermod -aG" in checks[f"{node}.permission"]["fix"]
