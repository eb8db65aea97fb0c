"""What the direct-mode commands share (`info`, `ussd` in cli/device.py, `send` in cli/send.py,
`inbox` in cli/inbox.py, `listen` in cli/listen.py, `at` in cli/at.py): opening the modem the
common options (cli/options.py) name, running the coroutine, and JSON output.

Every error a user can cause is a ModemError (one "error:" line and exit 2 via cli/main.py) or
a click usage error, checked before the port is touched where it can be (a PIN that is not 4
to 8 digits would cost one of the SIM's three attempts). Ctrl-C ends a command with exit 130
and one line, never a traceback. Nothing heavy is imported at module level.
"""

from __future__ import annotations

import json
from typing import Any

import click

from cli.options import ModemOptions

__all__ = [
    "Failed",
    "Interrupted",
    "load_for",
    "open_modem",
    "print_json",
    "read_stdin_text",
    "run",
    "setup_logging",
]


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
    logging.getLogger("asyncio").setLevel(logging.WARNING)  # "Using selector: ..." is noise
    if not verbose:
        logging.getLogger("modem").setLevel(logging.ERROR)


def load_for(options: ModemOptions) -> tuple[Any, Any]:
    """(Config, ModemConfig) for the options: `--port` (a URL or a configured modem's name)
    wins over the config's default modem.

    A `--port` that is a device path or URL needs nothing from the config file: if the file
    the user did not name on this command line ($GSMBRIDGE_CONFIG or the default) is broken,
    the command goes on without it and says so in one `warning:` line. A modem's name, or a
    file given with `--config`, still needs the file: its error stops the command."""
    from modem.config import Config, load_config
    from modem.errors import ConfigError

    try:
        config = load_config(options.config_path)
    except ConfigError as exc:
        if options.config_path is not None or not _names_a_port(options.port):
            raise
        click.echo(f"warning: {exc} (not used: --port names the modem)", err=True)
        config = Config()
    port = options.port
    if port and not _names_a_port(port) and port not in config.modems:
        raise ConfigError(_unknown_port(port, config))
    return config, config.modem(port=port)


def _unknown_port(port: str, config: Any) -> str:
    """`--port ttyUSB2` or a misspelt modem name: say what a --port can be, instead of the
    "cannot open (no such device)" that opening `port` as a relative path would give."""
    from pathlib import Path

    from modem.config import default_path

    where = config.path or default_path()
    known = ", ".join(sorted(config.modems))
    names = f"a modem in {where} (known: {known})" if known else f"a modem named in {where}"
    hint = f"; did you mean /dev/{port}?" if Path("/dev", port).exists() else ""
    return (
        f"--port {port!r} is neither {names} nor a port (a device path like /dev/ttyUSB2, "
        f"or a URL like socket://host:port){hint}"
    )


def _names_a_port(port: str | None) -> bool:
    """A device path, a URL or a Windows COM port, not a configured modem's name."""
    if not port:
        return False
    return "/" in port or "://" in port or port.upper().startswith("COM")


def open_modem(options: ModemOptions, *, listen: bool = False, receive: str | None = None) -> Any:
    """A (not yet opened) Modem for the options; one-shot commands do not reconnect."""
    from modem.device import Modem

    config, chosen = load_for(options)
    kw: dict[str, Any] = {
        "timeouts": config.timeouts,
        "send_defaults": config.send,
        "reconnect": listen,
    }
    if chosen.name == chosen.port:
        # a --port that names no configured modem: no name of the user's, so the modem_id in
        # --json is the SIM's IMSI (else the IMEI), as the driver promises, never the tty
        kw["name"] = None
    if options.pin:
        kw["pin"] = options.pin
    if receive:
        kw["receive"] = receive
    return Modem.from_config(chosen, **kw)


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


def read_stdin_text() -> str:
    """TEXT `-`: the whole of standard input, without the line end(s) an `echo` or editor
    leaves (`modem send NUMBER -`, `modem sms count -`)."""
    import sys

    if sys.stdin.isatty():
        click.echo("reading the text from standard input; end it with Ctrl-D", err=True)
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"standard input is not UTF-8 text (byte {exc.start})", param_hint="TEXT"
        ) from None
    return text.rstrip("\r\n")
