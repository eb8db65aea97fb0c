"""The JSON shapes of modem/sms/view.py and Plan.to_json(), pinned: the vocabulary's "type", the
spec's message type names, ISO 8601 times with "T", concat as {"ref", "seq", "total"}."""

from __future__ import annotations

import json

from modem.sms import plan_sms
from modem.sms.pdu import decode_pdu
from modem.sms.view import summary, to_dict

# AOSP GsmSmsTest testMultipart #1: 8-bit concat 1/2, as in test_vectors.py
CONCAT = (
    "07916163838408F6440B816105224431F700007060217175830AA0050003"
    "00020162"
    "B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
    "168BC562B1582C168BC562B1582C168BC562B1582C168BC562"
)
# python-gsmmodem test_pdu.py: a status report
REPORT = "0006D60B911326880736F4111011719551401110117195714000"
# python-gsmmodem test_encodeSmsSubmit #1
SUBMIT = "0001000B917228001011F100000CC8329BFD065DDF72363904"

COMMON = {
    "type", "message_type", "smsc", "address", "address_type", "numbering_plan", "reference",
    "pid", "dcs", "encoding", "message_class", "timestamp", "discharge_time", "status", "text",
    "data", "udh", "concat", "concat_bits", "ports", "single_shift", "locking_shift", "waiting",
    "warnings",
}  # fmt: skip


def test_deliver_shape() -> None:
    d = to_dict(decode_pdu(CONCAT))
    assert set(d) == COMMON | {"more_messages", "reply_path", "status_report_indication",
                               "loop_prevention"}  # fmt: skip
    assert (d["type"], d["message_type"]) == ("sms.tpdu", "SMS-DELIVER")
    assert d["concat"] == {"ref": 0, "seq": 1, "total": 2} and d["concat_bits"] == 8
    assert "T" in d["timestamp"] and d["warnings"] == []
    json.dumps(d)


def test_submit_shape() -> None:
    d = to_dict(decode_pdu(SUBMIT))
    assert set(d) == COMMON | {"validity", "status_report_request", "reject_duplicates",
                               "reply_path"}  # fmt: skip
    assert (d["type"], d["message_type"], d["timestamp"]) == ("sms.tpdu", "SMS-SUBMIT", None)


def test_status_report_shape() -> None:
    d = to_dict(decode_pdu(REPORT))
    assert set(d) == COMMON | {"outcome", "status_text", "more_messages", "qualifier",
                               "loop_prevention"}  # fmt: skip
    assert d["message_type"] == "SMS-STATUS-REPORT"
    assert (d["outcome"], d["status_text"]) == ("delivered", "received by the recipient")
    assert d["timestamp"] == "2011-01-11T17:59:15+01:00"
    assert d["text"] is None and d["data"] is None  # no TP-PI, no user data
    assert "status:    0x00 delivered: received by the recipient" in summary(decode_pdu(REPORT))


def test_plan_shape() -> None:
    d = plan_sms("+4712345678", "x" * 200, reference=9).to_json()
    assert set(d) == {"type", "recipient", "encoding", "concat_reference", "parts", "count"}
    assert (d["type"], d["encoding"], d["concat_reference"]) == ("sms.plan", "gsm7", 9)
    assert [set(p) for p in d["parts"]] == [{"pdu", "length"}] * 2
    assert set(d["count"]) == {"parts", "units", "per_part", "remaining", "encoding", "language"}
    json.dumps(d)
