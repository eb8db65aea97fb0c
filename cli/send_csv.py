"""`modem send --csv FILE [TEXT]`: one message per row, with a progress bar on stderr.

Through the daemon when one runs (cli/via_daemon.py: each row with an idempotency key of the
file's content and the row, so the same file sent again after an interruption sends nothing
twice); else one after the other through the modem, in this process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli.client import through_daemon
from cli.direct import Failed, open_modem, print_json, run
from cli.options import ModemOptions
from cli.via_daemon import csv_rows, send_csv_via

__all__ = ["send_csv"]


def send_csv(
    path: Path, text: str | None, options: ModemOptions, status_report: bool,
    validity: str | None, encoding: str | None,
) -> None:  # fmt: skip
    rows = csv_rows(path, text)
    daemon = through_daemon(options.port, options.config_path, "send")
    if daemon is not None:
        settings = {"status_report": True, "validity": validity, "encoding": encoding}
        if send_csv_via(daemon, path, rows, settings, options.as_json):
            raise Failed("some rows were refused")
        return
    refused = run(_direct(rows, options, status_report, validity, encoding))
    if refused:
        raise Failed(f"{refused} of {len(rows)} rows were not sent")


async def _direct(
    rows: list[dict[str, Any]], options: ModemOptions, status_report: bool,
    validity: str | None, encoding: str | None,
) -> int:  # fmt: skip
    from modem.config import parse_duration
    from modem.errors import ModemError

    period = parse_duration(validity, "--validity") if validity else None
    modem = open_modem(options)
    await modem.open(scan=False)
    refused = 0
    stderr = click.get_text_stream("stderr")
    try:
        with click.progressbar(rows, label=f"sending {len(rows)}", file=stderr) as bar:
            for i, row in enumerate(bar, start=1):
                try:
                    result = await modem.send_sms(
                        row["number"], row["text"], status_report=status_report or None,
                        validity=period, encoding=encoding,
                    )  # fmt: skip
                except ModemError as exc:
                    refused += 1
                    click.echo(f"row {i} ({row['number']}): {exc}", err=True)
                    continue
                if options.as_json:
                    print_json({"row": i, "number": row["number"],
                                "references": list(result.references)})  # fmt: skip
    finally:
        await modem.close()
    if not options.as_json:
        click.echo(f"sent {len(rows) - refused} of {len(rows)}")
    return refused
