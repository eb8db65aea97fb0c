"""The two YAML files a user meets: the gsmbridge configuration and a simulator description.
Given to the wrong `--config`, each is named for what it is and what was expected."""

from __future__ import annotations

from pathlib import Path

from .conftest import run

SIMULATOR = """\
latency_scale: 0.1
modems:
  - name: sim0
    personality: huawei
  - name: sim1
"""

USER = """\
default: office
modems:
  office:
    port: /dev/ttyUSB2
"""


def test_a_simulator_file_given_to_a_modem_command(tmp_path: Path) -> None:
    path = tmp_path / "sim.yaml"
    path.write_text(SIMULATOR)
    code, _, err = run("info", "--config", str(path))
    assert code == 2 and err.count("\n") == 1, err
    assert str(path) in err and "simulator description" in err and "modem sim --config" in err
    assert "gsmbridge configuration" in err and "unknown key" not in err


def test_a_user_config_given_to_the_simulator(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(USER)
    code, _, err = run("sim", "--config", str(path))
    assert code == 2 and err.count("\n") == 1, err
    assert str(path) in err and "gsmbridge configuration" in err
    assert "simulator description" in err and "unknown key" not in err
    path.write_text("timeouts: {command: 5}\nmodems: [{name: a}]\n")  # a section only it has
    code, _, err = run("sim", "--config", str(path))
    assert code == 2 and "gsmbridge configuration" in err, err


def test_a_list_of_ports_is_a_mistake_in_the_config_not_a_simulator(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("modems:\n  - port: /dev/ttyUSB2\n")
    code, _, err = run("info", "--config", str(path))
    assert code == 2 and "modems: must be a mapping" in err and "simulator" not in err, err


def test_an_empty_ussd_code_is_refused_at_once() -> None:
    for code_text in ("", "  "):
        code, _, err = run("ussd", "--port", "/dev/nonexistent-modem", code_text)
        assert code == 2 and "a USSD code cannot be empty" in err and err.count("\n") == 1, err


def test_a_config_file_that_is_not_text(tmp_path: Path, monkeypatch) -> None:
    """A binary file or one saved as Latin-1 (a PIN comment with an accent) was a traceback."""
    path = tmp_path / "config.yaml"
    path.write_bytes("modems:\n  office:  # Büro\n    port: /dev/ttyUSB2\n".encode("latin-1"))
    for command in ("info", "sim"):
        code, _, err = run(command, "--config", str(path))
        assert code == 2 and err == f"error: {path}: not UTF-8 text (byte 22)\n", err
    monkeypatch.setenv("GSMBRIDGE_CONFIG", str(path))  # not named here: --port goes on without it
    code, _, err = run("info", "--port", "/dev/nonexistent")
    assert err.startswith(f"warning: {path}: not UTF-8 text"), err


def test_a_port_that_is_neither_a_configured_modem_nor_a_path(tmp_path: Path) -> None:
    """A misspelt modem name, or a tty without its /dev/, was opened as a relative path:
    'cannot open (no such device)'. Now the error says what --port can be."""
    path = tmp_path / "config.yaml"
    path.write_text(USER)
    code, _, err = run("send", "--config", str(path), "--port", "ofice", "+4712345678", "hi")
    assert code == 2 and err.count("\n") == 1, err
    assert f"--port 'ofice' is neither a modem in {path} (known: office) nor a port" in err
    code, _, err = run("info", "--port", "null")  # /dev/null exists: the likely meaning
    assert code == 2 and err.endswith("did you mean /dev/null?\n"), err


def test_a_pin_written_as_a_bare_number_is_refused(tmp_path: Path) -> None:
    """YAML reads `pin: 01234567` as the octal number 342391, which passed for a 6-digit PIN:
    the SIM would have been given a PIN the user never wrote, and lost an attempt."""
    path = tmp_path / "config.yaml"
    for pin in ("01234567", "1234"):
        path.write_text(f"modems:\n  office:\n    port: /dev/nonexistent\n    pin: {pin}\n")
        code, _, err = run("info", "--config", str(path))
        assert code == 2 and err.startswith("error: modems.office.pin: quote it"), err
    path.write_text('modems:\n  office:\n    port: /dev/nonexistent\n    pin: "01234567"\n')
    code, _, err = run("info", "--config", str(path))
    assert code == 2 and "cannot open" in err, err  # the quoted PIN is accepted
    path.write_text("modems:\n  - name: a\n    pin: 01234567\n")
    code, _, err = run("sim", "--config", str(path))
    assert code == 2 and err.startswith("error: modems[0].pin: quote it"), err
