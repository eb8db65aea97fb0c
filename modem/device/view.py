"""Views of the driver's values: JSON-ready dicts (CLI --json, the HTTP bridge) and one-line
text (`modem listen`). Kept apart from events.py so the values stay plain data."""

from __future__ import annotations

from typing import Any

from modem.device.events import (
    ModemInfo,
    ModemLost,
    ModemReady,
    RegistrationChanged,
    SendResult,
    SignalChanged,
    SmsReceived,
    StatusReportReceived,
    StoredMessage,
    UssdReply,
)

__all__ = ["describe", "to_json"]


def to_json(value: object) -> dict[str, object]:
    """A JSON-ready dict of an event, a whole message (`Modem.messages()`), a StoredMessage,
    a SendResult or ModemInfo (what the CLI prints with --json and the bridge can send).
    Messages carry at least sender, text and timestamp; a StoredMessage also its "tpdu" as
    `modem.sms.to_dict` gives it."""
    from modem.sms import Deliver, StatusReport, to_dict

    def message(tpdu: object) -> dict[str, object]:
        if isinstance(tpdu, Deliver):
            concat = tpdu.concat
            return {
                "sender": str(tpdu.sender),
                "text": tpdu.text,
                "data": tpdu.data.hex() if tpdu.data else None,
                "timestamp": tpdu.timestamp.isoformat(),
                "concat": None
                if concat is None
                else {
                    "reference": concat.reference,
                    "total": concat.total,
                    "part": concat.sequence,
                },
            }
        if isinstance(tpdu, StatusReport):
            return {
                "recipient": str(tpdu.recipient),
                "reference": tpdu.reference,
                "status": tpdu.status,
                "outcome": tpdu.outcome,
                "timestamp": tpdu.timestamp and tpdu.timestamp.isoformat(),  # None: unreadable
                "discharge_time": tpdu.discharge_time and tpdu.discharge_time.isoformat(),
            }
        return {}

    name = type(value).__name__
    from modem.sms import Reassembled

    if isinstance(value, Reassembled):  # a whole message from Modem.messages()
        first = value.parts[0] if value.parts else None
        return {
            "event": "Message",
            "sender": str(value.sender),
            "text": value.text,
            "data": value.data.hex() if value.data else None,
            "timestamp": first.timestamp.isoformat() if first else None,
            "complete": value.complete,
            "missing": list(value.missing),
            "parts": len(value.parts),
            "ports": None
            if value.ports is None
            else {"destination": value.ports.destination, "source": value.ports.source},
        }
    if isinstance(value, SmsReceived | StatusReportReceived):
        tpdu = value.message if isinstance(value, SmsReceived) else value.report
        return {
            "event": name,
            **message(tpdu),
            "storage": value.storage,
            "index": value.index,
            "received_at": value.received_at.isoformat(),
            "port": value.port,
            "pdu": value.pdu,
        }
    if isinstance(value, StoredMessage):
        kind = type(value.tpdu).__name__ if value.tpdu is not None else None
        return {
            "storage": value.storage,
            "index": value.index,
            "status": None if value.status is None else int(value.status),
            "status_text": _status_text(value.status),  # "REC UNREAD", as text mode says
            "type": kind,
            **message(value.tpdu),
            "pdu": value.pdu,
            "error": value.error,
            "tpdu": to_dict(value.tpdu) if value.tpdu is not None else None,  # type: ignore[arg-type]
        }
    if isinstance(value, SendResult):
        return {
            "to": value.to,
            "references": list(value.references),
            "parts": len(value.parts),
            "concat_reference": value.concat_reference,
        }
    if isinstance(value, ModemInfo):
        out = {k: getattr(value, k) for k in value.__dataclass_fields__}
        signal = value.signal
        out["signal"] = None if signal is None else {
            "rssi": signal.rssi, "ber": signal.ber, "dbm": signal.dbm,
        }  # fmt: skip
        out["registration"] = {k: _registration(r) for k, r in value.registration.items()}
        return out
    if isinstance(value, UssdReply):
        return {"event": name, "status": value.status, "text": value.text, "dcs": value.dcs,
                "raw": value.raw}  # fmt: skip
    if isinstance(value, SignalChanged):
        s = value.signal
        return {"event": name, "rssi": s.rssi, "ber": s.ber, "dbm": s.dbm}
    if isinstance(value, RegistrationChanged):
        return {"event": name, "kind": value.kind, **_registration(value.registration)}
    if isinstance(value, ModemLost):
        return {"event": name, "port": value.port, "reason": value.reason}
    if isinstance(value, ModemReady):
        return {"event": name, "port": value.port, "reopened": value.reopened}
    raise TypeError(f"cannot show {name} as JSON")


def _status_text(status: int | None) -> str | None:
    """<stat> of TS 27.005 §3.1 as text mode spells it; None when unknown."""
    from modem.at.info import MessageStatus

    try:
        return MessageStatus(status).name.replace("_", " ") if status is not None else None
    except ValueError:
        return None


def _registration(r: Any) -> dict[str, object]:
    return {
        "status": r.status.name.lower(),
        "registered": r.status.registered,
        "roaming": r.status.roaming,
        "lac": r.lac,
        "cell": r.cell,
        "act": r.act,
    }


def describe(event: object) -> str:
    """One line of text for an event or a whole message, as `modem listen` prints it."""
    d = to_json(event)
    name = d["event"]
    if name == "Message":
        state = "" if d["complete"] else f" (incomplete: parts {d['missing']} missing)"
        return f"{d['timestamp']} SMS from {d['sender']}{state}: {d['text']}"
    if name == "SmsReceived":
        part = d.get("concat")
        tag = f" (part {part['part']}/{part['total']})" if part else ""
        return f"{d['timestamp']} SMS from {d['sender']}{tag}: {d['text']}"
    if name == "StatusReportReceived":
        return (
            f"{d['discharge_time']} report for {d['reference']} to {d['recipient']}: {d['outcome']}"
        )
    if name == "UssdReply":
        return f"USSD: {d['text']}"
    if name == "SignalChanged":
        return f"signal: {d['dbm']} dBm"
    if name == "RegistrationChanged":
        return f"{d['kind']}: {d['status'].replace('_', ' ')}"
    if name == "ModemLost":
        return f"modem lost ({d['reason']}); reopening"
    if name == "ModemReady":
        return f"modem {'back' if d['reopened'] else 'ready'} on {d['port']}"
    return str(d)
