"""What the direct-mode commands share (`info`, `send`, `ussd` in cli/device.py, `inbox` in
cli/inbox.py, `listen` in cli/listen.py): the port/config/PIN options, opening the modem the
options name, running the coroutine, and JSON output.

Every error a user can cause is a ModemError (one "error:" line and exit 2 via cli/main.py) or
a click usage error, checked before the port is touched where it can be (a PIN that is not 4
to 8 digits would cost one of the SIM's three attempts). Ctrl-C ends a command with exit 130
and one line, never a traceback. Nothing heavy is imported at module level.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

__all__ = [
    "Failed",
    "Interrupted",
    "modem_options",
    "open_modem",
    "print_json",
    "run",
    "setup_logging",
]

_PORT_HELP = (
    "Port URL (/dev/ttyUSB2, socket://host:port as ser2net or `modem sim` serve it, "
    "rfc2217://...; sim://name only inside a program that runs the simulator) or the name of "
    "a modem in the config file; default: the config's default modem."
)


def _check_pin(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (value.isdigit() and 4 <= len(value) <= 8):
        raise click.BadParameter("a SIM PIN is 4 to 8 digits", ctx=ctx, param=param)
    return value


def modem_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--port, --config, --pin, --json, --verbose."""
    func = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(func)
    func = click.option("--pin", callback=_check_pin, help="SIM PIN (else the config's).")(func)
    func = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default $GSMBRIDGE_CONFIG or ~/.config/gsmbridge/config.yaml).",
    )(func)
    func = click.option("-v", "--verbose", is_flag=True, help="Log the AT traffic to stderr.")(func)
    return click.option("-p", "--port", help=_PORT_HELP)(func)


class Failed(click.ClickException):
    """An outcome that is not an error of the user's (not delivered): "error: ..." like the
    others, but exit 1, so a script can tell it from a usage or modem error (2)."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class Interrupted(click.ClickException):
    """Ctrl-C: one line, exit 130 (128 + SIGINT, what a shell reports)."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted")

    def show(self, file: Any = None) -> None:
        click.echo("interrupted", err=True)


def run(coro: Any) -> Any:
    """asyncio.run(coro); Ctrl-C becomes `Interrupted` (the modem is closed on the way out:
    asyncio.run cancels the task, and the commands close the modem in `finally`)."""
    import asyncio

    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        raise Interrupted() from None


def setup_logging(verbose: bool) -> None:
    import logging

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    if not verbose:
        logging.getLogger("modem").setLevel(logging.ERROR)


def open_modem(
    port: str | None,
    config_path: str | None,
    pin: str | None,
    *,
    listen: bool = False,
    receive: str | None = None,
) -> Any:
    """A (not yet opened) Modem for the options; one-shot commands do not reconnect."""
    from modem.config import load_config
    from modem.device import Modem

    config = load_config(config_path)
    chosen = config.modem(port=port)
    kw: dict[str, Any] = {
        "timeouts": config.timeouts,
        "send_defaults": config.send,
        "reconnect": listen,
    }
    if pin:
        kw["pin"] = pin
    if receive:
        kw["receive"] = receive
    return Modem.from_config(chosen, **kw)


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))
