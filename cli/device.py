"""`modem info|send|ussd`: direct mode, this process owns the modem's port.

Thin: resolve the modem from --port (a URL or a configured modem's name) and the config file,
open a `modem.device.Modem`, call one method, print text or --json (cli/direct.py has what
the commands share). `inbox` lives in cli/inbox.py and `listen` in cli/listen.py; both are
re-exported here, where cli/main.py looks for them. `serial`, `asyncio` and the driver are
imported only when a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli.client import through_daemon
from cli.direct import Failed, modem_options, open_modem, print_json, run, setup_logging
from cli.inbox import inbox
from cli.listen import listen
from cli.via_daemon import info_via, send_body, send_via, ussd_via

__all__ = ["inbox", "info", "listen", "send", "ussd"]


# --- info ----------------------------------------------------------------------------------------


@click.command()
@modem_options
def info(port: str | None, config_path: str | None, pin: str | None, as_json: bool, verbose: bool):
    """Show a modem's identity, SIM, signal and registration."""
    from modem.device import to_json

    setup_logging(verbose)
    daemon = through_daemon(port, config_path, "read")
    if daemon is not None:  # the daemon owns the ports: ask it
        return info_via(daemon, as_json)

    async def main() -> Any:
        modem = open_modem(port, config_path, pin)
        await modem.open(scan=False)
        try:
            return await modem.info()
        finally:
            await modem.close()

    result = run(main())
    data = to_json(result)
    if as_json:
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


# --- send ----------------------------------------------------------------------------------------


@click.command()
@click.argument("number", required=False)
@click.argument("text", required=False)
@modem_options
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Send to every row of this CSV file (columns number[, text, ...]); TEXT fills rows "
    "without one. Shows a progress bar.",
)
@click.option("--status-report", is_flag=True, help="Ask the network for a delivery report.")
@click.option(
    "--wait-delivery",
    is_flag=True,
    help="Wait for the delivery reports and show them; exit 1 unless every part was delivered.",
)
@click.option("--wait-timeout", type=float, default=300.0, show_default=True, help="Seconds.")
@click.option("--validity", help="Validity period, e.g. 30m, 1d, 1w.")
@click.option("--flash", is_flag=True, help="Class 0: shown at once, not stored.")
@click.option(
    "--encoding",
    type=click.Choice(["auto", "gsm7", "ucs2"]),
    default=None,
    help="Default: auto (GSM 7-bit when it fits, else UCS-2).",
)
@click.option("--smsc", help="Service centre number for this message (default: the SIM's).")
def send(
    number: str | None,
    text: str | None,
    port: str | None,
    config_path: str | None,
    pin: str | None,
    as_json: bool,
    verbose: bool,
    status_report: bool,
    wait_delivery: bool,
    wait_timeout: float,
    validity: str | None,
    flash: bool,
    encoding: str | None,
    smsc: str | None,
    csv_path: Path | None,
) -> None:
    """Send TEXT to NUMBER; prints each part's message reference (or, through the daemon,
    the message's id)."""
    from modem.config import parse_duration
    from modem.device import to_json
    from modem.device.send import check_number

    setup_logging(verbose)
    if csv_path is not None:
        return _send_csv(csv_path, number, text, port, config_path, pin, as_json,
                         status_report, validity, encoding)  # fmt: skip
    if number is None or text is None:
        raise click.UsageError("give NUMBER and TEXT (or --csv FILE)")
    daemon = through_daemon(port, config_path, "send")
    if daemon is not None:  # the daemon owns the ports: queue it there
        if flash or smsc:
            raise click.UsageError(
                f"{'--flash' if flash else '--smsc'} is not available through the daemon; "
                "pass --port to send directly"
            )
        body = send_body(number, text, status_report=True, validity=validity, encoding=encoding)
        if not send_via(daemon, body, as_json=as_json, wait_delivery=wait_delivery,
                        wait_timeout=wait_timeout):  # fmt: skip
            raise Failed("not delivered")
        return None
    check_number(number)  # a bad number fails here, before the modem is touched
    if smsc:
        check_number(smsc, "--smsc")
    period = parse_duration(validity, "--validity") if validity else None

    async def main() -> tuple[Any, list[Any]]:
        import asyncio

        from modem.device import StatusReportReceived

        modem = open_modem(port, config_path, pin)
        await modem.open(scan=False)
        try:
            result = await modem.send_sms(
                number,
                text,
                status_report=True if (status_report or wait_delivery) else None,
                validity=period,
                message_class=0 if flash else None,
                encoding=encoding,
                smsc=smsc,
            )
            reports: list[Any] = []
            if wait_delivery:
                waiting = set(result.references)
                try:
                    async with asyncio.timeout(wait_timeout):
                        async for event in modem.events(auto_ack=False):
                            if (
                                isinstance(event, StatusReportReceived)
                                and event.reference in waiting
                            ):
                                await event.ack()
                                reports.append(event)
                                if event.outcome != "pending":
                                    waiting.discard(event.reference)
                                if not waiting:
                                    break
                except TimeoutError:
                    pass
            return result, reports
        finally:
            await modem.close()

    result, reports = run(main())
    if as_json:
        out = to_json(result)
        if wait_delivery:
            out["reports"] = [to_json(r) for r in reports]
            out["delivered"] = _all_delivered(result, reports)
        print_json(out)
    else:
        refs = ", ".join(str(r) for r in result.references)
        parts = f"{len(result.parts)} parts" if len(result.parts) > 1 else "1 part"
        click.echo(f"sent to {number}: {parts}, reference {refs}")
        for report in reports:
            click.echo(
                f"report for {report.reference}: {report.outcome} "
                f"(TP-ST 0x{report.report.status:02X}) at {report.report.discharge_time}"
            )
    if wait_delivery and not _all_delivered(result, reports):
        missing = "not delivered" if reports else "no delivery report in time"
        raise Failed(missing)


def _all_delivered(result: Any, reports: list[Any]) -> bool:
    final = {r.reference: r.outcome for r in reports if r.outcome != "pending"}
    return all(final.get(ref) == "delivered" for ref in result.references)


def _send_csv(
    path: Path, text: str | None, extra: str | None, port: str | None, config_path: str | None,
    pin: str | None, as_json: bool, status_report: bool, validity: str | None,
    encoding: str | None,
) -> None:  # fmt: skip
    """`send --csv FILE [TEXT]`: one message per row, through the daemon when one runs,
    else one after the other through the modem."""
    from cli.via_daemon import csv_rows, send_csv_via

    if extra is not None:
        raise click.UsageError("with --csv give at most TEXT (the numbers are in the file)")
    rows = csv_rows(path, text)
    daemon = through_daemon(port, config_path, "send")
    options = {"status_report": True, "validity": validity, "encoding": encoding}
    if daemon is not None:
        if send_csv_via(daemon, path, rows, options, as_json):
            raise Failed("some rows were refused")
        return
    refused = run(_send_rows_direct(rows, port, config_path, pin, as_json, status_report,
                                    validity, encoding))  # fmt: skip
    if refused:
        raise Failed(f"{refused} of {len(rows)} rows were not sent")


async def _send_rows_direct(
    rows: list[dict[str, Any]], port: str | None, config_path: str | None, pin: str | None,
    as_json: bool, status_report: bool, validity: str | None, encoding: str | None,
) -> int:  # fmt: skip
    from modem.config import parse_duration
    from modem.errors import ModemError

    period = parse_duration(validity, "--validity") if validity else None
    modem = open_modem(port, config_path, pin)
    await modem.open(scan=False)
    refused = 0
    try:
        with click.progressbar(rows, label=f"sending {len(rows)}",
                               file=click.get_text_stream("stderr")) as bar:  # fmt: skip
            for i, row in enumerate(bar, start=1):
                try:
                    result = await modem.send_sms(
                        row["number"], row["text"], status_report=status_report or None,
                        validity=period, encoding=encoding,
                    )  # fmt: skip
                    if as_json:
                        print_json({"row": i, "number": row["number"],
                                    "references": list(result.references)})  # fmt: skip
                except ModemError as exc:
                    refused += 1
                    click.echo(f"row {i} ({row['number']}): {exc}", err=True)
    finally:
        await modem.close()
    if not as_json:
        click.echo(f"sent {len(rows) - refused} of {len(rows)}")
    return refused


# --- ussd ----------------------------------------------------------------------------------------


@click.command()
@click.argument("code")
@modem_options
@click.option("--timeout", type=float, default=None, help="Seconds to wait for the reply.")
def ussd(
    code: str,
    port: str | None,
    config_path: str | None,
    pin: str | None,
    as_json: bool,
    verbose: bool,
    timeout: float | None,
) -> None:
    """Send a USSD CODE (e.g. *100#) and print the network's reply."""
    from modem.device import to_json

    setup_logging(verbose)
    daemon = through_daemon(port, config_path, "admin")
    if daemon is not None:  # the daemon owns the ports: ask it
        return ussd_via(daemon, code, timeout, as_json)

    async def main() -> Any:
        modem = open_modem(port, config_path, pin)
        await modem.open(scan=False)
        try:
            return await modem.ussd(code, timeout=timeout)
        finally:
            await modem.close()

    reply = run(main())
    if as_json:
        print_json(to_json(reply))
        return
    if reply.status == 4:
        from modem.errors import ModemError

        raise ModemError(f"the network does not support {code}")
    click.echo(reply.text or "")
    if reply.needs_answer:
        click.echo("(the network waits for an answer: the session ends when this command does)")
