"""`modem info|send|inbox|listen|ussd`: direct mode, this process owns the modem's port.

Thin: resolve the modem from --port (a URL or a configured modem's name) and the config file,
open a `modem.device.Modem`, call one method, print text or --json. Every error a user can
cause is a ModemError (one line and exit 2 via cli/main.py) or a click usage error; Ctrl-C on
`listen` ends it quietly. `serial`, `asyncio` and the driver are imported only when a command
runs.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import click

_PORT_HELP = (
    "Port URL (/dev/ttyUSB2, socket://host:port, rfc2217://..., sim://name) or the name of a "
    "modem in the config file; default: the config's default modem."
)


def _modem_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(func)
    func = click.option("--pin", help="SIM PIN (else the config's).")(func)
    func = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default $GSMBRIDGE_CONFIG or ~/.config/gsmbridge/config.yaml).",
    )(func)
    func = click.option("-v", "--verbose", is_flag=True, help="Log the AT traffic to stderr.")(func)
    return click.option("-p", "--port", help=_PORT_HELP)(func)


def _run(coro: Any) -> Any:
    import asyncio

    return asyncio.run(coro)


def _setup_logging(verbose: bool) -> None:
    import logging

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    if not verbose:
        logging.getLogger("modem").setLevel(logging.ERROR)


def _open_modem(
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


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


# --- info ----------------------------------------------------------------------------------------


@click.command()
@_modem_options
def info(port: str | None, config_path: str | None, pin: str | None, as_json: bool, verbose: bool):
    """Show a modem's identity, SIM, signal and registration."""
    from modem.device import to_json

    _setup_logging(verbose)

    async def main() -> Any:
        modem = _open_modem(port, config_path, pin)
        await modem.open(scan=False)
        try:
            return await modem.info()
        finally:
            await modem.close()

    result = _run(main())
    data = to_json(result)
    if as_json:
        _print_json(data)
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
@click.argument("number")
@click.argument("text")
@_modem_options
@click.option("--status-report", is_flag=True, help="Ask the network for a delivery report.")
@click.option("--wait-delivery", is_flag=True, help="Wait for the delivery reports and show them.")
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
    number: str,
    text: str,
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
) -> None:
    """Send TEXT to NUMBER; prints each part's message reference."""
    from modem.config import parse_duration
    from modem.device import to_json
    from modem.sms import Address

    _setup_logging(verbose)
    Address.parse(number)  # a bad number fails here, before the modem is touched
    if smsc:
        Address.parse(smsc)
    period = parse_duration(validity, "--validity") if validity else None

    async def main() -> tuple[Any, list[Any]]:
        import asyncio

        from modem.device import StatusReportReceived

        modem = _open_modem(port, config_path, pin)
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

    result, reports = _run(main())
    if as_json:
        out = to_json(result)
        if wait_delivery:
            out["reports"] = [to_json(r) for r in reports]
            out["delivered"] = _all_delivered(result, reports)
        _print_json(out)
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
        raise click.ClickException(missing)


def _all_delivered(result: Any, reports: list[Any]) -> bool:
    final = {r.reference: r.outcome for r in reports if r.outcome != "pending"}
    return all(final.get(ref) == "delivered" for ref in result.references)


# --- inbox ---------------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@_modem_options
@click.option("--storage", help="SM, ME, SR, ... (default: where the modem stores new SMS).")
@click.pass_context
def inbox(
    ctx: click.Context,
    port: str | None,
    config_path: str | None,
    pin: str | None,
    as_json: bool,
    verbose: bool,
    storage: str | None,
) -> None:
    """List (default), read or delete messages stored on a modem."""
    ctx.obj = {
        "port": port,
        "config_path": config_path,
        "pin": pin,
        "as_json": as_json,
        "storage": storage.upper() if storage else None,
    }
    _setup_logging(verbose)
    if ctx.invoked_subcommand is None:
        _inbox(ctx.obj, "list")


@inbox.command("list")
@click.pass_obj
def inbox_list(obj: dict[str, Any]) -> None:
    """List every message (the default)."""
    _inbox(obj, "list")


@inbox.command("read")
@click.argument("index", type=int)
@click.pass_obj
def inbox_read(obj: dict[str, Any], index: int) -> None:
    """Show the message at INDEX."""
    _inbox(obj, "read", index)


@inbox.command("delete")
@click.argument("indexes", type=int, nargs=-1)
@click.option("--all", "delete_all", is_flag=True, help="Delete every message in the storage.")
@click.pass_obj
def inbox_delete(obj: dict[str, Any], indexes: tuple[int, ...], delete_all: bool) -> None:
    """Delete the messages at INDEXES (or --all)."""
    if not indexes and not delete_all:
        raise click.UsageError("give the indexes to delete, or --all")
    _inbox(obj, "delete", indexes, delete_all)


def _inbox(obj: dict[str, Any], action: str, *args: Any) -> None:
    from modem.device import to_json
    from modem.errors import ModemError

    async def main() -> Any:
        modem = _open_modem(obj["port"], obj["config_path"], obj["pin"])
        await modem.open(scan=False)
        storage = obj["storage"]
        try:
            if action == "list":
                return await modem.list_messages(storage)
            if action == "read":
                found = await modem.read_message(args[0], storage)
                if found is None:
                    raise ModemError(f"no message at index {args[0]}")
                return found
            indexes = list(args[0])
            if args[1]:
                indexes = [m.index for m in await modem.list_messages(storage)]
            for index in indexes:
                await modem.delete_message(index, storage)
            return indexes
        finally:
            await modem.close()

    result = _run(main())
    as_json = obj["as_json"]
    if action == "delete":
        if as_json:
            _print_json({"deleted": result})
        else:
            click.echo(f"deleted {len(result)} message(s)")
        return
    messages = result if action == "list" else [result]
    if as_json:
        data = [to_json(m) for m in messages]
        _print_json(data if action == "list" else data[0])
        return
    if not messages:
        click.echo("no messages")
    for m in messages:
        d = to_json(m)
        where = f"{m.storage} {m.index}"
        if m.tpdu is None:
            click.echo(f"[{where}] undecodable: {m.error} ({m.pdu})")
        elif d.get("type") == "StatusReport":
            click.echo(f"[{where}] report for {d['reference']} to {d['recipient']}: {d['outcome']}")
        else:
            part = d.get("concat")
            tag = f" (part {part['part']}/{part['total']})" if part else ""
            click.echo(
                f"[{where}] {d.get('timestamp')} from {d.get('sender')}{tag}: {d.get('text')}"
            )


# --- listen --------------------------------------------------------------------------------------


@click.command()
@_modem_options
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
    _setup_logging(verbose)

    async def main() -> None:
        modem = _open_modem(port, config_path, pin, listen=True, receive="route" if route else None)
        await modem.open()
        try:
            stream = modem.messages() if whole else modem.events(auto_ack=not keep)
            async for event in stream:
                if as_json:
                    _print_json(to_json(event))
                else:
                    click.echo(describe(event))
        finally:
            await modem.close()

    with contextlib.suppress(KeyboardInterrupt):
        _run(main())


# --- ussd ----------------------------------------------------------------------------------------


@click.command()
@click.argument("code")
@_modem_options
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

    _setup_logging(verbose)

    async def main() -> Any:
        modem = _open_modem(port, config_path, pin)
        await modem.open(scan=False)
        try:
            return await modem.ussd(code, timeout=timeout)
        finally:
            await modem.close()

    reply = _run(main())
    if as_json:
        _print_json(to_json(reply))
        return
    if reply.status == 4:
        raise click.ClickException(f"the network does not support {code}")
    click.echo(reply.text or "")
    if reply.needs_answer:
        click.echo("(the network waits for an answer: the session ends when this command does)")
