"""Views of the driver's values: JSON-ready dicts (CLI --json, the HTTP bridge) and one-line
text (`modem listen`). The JSON is each value's own `to_json()`, in the one vocabulary
(`modem.vocabulary`): a `"type"` on every object, ISO 8601 times, concat {"ref","seq","total"}."""

from __future__ import annotations

from typing import Any

__all__ = ["describe", "to_json"]


def to_json(value: object) -> dict[str, Any]:
    """The JSON-ready dict of an item, a whole message, a state event or snapshot, a
    StoredMessage, a SendResult, a SentPart or ModemInfo. TypeError for anything else."""
    method = getattr(value, "to_json", None)
    if method is None:
        raise TypeError(f"cannot show {type(value).__name__} as JSON")
    return method()


def describe(value: object) -> str:
    """One line of text for an item, a whole message or a state event (`modem listen`)."""
    d = to_json(value)
    kind = d["type"]
    change = d.get("change")
    if change == "lost":
        return f"modem lost ({d['reason']}); reopening"
    if change == "ready":
        return f"modem {'back' if getattr(value, 'reopened', False) else 'ready'} on {d['port']}"
    if change == "signal":
        return f"signal: {d['signal_dbm']} dBm"
    if change == "registration":
        return f"registration: {(d['registration'] or 'unknown').replace('_', ' ')}"
    if kind == "sms.message":
        state = "" if d["complete"] else f" (incomplete: parts {d['missing']} missing)"
        return f"{d['timestamp']} SMS from {d['sender']}{state}: {d['text']}"
    if kind == "sms.received":
        part = d.get("concat")
        tag = f" (part {part['seq']}/{part['total']})" if part else ""
        return f"{d['timestamp']} SMS from {d['sender']}{tag}: {d['text']}"
    if kind == "sms.status_report":
        return (
            f"{d['discharge_time']} report for {d['reference']} to {d['recipient']}: "
            f"{d['outcome']} ({d['status_text']}, TP-ST 0x{d['status']:02X})"
        )
    if kind == "sms.undecodable":
        where = f"{d['storage']} {d['index']}" if d["storage"] else "routed"
        return f"undecodable message ({where}): {d['error']}: {d['pdu']}"
    if kind == "ussd.reply":
        return f"USSD: {d['text']}"
    return str(d)
