"""`modem inbox [list|read INDEX|delete INDEXES|--all]`: the messages stored on a modem.

Direct mode (this process owns the port, see cli/direct.py). Lists with AT+CMGL=4, reads with
AT+CMGR and deletes with AT+CMGD (TS 27.005 §3.4.2, §3.4.3, §3.5.4) in one storage (--storage,
default where the modem stores new messages).

Messages, not parts: the parts of a long SMS are joined into one message (cli/joined.py), one
with parts missing is marked with what is missing, and a flash (class 0) message is marked.
`read INDEX` shows the message that part INDEX belongs to, `delete INDEX` deletes every part
of it. `--parts` shows and acts on the stored parts one by one, as the modem keeps them.
`--json`: one JSON object per line (JSON lines, as `modem listen` prints them), each message
`"type": "sms.message"` (with storage, indexes, stat, sender, text, timestamp, complete,
missing, flash); reports and PDUs that did not decode as the driver lists them; `read` prints
one object, `delete` one `"sms.deleted"` with the indexes it deleted.
"""

from __future__ import annotations

from typing import Any

import click

from cli.direct import open_modem, print_json, run, setup_logging
from cli.options import ModemOptions, common_options, given, parts_option, storage_option
from cli.reports import status_words

__all__ = ["inbox"]


def _inbox_options(func: Any) -> Any:
    return common_options(storage_option(parts_option(func)))


@click.group(invoke_without_command=True)
@_inbox_options
@click.pass_context
def inbox(ctx: click.Context) -> None:
    """List (default), read or delete messages stored on a modem."""
    if ctx.invoked_subcommand is None:
        _list(given(ctx))


@inbox.command("list")
@_inbox_options
@click.pass_context
def inbox_list(ctx: click.Context) -> None:
    """List every message (the default)."""
    _list(given(ctx))


@inbox.command("read")
@click.argument("index", type=int)
@_inbox_options
@click.pass_context
def inbox_read(ctx: click.Context, index: int) -> None:
    """Show the message stored at INDEX (all its parts, unless --parts)."""
    from modem.errors import ModemError

    options = given(ctx)
    _daemon(options, "read")  # through the daemon: says to use the list, or --port
    if options.parts:
        found = _with_modem(options, lambda modem: modem.read_message(index, options.storage))
        if found is None:
            raise ModemError(f"no message at index {index}")
        entries = [found]
    else:
        entries = [e for e in _joined(options) if index in _indexes(e)]
        if not entries:
            raise ModemError(f"no message at index {index}")
    _show(entries, options, single=True)


@inbox.command("delete")
@click.argument("indexes", type=int, nargs=-1)
@click.option("--all", "delete_all", is_flag=True, help="Delete every message in the storage.")
@_inbox_options
@click.pass_context
def inbox_delete(ctx: click.Context, indexes: tuple[int, ...], delete_all: bool) -> None:
    """Delete the messages at INDEXES, every part of each (or --all)."""
    if not indexes and not delete_all:
        raise click.UsageError("give the indexes to delete, or --all")
    if indexes and delete_all:  # which did the user mean? not the one that deletes everything
        raise click.UsageError("give the indexes to delete or --all, not both")
    options = given(ctx)
    _daemon(options, "delete")  # through the daemon: says to use --port

    async def delete(modem: Any) -> list[int]:
        wanted = list(indexes)
        if delete_all or not options.parts:
            from cli.joined import join
            from modem.errors import ModemError

            listed = join(await modem.list_messages(options.storage))
            if delete_all:
                wanted = [i for entry in listed for i in _indexes(entry)]
            else:
                wanted = []
                for index in indexes:
                    entry = next((e for e in listed if index in _indexes(e)), None)
                    if entry is None:
                        raise ModemError(f"no message at index {index}")
                    wanted.extend(i for i in _indexes(entry) if i not in wanted)
        for index in wanted:
            await modem.delete_message(index, options.storage)
        return wanted

    deleted = _with_modem(options, delete)
    if options.as_json:
        from modem.vocabulary import ItemType

        print_json({"type": ItemType.SMS_DELETED.value, "deleted": deleted})
    else:
        click.echo(f"deleted {len(deleted)} stored part(s)" if deleted else "nothing to delete")


def _daemon(options: ModemOptions, action: str) -> bool:
    """Through the daemon when one runs (it owns the ports): True when it was done there."""
    from cli.client import through_daemon

    daemon = through_daemon(options.port, options.config_path, "read")
    if daemon is None:
        return False
    from cli.via_daemon import inbox_via

    inbox_via(daemon, action, options.as_json)
    return True


def _list(options: ModemOptions) -> None:
    if _daemon(options, "list"):
        return
    if options.parts:
        entries = _with_modem(options, lambda modem: modem.list_messages(options.storage))
    else:
        entries = _joined(options)
    _show(entries, options, single=False)


def _joined(options: ModemOptions) -> list[Any]:
    from cli.joined import join

    return join(_with_modem(options, lambda modem: modem.list_messages(options.storage)))


def _with_modem(options: ModemOptions, action: Any) -> Any:
    """Open the modem, run `action(modem)` (a coroutine), close it."""
    setup_logging(options.verbose)

    async def main() -> Any:
        modem = open_modem(options)
        await modem.open(scan=False)
        try:
            return await action(modem)
        finally:
            await modem.close()

    return run(main())


def _indexes(entry: Any) -> list[int]:
    from cli.joined import InboxMessage

    return entry.indexes if isinstance(entry, InboxMessage) else [entry.index]


# --- showing ------------------------------------------------------------------------------------


def _show(entries: list[Any], options: ModemOptions, *, single: bool) -> None:
    if options.as_json:
        for entry in entries:  # one object per line; `read` shows one
            print_json(_json(entry))
        return
    if not entries:
        click.echo("no messages")
    for entry in entries:
        click.echo(_line(entry))


def _json(entry: Any) -> dict[str, Any]:
    """A stored part as the driver shows it ("sms.stored"); a joined message in the driver's
    whole-message shape ("sms.message"), with where its parts are kept."""
    from cli.joined import InboxMessage
    from modem.device import to_json

    if not isinstance(entry, InboxMessage):
        return to_json(entry)
    from modem.at.info import MessageStatus
    from modem.vocabulary import ItemType, iso

    whole = entry.whole
    concat = whole.concat
    status = MessageStatus.REC_UNREAD if entry.unread else MessageStatus.REC_READ
    message_class = entry.first.dcs.message_class
    return {
        "type": ItemType.SMS_MESSAGE.value,
        "storage": entry.storage,
        "index": entry.indexes[0],
        "indexes": entry.indexes,
        "stat": status.name.replace("_", " "),
        "sender": str(whole.sender),
        "text": whole.text,
        "data": whole.data.hex() if whole.data else None,
        "timestamp": iso(entry.first.timestamp),
        "complete": whole.complete,
        "missing": list(whole.missing),
        "parts": len(whole.parts),
        "concat": None
        if concat is None or concat.total <= 1
        else {"ref": concat.reference, "total": concat.total},
        "class": None if message_class is None else int(message_class),
        "flash": entry.flash,
    }


def _line(entry: Any) -> str:
    """One line of text: a joined message, or a stored part as the modem keeps it."""
    from cli.joined import InboxMessage
    from modem.sms import Deliver, StatusReport

    if isinstance(entry, InboxMessage):
        return _message_line(entry)
    where = f"{entry.storage} {entry.index}"
    tpdu = entry.tpdu
    if isinstance(tpdu, StatusReport):
        return (
            f"[{where}] report for {tpdu.reference} to {tpdu.recipient}: {tpdu.outcome} "
            f"({status_words(tpdu.status)})"
        )
    if not isinstance(tpdu, Deliver):
        what = "undecodable" if tpdu is None else f"a stored {type(tpdu).__name__}"
        return f"[{where}] {what}: {entry.error or ''} ({entry.pdu})"
    concat = tpdu.concat
    tag = f" (part {concat.sequence}/{concat.total})" if concat and concat.total > 1 else ""
    flash = " (flash)" if tpdu.dcs.flash else ""
    stamp = tpdu.timestamp.isoformat()
    return f"[{where}] {stamp} from {tpdu.sender}{tag}{flash}: {tpdu.text}"


def _message_line(entry: Any) -> str:
    whole = entry.whole
    where = f"{entry.storage} {','.join(str(i) for i in entry.indexes)}"
    notes = []
    if not whole.complete:
        missing = ", ".join(str(s) for s in whole.missing)
        word = "part" if len(whole.missing) == 1 else "parts"
        notes.append(f"incomplete: {word} {missing} of {entry.total} missing")
    elif entry.total > 1:
        notes.append(f"{entry.total} parts")
    if entry.flash:
        notes.append("flash")
    note = f" ({'; '.join(notes)})" if notes else ""
    body = whole.text if whole.text or not whole.data else f"<{len(whole.data)} bytes of data>"
    stamp = entry.first.timestamp.isoformat()  # as the service centre gave it, as listen shows it
    return f"[{where}] {stamp} from {whole.sender}{note}: {body}"
