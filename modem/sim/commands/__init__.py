"""The command table of the simulated modem: command name -> handler, with what it needs.

A handler takes the modem (the `Interpreter`) and the parsed `Command` and returns the
information lines of its answer (the final OK is the interpreter's job), a `Prompt` when it
wants a body after "> " (AT+CMGS, AT+CMGW, AT+CNMA=1), or raises an `AtFailure`. What a command
needs before it may run is declared here, not tested in each handler: a ready SIM (else
+CME ERROR 10/11/12/13, or +CMS ERROR 310/311/316/313 for SMS commands), SMS readiness (SIMCom
before "SMS Ready"), or a vendor command set (Huawei ^CURC...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter
    from modem.sim.parse import Command

Handler = Callable[["Interpreter", "Command"], Any]


@dataclass(frozen=True)
class Prompt:
    """Ask for a body after "> "; `on_body` gets it (without Ctrl-Z) and returns the lines."""

    on_body: Callable[[str], list[str]]
    text_mode: bool = False


@dataclass(frozen=True)
class Spec:
    name: str
    handler: Handler
    sim: bool = False  # needs the SIM ready (PIN entered)
    sms: bool = False  # an SMS command: +CMS ERROR family, waits for "SMS Ready"
    vendor: str | None = None  # only on personalities with this command set


REGISTRY: dict[str, Spec] = {}


def command(
    *names: str, sim: bool = False, sms: bool = False, vendor: str | None = None
) -> Callable[[Handler], Handler]:
    """Register a handler under one or more command names ("+CGMI", "+GMI")."""

    def register(handler: Handler) -> Handler:
        for name in names:
            REGISTRY[name] = Spec(name, handler, sim=sim, sms=sms, vendor=vendor)
        return handler

    return register


# The modules whose handlers make up the table, one line per command set: a new set (the
# modem's own HTTP/MMS stack, say) is a module here with its @command handlers, gated to the
# personalities that have it by `vendor=` and Personality.command_sets.
MODULES: list[str] = [
    "modem.sim.commands.basic",
    "modem.sim.commands.network",
    "modem.sim.commands.sms",
    "modem.sim.commands.storage",
]


def load() -> dict[str, Spec]:
    """Import the handler modules (they register themselves) and return the table."""
    import importlib

    for name in MODULES:
        importlib.import_module(name)
    return REGISTRY
