"""Shared helpers of the MMS tests (vectors as hex, hypothesis strategies) live next to the
tests as plain modules; put this directory on sys.path so they import by name. The larger
public vectors are binary files in vectors/ (SOURCES.md there says where each comes from)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

VECTOR_DIR = HERE / "vectors"


def file_vectors() -> dict[str, bytes]:
    """vectors/*.mms by name: "pm/projekt_exempel.mms", "mmsd/rc-mms-1-3-con-281.mms"."""
    files = {}
    for path in sorted(VECTOR_DIR.glob("*.mms")):
        source, _, name = path.name.partition("-")
        files[f"{source}/{name}"] = path.read_bytes()
    return files


@pytest.fixture(scope="session")
def vector_files() -> dict[str, bytes]:
    files = file_vectors()
    assert files, f"no vectors in {VECTOR_DIR}"
    return files
