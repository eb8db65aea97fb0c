"""Which kind of YAML file this is: the user's configuration or a simulator description.

Both are YAML with a top-level `modems` key, and both are given with `--config` (to the
commands that talk to a modem, and to `modem sim`), so the wrong file is an easy mistake. In
the user's configuration `modems` maps names to ports (`modems: {office: {port: ...}}`); in a
simulator description it is a list of simulated modems (`modems: [{name: sim0, ...}]`). Each
loader asks here first, so the mistake is named as such instead of "default: unknown key".
"""

from __future__ import annotations

from typing import Any

__all__ = ["SIMULATOR_WANTED", "USER_WANTED", "looks_like_simulator", "looks_like_user_config"]

#: What each loader says it wanted, after naming the file it got.
USER_WANTED = (
    "this is a simulator description (for `modem sim --config`), not a gsmbridge "
    "configuration (modems by name with their ports: see docs/config.md)"
)
SIMULATOR_WANTED = (
    "this is a gsmbridge configuration (for --config of the commands that talk to a modem), "
    "not a simulator description (a list of simulated modems: see docs/simulator.md)"
)

# Keys only the user's configuration has at the top (its sections as they are added).
_USER_ONLY = {"default", "timeouts", "send", "store", "node", "pool", "retention", "bridge"}


def looks_like_simulator(data: Any) -> bool:
    """A simulator description: `modems` is a list of mappings without a `port`."""
    if not isinstance(data, dict):
        return False
    modems = data.get("modems")
    return (
        isinstance(modems, list)
        and bool(modems)
        and all(isinstance(m, dict) and "port" not in m for m in modems)
    )


def looks_like_user_config(data: Any) -> bool:
    """The user's configuration: `modems` maps names to modems, or a section only it has."""
    if not isinstance(data, dict):
        return False
    return isinstance(data.get("modems"), dict) or bool(_USER_ONLY & set(data))
