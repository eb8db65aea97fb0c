"""How the CLI words a delivery report: one line, the outcome and what TP-ST says.

The one place `modem send --wait-delivery`, `modem inbox` and `modem listen` spell a report,
so a user reads the same words everywhere ("undelivered (TP-ST 0x43: not obtainable ...)"
rather than a bare code). The meaning comes from the codec (`modem.sms.status_text`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["report_line", "status_words"]


def status_words(status: int) -> str:
    """'TP-ST 0x43: not obtainable (...)', TS 23.040 §9.2.3.15."""
    from modem.sms import status_text

    return f"TP-ST 0x{status:02X}: {status_text(status)}"


def report_line(report: Any) -> str:
    """A received status report as one line: reference, recipient, outcome, TP-ST and time."""
    tpdu = report.report
    return (
        f"report for {tpdu.reference} to {tpdu.recipient}: {tpdu.outcome} "
        f"({status_words(tpdu.status)}) at {tpdu.discharge_time.isoformat()}"
    )
