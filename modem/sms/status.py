"""What a status report's TP-ST says, as an outcome word and in plain words (3GPP TS 23.040
§9.2.3.15).

TP-ST is one octet in four ranges, and the range is what a sender acts on:

    0x00-0x1F  the transaction is complete: delivered (or forwarded, or replaced)
    0x20-0x3F  a temporary error, and the SC is still trying: wait for another report
    0x40-0x5F  a permanent error: the SC gave up
    0x60-0x7F  a temporary error, but the SC is not trying any more: it gave up too

Inside each range a few values have a meaning of their own, some are reserved and the top
sixteen are left to each SC. Values from 0x80 up are reserved as a whole; a report carrying
one cannot have been delivered and will not be tried again, so it counts as undelivered.
"""

from __future__ import annotations

from modem.vocabulary import ReportOutcome

__all__ = ["report_outcome", "status_text"]

# The values the spec names, in its order; anything else in a range is reserved or SC-specific.
_NAMED = {
    0x00: "received by the recipient",
    0x01: "forwarded by the SC to the recipient, which could not confirm delivery",
    0x02: "replaced by the SC",
    0x20: "congestion",
    0x21: "recipient busy",
    0x22: "no response from the recipient",
    0x23: "service rejected",
    0x24: "quality of service not available",
    0x25: "error in the recipient's phone",
    0x40: "remote procedure error",
    0x41: "incompatible destination",
    0x42: "connection rejected by the recipient",
    0x43: "not obtainable (unknown or unreachable recipient)",
    0x44: "quality of service not available",
    0x45: "no interworking available",
    0x46: "validity period expired",
    0x47: "deleted by the sender",
    0x48: "deleted by the SC's administration",
    0x49: "the SC does not know this message",
    0x60: "congestion",
    0x61: "recipient busy",
    0x62: "no response from the recipient",
    0x63: "service rejected",
    0x64: "quality of service not available",
    0x65: "error in the recipient's phone",
}

# (first value of the range, what the range means)
_RANGES = (
    (0x00, "delivered"),
    (0x20, "temporary error, the SC is still trying"),
    (0x40, "permanent error, the SC gave up"),
    (0x60, "temporary error, the SC gave up"),
)


def _check(tp_st: int) -> None:
    if type(tp_st) is not int or not 0 <= tp_st <= 0xFF:
        raise ValueError(f"TP-ST is one octet (0-255), not {tp_st!r}")


def report_outcome(tp_st: int) -> ReportOutcome:
    """The outcome word for a TP-ST value: delivered, pending or undelivered."""
    _check(tp_st)
    if tp_st < 0x20:
        return ReportOutcome.DELIVERED
    if tp_st < 0x40:
        return ReportOutcome.PENDING
    return ReportOutcome.UNDELIVERED


def status_text(tp_st: int) -> str:
    """What a TP-ST value means, in words: "not obtainable (unknown or unreachable
    recipient); permanent error, the SC gave up". Every octet has an answer: reserved and
    SC-specific values are named as such, with what their range means."""
    _check(tp_st)
    if tp_st >= 0x80:
        return f"reserved value 0x{tp_st:02X} (undelivered)"
    start, meaning = next((s, m) for s, m in reversed(_RANGES) if tp_st >= s)
    named = _NAMED.get(tp_st)
    if named is None:
        if tp_st - start >= 0x10:
            named = f"value 0x{tp_st:02X} specific to the SC"
        else:
            named = f"reserved value 0x{tp_st:02X}"
    if start == 0x00:
        return named if tp_st in _NAMED else f"{named} (delivered)"
    return f"{named}; {meaning}"
