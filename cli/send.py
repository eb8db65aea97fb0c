"""`modem send NUMBER TEXT`: one SMS (as many parts as it takes) through a modem.

Direct mode (this process owns the port, see cli/direct.py). A send costs money, so the text
is checked before the port is touched: an empty or blank text is refused, and so is one that
needs more parts than `--max-parts` (default `send.max_parts` of the config, 10). TEXT `-`
reads the text from standard input.

What went out is never a mystery: each part's reference (TP-MR, what its delivery report will
carry) is printed, and a send that ends early (Ctrl-C, a refused part, a modem that went away)
prints which parts went out with their references, which part may have gone out (its body was
written but no answer came: "unknown", never sent again by itself), and which were not sent,
in text and with --json. Ctrl-C exits 130, like any interrupted command.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import click

from cli.direct import Failed, Interrupted, load_for, open_modem, print_json, run, setup_logging
from cli.options import ModemOptions, common_options, given
from cli.reports import report_line

__all__ = ["send"]


@click.command()
@click.argument("number")
@click.argument("text")
@common_options
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
@click.option(
    "--max-parts",
    type=click.IntRange(1, 255),
    help="Refuse a text that needs more SMS parts than this (default: the config's "
    "send.max_parts, else 10).",
)
@click.pass_context
def send(
    ctx: click.Context,
    number: str,
    text: str,
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
    check_number(number)  # a bad number fails here, before the modem is touched
    if smsc:
        check_number(smsc, "--smsc")
    period = parse_duration(validity, "--validity") if validity else None
    if text == "-":
        text = _read_stdin()
    config, _ = load_for(options)
    encoding = encoding or config.send.encoding
    total = check_text(text, encoding, max_parts or config.send.max_parts, max_parts is None)
    progress = Progress(number, total)

    async def main() -> tuple[Any, list[Any]]:
        modem = open_modem(options)
        await modem.open(scan=False)
        try:
            progress.started = True
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
    """run(coro); a send that failed after some parts went out shows them before the error."""
    from modem.errors import SendError

    try:
        return run(coro)
    except SendError as exc:
        progress.in_flight = str(exc.outcome)  # "failed" (refused, not sent) or "unknown"
        if progress.total > 1:
            progress.show(options, interrupted=False)
        raise


def _read_stdin() -> str:
    """The whole of standard input, without the line end(s) an `echo` or editor leaves."""
    if sys.stdin.isatty():
        click.echo("reading the text from standard input; end it with Ctrl-D", err=True)
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"standard input is not UTF-8 text (byte {exc.start})", param_hint="TEXT"
        ) from None
    return text.rstrip("\r\n")


def check_text(text: str, encoding: str, max_parts: int, from_config: bool) -> int:
    """How many parts `text` takes; a usage error for a blank text or one over `max_parts`.

    The one place the CLI guards a costly send: checked before the modem is touched."""
    from modem.sms.segment import count

    if not text.strip():
        raise click.BadParameter("the text is empty: nothing to send", param_hint="TEXT")
    parts = count(text, encoding=encoding).parts
    if parts > max_parts:
        limit = "send.max_parts in the config" if from_config else "--max-parts"
        raise click.BadParameter(
            f"the text needs {parts} SMS parts ({len(text)} characters), more than {limit} "
            f"allows ({max_parts}); pass --max-parts {parts} to send it anyway",
            param_hint="TEXT",
        )
    return parts


@dataclass
class Progress:
    """The parts of one send as the driver reports them (`on_part`), for the end-of-send
    summary when the send did not finish."""

    to: str
    total: int
    started: bool = False  # the modem is open and the first part is on its way
    parts: list[Any] = field(default_factory=list)
    in_flight: str = "unknown"  # what became of the part on its way when the send stopped

    def record(self, part: Any) -> None:
        self.parts.append(part)

    def rows(self) -> list[dict[str, Any]]:
        """One row per part: seq (1-based), reference, state ("sent"; "unknown": its body was
        written but no answer came; "failed": refused; "canceled": never tried)."""
        rows = []
        for seq, part in enumerate(self.parts, 1):
            state = str(getattr(part, "outcome", "sent"))
            rows.append({"seq": seq, "reference": part.reference, "state": state})
        if self.started and len(rows) < self.total and not self._unknown_reported():
            # The driver reports the parts the network took; the one on its way when the send
            # stopped may have been written (unknown), unless the error says it was refused.
            rows.append({"seq": len(rows) + 1, "reference": None, "state": self.in_flight})
        for seq in range(len(rows) + 1, self.total + 1):
            rows.append({"seq": seq, "reference": None, "state": "canceled"})
        return rows

    def _unknown_reported(self) -> bool:
        return any(str(getattr(p, "outcome", "sent")) == "unknown" for p in self.parts)

    def show(self, options: ModemOptions, *, interrupted: bool) -> None:
        from modem.vocabulary import ItemType

        rows = self.rows()
        sent = [r for r in rows if r["state"] == "sent"]
        if options.as_json:
            print_json(
                {
                    "type": ItemType.SEND_RESULT.value,
                    "to": self.to,
                    "complete": False,
                    "interrupted": interrupted,
                    "total": self.total,
                    "references": [r["reference"] for r in sent],
                    "parts": [{"type": ItemType.SENT_PART.value, **r} for r in rows],
                }
            )
            return
        click.echo(f"{self.to}: {len(sent)} of {self.total} parts sent before the send stopped")
        for row in rows:
            if row["state"] == "sent":
                click.echo(f"  part {row['seq']}: sent, reference {row['reference']}")
            elif row["state"] == "unknown":
                click.echo(f"  part {row['seq']}: unknown (it may have gone out)")
            elif row["state"] == "failed":
                click.echo(f"  part {row['seq']}: failed (refused, not sent)")
            else:
                click.echo(f"  part {row['seq']}: not sent")


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
