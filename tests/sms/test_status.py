"""modem/sms/status.py: TP-ST as an outcome word and in words (TS 23.040 §9.2.3.15)."""

from __future__ import annotations

import pytest

from modem.sms.status import report_outcome, status_text
from modem.vocabulary import ReportOutcome


def test_every_octet_has_an_outcome_and_words() -> None:
    for tp_st in range(256):
        text = status_text(tp_st)
        assert text and "failed" not in text
        assert report_outcome(tp_st) in tuple(ReportOutcome)


@pytest.mark.parametrize(
    "tp_st, outcome, words",
    [
        (0x00, "delivered", "received by the recipient"),
        (0x01, "delivered", "could not confirm delivery"),
        (0x02, "delivered", "replaced by the SC"),
        (0x07, "delivered", "reserved value 0x07 (delivered)"),
        (0x1A, "delivered", "value 0x1A specific to the SC (delivered)"),
        (0x21, "pending", "recipient busy; temporary error, the SC is still trying"),
        (0x2F, "pending", "reserved value 0x2F; temporary error, the SC is still trying"),
        (0x3E, "pending", "specific to the SC; temporary error, the SC is still trying"),
        (0x43, "undelivered", "not obtainable (unknown or unreachable recipient); permanent"),
        (0x46, "undelivered", "validity period expired; permanent error, the SC gave up"),
        (0x49, "undelivered", "the SC does not know this message"),
        (0x4A, "undelivered", "reserved value 0x4A; permanent error"),
        (0x50, "undelivered", "value 0x50 specific to the SC; permanent error"),
        (0x62, "undelivered", "no response from the recipient; temporary error, the SC gave up"),
        (0x69, "undelivered", "reserved value 0x69; temporary error, the SC gave up"),
        (0x7F, "undelivered", "value 0x7F specific to the SC; temporary error"),
        (0x80, "undelivered", "reserved value 0x80"),
        (0xFF, "undelivered", "reserved value 0xFF"),
    ],
)
def test_values_by_range(tp_st: int, outcome: str, words: str) -> None:
    assert report_outcome(tp_st) == outcome
    assert words in status_text(tp_st)


@pytest.mark.parametrize("bad", [-1, 256, "0x43", 1.0, True])
def test_not_an_octet_is_a_caller_error(bad: object) -> None:
    with pytest.raises(ValueError, match="TP-ST is one octet"):
        status_text(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        report_outcome(bad)  # type: ignore[arg-type]
