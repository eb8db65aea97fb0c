"""Helpers for the tests of the `modem` commands that talk to a modem: simulated modems on
real ptys (the network in a thread, as the CLI runs its own event loop), the command run
through click's runner or as a real process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """The tester's own config file must not change what the commands do."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("GSMBRIDGE_CONFIG", raising=False)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """sim0 and sim1 (plain), locked (PIN 1234), blocked (PIN 1234, for the PUK tests)."""
    config = SimConfig(
        modems=[
            ModemSpec("sim0"),
            ModemSpec("sim1"),
            ModemSpec("locked", pin="1234"),
            ModemSpec("blocked", pin="1234"),
        ],
        latency_scale=0.0,
        seed=5,
    )
    with serve_in_thread(config) as served:
        yield served


def port(served: Served, name: str) -> str:
    return next(p for n, p, _ in served if n == name)


def number(served: Served, name: str) -> str:
    return next(num for n, _, num in served if n == name)


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """`modem ARGS` through click's runner: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def process(*args: str, **kw) -> subprocess.Popen[str]:
    """`modem ARGS` as a real process (for signals), stdout and stderr piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def clear(served: Served, name: str) -> None:
    """Empty a simulated modem's storages (a test starts from an empty SIM)."""
    code, _, err = run("inbox", "delete", "--all", "--port", port(served, name))
    assert code == 0, err
    code, _, err = run("inbox", "delete", "--all", "--storage", "SR", "--port", port(served, name))
    assert code == 0, err


__all__ = ["ROOT", "clear", "number", "port", "process", "run"]
