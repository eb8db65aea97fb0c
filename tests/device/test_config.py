"""modem/config.py: loading, defaults, and errors that name the key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from modem.config import Config, config_from_dict, load_config, parse_duration
from modem.errors import ConfigError

GOOD = """
default: usb0
timeouts: {send: 90, list: 300}
send: {status_report: true, validity: 1d}
modems:
  usb0:
    port: /dev/ttyUSB2
    alt_ports: [/dev/serial/by-id/usb-Quectel-if02-port0]
    pin: "1234"
    profile: quectel
  lab: socket://10.0.0.5:7000
"""


def test_load(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD)
    config = load_config(path)
    assert config.default == "usb0"
    assert config.timeouts.send == 90 and config.timeouts.prompt == 10
    assert config.send.validity == timedelta(days=1) and config.send.status_report
    usb0 = config.modem()
    assert usb0.pin == "1234" and usb0.profile == "quectel"
    assert usb0.alt_ports == ("/dev/serial/by-id/usb-Quectel-if02-port0",)
    assert config.modem("lab").port == "socket://10.0.0.5:7000"
    # --port names a configured modem, or a port (which keeps a configured PIN).
    assert config.modem(port="lab").name == "lab"
    assert config.modem(port="/dev/ttyUSB2").pin == "1234"
    assert config.modem(port="sim://x").port == "sim://x"


def test_environment_and_missing_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("GSMBRIDGE_CONFIG", raising=False)
    assert load_config() == Config()  # no file at the default place: empty
    path = tmp_path / "env.yaml"
    path.write_text("modems: {a: sim://a}")
    monkeypatch.setenv("GSMBRIDGE_CONFIG", str(path))
    assert load_config().modem().port == "sim://a"
    monkeypatch.setenv("GSMBRIDGE_CONFIG", str(tmp_path / "nope.yaml"))
    with pytest.raises(ConfigError, match="no such file"):
        load_config()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"modems": {"a": {"port": "x", "pin": "12"}}}, r"modems\.a\.pin: must be 4 to 8"),
        ({"modems": {"a": {"pin": "1234"}}}, r"modems\.a\.port: missing"),
        ({"modems": {"a": {"port": "x", "receive": "poll"}}}, r"modems\.a\.receive"),
        ({"modems": {"a": {"port": "x", "speed": 9600}}}, r"modems\.a\.speed: unknown key"),
        ({"modems": {"a": {"port": "x", "baudrate": "fast"}}}, r"modems\.a\.baudrate"),
        ({"timeouts": {"send": -1}}, r"timeouts\.send: must be"),
        ({"timeouts": {"sned": 1}}, r"timeouts\.sned: unknown key"),
        ({"send": {"validity": "soon"}}, r"send\.validity: .* is not a duration"),
        ({"send": {"message_class": 7}}, r"send\.message_class"),
        ({"default": "b", "modems": {"a": "x"}}, r"default: no modem called 'b'"),
        ({"colour": 1}, r"^colour: unknown key"),
        ([1, 2], r"config: must be a mapping"),
    ],
)
def test_errors_name_the_key(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_dict(data)


def test_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("modems: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


def test_which_modem() -> None:
    with pytest.raises(ConfigError, match="pass --port"):
        Config().modem()
    two = config_from_dict({"modems": {"a": "x", "b": "y"}})
    with pytest.raises(ConfigError, match="several modems"):
        two.modem()
    with pytest.raises(ConfigError, match=r"modems\.c: no such modem"):
        two.modem("c")


def test_durations() -> None:
    assert parse_duration(90) == timedelta(seconds=90)
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("2w") == timedelta(weeks=2)
    with pytest.raises(ConfigError):
        parse_duration("0s")
    assert parse_duration("1h30m") == timedelta(minutes=90)  # what `modem pdu` accepts too
    assert parse_duration(" 1.5h ") == timedelta(minutes=90)
    for bad in ("", "h", "1x", "1h 2", "soon", "-5m"):
        with pytest.raises(ConfigError, match=r"--validity: .* is not a duration"):
            parse_duration(bad, "--validity")


def test_an_unknown_profile_is_refused_where_the_modem_is_made() -> None:
    """The configuration reads no profile table; the driver refuses an unknown name, naming
    the key, before it touches a port."""
    from modem.config import config_from_dict
    from modem.device import Modem

    config = config_from_dict({"modems": {"a": {"port": "x", "profile": "Nokia"}}})
    assert config.modems["a"].profile == "nokia"
    with pytest.raises(ConfigError, match=r"modems\.a\.profile: unknown 'nokia' \(known: auto, "):
        Modem.from_config(config.modems["a"])
    ok = config_from_dict({"modems": {"a": {"port": "x", "profile": "huawei"}}})
    assert Modem.from_config(ok.modems["a"]).profile.name == "huawei"


def test_the_configuration_imports_no_profiles() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from modem.config import load_config, config_from_dict; "
        "config_from_dict({'modems': {'a': {'port': 'x', 'profile': 'zte'}}}); "
        "print('modem.profiles' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
