"""The daemon: `Gateway` wires config -> store -> modems -> pool (-> the HTTP bridge), and
`serve()` runs it under signals (SIGTERM stops cleanly, SIGHUP reloads).

Modules: gateway.py (`Gateway`, `Component`: what the bridge plugs in as), run.py (`serve`:
signals and reloads), logs.py (stderr in the journal's form), simulated.py (`--sim`).
"""

from __future__ import annotations

from modem.service.gateway import Component, Gateway
from modem.service.logs import setup_logging
from modem.service.run import serve

__all__ = ["Component", "Gateway", "serve", "setup_logging"]
