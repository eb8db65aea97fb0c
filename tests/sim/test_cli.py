"""cli/sim.py: `modem sim` serves ptys, prints them (--json), stops cleanly on SIGTERM/Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sim", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def talk(port: str, line: bytes) -> bytes:
    fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
    try:
        os.write(fd, line)
        data = b""
        while b"OK\r\n" not in data and b"ERROR\r\n" not in data:  # boot URCs may follow
            data += os.read(fd, 4096)
        return data
    finally:
        os.close(fd)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_json_lines_then_clean_exit(signum: int) -> None:
    proc = start("--modems", "2", "--personality", "quectel", "--json", "--latency-scale", "0")
    try:
        records = [json.loads(proc.stdout.readline()) for _ in range(2)]  # type: ignore[union-attr]
        assert [r["name"] for r in records] == ["sim0", "sim1"]
        assert [r["number"] for r in records] == ["+15550000001", "+15550000002"]
        assert all(r["personality"] == "quectel" and r["url"] for r in records)
        assert b"\r\nQuectel\r\n\r\nOK\r\n" in talk(records[0]["port"], b"ATE0;+CGMI\r")
    finally:
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_text_output_and_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "sim.yaml"
    cfg.write_text('modems:\n  - {name: alpha, number: "+4911111"}\n')
    proc = start("--config", str(cfg), "--link-dir", str(tmp_path / "links"))
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        name, port, number, _ = line.split()
        assert (name, number) == ("alpha", "+4911111")
        assert port == str(tmp_path / "links" / "alpha") and os.path.islink(port)
        assert b"OK\r\n" in talk(port, b"AT\r")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Stopped." in err


def test_config_error_names_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "sim.yaml"
    cfg.write_text("modems:\n  - {name: a, faults: {garble_rate: 5}}\n")
    result = CliRunner().invoke(main, ["sim", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "error: modems[0].faults.garble_rate: must be a number from 0.0 to 1.0" in result.output


def test_unknown_personality() -> None:
    result = CliRunner().invoke(main, ["sim", "--personality", "nokia"])
    assert result.exit_code == 2
    assert "error: personality: unknown 'nokia'" in result.output


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("modems: [\n", "sim.yaml:2:1: not valid YAML: while parsing a flow node"),
        ("modems:\n  - {name: a, colour: red}\n", "modems[0].colour: unknown key"),
        ("modems:\n  - {name: a, rssi: high}\n", "modems[0].rssi: must be a whole number"),
        (
            'modems:\n  - {name: a, number: "+15551"}\n  - {name: b, number: "15551"}\n',
            "modems[1].number: '15551' is used twice",
        ),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, yaml_text: str, message: str) -> None:
    cfg = tmp_path / "sim.yaml"
    cfg.write_text(yaml_text)
    result = CliRunner().invoke(main, ["sim", "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")
    assert message in result.output
