"""`modem serve` as a process: starting, reloading on SIGHUP, stopping on SIGTERM, its logs in
the journal's form, what it tells systemd, and the mistakes it reports in one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, daemon, quiet_env, simulated, stop, write_config


def test_serve_sim_starts_reloads_and_stops_cleanly(tmp_path: Path) -> None:
    with daemon(["--sim", "--node", "pi-test"], env=quiet_env(tmp_path)) as d:
        d.wait_for(r"gateway started on node pi-test with 2 modems \(sim0, sim1\)")
        d.wait_for(r"sim1: ready for work")
        d.signal(signal.SIGHUP)
        d.wait_for(r"configuration reloaded \(2 modems\)")
        assert stop(d) == 0
        d.wait_for(r"modem\.service: stopped")
    assert "Traceback" not in "\n".join(d.lines)


def test_flags_override_the_file(tmp_path: Path) -> None:
    with simulated("a", "b") as served:
        config = write_config(tmp_path / "config.yaml", served)
        other_db = tmp_path / "other" / "flags.db"
        a_port = served[0][1]
        args = ["-c", str(config), "--modem", f"only={a_port}", "--db", str(other_db),
                "--node", "n9"]  # fmt: skip
        with daemon(args, env=quiet_env(tmp_path)) as d:
            d.wait_for(r"node n9 with 1 modems \(only\)")
            d.wait_for(r"only: ready for work")
            assert stop(d) == 0
        assert other_db.exists() and oct(other_db.stat().st_mode & 0o777) == "0o600"


def test_logs_go_to_the_journal_with_priorities_and_no_time(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        info = os.fstat(stderr.fileno())
        env = {**os.environ, **quiet_env(tmp_path),
               "JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}"}  # fmt: skip
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--sim", "--db", str(tmp_path / "db")],
            cwd=ROOT, env=env, stderr=stderr, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_in(log, "ready for work")
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0
    lines = [line for line in log.read_text().splitlines() if line]
    assert lines and all(line.startswith(("<6>", "<4>", "<7>", "<3>")) for line in lines)
    assert any(line.startswith("<6>modem.service: gateway started") for line in lines)
    assert not any(line[3:7].isdigit() for line in lines)  # no time stamps


def _wait_in(path: Path, text: str, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while text not in path.read_text():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not in:\n{path.read_text()}")
        time.sleep(0.05)


def test_systemd_hears_ready_status_and_stopping(tmp_path: Path) -> None:
    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(address)
        sock.settimeout(60)
        env = {**quiet_env(tmp_path), "NOTIFY_SOCKET": address}
        with daemon(["--sim", "--db", str(tmp_path / "db")], env=env) as d:
            ready = sock.recv(4096).decode()
            assert ready.startswith("READY=1\nSTATUS=") and "modems ready" in ready
            d.signal(signal.SIGTERM)
            stopping = sock.recv(4096).decode()
            assert stopping.startswith("STOPPING=1")
            assert d.wait(60) == 0


def test_mistakes_are_one_line_and_exit_code_2(tmp_path: Path) -> None:
    env = {**os.environ, **quiet_env(tmp_path)}
    bad = tmp_path / "bad.yaml"
    bad.write_text("pool:\n  strategy: fastest\n")
    cases = [
        (["-c", str(bad)], "pool.strategy: must be one of round_robin, least_loaded"),
        (["--modem", "nourl"], "give NAME=URL"),
        (["--db", "mysql://x/y"], "not a database path"),
        (["--node", "two words"], "node: must be a name"),
    ]
    for args, words in cases:
        run = subprocess.run([sys.executable, "-m", "cli.main", "serve", *args], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], lines
