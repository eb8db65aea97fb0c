"""`modem info|ussd`: direct mode, this process owns the modem's port.

Thin: resolve the modem from --port (a URL or a configured modem's name) and the config file,
open a `modem.device.Modem`, call one method, print text or --json (cli/direct.py has what
the commands share). `send`, `inbox`, `listen` and `at` have modules of their own.
`serial`, `asyncio` and the driver are imported only when a command runs.
"""

from __future__ import annotations

from typing import Any

import click

from cli.client import through_daemon
from cli.direct import Failed, open_modem, print_json, run, setup_logging
from cli.options import common_options, given
from cli.via_daemon import info_via, ussd_via

__all__ = ["info", "ussd"]


# --- info ----------------------------------------------------------------------------------------


@click.command()
@common_options
@click.pass_context
def info(ctx: click.Context) -> None:
    """Show a modem's identity, SIM, signal and registration."""
    from modem.device import to_json

    options = given(ctx)
    setup_logging(options.verbose)
    daemon = through_daemon(options.port, options.config_path, "read")
    if daemon is not None:  # the daemon owns the ports: ask it (cli/client.py)
        return info_via(daemon, options.as_json)

    async def main() -> Any:
        modem = open_modem(options)
        await modem.open(scan=False)
        try:
            return await modem.info()
        finally:
            await modem.close()

    result = run(main())
    data = to_json(result)
    if options.as_json:
        print_json(data)
        return
    signal = data["signal"]
    rows = [
        ("port", data["port"]),
        ("profile", data["profile"]),
        ("manufacturer", data["manufacturer"]),
        ("model", data["model"]),
        ("revision", data["revision"]),
        ("IMEI", data["imei"]),
        ("IMSI", data["imsi"]),
        ("ICCID", data["iccid"]),
        ("own number", data["own_number"]),
        ("operator", data["operator"]),
        ("signal", f"{signal['dbm']} dBm (CSQ {signal['rssi']})" if signal else None),
        ("SMSC", data["smsc"]),
    ]
    for kind, reg in data["registration"].items():
        where = f", LAC {reg['lac']} cell {reg['cell']}" if reg["lac"] else ""
        rows.append((kind, f"{reg['status'].replace('_', ' ')}{where}"))
    for name, value in rows:
        click.echo(f"{name + ':':14}{value if value is not None else '-'}")


# --- ussd ----------------------------------------------------------------------------------------


@click.command()
@click.argument("code")
@common_options
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds to wait for the reply."
)
@click.pass_context
def ussd(ctx: click.Context, code: str, timeout: float | None) -> None:
    """Send a USSD CODE (e.g. *100#) and print the network's reply."""
    from modem.device import to_json

    if not code.strip():
        # The modem would take an empty string and the network never answer it: the user
        # would wait for the whole reply deadline to learn nothing.
        raise click.BadParameter("a USSD code cannot be empty (e.g. *100#)", param_hint="CODE")
    options = given(ctx)
    setup_logging(options.verbose)
    daemon = through_daemon(options.port, options.config_path, "admin")
    if daemon is not None:  # the daemon owns the ports: ask it (cli/client.py)
        return ussd_via(daemon, code, timeout, options.as_json)

    async def main() -> Any:
        modem = open_modem(options)
        await modem.open(scan=False)
        try:
            return await modem.ussd(code, timeout=timeout)
        finally:
            await modem.close()

    reply = run(main())
    if options.as_json:
        print_json(to_json(reply))
        return
    if reply.status == 4:  # the network said no: exit 1, as for `at` answered with an error
        raise Failed(f"the network does not support {code}")
    click.echo(reply.text or "")
    if reply.needs_answer:
        click.echo("(the network waits for an answer: the session ends when this command does)")
