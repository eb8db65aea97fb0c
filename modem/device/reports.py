"""Delivery outcomes of a status report in words (TP-ST, TS 23.040 §9.2.3.15).

`report_outcome(tp_st)` is the vocabulary's word (`ReportOutcome`): 0x00-0x1F delivered,
0x20-0x3F pending (the SC still tries), 0x40-0x7F undelivered (it gave up: a permanent error,
or a temporary one it no longer retries); values above 0x7F are reserved and count as
undelivered. `status_text(tp_st)` names each value as the specification does.
"""

from __future__ import annotations

from modem.vocabulary import ReportOutcome

__all__ = ["report_outcome", "status_text"]

# TS 23.040 §9.2.3.15 TP-Status, the spec's own words (lower-cased).
_TEXT = {
    0x00: "short message received by the SME",
    0x01: "short message forwarded by the SC to the SME but the SC is unable to confirm delivery",
    0x02: "short message replaced by the SC",
    0x20: "congestion",
    0x21: "SME busy",
    0x22: "no response from SME",
    0x23: "service rejected",
    0x24: "quality of service not available",
    0x25: "error in SME",
    0x40: "remote procedure error",
    0x41: "incompatible destination",
    0x42: "connection rejected by SME",
    0x43: "not obtainable",
    0x44: "quality of service not available",
    0x45: "no interworking available",
    0x46: "SM validity period expired",
    0x47: "SM deleted by originating SME",
    0x48: "SM deleted by SC administration",
    0x49: "SM does not exist",
    0x60: "congestion",
    0x61: "SME busy",
    0x62: "no response from SME",
    0x63: "service rejected",
    0x64: "quality of service not available",
    0x65: "error in SME",
}

# (first, last, words for values the table does not name), per range of §9.2.3.15.
_RANGES = (
    (0x00, 0x0F, "reserved (transaction completed)"),
    (0x10, 0x1F, "SC specific (transaction completed)"),
    (0x20, 0x2F, "reserved (temporary error, SC still trying)"),
    (0x30, 0x3F, "SC specific (temporary error, SC still trying)"),
    (0x40, 0x4F, "reserved (permanent error, SC is not making any more transfer attempts)"),
    (0x50, 0x5F, "SC specific (permanent error, SC is not making any more transfer attempts)"),
    (0x60, 0x6F, "reserved (temporary error, SC is not making any more transfer attempts)"),
    (0x70, 0x7F, "SC specific (temporary error, SC is not making any more transfer attempts)"),
)


def report_outcome(tp_st: int) -> ReportOutcome:
    if tp_st < 0x20:
        return ReportOutcome.DELIVERED
    if tp_st < 0x40:
        return ReportOutcome.PENDING
    return ReportOutcome.UNDELIVERED


def status_text(tp_st: int) -> str:
    """The meaning of a TP-ST value in words: 0x43 -> "not obtainable"."""
    text = _TEXT.get(tp_st)
    if text is not None:
        if 0x20 <= tp_st < 0x40:
            return f"{text} (SC still trying)"
        if tp_st >= 0x60:
            return f"{text} (SC is not making any more transfer attempts)"
        return text
    for first, last, words in _RANGES:
        if first <= tp_st <= last:
            return words
    return "reserved"
