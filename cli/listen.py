"""`modem listen`: stream incoming messages, delivery reports and modem state until Ctrl-C.

Direct mode (this process owns the port, see cli/direct.py). Each event is one line of text,
or with `--json` one JSON object per line (JSON lines).

Listening changes nothing on the SIM: messages stay stored where they are (read again by
`modem inbox`, or by the next `modem listen`) unless `--delete` is given, in which case each
one is deleted only after its line was written and flushed, so a crash between the two shows
it again next time. A routed message (`--route`, or a status report a profile routes) is never
stored: it is acknowledged to the network (AT+CNMA) once shown, whatever the options, or the
network would send it again and again. `--keep` (the old way to ask for today's default) is
still accepted and changes nothing. Ctrl-C or SIGTERM ends it with exit 0 and no traceback.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from cli.direct import open_modem, print_json, setup_logging
from cli.options import common_options, given

__all__ = ["listen"]


@click.command()
@common_options
@click.option(
    "--delete", is_flag=True, help="Delete each stored message from the modem once shown."
)
@click.option("--keep", is_flag=True, hidden=True, help="Leave messages (the default).")
@click.option("--route", is_flag=True, help="Have messages routed (+CMT, AT+CNMA), not stored.")
@click.option("--whole", is_flag=True, help="Join concatenated parts; show whole messages only.")
@click.pass_context
def listen(ctx: click.Context, delete: bool, keep: bool, route: bool, whole: bool) -> None:
    """Stream incoming messages, delivery reports and modem state until Ctrl-C.

    Messages stay on the modem unless --delete is given."""
    from modem.device import describe, to_json

    if keep and delete:
        raise click.UsageError("--keep and --delete contradict each other (keeping is the default)")
    options = given(ctx)
    setup_logging(options.verbose)

    def show(event: Any) -> None:
        if options.as_json:
            print_json(to_json(event))
        else:
            click.echo(describe(event))
        sys.stdout.flush()  # written before anything is deleted

    async def main() -> None:
        import asyncio
        import signal

        modem = open_modem(options, listen=True, receive="route" if route else None)
        task = asyncio.current_task()
        assert task is not None
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await modem.open()
        try:
            if whole:
                await _whole(modem, show, delete)
            else:
                await _each(modem, show, delete)
        finally:
            await modem.close()

    import asyncio

    # Ctrl-C (KeyboardInterrupt, after asyncio.run cancelled main and the modem closed) and
    # SIGTERM (main cancelled) are how listening is meant to end: exit 0, no traceback.
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())


async def _each(modem: Any, show: Any, delete: bool) -> None:
    """Every event as it comes; a message acknowledged once shown if routed or `delete`."""
    from modem.device import SmsReceived, StatusReportReceived
    from modem.errors import ModemError

    async for event in modem.events(auto_ack=False):
        show(event)
        if isinstance(event, SmsReceived | StatusReportReceived) and (
            delete or event.storage is None
        ):
            try:
                await event.ack()
            except ModemError as exc:  # the port went away: it is shown again after reopening
                click.echo(f"warning: not acknowledged: {exc}", err=True)


async def _whole(modem: Any, show: Any, delete: bool) -> None:
    """Whole messages and reports."""
    async for item in modem.messages():
        show(item)
