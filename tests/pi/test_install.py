"""modem/host/install.py: the unit and its companions as shipped, checked by systemd's own tools
where they are installed, and installed into a directory tree as into an SD card image."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modem.host import install as inst
from modem.udev import FILENAME, render

UDEV = Path(__file__).resolve().parents[2] / "udev"
MODEM = str(Path(sys.executable).with_name("modem"))  # this venv's `modem`: it exists


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("modem.service", inst.render_unit()),
        ("modem-ppp.conf", inst.render_ppp_dropin()),
        ("gsmbridge-sysusers.conf", inst.render_sysusers()),
    ],
)
def test_the_shipped_files_are_what_setup_writes(name: str, text: str) -> None:
    assert (UDEV / name).read_text(encoding="utf-8") == text, f"udev/{name} is stale"


def unit(text: str) -> dict[str, dict[str, str]]:
    """Sections -> key -> value of a unit file; a key given twice keeps both, space-joined
    (as systemd merges CapabilityBoundingSet= lines)."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current[key] = f"{current[key]} {value}".strip() if key in current else value
    return sections


def test_the_unit_says_what_the_issue_asks() -> None:
    service = unit(inst.render_unit("/opt/x/bin/modem"))["Service"]
    assert service["Type"] == "notify" and service["WatchdogSec"] == "60"
    assert service["ExecStart"] == "/opt/x/bin/modem serve -c /etc/modem/config.yaml"
    assert service["User"] == "gsmbridge" and service["SupplementaryGroups"] == "dialout"
    assert service["StateDirectory"] == "modem" and service["ConfigurationDirectory"] == "modem"
    assert service["Restart"] == "on-failure"
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "yes"
    assert service["StandardError"] == "journal"
    # what would hide or refuse the ttys is absent
    for key in ("PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock"):
        assert key not in service, key
    assert service["CapabilityBoundingSet"] == ""  # no capabilities unless ppp is used
    dropin = unit(inst.render_ppp_dropin())["Service"]
    assert dropin["NoNewPrivileges"] == "no" and dropin["SupplementaryGroups"] == "dip"
    assert "CAP_NET_ADMIN" in dropin["CapabilityBoundingSet"]


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    analyzer = shutil.which("systemd-analyze")
    if analyzer is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    return subprocess.run([analyzer, *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("ppp", [False, True], ids=["plain", "with the ppp drop-in"])
def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path, ppp: bool) -> None:
    path = tmp_path / "modem.service"
    path.write_text(inst.render_unit(MODEM))
    if ppp:
        (tmp_path / "modem.service.d").mkdir()
        (tmp_path / "modem.service.d" / "ppp.conf").write_text(inst.render_ppp_dropin())
    result = _analyze("verify", str(path))
    complaints = [line for line in result.stderr.splitlines() if str(tmp_path) in line]
    assert result.returncode == 0 and not complaints, result.stderr


def image(tmp_path: Path) -> Path:
    """An SD card image's root with the groups Raspberry Pi OS has (dialout is 20)."""
    root = tmp_path / "image"
    (root / "etc").mkdir(parents=True)
    (root / "etc/group").write_text("root:x:0:\ndialout:x:20:pi\ndip:x:30:pi\n")
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    return root


def test_install_into_an_image(tmp_path: Path) -> None:
    if shutil.which("systemd-sysusers") is None or shutil.which("systemctl") is None:
        pytest.skip("systemd-sysusers and systemctl are needed to install into an image")
    root = image(tmp_path)
    done = inst.install(str(root), rules=render(), exec_path=MODEM)
    assert (root / "etc/udev/rules.d" / FILENAME).read_text() == render()
    assert f"ExecStart={MODEM} serve" in (root / "etc/systemd/system/modem.service").read_text()
    assert not (root / "etc/systemd/system/modem.service.d/ppp.conf").exists()
    passwd = (root / "etc/passwd").read_text()
    assert "gsmbridge:" in passwd and "/usr/sbin/nologin" in passwd.split("gsmbridge:")[1]
    dialout = next(
        g for g in (root / "etc/group").read_text().splitlines() if g.startswith("dialout:")
    )
    assert dialout.startswith("dialout:x:20:") and "gsmbridge" in dialout.split(":")[3]
    wanted = root / "etc/systemd/system/multi-user.target.wants/modem.service"
    assert wanted.is_symlink()
    assert any(c.startswith("systemd-sysusers") for c in done.ran)
    assert done.to_run == []  # udev and systemd read the files when the image boots

    inst.install(str(root), rules=render(), exec_path=MODEM, ppp=True)
    assert (root / "etc/systemd/system/modem.service.d/ppp.conf").exists()
    again = inst.install(str(root), rules=render(), exec_path=MODEM, ppp=False)
    assert again.removed == [inst.PPP_DROPIN]
    assert not (root / "etc/systemd/system/modem.service.d/ppp.conf").exists()


def test_a_failing_command_is_one_clear_error(tmp_path: Path) -> None:
    from modem.errors import ModemError

    with pytest.raises(ModemError, match="failed: "):
        inst._run(["systemctl", "--root", str(tmp_path / "nothing"), "enable", "no.service"])
