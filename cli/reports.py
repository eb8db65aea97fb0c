"""How the CLI words a delivery report: one line, the outcome and what TP-ST says.

The one place `modem send --wait-delivery`, `modem inbox` and `modem listen` spell a report,
so a user reads the same words everywhere ("undelivered (TP-ST 0x41: ...)" rather than a bare
code).
"""

from __future__ import annotations

from typing import Any

__all__ = ["report_line", "status_words"]


def status_words(status: int) -> str:
    """'TP-ST 0x43' with its meaning (TS 23.040 §9.2.3.15)."""
    return f"TP-ST 0x{status:02X}"


def report_line(report: Any) -> str:
    """A StatusReportReceived as one line: reference, recipient, outcome, TP-ST and time."""
    tpdu = report.report
    return (
        f"report for {tpdu.reference} to {tpdu.recipient}: {tpdu.outcome} "
        f"({status_words(tpdu.status)}) at {tpdu.discharge_time.isoformat()}"
    )
