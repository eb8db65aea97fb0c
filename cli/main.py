"""Entry point of the `modem` command.

Subcommands are imported only when they run, so `modem --help` stays fast on a Raspberry Pi:
nothing heavy (serial, asyncio servers, aiohttp) is imported at the top of `cli/`. Each
subcommand lives in its own module, named in `COMMANDS`.

Anything a user can get wrong ends the same way, whichever command it reaches: a `ModemError`
(bad PDU, bad number, modem gone), a click usage error (unknown option, bad value) or an OS
error (file not found, port busy) becomes one `error: ...` line on stderr and exit code 2; a
user never sees a traceback, and a script reading stderr gets one line per problem. That holds
for a mistake before the subcommand too (`modem --bogus`).

Ctrl-C at any moment (while Python imports, while `modem send -` reads standard input, while
the modem answers) ends a command with one `interrupted` line and exit code 130, except for
the commands that run until stopped (`listen`, `sim`), which Ctrl-C ends normally: exit 0.

The common options of the commands that talk to a modem (--port, --config, --pin, --json, -v:
cli/options.py) are accepted before the subcommand as well (`modem --port X info`); given
there to a command that does not take them, they are refused with a line saying so.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

try:  # Ctrl-C while Python loads click (the first tenth of a second): no traceback either
    import click

    from cli.options import common_options, refuse_misplaced
except KeyboardInterrupt:
    sys.stderr.write("interrupted\n")
    raise SystemExit(130) from None

# name -> (module, attribute, one-line help shown by `modem --help` without importing it)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": (
        "cli.demo",
        "demo",
        "Tour the gateway on two simulated modems: API, reports, webhooks.",
    ),
    "pdu": ("cli.pdu", "pdu", "Decode and encode SMS PDUs."),
    "sms": ("cli.sms", "sms", "SMS helpers: count what a text costs."),
    "mms": ("cli.mms", "mms", "Decode and encode MMS PDUs."),
    "sim": ("cli.sim", "sim", "Run simulated modems on pseudo-terminals and TCP ports."),
    "ports": ("cli.ports", "ports", "List serial ports and find the modem's AT port."),
    "setup": (
        "cli.setup",
        "setup",
        "Find the modems, write a starter config, install the service.",
    ),
    "doctor": ("cli.doctor", "doctor", "Check the modems and this machine; say what to fix."),
    "info": ("cli.device", "info", "Show a modem's identity, SIM, signal and registration."),
    "send": ("cli.send", "send", "Send an SMS through a modem."),
    "inbox": ("cli.inbox", "inbox", "List, read and delete messages stored on a modem."),
    "listen": ("cli.listen", "listen", "Stream incoming messages and delivery reports."),
    "ussd": ("cli.device", "ussd", "Send a USSD code and print the reply."),
    "at": ("cli.at", "at", "Send one raw AT command to a modem and print the answer."),
    "store": ("cli.store", "store", "The gateway's message store: create or migrate it."),
    "serve": ("cli.serve", "serve", "Run the gateway: the modems, the queue and the store."),
}


#: Commands that run until Ctrl-C (or SIGTERM) ends them: exit 0, not 130.
RUN_UNTIL_STOPPED = frozenset({"listen", "sim"})
_RUNNING = "gsmbridge.command"  # ctx.meta: the subcommand being run


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (module, _, _) in COMMANDS.items() if _exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None or not _exists(entry[0]):
            return None
        module_name, attribute, _ = entry
        if ctx is not None:  # known before the import, which Ctrl-C may interrupt
            ctx.meta[_RUNNING] = cmd_name
        command = getattr(importlib.import_module(module_name), attribute)
        if ctx is not None:
            refuse_misplaced(ctx, cmd_name, command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A mistake before the subcommand is parsed here, outside invoke(): one line too.
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise Failure(exc.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        from modem.errors import ModemError

        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `modem pdu` alone: its help, as click shows it
        except ModemError as exc:
            raise Failure(str(exc)) from None
        except click.UsageError as exc:
            # click prints usage errors as four lines (usage, hint, blank, message)
            raise Failure(_usage_message(exc)) from None
        except (KeyboardInterrupt, click.Abort):
            # Ctrl-C outside the commands' own handling (while importing, reading stdin, at a
            # prompt): click would print "Aborted!" and exit 1.
            if ctx.meta.get(_RUNNING) in RUN_UNTIL_STOPPED:
                raise SystemExit(0) from None
            from cli.direct import Interrupted

            raise Interrupted() from None
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as cat does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(141) from None
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            raise Failure(f"{exc.strerror or exc}{where}") from None


class Failure(click.ClickException):
    """A user error: printed as one `error: ...` line, exit code 2. Commands may raise it."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _usage_message(exc: click.UsageError) -> str:
    """click's message, and for `modem send +47... "-5 degrees"` the way out: a text that
    starts with '-' was taken for an option."""
    message = exc.format_message()
    if isinstance(exc, click.NoSuchOption) and not exc.option_name.startswith("--"):
        message += " (an argument that starts with '-' goes after '--': modem send -- NUMBER '-5')"
    return message


def _exists(module_name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gsmbridge", prog_name="modem")
@common_options
def main() -> None:
    """Send and receive SMS and MMS through GSM/LTE modems, or simulated ones.

    --port, --config, --pin, --json and -v are the options of the commands that talk to a
    modem (info, send, inbox, listen, ussd, at); they may come before or after the command.
    """


if __name__ == "__main__":
    main()
