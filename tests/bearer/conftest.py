"""The bearer tests' helpers (a raw loopback HTTP server, a tiny DNS server, network
namespaces) are plain modules next to the tests; put this directory on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
