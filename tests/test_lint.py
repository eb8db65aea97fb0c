"""The house style is enforced, not hoped for: `ruff check` and `ruff format` are clean."""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# The test runs `python -m ruff`, so it looks for the module, not for a `ruff` on PATH (a
# virtualenv used without activating it has the module but no `ruff` on PATH).
@pytest.mark.skipif(find_spec("ruff") is None, reason="pip install -e '.[test]' brings ruff")
@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
