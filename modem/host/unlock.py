"""The command that unblocks a SIM that wants its PUK, as the user types it.

The driver, `modem doctor` and `modem setup` never enter a PUK themselves (ten wrong ones kill
the SIM for good); they tell the user this command instead. `modem at` opens the port without
the init sequence, so a blocked SIM does not stop it (AT+CPIN with the PUK and a new PIN, TS
27.007 §8.3).
"""

from __future__ import annotations

import shlex

__all__ = ["unlock_command"]

_COMMAND = 'AT+CPIN="PUK","NEWPIN"'


def unlock_command(port: str) -> str:
    """`modem at --port PORT 'AT+CPIN="PUK","NEWPIN"'`, quoted for a POSIX shell."""
    return f"modem at --port {shlex.quote(port)} {shlex.quote(_COMMAND)}"
