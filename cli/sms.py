"""`modem sms count`: what a text costs before it is sent (encoding, parts, room left)."""

from __future__ import annotations

import json

import click


@click.group()
def sms() -> None:
    """SMS helpers: count what a text costs."""


@sms.command()
@click.argument("text")
@click.option("--encoding", default="auto", show_default=True,
              help="auto, gsm7, ucs2 or a national language.")  # fmt: skip
@click.option("--language", default=None, help="National language auto may use (e.g. turkish).")
@click.option("--ref16", is_flag=True, help="Count with 16-bit concatenation references.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def count(text: str, encoding: str, language: str | None, ref16: bool, as_json: bool) -> None:
    """Encoding, number of parts, characters used and left in the last part of TEXT (TEXT '-':
    read it from standard input, as `modem send` does)."""
    from modem.sms.segment import count as count_text
    from modem.vocabulary import ItemType

    if text == "-":
        from cli.direct import read_stdin_text

        text = read_stdin_text()

    c = count_text(text, encoding=encoding, language=language, concat_bits=16 if ref16 else 8)
    if as_json:
        click.echo(json.dumps({
            "type": ItemType.SMS_COUNT.value,
            "encoding": c.encoding, "language": c.language, "parts": c.parts,
            "units": c.units, "characters": len(text), "per_part": c.per_part,
            "remaining": c.remaining,
        }))  # fmt: skip
        return
    unit = "septets" if c.encoding == "gsm7" else "UTF-16 units"
    language_note = f" + {c.language} tables" if c.language else ""
    click.echo(f"encoding:  {c.encoding}{language_note}")
    click.echo(f"parts:     {c.parts} ({c.per_part} {unit} each)")
    click.echo(f"used:      {c.units} {unit} for {len(text)} characters")
    used_last = c.per_part - c.remaining
    click.echo(f"remaining: {c.remaining} {unit} in the last part ({used_last} used)")
