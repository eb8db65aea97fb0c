"""`modem inbox [list|read INDEX|delete INDEXES|--all]`: the messages stored on a modem.

Direct mode (this process owns the port, see cli/direct.py). Lists with AT+CMGL=4, reads with
AT+CMGR and deletes with AT+CMGD (TS 27.005 §3.4.2, §3.4.3, §3.5.4) in one storage (--storage,
default where the modem stores new messages). `--json`: a list of messages, each with at least
storage, index, status, type, sender, text and timestamp (or the error that kept its PDU from
decoding).
"""

from __future__ import annotations

from typing import Any

import click

from cli.direct import modem_options, open_modem, print_json, run, setup_logging

__all__ = ["inbox"]


@click.group(invoke_without_command=True)
@modem_options
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
    setup_logging(verbose)
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
    from cli.client import through_daemon
    from modem.device import to_json
    from modem.errors import ModemError

    daemon = through_daemon(obj["port"], obj["config_path"], "read")
    if daemon is not None:  # the daemon owns the ports: what the gateway received
        from cli.via_daemon import inbox_via

        return inbox_via(daemon, action, obj["as_json"])

    async def main() -> Any:
        modem = open_modem(obj["port"], obj["config_path"], obj["pin"])
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

    result = run(main())
    as_json = obj["as_json"]
    if action == "delete":
        if as_json:
            print_json({"deleted": result})
        else:
            click.echo(f"deleted {len(result)} message(s)")
        return
    messages = result if action == "list" else [result]
    if as_json:
        data = [to_json(m) for m in messages]
        print_json(data if action == "list" else data[0])
        return
    if not messages:
        click.echo("no messages")
    for m in messages:
        d = to_json(m)
        where = f"{m.storage} {m.index}"
        if m.tpdu is None:
            click.echo(f"[{where}] undecodable: {m.error} ({m.pdu})")
        elif d.get("message_type") == "SMS-STATUS-REPORT":
            click.echo(f"[{where}] report for {d['reference']} to {d['recipient']}: {d['outcome']}")
        else:
            part = d.get("concat")
            tag = f" (part {part['seq']}/{part['total']})" if part else ""
            click.echo(
                f"[{where}] {d.get('timestamp')} from {d.get('sender')}{tag}: {d.get('text')}"
            )
