"""`modem mms decode|encode`: MMS PDUs by hand, for debugging an MMSC or a phone.

Thin: read input, call modem.mms, print text or --json. Every bad input is one line
("error: ...") and exit code 2: decoding errors are MmsError (via cli/main.py); bad options,
unreadable files and unwritable outputs are reported the same way by the group below.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from cli.main import Failure
from modem.config import parse_duration

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?\s*$")
# OMA-TS-MMS-ENC §8: a typed address (PLMN, IPv4, IPv6, ...) or an RFC 2822 e-mail address
_ADDRESS = re.compile(r"^(?:[^/\s]+/TYPE=[A-Za-z0-9]+|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def _read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Failure(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from None


_HEX_TEXT = re.compile(rb"^\s*(?:[0-9A-Fa-f]{2}\s*)+$")


def _read_input(source: str) -> bytes:
    """A file's bytes, stdin with "-", or the hex given on the command line. A file or stdin
    holding nothing but hex digits and spaces (what `encode --hex` writes) is read as that hex:
    a binary PDU never looks like that (0x8C, or a push's 0x06, comes first or second)."""
    data: bytes | None = None
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(source)
        try:
            if path.is_file():
                data = _read_file(path, "file")
        except OSError:  # a long hex string is not a usable file name
            pass
    if data is not None:
        return bytes.fromhex(data.decode("ascii")) if _HEX_TEXT.match(data) else data
    try:
        return bytes.fromhex("".join(source.split()))
    except ValueError:
        raise click.BadParameter(f"{source!r} is neither a file nor hexadecimal") from None


def _parse_size(text: str) -> int | None:
    """ "300k", "1m", "307200" as bytes (k = 1024); "0" or "none" for no limit."""
    if text.strip().lower() in ("0", "none", "off"):
        return None
    match = _SIZE.match(text)
    if match is None:
        raise click.BadParameter(f"{text!r} is not a size like 300k, 1m or 307200")
    factor = {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def _safe_name(name: str, index: int, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name.replace("\\", "/")).name).lstrip(".")
    base = base or f"part{index}"
    candidate, n = base, 1
    while candidate in taken:
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}_{n}.{ext}" if dot else f"{base}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


@click.group()
def mms() -> None:
    """Decode and encode MMS PDUs (OMA MMS encapsulation, WAP push)."""


@mms.command()
@click.argument("source")
@click.option("--strict", is_flag=True, help="Refuse a PDU cut short or missing mandatory headers.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--extract",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each part into this directory.",
)
def decode(source: str, strict: bool, as_json: bool, extract: Path | None) -> None:
    """Decode an MMS PDU (or a WAP push carrying one) from FILE, HEX or - (stdin).

    A PDU cut short decodes as far as it goes, with a warning saying what is missing;
    only the headers that are in the input are shown."""
    from modem.mms.pdu_reader import decode_pdu
    from modem.mms.push import decode_push
    from modem.mms.view import pdu_lines, pdu_to_dict

    data = _read_input(source)
    push_info: dict[str, Any] | None = None
    # a WSP Push (0x06) or ConfirmedPush (0x07), with or without its TID octet
    if len(data) > 2 and data[0] != 0x8C and {0x06, 0x07} & {data[0], data[1]}:
        push = decode_push(data)
        push_info = {
            "transaction_id": push.transaction_id,
            "content_type": str(push.content_type),
            "application_id": push.application_id,
        }
        pdu = push.mms(strict=strict)
    else:
        pdu = decode_pdu(data, strict=strict)
    out = pdu_to_dict(pdu)
    if push_info is not None:
        out = {"wap_push": push_info, **out}
    parts = getattr(pdu, "parts", ())
    if extract is not None:
        taken: set[str] = set()
        try:
            extract.mkdir(parents=True, exist_ok=True)
            for index, part in enumerate(parts):
                name = _safe_name(part.filename or f"part{index}", index, taken)
                (extract / name).write_bytes(part.data)
                out["parts"][index]["extracted"] = str(extract / name)
        except OSError as exc:
            raise Failure(f"cannot extract into {str(extract)!r}: {exc.strerror}") from None
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))  # one line, as every --json prints
        return
    if push_info is not None:
        click.echo(f"WAP push: {push_info['content_type']} for {push_info['application_id']}")
    click.echo(out["message_type"])
    for line in pdu_lines(pdu):
        click.echo(f"  {line}")
    for part in out.get("parts", ()):
        bits = [f"[{part['index']}]", part["content_type"], f"{part['size']} bytes"]
        bits += [part[k] for k in ("content_id", "content_location") if k in part]
        click.echo("  " + "  ".join(bits))
        if "text" in part and part["content_type"].startswith("text/plain"):
            click.echo("      " + part["text"].replace("\n", "\n      "))
        if "extracted" in part:
            click.echo(f"      -> {part['extracted']}")
    for warning in out["warnings"]:
        click.echo(f"  warning: {warning}")


@mms.command()
@click.option("--to", "recipients", multiple=True, required=True, help="Phone number or e-mail.")
@click.option("--cc", multiple=True, help="Copy to (repeatable).")
@click.option("--subject", help="Subject, any language (UTF-8 on the wire).")
@click.option("--text", help="Text part.")
@click.option(
    "--attach",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file to attach (image, audio, video, ...); repeatable.",
)
@click.option("--smil", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this SMIL instead of generating one.")  # fmt: skip
@click.option("--output", "-o", required=True, help="Where to write the M-Send.req (- = stdout).")
@click.option("--transaction-id", help="X-Mms-Transaction-ID (default: random).")
@click.option("--limit", default="300k", show_default=True, help="Size limit (0 = none).")
@click.option("--expiry", help="Relative expiry, e.g. 2d.")
@click.option("--delivery-report", is_flag=True, help="Ask for a delivery report.")
@click.option("--read-report", is_flag=True, help="Ask for a read report.")
@click.option("--mms-version", default="1.2", show_default=True)
@click.option("--hex", "as_hex", is_flag=True, help="Write hexadecimal instead of binary.")
def encode(
    recipients: tuple[str, ...],
    cc: tuple[str, ...],
    subject: str | None,
    text: str | None,
    attach: tuple[Path, ...],
    smil: Path | None,
    output: str,
    transaction_id: str | None,
    limit: str,
    expiry: str | None,
    delivery_report: bool,
    read_report: bool,
    mms_version: str,
    as_hex: bool,
) -> None:
    """Write an M-Send.req for the given recipients, text and files."""
    from modem.mms.message import phone_address

    for option, addresses in (("--to", recipients), ("--cc", cc)):
        for address in addresses:
            if not _ADDRESS.match(phone_address(address)):
                raise click.BadParameter(
                    f"{address!r} is neither a phone number nor an e-mail address",
                    param_hint=option,
                )
    from modem.mms.message import MmsMessage, new_transaction_id

    if not text and not attach:
        raise click.UsageError("give --text or at least one --attach")
    smil_text = None
    if smil is not None:
        try:
            smil_text = _read_file(smil, "SMIL file").decode("utf-8")
        except UnicodeDecodeError:
            raise Failure(f"SMIL file {str(smil)!r} is not UTF-8") from None
    message = MmsMessage(
        to=recipients,
        cc=cc,
        subject=subject,
        smil=smil_text,
        expiry=parse_duration(expiry, "--expiry") if expiry else None,
        delivery_report=delivery_report or None,
        read_report=read_report or None,
    )
    if text:
        message = message.add_text(text)
    for path in attach:
        message = message.add_file(_read_file(path, "attachment"), path.name)
    tid = transaction_id or new_transaction_id()
    data = message.encode(tid, limit=_parse_size(limit), version=mms_version)
    payload = data.hex().encode() + b"\n" if as_hex else data
    if output == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    try:
        Path(output).write_bytes(payload)
    except OSError as exc:
        raise Failure(f"cannot write {output!r}: {exc.strerror or exc}") from None
    parts = len(message.body_parts())
    click.echo(f"wrote M-Send.req {tid}: {len(data)} bytes, {parts} parts, to {output}", err=True)
