"""cli/sim.py: `modem sim` serves ptys, prints them (--json), stops cleanly on SIGTERM/Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
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


def talk_tcp(url: str, line: bytes) -> bytes:
    host, port = url.removeprefix("socket://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(line)
        data = b""
        while b"OK\r\n" not in data and b"ERROR\r\n" not in data:
            data += sock.recv(4096)
        return data


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
        assert all(r["personality"] == "quectel" for r in records)
        assert all(r["url"].startswith("socket://127.0.0.1:") for r in records)
        assert not any("sim://" in json.dumps(r) for r in records)  # useless to other programs
        assert b"\r\nQuectel\r\n\r\nOK\r\n" in talk(records[0]["port"], b"ATE0;+CGMI\r")
        assert b"\r\nQuectel\r\n\r\nOK\r\n" in talk_tcp(records[1]["url"], b"ATE0;+CGMI\r")
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
        name, port, url, number, _ = line.split()
        assert (name, number) == ("alpha", "+4911111") and url.startswith("socket://127.0.0.1:")
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


def test_another_process_uses_the_socket_url_with_the_driver() -> None:
    """The point of the socket URL: `modem info --port socket://...` in another process (the
    driver over TCP) reaches the modem `modem sim` runs."""
    proc = start("--modems", "1", "--json", "--latency-scale", "0")
    try:
        record = json.loads(proc.stdout.readline())  # type: ignore[union-attr]
        done = subprocess.run(
            [sys.executable, "-m", "cli.main", "info", "--port", record["url"], "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 0, done.stderr
        info = json.loads(done.stdout)
        assert "SimModem" in json.dumps(info) and record["number"] in json.dumps(info)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def test_tcp_port_base_and_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port free a moment ago, and the one after it
        probe.bind(("127.0.0.1", 0))
        base = probe.getsockname()[1]
    if base > 65000:
        pytest.skip("the free port found is too close to the top")
    proc = start("--modems", "2", "--json", "--tcp-port", str(base))
    try:
        urls = [json.loads(proc.stdout.readline())["url"] for _ in range(2)]  # type: ignore[union-attr]
        assert urls == [f"socket://127.0.0.1:{base}", f"socket://127.0.0.1:{base + 1}"]
        busy = CliRunner().invoke(main, ["sim", "--tcp-port", str(base)])
        assert busy.exit_code == 2
        assert busy.output.startswith(f"error: sim0: cannot listen on 127.0.0.1:{base} (")
        assert busy.output.count("\n") == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def test_tcp_port_too_high_for_the_modems() -> None:
    result = CliRunner().invoke(main, ["sim", "--modems", "3", "--tcp-port", "65534"])
    assert result.exit_code == 2 and "--tcp-port 65534 leaves no room for 3 modems" in result.output


def test_a_sim_url_from_another_process_says_what_to_use_instead() -> None:
    result = CliRunner().invoke(main, ["info", "--port", "sim://sim0"])
    assert result.exit_code == 2
    assert "only inside the program that runs the simulator" in result.output
    assert "socket:// URL that `modem sim` prints" in result.output
