"""`modem send NUMBER TEXT`: one SMS (as many parts as it takes) through a modem.

Direct mode (this process owns the port, see cli/direct.py). A send costs money, so the text
is checked before the port is touched: an empty or blank text is refused, and so is one that
needs more parts than `--max-parts` (default `send.max_parts` of the config, 10). TEXT `-`
reads the text from standard input.

What went out is never a mystery: each part's reference (TP-MR, what its delivery report will
carry) is printed, and a send that ends early (Ctrl-C, a refused part, a modem that went away)
prints which parts went out with their references, which part may have gone out (its body was
written but no answer came: "unknown", never sent again by itself), and which were not sent,
in text and with --json. Ctrl-C exits 130, like any interrupted command; a part the network
refused exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from cli.client import through_daemon
from cli.direct import (
    Failed,
    Interrupted,
    load_for,
    open_modem,
    print_json,
    read_stdin_text,
    run,
    setup_logging,
)
from cli.options import ModemOptions, common_options, given
from cli.reports import report_line
from cli.via_daemon import send_body, send_via

__all__ = ["send"]


@click.command()
@click.argument("number", required=False)
@click.argument("text", required=False)
@common_options
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
@click.option(
    "--wait-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds --wait-delivery waits for the reports.",
)
@click.option("--validity", help="Validity period, e.g. 30m, 1d, 1w.")
@click.option("--flash", is_flag=True, help="Class 0: shown at once, not stored.")
@click.option(
    "--encoding",
    type=click.Choice(["auto", "gsm7", "ucs2"]),
    default=None,
    help="Default: auto (GSM 7-bit when it fits, else UCS-2).",
)
@click.option("--smsc", help="Service centre number for this message (default: the SIM's).")
@click.option(
    "--max-parts",
    type=click.IntRange(1, 255),
    help="Refuse a text that needs more SMS parts than this (default: the config's "
    "send.max_parts, else 10).",
)
@click.pass_context
def send(
    ctx: click.Context,
    number: str | None,
    text: str | None,
    csv_path: Path | None,
    status_report: bool,
    wait_delivery: bool,
    wait_timeout: float,
    validity: str | None,
    flash: bool,
    encoding: str | None,
    smsc: str | None,
    max_parts: int | None,
) -> None:
    """Send TEXT to NUMBER (TEXT '-': read it from standard input); prints each part's
    reference."""
    from modem.config import parse_duration
    from modem.device.send import check_number

    options = given(ctx)
    setup_logging(options.verbose)
    if csv_path is not None:
        from cli.send_csv import send_csv

        if text is not None:
            raise click.UsageError("with --csv give at most TEXT (the numbers are in the file)")
        return send_csv(csv_path, number, options, status_report, validity, encoding)
    if number is None or text is None:
        raise click.UsageError("give NUMBER and TEXT (or --csv FILE)")
    daemon = through_daemon(options.port, options.config_path, "send")
    if daemon is not None:  # the daemon owns the ports: queue it there (cli/client.py)
        if flash or smsc:
            raise click.UsageError(
                f"{'--flash' if flash else '--smsc'} is not available through the daemon; "
                "pass --port to send directly"
            )
        if text == "-":
            text = read_stdin_text()
        from modem.config import load_config

        config = load_config(options.config_path)
        body = send_body(number, text, status_report=True, validity=validity, encoding=encoding)
        body["max_parts"] = max_parts or config.send.max_parts
        if not send_via(daemon, body, as_json=options.as_json, wait_delivery=wait_delivery,
                        wait_timeout=wait_timeout):  # fmt: skip
            raise Failed("not delivered")
        return None
    check_number(number)  # a bad number fails here, before the modem is touched
    if smsc:
        check_number(smsc, "--smsc")
    period = parse_duration(validity, "--validity") if validity else None
    if text == "-":
        text = read_stdin_text()
    config, _ = load_for(options)
    encoding = encoding or config.send.encoding
    total = check_text(
        number, text, encoding, max_parts or config.send.max_parts, max_parts is None
    )
    progress = Progress(number, total)

    async def main() -> tuple[Any, list[Any]]:
        modem = open_modem(options)
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
                on_part=progress.record,
            )
            reports = await _wait_reports(modem, result, wait_timeout) if wait_delivery else []
            return result, reports
        finally:
            await modem.close()

    try:
        result, reports = _run_send(main(), progress, options)
    except Interrupted:
        progress.show(options, interrupted=True)
        raise
    _show(result, reports, options, wait_delivery)
    if wait_delivery and not _all_delivered(result, reports):
        raise Failed("not delivered" if reports else "no delivery report in time")


def _run_send(coro: Any, progress: Progress, options: ModemOptions) -> Any:
    """run(coro); a send that failed after some parts went out shows them before the error.
    A part the network or modem refused (+CMS ERROR) exits 1, as the README's exit codes say
    (the network said no); one that could not be sent or whose fate is unknown (no answer,
    the modem went away) exits 2 like any other modem error."""
    from modem.errors import PartRejected, SendError

    try:
        return run(coro)
    except SendError as exc:
        # "unknown" parts were reported through on_part; a "failed" one was not sent
        progress.failed = str(exc.outcome) == "failed"
        if progress.total > 1:
            progress.show(options, interrupted=False)
        if isinstance(exc, PartRejected):
            raise Failed(str(exc)) from None
        raise


def check_text(number: str, text: str, encoding: str, max_parts: int, from_config: bool) -> int:
    """How many parts `text` takes (`modem.sms.plan_sms`); a usage error for a blank text or
    one over `max_parts`. The one place the CLI guards a costly send, before the modem is
    touched."""
    from modem.errors import EncodeError, TooManyParts
    from modem.sms import plan_sms

    try:
        plan = plan_sms(number, text, encoding=encoding, max_parts=max_parts)
    except TooManyParts as exc:
        # the default (no config, or one without the key) is no setting of the user's
        limit = (
            f"the limit of {max_parts} (send.max_parts, default 10)"
            if from_config
            else f"--max-parts {max_parts}"
        )
        raise click.BadParameter(
            f"the text needs {exc.parts} SMS parts ({len(text)} characters), more than {limit} "
            f"allows; pass --max-parts {exc.parts} to send it anyway",
            param_hint="TEXT",
        ) from None
    except EncodeError as exc:
        if text.strip():
            raise  # a character the encoding lacks: the codec's own words
        raise click.BadParameter(f"{exc}: nothing to send", param_hint="TEXT") from None
    return len(plan.parts)


@dataclass
class Progress:
    """The parts of one send as the driver reports them (`on_part`: each part the network
    took, and the part whose body was written when the send stopped, as "unknown"), for the
    summary of a send that did not finish."""

    to: str
    total: int
    parts: list[Any] = field(default_factory=list)
    failed: bool = False  # the send stopped on a part that certainly did not go out

    def record(self, part: Any) -> None:
        self.parts.append(part)

    def rows(self) -> list[dict[str, Any]]:
        """One row per part, in order: "sequence" (from 0, as the driver counts), "reference",
        "state" (PartState words: "sent"; "unknown": its body was written, no answer came;
        "failed": refused or no prompt; "canceled": never tried)."""
        rows = [
            {"sequence": part.sequence, "reference": part.reference, "state": str(part.outcome)}
            for part in self.parts
        ]
        if self.failed and len(rows) < self.total:
            rows.append({"sequence": len(rows), "reference": None, "state": "failed"})
        for sequence in range(len(rows), self.total):
            rows.append({"sequence": sequence, "reference": None, "state": "canceled"})
        return rows

    def show(self, options: ModemOptions, *, interrupted: bool) -> None:
        from modem.vocabulary import ItemType

        rows = self.rows()
        sent = [r for r in rows if r["state"] == "sent"]
        complete = len(sent) == self.total  # stopped while --wait-delivery waited for reports
        if options.as_json:
            print_json(
                {
                    "type": ItemType.SEND_RESULT.value,
                    "to": self.to,
                    "complete": complete,
                    "interrupted": interrupted,
                    "total": self.total,
                    "references": [r["reference"] for r in sent],
                    "parts": [{"type": ItemType.SENT_PART.value, **r} for r in rows],
                }
            )
            return
        if complete:
            refs = ", ".join(str(r["reference"]) for r in sent)
            parts = f"{self.total} parts" if self.total > 1 else "1 part"
            click.echo(
                f"sent to {self.to}: {parts}, reference {refs}; stopped while waiting for the "
                "delivery reports"
            )
            return
        click.echo(f"{self.to}: {len(sent)} of {self.total} parts sent before the send stopped")
        words = {
            "unknown": "unknown (it may have gone out)",
            "failed": "failed (refused, not sent)",
            "canceled": "not sent",
        }
        for row in rows:
            state = row["state"]
            said = f"sent, reference {row['reference']}" if state == "sent" else words[state]
            click.echo(f"  part {row['sequence'] + 1}: {said}")


async def _wait_reports(modem: Any, result: Any, wait_timeout: float) -> list[Any]:
    """The delivery reports of `result`'s parts, until each has a final one or time is up."""
    import asyncio

    from modem.device import StatusReportReceived

    reports: list[Any] = []
    waiting = set(result.references)
    try:
        async with asyncio.timeout(wait_timeout):
            async for event in modem.events(auto_ack=False):
                if isinstance(event, StatusReportReceived) and event.reference in waiting:
                    await event.ack()
                    reports.append(event)
                    if event.outcome != "pending":
                        waiting.discard(event.reference)
                    if not waiting:
                        break
    except TimeoutError:
        pass
    return reports


def _show(result: Any, reports: list[Any], options: ModemOptions, wait_delivery: bool) -> None:
    from modem.device import to_json

    if options.as_json:
        out = to_json(result)
        if wait_delivery:
            out["reports"] = [to_json(r) for r in reports]
            out["delivered"] = _all_delivered(result, reports)
        print_json(out)
        return
    refs = ", ".join(str(r) for r in result.references)
    parts = f"{len(result.parts)} parts" if len(result.parts) > 1 else "1 part"
    click.echo(f"sent to {result.to}: {parts}, reference {refs}")
    for report in reports:
        click.echo(report_line(report))


def _all_delivered(result: Any, reports: list[Any]) -> bool:
    final = {r.reference: r.outcome for r in reports if r.outcome != "pending"}
    return all(final.get(ref) == "delivered" for ref in result.references)
