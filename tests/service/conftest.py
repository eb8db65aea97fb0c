"""Real processes: `modem serve` as a subprocess, its log lines read as they come, and
simulated modems served on ptys by the harness in a thread of the test process (so the test
can read what their SMSC took)."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from modem.sim import FaultSpec, ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]


class Daemon:
    """One `modem serve` process; its stderr lines collected as they come."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.args = list(args)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", *self.args],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> str:
        """The first line (from now on, or already seen) matching `pattern`."""
        regex = re.compile(pattern)
        for line in self.lines:
            if regex.search(line):
                return line
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no log line matching {pattern!r}:\n" + self.log())
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"exited before {pattern!r}:\n" + self.log())
            self.lines.append(line)
            if regex.search(line):
                return line

    def log(self) -> str:
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        return "\n".join(self.lines[-60:])

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def wait(self, timeout: float = 60.0) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(5)
        self.log()
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@contextlib.contextmanager
def daemon(args: Sequence[str], env: dict[str, str] | None = None) -> Iterator[Daemon]:
    d = Daemon(args, env)
    try:
        yield d
    finally:
        d.kill()


@contextlib.contextmanager
def simulated(*names: str, sms_latency: float = 0.0, **options: Any) -> Iterator[Served]:
    """Simulated modems on ptys, served from a thread of this process."""
    faults = FaultSpec(sms_latency=sms_latency)
    config = SimConfig(modems=[ModemSpec(n, faults=faults) for n in names], latency_scale=1.0,
                       seed=1, **options)  # fmt: skip
    with serve_in_thread(config) as served:
        yield served


def write_config(path: Path, served: Served, **sections: Any) -> Path:
    data: dict[str, Any] = {
        "modems": {name: {"port": port} for name, port, _ in served},
        "store": {"path": str(path.parent / "modem.db"), "synchronous": "normal"},
        "node": "n1",
    }
    data.update(sections)
    path.write_text(yaml.safe_dump(data))
    return path


def quiet_env(tmp_path: Path) -> dict[str, str]:
    """No config of the user's (an empty one), no systemd, no journal."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n")
    env = {"GSMBRIDGE_CONFIG": str(empty), "XDG_STATE_HOME": str(tmp_path)}
    for key in ("NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID"):
        env[key] = ""
    return env


def stop(d: Daemon, timeout: float = 60.0) -> int:
    d.signal(signal.SIGTERM)
    return d.wait(timeout)


def jsonable(value: Any) -> str:
    return json.dumps(value, default=str)
