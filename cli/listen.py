"""`modem listen`: stream incoming messages, delivery reports and modem state until Ctrl-C.

Direct mode (this process owns the port, see cli/direct.py). Each event is one line of text,
or with `--json` one JSON object per line (JSON lines). A message is deleted from the modem (or
acknowledged with AT+CNMA when routed) only after its line was written, so a crash between
the two shows it again next time (`--keep` never deletes). Ctrl-C or SIGTERM ends it with exit
0 and no traceback.
"""

from __future__ import annotations

import contextlib

import click

from cli.direct import modem_options, open_modem, print_json, setup_logging

__all__ = ["listen"]


@click.command()
@modem_options
@click.option("--keep", is_flag=True, help="Leave messages on the modem (do not delete them).")
@click.option("--route", is_flag=True, help="Have messages routed (+CMT, AT+CNMA), not stored.")
@click.option("--whole", is_flag=True, help="Join concatenated parts; show whole messages only.")
def listen(
    port: str | None,
    config_path: str | None,
    pin: str | None,
    as_json: bool,
    verbose: bool,
    keep: bool,
    route: bool,
    whole: bool,
) -> None:
    """Stream incoming messages, delivery reports and modem state until Ctrl-C."""
    from modem.device import describe, to_json

    if whole and keep:
        raise click.UsageError("--whole deletes each message once shown; it cannot --keep")
    if route and keep:
        # A routed message is never on the modem: unacknowledged, it would be refused
        # (AT+CNMA=2) and sent again by the network, over and over.
        raise click.UsageError("--route messages are acknowledged once shown; it cannot --keep")
    setup_logging(verbose)
    from cli.client import through_daemon

    daemon = through_daemon(port, config_path, "read")
    if daemon is not None:  # the daemon owns the ports: follow its event stream
        from cli.via_daemon import listen_via

        with contextlib.suppress(KeyboardInterrupt):
            listen_via(daemon, as_json)
        return

    async def main() -> None:
        import asyncio
        import signal

        modem = open_modem(port, config_path, pin, listen=True, receive="route" if route else None)
        task = asyncio.current_task()
        assert task is not None
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await modem.open(retry=True)  # a modem not there yet (or not answering) is waited for
        try:
            stream = modem.events(auto_ack=not keep, whole=whole)
            async for event in stream:
                if as_json:
                    print_json(to_json(event))
                else:
                    click.echo(describe(event))
        finally:
            await modem.close()

    import asyncio

    # Ctrl-C (KeyboardInterrupt, after asyncio.run cancelled main and the modem closed) and
    # SIGTERM (main cancelled) are how listening is meant to end: exit 0, no traceback.
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())
