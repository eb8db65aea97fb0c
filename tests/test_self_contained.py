"""The project speaks of itself alone: its code, tests and docs name no place outside the
repository (a folder beside it, a notes file of the team's, a shared checkout), so every
sentence and test means the same in any clone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\.\./shared|/work/|shared/research|shared folder")


def test_nothing_names_a_place_outside_the_repository() -> None:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: nothing to list")
    this = Path(__file__).resolve()
    found = []
    for name in listed.stdout.splitlines():
        path = ROOT / name
        if path.resolve() == this or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {m.group(0)}" for m in OUTSIDE.finditer(text)]
    assert found == []
