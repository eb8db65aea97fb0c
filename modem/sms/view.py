"""TPDUs as plain JSON-ready dicts and as readable text.

One place for the outside view of a decoded PDU, so `modem pdu decode --json`, the driver's
views and the HTTP bridge print the same keys, in the project's vocabulary (modem/vocabulary.py):
"type" is "sms.tpdu", "message_type" the spec's name ("SMS-DELIVER", "SMS-SUBMIT",
"SMS-STATUS-REPORT"), times are ISO 8601 with "T", concat is {"ref", "seq", "total"}. Keys:
type, message_type, smsc, address, address_type, numbering_plan, reference, pid, dcs,
encoding, message_class, timestamp, discharge_time, status, text, data, udh, concat,
concat_bits, ports, shift tables, waiting, warnings, and per type its flags (validity,
outcome and status_text for a report).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from modem.sms.address import Address
from modem.sms.pdu import Deliver, StatusReport, Submit, Tpdu
from modem.sms.timestamp import EnhancedValidity
from modem.vocabulary import ItemType, concat_json, iso

__all__ = ["address_type", "summary", "to_dict"]

_TYPE = {Deliver: "SMS-DELIVER", Submit: "SMS-SUBMIT", StatusReport: "SMS-STATUS-REPORT"}


def address_type(address: Address) -> str:
    """ "international", "national", "alphanumeric", "unknown", "network-specific", ..."""
    return address.ton.name.lower().replace("_", "-")


def _plain(value: Any) -> Any:
    """Enums by name, dataclasses as dicts, bytes as hex, times as ISO 8601."""
    if isinstance(value, Enum):
        return value.name.lower()
    if isinstance(value, bool | int | str | float) or value is None:
        return value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return str(value)


def _validity(validity: object) -> dict[str, Any] | None:
    if validity is None:
        return None
    if isinstance(validity, timedelta):
        return {"format": "relative", "seconds": int(validity.total_seconds())}
    if isinstance(validity, datetime):
        return {"format": "absolute", "until": iso(validity)}
    if isinstance(validity, EnhancedValidity):
        period = validity.period
        return {
            "format": "enhanced",
            "enhanced_format": validity.format.name.lower(),
            "seconds": None if period is None else int(period.total_seconds()),
            "single_shot": validity.single_shot,
            "raw": validity.raw.hex() or None,
        }
    return {"format": "unknown"}


def to_dict(tpdu: Tpdu) -> dict[str, Any]:
    """A JSON-ready dict of `tpdu` (see the module docstring for the keys)."""
    if isinstance(tpdu, Deliver):
        address = tpdu.sender
        reference = None
    elif isinstance(tpdu, Submit):
        address = tpdu.recipient
        reference = tpdu.reference
    else:
        address = tpdu.recipient
        reference = tpdu.reference
    dcs = tpdu.dcs
    encoding = None if dcs is None else dcs.alphabet.value
    is_text = encoding in ("gsm7", "ucs2") and not (dcs is not None and dcs.compressed)
    report = isinstance(tpdu, StatusReport)  # its user data is optional (TP-PI)
    udh = tpdu.udh
    concat = tpdu.concat
    ports = tpdu.ports
    out: dict[str, Any] = {
        "type": ItemType.SMS_TPDU.value,
        "message_type": _TYPE[type(tpdu)],
        "smsc": None if tpdu.smsc is None else str(tpdu.smsc),
        "address": str(address),
        "address_type": address_type(address),
        "numbering_plan": address.npi.name.lower(),
        "reference": reference,
        "pid": tpdu.pid,
        "dcs": None if dcs is None else dcs.encode(),
        "encoding": encoding,
        "message_class": None if dcs is None or dcs.message_class is None
        else int(dcs.message_class),
        "timestamp": None if isinstance(tpdu, Submit) else iso(tpdu.timestamp),
        "discharge_time": iso(tpdu.discharge_time) if isinstance(tpdu, StatusReport) else None,
        "status": tpdu.status if isinstance(tpdu, StatusReport) else None,
        "text": tpdu.text if is_text and not report else (tpdu.text or None),
        "data": (tpdu.data.hex() or None) if report
        else None if is_text else (tpdu.data.hex() if dcs is not None else None),
        "udh": None if udh is None else udh.to_list(),
        "concat": None if concat is None
        else concat_json(concat.reference, concat.sequence, concat.total),
        "concat_bits": None if concat is None else concat.bits,
        "ports": None if ports is None else {
            "src": ports.source, "dst": ports.destination, "bits": ports.bits,
        },
        "single_shift": None if udh is None else udh.single_shift,
        "locking_shift": None if udh is None else udh.locking_shift,
        "waiting": None if dcs is None else _plain(getattr(dcs, "waiting", None)),
        "warnings": list(tpdu.warnings),
    }  # fmt: skip
    if isinstance(tpdu, Deliver):
        out.update(
            more_messages=tpdu.more_messages,
            reply_path=tpdu.reply_path,
            status_report_indication=tpdu.status_report_indication,
            loop_prevention=tpdu.loop_prevention,
        )
    elif isinstance(tpdu, Submit):
        out.update(
            validity=_validity(tpdu.validity),
            status_report_request=tpdu.status_report_request,
            reject_duplicates=tpdu.reject_duplicates,
            reply_path=tpdu.reply_path,
        )
    else:
        out.update(outcome=tpdu.outcome.value, status_text=tpdu.status_text,
                   more_messages=tpdu.more_messages,
                   qualifier="command" if tpdu.qualifier else "submit",
                   loop_prevention=tpdu.loop_prevention)  # fmt: skip
    return out


# First-octet flags worth a line in the summary, by the spec's name (TS 23.040 §9.2.2).
_FLAGS = (
    ("more_messages", "more messages waiting (TP-MMS)"),
    ("reply_path", "reply path (TP-RP)"),
    ("status_report_indication", "status report will follow (TP-SRI)"),
    ("status_report_request", "status report requested (TP-SRR)"),
    ("reject_duplicates", "reject duplicates (TP-RD)"),
    ("loop_prevention", "loop prevention (TP-LP)"),
)


def _flags(d: dict[str, Any]) -> str:
    names = [text for key, text in _FLAGS if d.get(key)]
    if d.get("qualifier") == "command":
        names.append("reports on an SMS-COMMAND (TP-SRQ)")
    return ", ".join(names)


def summary(tpdu: Tpdu) -> str:
    """A few readable lines describing `tpdu`."""
    d = to_dict(tpdu)
    kind = d["message_type"]
    role = {"SMS-DELIVER": "from", "SMS-SUBMIT": "to", "SMS-STATUS-REPORT": "recipient"}[kind]
    lines = [kind]
    if d["smsc"]:
        lines.append(f"  smsc:      {d['smsc']}")
    lines.append(f"  {role + ':':<10} {d['address']} ({d['address_type']})")
    if d["reference"] is not None:
        lines.append(f"  reference: {d['reference']}")
    if d["timestamp"]:
        lines.append(f"  timestamp: {d['timestamp']}")
    if kind == "SMS-STATUS-REPORT":
        lines.append(f"  discharge: {d['discharge_time']}")
        lines.append(f"  status:    {d['status']:#04x} {d['outcome']}: {d['status_text']}")
    if kind == "SMS-SUBMIT" and d["validity"]:
        v = d["validity"]
        lines.append(f"  validity:  {v.get('seconds') or v.get('until')} ({v['format']})")
    coding = _coding(tpdu, d)
    if coding:
        lines.append(f"  coding:    {coding}")
    flags = _flags(d)
    if flags:
        lines.append(f"  flags:     {flags}")
    if d["single_shift"] or d["locking_shift"]:
        from modem.sms.national import tables_name

        tables = tables_name(d["locking_shift"] or 0, d["single_shift"] or 0)
        lines.append(f"  alphabet:  {tables} (TS 23.038 Annex A)")
    if d["concat"]:
        c = d["concat"]
        lines.append(
            f"  part:      {c['seq']}/{c['total']} (ref {c['ref']}, {d['concat_bits']}-bit)"
        )
    if d["ports"]:
        lines.append(f"  ports:     {d['ports']['src']} -> {d['ports']['dst']}")
    if d["udh"]:
        ies = " ".join(f"{ie['iei']:02x}:{ie['data']}" for ie in d["udh"])
        lines.append(f"  udh:       {ies}")
    if d["text"] is not None:
        lines.append(f"  text:      {d['text']!r}")
    elif d["data"]:
        lines.append(f"  data:      {d['data']}")
    lines += [f"  warning:   {w}" for w in d["warnings"]]
    return "\n".join(lines)


def _coding(tpdu: Tpdu, d: dict[str, Any]) -> str:
    """TP-DCS and TP-PID in words; either may be absent from a status report (TP-PI)."""
    words = []
    if tpdu.dcs is not None:
        describe = getattr(tpdu.dcs, "describe", None)
        words.append(describe() if describe else f"{d['encoding']} (dcs {d['dcs']:#04x})")
    if d["pid"] is not None:
        words.append(f"pid {d['pid']:#04x}")
    return "; ".join(words)
