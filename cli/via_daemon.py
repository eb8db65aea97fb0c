"""What `modem send`, `inbox`, `listen`, `ussd` and `info` do when a daemon runs (cli/client.py
finds it): the same output as in direct mode where the two agree, in text or --json.

`send` queues the message and, with --wait-delivery, follows its history as the pool writes
it (each part sent with its reference, each report) until it is final; exit 1 unless it was
delivered. `send --csv` sends one message per row, each with an idempotency key made of the
file's content and the row, so running the same file again after an interruption sends
nothing twice. `inbox` lists what the gateway received; `listen` follows the event stream.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from cli.client import ApiError, DaemonClient
from modem.errors import ModemError

__all__ = [
    "csv_rows",
    "inbox_via",
    "info_via",
    "listen_via",
    "send_csv_via",
    "send_via",
    "ussd_via",
]

FINAL = {"delivered", "partially_delivered", "undelivered", "failed", "expired", "canceled"}


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def send_body(
    number: str, text: str, *, status_report: bool, validity: str | None, encoding: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"to": number, "text": text, "status_report": status_report}
    if validity:
        body["validity"] = validity
    if encoding:
        body["encoding"] = encoding
    return body


def send_via(
    client: DaemonClient,
    body: dict[str, Any],
    *,
    as_json: bool,
    wait_delivery: bool,
    wait_timeout: float,
) -> bool:
    """Queue one message; returns False when waited for and not delivered."""
    message = client.request("POST", "/api/v1/messages", body)
    if not wait_delivery:
        if as_json:
            _echo_json(message)
        else:
            parts = message.get("part_count", 0)
            click.echo(
                f"queued {message['id']} to {body['to']}: {parts} part{'s' * (parts != 1)} "
                f"in {message['encoding']} (daemon at {client.url})"
            )
        return True
    if not as_json:
        click.echo(f"queued {message['id']} to {body['to']} (daemon at {client.url})")
    final = follow(client, message["id"], wait_timeout, quiet=as_json)
    if as_json:
        _echo_json(final)
    return final["state"] == "delivered"


def follow(client: DaemonClient, message_id: str, timeout: float, *, quiet: bool) -> dict:
    """Print each new line of the message's history until it is final (or `timeout`)."""
    shown = 0
    deadline = time.monotonic() + timeout
    while True:
        message = client.request("GET", f"/api/v1/messages/{message_id}")
        for entry in message["history"][shown:]:
            if not quiet:
                click.echo(describe(entry))
        shown = len(message["history"])
        if message["state"] in FINAL or time.monotonic() > deadline:
            if not quiet and message["state"] not in FINAL:
                click.echo(f"still {message['state']} after {timeout:g} s")
            return message
        time.sleep(0.2)


def describe(entry: dict[str, Any]) -> str:
    """One history line in words."""
    what = entry.get("part_state") or entry.get("state") or "note"
    part = f"part {entry['part']} " if entry.get("part") is not None else ""
    detail = f": {entry['detail']}" if entry.get("detail") else ""
    code = f" (code {entry['code']})" if entry.get("code") is not None else ""
    return f"{entry['at']}  {part}{what}{code}{detail}"


# --- send --csv ------------------------------------------------------------------------------


def csv_rows(path: Path, text: str | None) -> list[dict[str, Any]]:
    """(number, text, metadata) per row. A header row names the columns: `number` (or `to`),
    optionally `text`; other columns go to the message's metadata. Without a header: number,
    then text. TEXT from the command line fills rows without a text."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ModemError(f"{path}: not UTF-8 text") from None
    lines = list(csv.reader(raw.splitlines()))
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise ModemError(f"{path}: no rows")
    header = [cell.strip().lower() for cell in lines[0]]
    if "number" in header or "to" in header:
        key = "number" if "number" in header else "to"
        records = [dict(zip(header, line, strict=False)) for line in lines[1:]]
    else:
        key, header = "number", ["number", "text"]
        records = [dict(zip(header, line, strict=False)) for line in lines]
    rows = []
    for i, record in enumerate(records, start=1):
        number = (record.pop(key, "") or "").strip()
        row_text = (record.pop("text", "") or "").strip() or text
        if not number or not row_text:
            raise ModemError(f"{path}: row {i} has no {'number' if not number else 'text'}")
        metadata = {k: v for k, v in record.items() if k}
        rows.append({"number": number, "text": row_text, "metadata": metadata})
    return rows


def send_csv_via(
    client: DaemonClient, path: Path, rows: list[dict[str, Any]], options: dict[str, Any],
    as_json: bool,
) -> int:  # fmt: skip
    """Queue one message per row with a progress bar; returns how many were refused."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    refused = []
    results = []
    with click.progressbar(rows, label=f"sending {len(rows)}", file=_stderr()) as bar:
        for i, row in enumerate(bar, start=1):
            body = send_body(row["number"], row["text"], **options)
            if row["metadata"]:
                body["metadata"] = row["metadata"]
            try:
                message = client.request(
                    "POST", "/api/v1/messages", body, **{"Idempotency-Key": f"csv-{digest}-{i}"}
                )
                results.append({"row": i, "number": row["number"], "id": message["id"]})
            except ApiError as exc:
                refused.append((i, row["number"], str(exc)))
                results.append({"row": i, "number": row["number"], "error": exc.problem})
    if as_json:
        for result in results:
            _echo_json(result)
    else:
        click.echo(f"queued {len(rows) - len(refused)} of {len(rows)} (daemon at {client.url})")
        for i, number, reason in refused:
            click.echo(f"row {i} ({number}): {reason}", err=True)
    return len(refused)


def _stderr() -> Any:
    return click.get_text_stream("stderr")


# --- inbox, listen, ussd, info ---------------------------------------------------------------


def inbox_via(client: DaemonClient, action: str, as_json: bool) -> None:
    if action != "list":
        raise ModemError(
            f"inbox {action}: the daemon owns the modem and already moved its messages into the "
            "gateway's store; `modem inbox` lists them (stop the daemon or pass --port to work "
            "on a SIM's storage)"
        )
    page = client.request("GET", "/api/v1/messages?direction=inbound&limit=100")
    messages = page["messages"]
    if as_json:
        _echo_json(messages)
        return
    if not messages:
        click.echo("no messages")
    for m in messages:
        missing = f" (parts missing: {m['missing']})" if not m.get("complete", True) else ""
        click.echo(f"[{m['id']}] {m['received_at']} from {m['sender']} to {m['modem_id']}"
                   f"{missing}: {m['text']}")  # fmt: skip


_LISTEN = (
    "message.received,message.sent,message.delivered,message.partially_delivered,"
    "message.undelivered,message.failed,modem.online,modem.offline"
)


def listen_via(client: DaemonClient, as_json: bool) -> None:
    if not as_json:
        click.echo(f"listening through the daemon at {client.url} (Ctrl-C to stop)", err=True)
    for event in _events(client):
        if as_json:
            _echo_json(event)
        else:
            click.echo(describe_event(event))


def _events(client: DaemonClient) -> Iterator[dict[str, Any]]:
    yield from client.events(f"?types={_LISTEN}")


def describe_event(event: dict[str, Any]) -> str:
    kind = event["type"]
    data = event.get("data") or {}
    if "modem" in data or kind.startswith("modem."):
        return f"{event['created_at']} {kind} {event.get('modem_id')}"
    message = data.get("message") or {}
    if kind == "message.received":
        return f"{event['created_at']} from {message.get('sender')}: {message.get('text')}"
    state = kind.split(".", 1)[1]
    return f"{event['created_at']} {state}: {message.get('id')} to {data.get('recipient')}"


def ussd_via(client: DaemonClient, code: str, timeout: float | None, as_json: bool) -> None:
    body: dict[str, Any] = {"code": code}
    if timeout is not None:
        body["timeout"] = timeout
    reply = client.request("POST", f"/api/v1/modems/{client.modem_id()}/ussd", body,
                           timeout=(timeout or 30) + 15)  # fmt: skip
    if as_json:
        _echo_json(reply)
        return
    if reply.get("status") == 4:
        raise ModemError(f"the network does not support {code}")
    click.echo(reply.get("text") or "")


def info_via(client: DaemonClient, as_json: bool) -> None:
    modem = client.request("GET", f"/api/v1/modems/{client.modem_id()}")
    if as_json:
        _echo_json(modem)
        return
    identity = modem.get("identity") or {}
    signal = modem.get("signal_dbm")
    rows = [
        ("modem", modem["modem_id"]), ("node", modem["node"]), ("port", modem.get("port")),
        ("status", modem["status"] + ("" if modem["healthy"] else " (not taking work)")),
        ("IMEI", identity.get("imei")), ("IMSI", identity.get("imsi")),
        ("ICCID", identity.get("iccid")), ("own number", identity.get("number")),
        ("operator", modem.get("operator")),
        ("signal", f"{signal} dBm" if signal is not None else None),
        ("registration", modem.get("registration")), ("technology", modem.get("technology")),
        ("queue", modem.get("queue_depth")),
    ]  # fmt: skip
    for name, value in rows:
        click.echo(f"{name + ':':14}{value if value is not None else '-'}")
