"""TPDUs for a text in one call: the SMS-SUBMITs a phone sends (`submits`) and the SMS-DELIVERs
a network hands out (`delivers`, the simulator's side), split as segment.py splits them.
For a gateway's planned parts, hex and lengths ready for AT+CMGS, see plan.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from modem.sms.address import Address
from modem.sms.pdu import Deliver, Submit
from modem.sms.segment import segment

__all__ = ["delivers", "submits"]

_SEGMENT_OPTIONS = frozenset(
    ("encoding", "language", "reference", "concat_bits", "message_class", "ports", "max_parts")
)


def _split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    seg = {k: v for k, v in options.items() if k in _SEGMENT_OPTIONS}
    rest = {k: v for k, v in options.items() if k not in _SEGMENT_OPTIONS}
    return seg, rest


def submits(to: str | Address, text: str, **options: Any) -> list[Submit]:
    """SMS-SUBMITs for `text` to `to`. Options of `segment` (encoding, language, reference,
    concat_bits, message_class, ports) shape the parts; the rest (validity,
    status_report_request, smsc, message_reference -> TP-MR, ...) go to each Submit."""
    recipient = to if isinstance(to, Address) else Address.parse(to)
    seg, rest = _split_options(options)
    if "message_reference" in rest:
        rest["reference"] = rest.pop("message_reference")
    return [
        Submit(recipient, text=s.text, data=s.data, dcs=s.dcs, udh=s.udh, **rest)
        for s in segment(text, **seg)
    ]


def delivers(
    sender: str | Address, text: str, timestamp: datetime, **options: Any
) -> list[Deliver]:
    """SMS-DELIVERs for `text` from `sender`, as a network would hand them to a phone (the
    simulator's side). Options as for `submits`, the rest going to each Deliver."""
    origin = sender if isinstance(sender, Address) else Address.parse(sender)
    seg, rest = _split_options(options)
    return [
        Deliver(origin, timestamp, text=s.text, data=s.data, dcs=s.dcs, udh=s.udh, **rest)
        for s in segment(text, **seg)
    ]
