"""`modem setup` on a fake machine (real files laid out as a Pi's sysfs) whose modem nodes lead
to simulated modems on real ptys: healthy, PIN needed (given, asked for on a terminal, wrong),
no SIM, not registered, storage full; the configuration it writes loads, and `--install`
installs into an image's root."""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli.main import main
from modem.config import load_config
from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

from .fakesys import PATH_PREFIX, FakeMachine

STABLE = f"/dev/modem/{PATH_PREFIX}1.3:1.2-at"


@pytest.fixture
def sims() -> Iterator[Served]:
    config = SimConfig(
        modems=[
            ModemSpec("ec25", personality="quectel"),
            ModemSpec("locked", personality="quectel", pin="1234"),
            ModemSpec("nosim", personality="quectel", sim_inserted=False),
            ModemSpec("spare", personality="quectel"),
        ],
        latency_scale=0,
        mcc_mnc="24201",  # Telenor Norway: setup knows its MMS settings
    )
    with serve_in_thread(config) as served:
        yield served


def port(served: Served, name: str) -> str:
    return next(p for n, p, _ in served if n == name)


def pi_with_ec25(root: Path, target: str) -> FakeMachine:
    """A Pi with a Quectel EC25 in USB socket 1.3 whose AT port leads to `target`."""
    machine = FakeMachine(root)
    usb = machine.usb_device("1-1.3", 0x2C7C, 0x0125, manufacturer="Quectel", product="EC25")
    for number in range(4):
        machine.tty(usb, number, f"ttyUSB{number}", minor=number,
                    node_target=target if number == 2 else None)  # fmt: skip
    return machine


def setup(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["setup", "--root", str(root), *args])
    return result.exit_code, result.output


def written(root: Path) -> tuple[str, dict]:
    text = (root / "etc/modem/config.yaml").read_text()
    return text, yaml.safe_load(text)


def test_a_healthy_modem(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "ec25"))
    code, out = setup(tmp_path)
    assert code == 0, out
    assert "found quectel0: Quectel EC25/EG25" in out and "SIM ready" in out
    assert "wrote /etc/modem/config.yaml" in out
    assert "sudo modem setup --install" in out and "modem doctor" in out  # the next steps
    text, data = written(tmp_path)
    config = load_config(tmp_path / "etc/modem/config.yaml")  # the gateway accepts it
    modem = config.modems["quectel0"]
    assert (modem.port, modem.profile, modem.pin) == (STABLE, "quectel", None)
    assert config.default == "quectel0"
    assert "# MMS for Telenor Norway (network 242-01)" in text
    mms = data["modems"]["quectel0"]["mms"]  # the carrier's MMS settings, live
    assert mms["apn"] == "telenor.smart" and mms["proxy"] == "mms-proxy.telenor.no:8080"
    mode = stat.S_IMODE((tmp_path / "etc/modem/config.yaml").stat().st_mode)
    assert mode == 0o600  # it may hold a PIN


def test_pin_given(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "locked"))
    code, out = setup(tmp_path, "--pin", "1234")
    assert code == 0, out
    assert load_config(tmp_path / "etc/modem/config.yaml").modems["quectel0"].pin == "1234"


def test_a_wrong_pin_is_not_written(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "locked"))
    code, out = setup(tmp_path, "--pin", "4321")
    assert code == 0
    assert "the SIM refused the PIN (2 attempts left); it is not written" in out
    text, data = written(tmp_path)
    assert "pin" not in data["modems"]["quectel0"]
    assert "# setup saw: the SIM refused the PIN" in text


def test_the_pin_is_asked_for_on_a_terminal(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "locked"))
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("modem")), "setup", "--root", str(tmp_path)],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # no controlling terminal: the prompt reads stdin
        )
        seen = _until(process, b"(empty: skip): ")  # echo off flushes what came before
        os.write(master, b"1234\n")
        output, _ = process.communicate(timeout=60)
        output = seen + output
    finally:
        os.close(master)
        os.close(slave)
    assert process.returncode == 0, output
    assert b"wants its PIN, 3 attempts left" in output
    assert load_config(tmp_path / "etc/modem/config.yaml").modems["quectel0"].pin == "1234"


def _until(process: subprocess.Popen[bytes], marker: bytes, timeout: float = 60) -> bytes:
    """What the process wrote until `marker` (it waits for input there)."""
    import select

    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = b""
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        chunk = os.read(fd, 4096) if ready else b""
        assert chunk, f"no prompt came: {seen!r}"
        seen += chunk
    return seen


def test_no_prompt_without_a_terminal(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "locked"))
    code, out = setup(tmp_path)  # CliRunner's stdin is no terminal
    assert code == 0 and "the SIM wants its PIN: add it to the configuration" in out
    assert "# setup saw: the SIM wants its PIN" in written(tmp_path)[0]


def test_no_sim(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "nosim"))
    code, out = setup(tmp_path)
    assert code == 0 and "no SIM card inserted" in out
    text, _ = written(tmp_path)
    assert "# setup saw: no SIM card inserted" in text
    assert "# MMS: this SIM's operator" in text  # no IMSI, no carrier: what to fill in


def test_not_registered_and_storage_full_are_reported(sims: Served, tmp_path: Path) -> None:
    _, url, number = next(s for s in sims if s[0] == "spare")
    for i in range(50):  # a Quectel's SIM storage holds 50
        sims.call(lambda net, i=i: net.inject_sms(to=number, text=f"message {i}"))
    sims.call(lambda net: net.modem("spare").set_registration(3))
    pi_with_ec25(tmp_path, url)
    code, out = setup(tmp_path)
    assert code == 0
    assert "registration denied by the network" in out
    assert "message storage SM is full (50/50)" in out
    text, _ = written(tmp_path)
    assert "# setup saw: registration denied" in text


def test_an_existing_configuration_is_kept_without_force(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "ec25"))
    path = tmp_path / "etc/modem/config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("modems: {}\n")
    code, out = setup(tmp_path)
    assert code == 2 and "exists: --force writes a new one" in out
    assert path.read_text() == "modems: {}\n"
    code, out = setup(tmp_path, "--force")
    assert code == 0 and "quectel0" in path.read_text()


def test_print_instead_of_writing(sims: Served, tmp_path: Path) -> None:
    pi_with_ec25(tmp_path, port(sims, "ec25"))
    result = CliRunner().invoke(main, ["setup", "--root", str(tmp_path), "-c", "-"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["modems"]["quectel0"]["port"] == STABLE
    assert not (tmp_path / "etc/modem/config.yaml").exists()


def test_ports_named_by_the_user(sims: Served, tmp_path: Path) -> None:
    FakeMachine(tmp_path)
    url = port(sims, "ec25")
    code, out = setup(tmp_path, "--port", url, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["type"] == "setup.result" and result["written"]
    [modem] = result["modems"]
    assert (modem["name"], modem["port"], modem["profile"]) == ("modem0", url, "auto")
    assert modem["carrier"] == "Telenor Norway" and modem["imsi"].startswith("24201")


def test_nothing_to_set_up(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    machine.usb_device("1-1.4", 0x12D1, 0x1446)  # a Huawei stick still in storage mode
    code, out = setup(tmp_path)
    assert code == 2 and "no modem this program knows is plugged in" in out
    assert "storage (CD-ROM) mode" in out and "usb-modeswitch" in out


def test_install_into_an_image(sims: Served, tmp_path: Path) -> None:
    import shutil

    if shutil.which("systemd-sysusers") is None or shutil.which("systemctl") is None:
        pytest.skip("systemd-sysusers and systemctl are needed to install into an image")
    pi_with_ec25(tmp_path, port(sims, "ec25"))
    (tmp_path / "etc").mkdir(exist_ok=True)
    (tmp_path / "etc/group").write_text("root:x:0:\ndialout:x:20:\n")
    code, out = setup(tmp_path, "--install", "--exec", "/opt/gsmbridge/bin/modem")
    assert code == 0, out
    assert "installed /etc/udev/rules.d/70-gsmbridge.rules" in out
    assert "installed /etc/systemd/system/modem.service" in out
    config = tmp_path / "etc/modem/config.yaml"
    info = config.stat()
    group = next(
        g for g in (tmp_path / "etc/group").read_text().splitlines() if g.startswith("gsmbridge:")
    )
    assert info.st_gid == int(group.split(":")[2]) and stat.S_IMODE(info.st_mode) == 0o640

    # again, the configuration now using the ppp bearer: kept, and the ppp drop-in appears
    data = yaml.safe_load(config.read_text())
    data["modems"]["quectel0"]["mms"] = {"bearer": "ppp"}
    config.write_text(yaml.safe_dump(data))
    code, out = setup(tmp_path, "--install", "--exec", "/opt/gsmbridge/bin/modem")
    assert code == 0 and "kept the existing /etc/modem/config.yaml" in out
    assert (tmp_path / "etc/systemd/system/modem.service.d/ppp.conf").exists()


def test_install_refuses_to_print_the_configuration(tmp_path: Path) -> None:
    code, out = setup(tmp_path, "--install", "-c", "-")
    assert code == 2 and "needs the configuration in a file" in out
