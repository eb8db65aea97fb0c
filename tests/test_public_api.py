"""`modem/__init__.py` names what users import: every name resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import modem


def test_every_public_name_resolves() -> None:
    for name in modem.__all__:
        assert getattr(modem, name) is not None, name


def test_import_modem_is_light() -> None:
    probe = "import sys, modem; print(sorted(m for m in ('asyncio', 'serial') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
