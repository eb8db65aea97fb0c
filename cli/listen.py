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

`--whole` joins the parts of a long SMS (the driver's `events(whole=True)`) and shows it once;
its parts follow the same rule (deleted after it was shown, with `--delete` only).
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
    from cli.reports import report_line
    from modem.device import StatusReportReceived, describe, to_json

    if keep and delete:
        raise click.UsageError("--keep and --delete contradict each other (keeping is the default)")
    options = given(ctx)
    setup_logging(options.verbose)
    from cli.client import through_daemon

    daemon = through_daemon(options.port, options.config_path, "read")
    if daemon is not None:  # the daemon owns the ports: follow its event stream
        from cli.via_daemon import listen_via

        with contextlib.suppress(KeyboardInterrupt):
            listen_via(daemon, options.as_json)
        return

    def show(event: Any) -> None:
        if options.as_json:
            print_json(to_json(event))
        elif isinstance(event, StatusReportReceived):  # in the words send and inbox use
            click.echo(report_line(event))
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
        await modem.open(retry=True)  # a modem not there yet (or not answering) is waited for
        try:
            await _listen(modem, show, whole, delete)
        finally:
            await modem.close()

    import asyncio

    # Ctrl-C (KeyboardInterrupt, after asyncio.run cancelled main and the modem closed) and
    # SIGTERM (main cancelled) are how listening is meant to end: exit 0, no traceback.
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())


async def _listen(modem: Any, show: Any, whole: bool, delete: bool) -> None:
    """Every event (whole messages with `whole`) as it comes; acknowledged once shown when
    routed, or with `delete`."""
    async for event in modem.events(auto_ack=False, whole=whole):
        show(event)
        await _settle(event, delete)


async def _settle(event: Any, delete: bool) -> None:
    """Acknowledge what was shown: a routed item always (the network waits for it), a stored
    one only with `delete` (else it stays on the modem). A whole message: each of its parts."""
    from modem.errors import ModemError

    for item in getattr(event, "items", None) or (event,):
        token = getattr(item, "token", None)
        if token is None or not (delete or token.kind == "routed"):
            continue
        try:
            await item.ack()
        except ModemError as exc:  # the port went away: it is shown again after reopening
            click.echo(f"warning: not acknowledged: {exc}", err=True)
