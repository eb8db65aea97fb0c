"""Shared helpers of the MMS tests (vectors as hex, hypothesis strategies) live next to the
tests as plain modules; put this directory on sys.path so they import by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

# The larger files of the same public sets, read from a local git mirror when one is present
# (they are too big to keep as hex here). Tests that need them skip with a reason otherwise.
MIRRORS = {
    "python-messaging": (
        Path("/work/.mirror/pmarti+python-messaging/repo/.git"),
        "messaging/test/mms-data/",
    ),
    "mmsd": (Path("/work/.mirror/NeoSMatrix+oFono/repo"), "unit/"),
}


def mirror_files(which: str) -> dict[str, bytes]:
    git_dir, folder = MIRRORS[which]
    if not git_dir.exists():
        return {}
    try:
        names = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", "HEAD", folder],
            capture_output=True, check=True, text=True, timeout=30,
        ).stdout.split()  # fmt: skip
        return {
            Path(name).name: subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"HEAD:{name}"],
                capture_output=True,
                check=True,
                timeout=30,
            ).stdout
            for name in names
            if name.lower().endswith(".mms")
        }
    except (OSError, subprocess.SubprocessError):
        return {}


@pytest.fixture(scope="session")
def mirrored_vectors() -> dict[str, bytes]:
    files = {f"pm/{k}": v for k, v in mirror_files("python-messaging").items()}
    files.update({f"mmsd/{k}": v for k, v in mirror_files("mmsd").items()})
    if not files:
        pytest.skip(
            "large public vectors not mirrored here: fetch github:pmarti/python-messaging and "
            "github:NeoSMatrix/oFono into /work/.mirror to run this test"
        )
    return files
