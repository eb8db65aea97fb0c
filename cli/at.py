"""`modem at 'AT+...'`: one raw AT command, its answer printed. For what no other command does:
a SIM blocked after three wrong PINs (`modem at 'AT+CPIN="PUK","NEWPIN"'`), a vendor setting.

The port is opened without the init sequence (`Modem.open(initialise=False)`): the modem is
only checked to answer AT, none of its settings change, and a SIM that wants its PIN or PUK
does not stop the command. The answer is printed as the modem gave it: the information lines,
then the final result code (TS 27.007 §9.2, V.250 §5.7); `--json` gives one object
(`"type": "at.response"`). Exit 0 when the modem said OK, 1 when it answered with an error
(ERROR, +CME ERROR, +CMS ERROR, ...), 2 when it could not be asked (no answer, no port).

Secrets stay secret: the PINs, PUKs and passwords of AT+CPIN, AT+CLCK and AT+CPWD are masked
in the AT trace (`-v`), in --json and in every error message (`AT+CPIN="****"`).
"""

from __future__ import annotations

from typing import Any

import click

from cli.direct import Failed, open_modem, print_json, run, setup_logging
from cli.options import common_options, given

__all__ = ["at"]


@click.command()
@click.argument("command")
@common_options
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds to wait for the final result (default: the config's timeouts.command, 10). "
    "A network scan (AT+COPS=?) can take minutes.",
)
@click.pass_context
def at(ctx: click.Context, command: str, timeout: float | None) -> None:
    """Send COMMAND (e.g. 'AT+CSQ') to the modem as it is and print the answer.

    Quote the command for the shell: AT+CPIN="12345678","1234" needs single quotes around it.
    """
    from modem.at.trace import mask_secrets
    from modem.errors import ModemError

    options = given(ctx)
    line = _check(command)
    if options.pin:
        raise click.UsageError("modem at enters no PIN: send AT+CPIN yourself")
    setup_logging(options.verbose)

    async def main() -> Any:
        modem = open_modem(options)
        await modem.open(scan=False, initialise=False)
        try:
            return await modem.command(line, timeout=timeout, check=False)
        finally:
            await modem.close()

    try:
        response = run(main())
    except ModemError as exc:
        from cli.main import Failure

        raise Failure(mask_secrets(str(exc))) from None
    _show(response, options.as_json)
    error = response.error()
    if error is not None:
        raise Failed(mask_secrets(str(error)))


def _check(command: str) -> str:
    """The command line to send; a usage error for what cannot be a one-shot command."""
    from modem.at.commands import analyse

    line = command.strip()
    problem = None
    if line[:2].upper() != "AT":
        problem = "an AT command starts with AT (e.g. 'AT+CSQ')"
    elif any(c in line for c in "\r\n\x1a\x1b"):
        problem = "one command line, without line ends or control characters"
    elif analyse(line).prompt:
        problem = "this command waits for a body after a '> ' prompt; use `modem send` for an SMS"
    if problem is not None:
        raise click.BadParameter(problem, param_hint="COMMAND")
    return line


def _show(response: Any, as_json: bool) -> None:
    from modem.at.trace import mask_secrets
    from modem.vocabulary import ItemType

    if as_json:
        print_json(
            {
                "type": ItemType.AT_RESPONSE.value,
                "command": mask_secrets(response.command),
                "lines": list(response.lines),
                "result": response.text,
                "ok": response.ok,
                "code": response.code,
            }
        )
        return
    for info_line in response.lines:
        click.echo(info_line)
    click.echo(response.text)
