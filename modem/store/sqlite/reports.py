"""Status reports in SQLite: every report kept, matched to the part it reports on, and the
part's, recipient's and message's states following it.

Matching (TS 23.040 §9.2.3.6: TP-MR is one octet, so a modem's references wrap after 255):
the candidates are the parts sent on the report's modem with its reference, most recent
first, sent at or before the report arrived; the first whose recipient is the report's number
(`modem.store.numbers.same_number`: trailing digits, since TP-RA may be national while the
message went international) is the one. An older part with the same reference and number
was an earlier message: its report came long ago, or never will.
"""

from __future__ import annotations

from typing import Any

from modem.store import numbers, states
from modem.store.records import ReportMatch
from modem.store.sqlite.changes import Changes
from modem.store.sqlite.codec import stamp_out
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.inbound import keep_token
from modem.store.sqlite.work import settle_recipient
from modem.vocabulary import MessageState, PartState, ReportOutcome

__all__ = ["record_report"]

_CANDIDATES = (
    "SELECT p.message_id, p.idx, p.seq, p.state, r.number, r.state AS recipient_state"
    " FROM parts p JOIN recipients r ON r.message_id = p.message_id AND r.idx = p.idx"
    " WHERE p.modem_id = ? AND p.reference = ? AND p.sent_at <= ?"
    " ORDER BY p.sent_at DESC LIMIT ? OFFSET ?"
)
_BATCH = 32


def _match(conn: Any, modem_id: str, reference: int, recipient: str, at: int) -> Any:
    offset = 0
    while True:
        rows = conn.execute(_CANDIDATES, (modem_id, reference, at, _BATCH, offset)).fetchall()
        for row in rows:
            if numbers.same_number(row["number"], recipient):
                return row
        if len(rows) < _BATCH:
            return None
        offset += _BATCH


def record_report(
    tx: Tx,
    at: int,
    modem_id: str,
    reference: int,
    recipient: str,
    report: dict[str, Any],
    token: Any,
) -> ReportMatch | None:
    conn = tx.conn
    outcome = ReportOutcome(report["outcome"])
    received = report["received_at"]
    keep_token(conn, token, modem_id, at)
    row = _match(conn, modem_id, reference, recipient, received)
    matched = (None, None, None) if row is None else (row["message_id"], row["idx"], row["seq"])
    conn.execute(
        "INSERT INTO reports (modem_id, reference, recipient, status, outcome, status_text,"
        " discharge_time, pdu, received_at, message_id, idx, seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            modem_id, reference, recipient, report["status"], str(outcome),
            report["status_text"], stamp_out(report["discharge_time"]), report["pdu"],
            received, *matched,
        ),
    )  # fmt: skip
    if row is None:
        return None
    changes = Changes(tx, at)
    current = PartState(row["state"])
    after = states.part_after_report(current, outcome)
    final_before = current in states.REPORTED
    columns = {}
    if not final_before:  # the first final report stands; later ones are history only
        columns = {
            "status": report["status"],
            "outcome": str(outcome),
            "status_text": report["status_text"],
            "discharge_time": stamp_out(report["discharge_time"]),
            "report_pdu": report["pdu"],
            "reported_at": received,
        }
        changes.part(row["message_id"], row["idx"], row["seq"], current, after, columns)
    changes.history(
        row["message_id"],
        "network",
        part_state=str(after),
        recipient=row["number"],
        part=row["seq"],
        code=report["status"],
        raw=report["pdu"],
        detail=_detail(report, outcome, final_before),
    )
    if row["recipient_state"] == MessageState.SENT:
        recipient_row = conn.execute(
            "SELECT * FROM recipients WHERE message_id = ? AND idx = ?",
            (row["message_id"], row["idx"]),
        ).fetchone()
        settle_recipient(changes, recipient_row, "network", f"status report: {outcome}")
    message = changes.done()[row["message_id"]]
    recipient_now = message.recipient(row["number"])
    return ReportMatch(
        message_id=message.id,
        number=row["number"],
        seq=row["seq"],
        part_state=after,
        recipient_state=recipient_now.state,
        message_state=message.state,
        changed=after != current,
    )


def _detail(report: dict[str, Any], outcome: ReportOutcome, late: bool) -> str:
    words = report["status_text"] or str(outcome)
    if late:
        return f"status report after the final one, ignored: {words}"
    return f"status report: {words}"
