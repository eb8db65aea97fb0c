"""The options of every command that talks to a modem, defined once and accepted anywhere.

`modem inbox read 3 --json`, `modem inbox --json read 3`, `modem inbox read --port X 3` and
`modem --port X inbox read 3` all work: `common_options` attaches the same options to the
`modem` group, to a group and to each of its subcommands, and each option records its value in
the click context's `meta`, which every context of one command line shares. A command reads
them with `given(ctx)`, wherever the user typed them. Typed twice, the last one wins, as for
any repeated option. Given before a command that does not take them (`modem --json pdu ...`),
they are refused (`refuse_misplaced`) rather than silently ignored.

Nothing heavy is imported here: `modem --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

__all__ = [
    "ModemOptions",
    "common_options",
    "given",
    "parts_option",
    "refuse_misplaced",
    "storage_option",
    "takes_common_options",
]

_KEY = "gsmbridge.options"

PORT_HELP = (
    "Port URL (/dev/ttyUSB2, socket://host:port as ser2net or `modem sim` serve it, "
    "rfc2217://...; sim://name only inside a program that runs the simulator) or the name of "
    "a modem in the config file; default: the config's default modem."
)


@dataclass
class ModemOptions:
    """What the user gave, from any level of the command line."""

    port: str | None = None
    config_path: str | None = None
    pin: str | None = None
    as_json: bool = False
    verbose: bool = False
    storage: str | None = None  # `modem inbox`
    parts: bool = False  # `modem inbox`: the stored parts, not the messages they make


def given(ctx: click.Context) -> ModemOptions:
    """The common options of this command line (a fresh set when none was given)."""
    options = ctx.meta.get(_KEY)
    if options is None:
        options = ctx.meta[_KEY] = ModemOptions()
    return options


def _recorder(
    field: str, check: Callable[[click.Context, click.Parameter, Any], Any] | None = None
) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def record(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or value is False:  # not typed at this level
            return value
        if check is not None:
            value = check(ctx, param, value)
        setattr(given(ctx), field, value)
        return value

    record.gsmbridge_field = field  # type: ignore[attr-defined]  # see takes_common_options
    return record


def _check_pin(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # Checked before the port is touched: a PIN that is not 4 to 8 digits would cost one of
    # the SIM's three attempts.
    if not (value.isdigit() and 4 <= len(value) <= 8):
        raise click.BadParameter("a SIM PIN is 4 to 8 digits", ctx=ctx, param=param)
    return value


def _upper(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return value.upper()


def _option(*decls: str, field: str, check: Any = None, **kw: Any) -> Any:
    return click.option(*decls, callback=_recorder(field, check), expose_value=False, **kw)


_COMMON = (
    _option("-p", "--port", field="port", help=PORT_HELP),
    _option(
        "--config",
        field="config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default $GSMBRIDGE_CONFIG or ~/.config/gsmbridge/config.yaml).",
    ),
    _option("--pin", field="pin", check=_check_pin, help="SIM PIN (else the config's)."),
    _option("--json", field="as_json", is_flag=True, help="Machine-readable output."),
    _option("-v", "--verbose", field="verbose", is_flag=True, help="Log the AT traffic to stderr."),
)


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--port, --config, --pin, --json, --verbose; read them with `given(ctx)`."""
    for option in reversed(_COMMON):
        func = option(func)
    return func


storage_option = _option(
    "--storage",
    field="storage",
    check=_upper,
    help="SM, ME, SR, ... (default: where the modem stores new SMS).",
)

parts_option = _option(
    "--parts",
    field="parts",
    is_flag=True,
    help="The stored parts one by one, as the modem keeps them (default: whole messages).",
)


_SPELLED = {
    "port": "--port",
    "config_path": "--config",
    "pin": "--pin",
    "as_json": "--json",
    "verbose": "--verbose",
}


def takes_common_options(command: click.Command) -> bool:
    """Whether `command` reads the common options (it was decorated with `common_options`)."""
    fields = {getattr(p.callback, "gsmbridge_field", None) for p in command.params}
    return set(_SPELLED) <= fields


def refuse_misplaced(ctx: click.Context, name: str, command: click.Command) -> None:
    """A usage error when common options were typed before `modem NAME` and the command does
    not take them (they would be ignored without a word). Called once the `modem` group's own
    options are parsed and before the subcommand's are, so what `ctx` holds was typed there."""
    options = ctx.meta.get(_KEY)
    if options is None or takes_common_options(command):
        return
    typed = [spelled for field, spelled in _SPELLED.items() if getattr(options, field)]
    if typed:
        raise click.UsageError(
            f"`modem {name}` does not take {', '.join(typed)} before its name; see "
            f"`modem {name} --help` for its options"
        )
