"""`modem pdu decode|encode`: SMS PDUs by hand, for debugging a modem or a network.

Thin: parse options, call modem.sms, print text or --json. Decoding errors are PduError and
bad options click.BadParameter; cli/main.py prints either as one line with exit code 2.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import click

from modem.config import parse_duration

# The longest relative TP-VP (TS 23.040 §9.2.3.12.1): 63 weeks. Asking for more must not be
# silently shortened.
MAX_RELATIVE = timedelta(weeks=63)


def parse_validity(text: str) -> timedelta | datetime:
    """A relative validity ("30m", "2d", at most 63 weeks) or an absolute one (ISO 8601,
    "2026-12-24T18:00+01:00"; no offset means UTC), as TP-VP carries them (§9.2.3.12)."""
    if re.search(r"\d{4}-\d\d-\d\d", text):
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            raise click.BadParameter(
                f"{text!r} is not an ISO 8601 time like 2026-12-24T18:00+01:00",
                param_hint="--validity",
            ) from None
    period = parse_duration(text, "--validity")
    if period > MAX_RELATIVE:
        raise click.BadParameter(
            f"{text!r} is longer than the 63 weeks a relative validity can say",
            param_hint="--validity",
        )
    return period


def describe_wap_push(tpdu: Any) -> dict[str, Any] | None:
    """What a WAP push part carries, when the MMS codec can tell (else None).

    Hook for the MMS side: if `modem.mms.push` is importable and has `describe_push(part) ->
    dict | None`, its answer is shown under "wap_push" for any part with application ports.
    Nothing here knows WSP or MMS.
    """
    if getattr(tpdu, "ports", None) is None:
        return None
    import importlib

    try:
        push = importlib.import_module("modem.mms.push")
    except ImportError:
        return None
    describe = getattr(push, "describe_push", None)
    if describe is None:
        return None
    from modem.errors import ModemError

    try:
        result = describe(tpdu)
    except ModemError as exc:
        return {"error": str(exc)}
    return result if isinstance(result, dict) or result is None else {"summary": str(result)}


@click.group()
def pdu() -> None:
    """Decode and encode SMS PDUs (3GPP TS 23.040)."""


@pdu.command()
@click.argument("hex_pdu", nargs=-1, required=True)
@click.option("--no-smsc", is_flag=True, help="The hex has no SMSC address in front.")
@click.option("--strict", is_flag=True, help="Refuse what is decoded with a warning by default.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def decode(hex_pdu: tuple[str, ...], no_smsc: bool, strict: bool, as_json: bool) -> None:
    """Decode a PDU as AT+CMGR, +CMT or +CDS print it (hex; spaces and case do not matter).

    What real PDUs get wrong and other decoders read anyway is decoded as far as it goes,
    with a warning saying what was odd; --strict refuses it instead."""
    from modem.sms.pdu import decode_pdu, to_bytes, tpdu_length
    from modem.sms.view import summary, to_dict

    raw = to_bytes("".join("".join(hex_pdu).split()))
    tpdu = decode_pdu(raw, smsc=not no_smsc, strict=strict)
    push = describe_wap_push(tpdu)
    if as_json:
        out = to_dict(tpdu)
        out["tpdu_length"] = tpdu_length(raw, smsc=not no_smsc)
        if push is not None:
            out["wap_push"] = push
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    click.echo(summary(tpdu))
    click.echo(f"  length:    {tpdu_length(raw, smsc=not no_smsc)} (TPDU octets)")
    if push is not None:
        click.echo(f"  wap push:  {push}")


def _ports(value: str | None, bits: int) -> Any:
    if value is None:
        return None
    from modem.sms.udh import Ports

    match = re.fullmatch(r"\s*(\d+)\s*(?::\s*(\d+)\s*)?", value)
    if not match:
        raise click.BadParameter(f"{value!r} is not DST or DST:SRC", param_hint="--port")
    dst = int(match.group(1))
    src = int(match.group(2)) if match.group(2) else 0
    if max(dst, src) > (0xFF if bits == 8 else 0xFFFF):
        raise click.BadParameter(f"port does not fit {bits} bits", param_hint="--port")
    return Ports(dst, src, bits)


@pdu.command()
@click.option("--to", "to", required=True, help="Recipient: +4712345678, 12345 or a name.")
@click.option("--text", default=None, help="Text to send.")
@click.option("--data", "data_hex", default=None, help="8-bit data to send, as hex.")
@click.option("--smsc", default=None, help="SMSC number to put in front (default: 00).")
@click.option("--class", "message_class", type=click.IntRange(0, 3), default=None,
              help="Message class (0 = flash).")  # fmt: skip
@click.option("--status-report", is_flag=True, help="Request a status report (TP-SRR).")
@click.option("--reject-duplicates", is_flag=True, help="Set TP-RD.")
@click.option("--validity", default=None,
              help="30m, 1h, 2d, 1w (relative, to 63w) or ISO 8601 time (absolute).")  # fmt: skip
@click.option("--encoding", default="auto", show_default=True,
              help="auto, gsm7, ucs2 or a national language (turkish, ...).")  # fmt: skip
@click.option("--language", default=None, help="National language auto may use.")
@click.option("--ref16", is_flag=True, help="16-bit concatenation reference.")
@click.option("--reference", type=click.IntRange(0, 0xFFFF), default=0, show_default=True,
              help="Concatenation reference.")  # fmt: skip
@click.option("--mr", type=click.IntRange(0, 255), default=0, show_default=True,
              help="TP-MR (the modem replaces it).")  # fmt: skip
@click.option("--port", default=None, help="Application port DST[:SRC] (e.g. 2948:9200).")
@click.option("--port-bits", type=click.Choice(["8", "16"]), default="16", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def encode(
    to: str,
    text: str | None,
    data_hex: str | None,
    smsc: str | None,
    message_class: int | None,
    status_report: bool,
    reject_duplicates: bool,
    validity: str | None,
    encoding: str,
    language: str | None,
    ref16: bool,
    reference: int,
    mr: int,
    port: str | None,
    port_bits: str,
    as_json: bool,
) -> None:
    """Build the SMS-SUBMIT PDU(s) for AT+CMGS: each part's hex and the length to give."""
    from modem.sms.address import Address, TypeOfNumber
    from modem.sms.dcs import MessageClass
    from modem.sms.pdu import Submit, encode_pdu, tpdu_length
    from modem.sms.segment import segment_counted, segment_data_counted
    from modem.vocabulary import ItemType

    if (text is None) == (data_hex is None):
        raise click.UsageError("give exactly one of --text and --data")
    recipient = Address.parse(to)
    centre = Address.parse(smsc) if smsc else None
    if centre is not None and centre.ton is TypeOfNumber.ALPHANUMERIC:
        raise click.BadParameter(f"{smsc!r} is not a phone number", param_hint="--smsc")
    klass = None if message_class is None else MessageClass(message_class)
    bits = 16 if ref16 else 8
    if bits == 8 and reference > 0xFF:
        raise click.BadParameter(
            "an 8-bit reference is 0-255 (use --ref16)", param_hint="--reference"
        )
    ports = _ports(port, int(port_bits))
    period = parse_validity(validity) if validity else None
    if text is not None:
        parts, cost = segment_counted(
            text, encoding=encoding, language=language, reference=reference,
            concat_bits=bits, message_class=klass, ports=ports,
        )  # fmt: skip
    else:
        try:
            payload = bytes.fromhex("".join(data_hex.split()))  # type: ignore[union-attr]
        except ValueError:
            raise click.BadParameter("not hexadecimal", param_hint="--data") from None
        parts, cost = segment_data_counted(
            payload, reference=reference, concat_bits=bits, ports=ports, message_class=klass
        )
    pdus = []
    for part in parts:
        submit = Submit(
            recipient, text=part.text, data=part.data, dcs=part.dcs, udh=part.udh,
            reference=mr, validity=period, status_report_request=status_report,
            reject_duplicates=reject_duplicates, smsc=centre,
        )  # fmt: skip
        raw = encode_pdu(submit)
        pdus.append({"pdu": raw.hex().upper(), "length": tpdu_length(raw), "text": part.text})
    if as_json:  # the shape of modem.sms.Plan.to_json(), with each part's text
        out: dict[str, Any] = {
            "type": ItemType.SMS_PLAN.value,
            "recipient": str(recipient),
            "encoding": cost.language or cost.encoding,
            "concat_reference": reference if len(parts) > 1 else None,
            "parts": pdus,
            "count": {"parts": cost.parts, "units": cost.units, "per_part": cost.per_part,
                      "remaining": cost.remaining, "encoding": cost.encoding,
                      "language": cost.language},
        }  # fmt: skip
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    for n, p in enumerate(pdus, 1):
        click.echo(f"part {n}/{len(pdus)}: AT+CMGS={p['length']}")
        click.echo(p["pdu"])
