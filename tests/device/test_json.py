"""The driver's JSON, pinned: one vocabulary (`modem.vocabulary`) for every value it emits.

A "type" on each object, ISO 8601 times with "T" (UTC as "Z", SMSC offsets kept), concat as
{"ref","seq","total"}, outcomes and states in the vocabulary's words. A change to any shape
here is a change to the public contract (CLI --json, the HTTP API, webhooks)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from modem.at.info import Registration, RegistrationStatus, Signal
from modem.device import (
    AckToken,
    ModemInfo,
    ModemLost,
    ModemReady,
    ModemState,
    SendResult,
    SentPart,
    SmsReceived,
    StatusReportReceived,
    StoredMessage,
    UndecodableMessage,
    UssdReply,
    describe,
    to_json,
)
from modem.device.whole import Joiner
from modem.sms import Address, StatusReport, decode_pdu, delivers, encode_pdu
from modem.vocabulary import SendOutcome

NOW = datetime(2026, 12, 6, 10, 30, 0, 123000, tzinfo=UTC)
SCTS = datetime(2026, 12, 6, 11, 29, 58, tzinfo=timezone(timedelta(hours=1)))
TOKEN = AckToken("usb0", "stored", "SM", 3, "0123456789ABCDEF", "ses_01")
COMMON = {"modem_id": "usb0", "sim": "242011234567890", "received_at": NOW, "token": TOKEN,
          "port": "sim://sim0"}  # fmt: skip
COMMON_JSON = {
    "modem_id": "usb0",
    "sim": "242011234567890",
    "received_at": "2026-12-06T10:30:00.123Z",
    "port": "sim://sim0",
    "token": {
        "modem_id": "usb0",
        "kind": "stored",
        "storage": "SM",
        "index": 3,
        "digest": "0123456789ABCDEF",
        "session": "ses_01",
    },
    "warnings": [],
}


def _part(text: str = "hi", **options) -> tuple[str, object]:
    deliver = delivers(Address.parse("+4712345678"), text, SCTS, **options)[0]
    pdu = encode_pdu(deliver, smsc=True).hex().upper()
    return pdu, decode_pdu(pdu, smsc=True)


def _round_trip(value: object) -> dict:
    data = to_json(value)
    assert json.loads(json.dumps(data)) == data  # JSON-ready as it is
    return data


def test_sms_received() -> None:
    pdu, deliver = _part("x" * 200, reference=7)
    item = SmsReceived(deliver, pdu, "SM", 3, **COMMON)
    assert _round_trip(item) == {
        "type": "sms.received",
        "sender": "+4712345678",
        "text": deliver.text,
        "data": None,
        "timestamp": "2026-12-06T11:29:58+01:00",
        "concat": {"ref": 7, "seq": 1, "total": 2},
        "ports": None,
        "message_class": None,
        "storage": "SM",
        "index": 3,
        "pdu": pdu,
        **COMMON_JSON,
    }
    assert describe(item).endswith("(part 1/2): " + deliver.text)


def test_status_report_received() -> None:
    report = StatusReport(
        reference=42, recipient=Address.parse("+4712345678"), timestamp=SCTS,
        discharge_time=SCTS + timedelta(seconds=5), status=0x43,
    )  # fmt: skip
    item = StatusReportReceived(report, "00", "SR", 3, **COMMON)
    data = _round_trip(item)
    assert data == {
        "type": "sms.status_report",
        "reference": 42,
        "recipient": "+4712345678",
        "status": 0x43,
        "status_text": "not obtainable (unknown or unreachable recipient); permanent error, "
        "the SC gave up",
        "outcome": "undelivered",
        "timestamp": "2026-12-06T11:29:58+01:00",
        "discharge_time": "2026-12-06T11:30:03+01:00",
        "storage": "SR",
        "index": 3,
        "pdu": "00",
        **COMMON_JSON,
    }
    assert "undelivered (not obtainable" in describe(item) and "TP-ST 0x43" in describe(item)


def test_undecodable_and_ussd() -> None:
    item = UndecodableMessage("0004FF", "too short", "SM", 3, warnings=("odd",), **COMMON)
    assert _round_trip(item) == {
        "type": "sms.undecodable",
        "pdu": "0004FF",
        "error": "too short",
        "storage": "SM",
        "index": 3,
        **COMMON_JSON,
        "warnings": ["odd"],
    }
    reply = UssdReply(0, "Balance 5", 15, "Balance 5", "sim://sim0", "usb0", NOW)
    assert _round_trip(reply) == {
        "type": "ussd.reply",
        "modem_id": "usb0",
        "status": 0,
        "text": "Balance 5",
        "dcs": 15,
        "raw": "Balance 5",
        "received_at": "2026-12-06T10:30:00.123Z",
        "port": "sim://sim0",
    }


def test_whole_message() -> None:
    joiner = Joiner(timeout=60)
    items = []
    for i in range(2):
        deliver = delivers(Address.parse("+4712345678"), "y" * 200, SCTS, reference=9)[i]
        pdu = encode_pdu(deliver, smsc=True).hex()
        token = AckToken("usb0", "stored", "SM", i + 1, str(i) * 16, "ses_01")
        items.append(SmsReceived(decode_pdu(pdu), pdu, "SM", i + 1, **{**COMMON, "token": token}))
    assert joiner.add(items[0], 0.0) == ([], [])
    (message,), copies = joiner.add(items[1], 1.0)
    assert copies == []
    data = _round_trip(message)
    assert data == {
        "type": "sms.message",
        "modem_id": "usb0",
        "sim": "242011234567890",
        "received_at": "2026-12-06T10:30:00.123Z",
        "sender": "+4712345678",
        "text": "y" * 200,
        "data": None,
        "timestamp": "2026-12-06T11:29:58+01:00",
        "complete": True,
        "missing": [],
        "parts": 2,
        "concat": {"ref": 9, "total": 2},
        "ports": None,
        "tokens": [items[0].token.to_json(), items[1].token.to_json()],
        "warnings": [],
    }


def test_sent_part_and_send_result() -> None:
    part = SentPart(0, 17, "usb0", "+4712345678", NOW, "0011", SendOutcome.SENT)
    unknown = SentPart(1, None, "usb0", "+4712345678", NOW, "0022", SendOutcome.UNKNOWN)
    assert _round_trip(part) == {
        "type": "sms.sent_part",
        "sequence": 0,
        "reference": 17,
        "modem_id": "usb0",
        "recipient": "+4712345678",
        "sent_at": "2026-12-06T10:30:00.123Z",
        "pdu": "0011",
        "outcome": "sent",
    }
    assert _round_trip(unknown)["outcome"] == "unknown"
    result = SendResult("+4712345678", (part,), 9, "usb0")
    assert _round_trip(result) == {
        "type": "sms.send_result",
        "to": "+4712345678",
        "modem_id": "usb0",
        "references": [17],
        "concat_reference": 9,
        "parts": [to_json(part)],
    }


def test_modem_state_and_its_change_events() -> None:
    state = ModemState(
        "usb0", "usb0", "/dev/ttyUSB2", "ready", None, "roaming", "lte", -73, 20, "SimNet",
        "356938035643809", "242011234567890", "8947", "+4712345678", "quectel", 7, NOW,
    )  # fmt: skip
    expected = {
        "type": "modem.state",
        "modem_id": "usb0",
        "name": "usb0",
        "port": "/dev/ttyUSB2",
        "status": "ready",
        "ready": True,
        "reason": None,
        "registration": "roaming",
        "technology": "lte",
        "signal_dbm": -73,
        "signal_rssi": 20,
        "operator": "SimNet",
        "imei": "356938035643809",
        "imsi": "242011234567890",
        "iccid": "8947",
        "own_number": "+4712345678",
        "profile": "quectel",
        "version": 7,
        "since": "2026-12-06T10:30:00.123Z",
    }
    assert _round_trip(state) == expected
    assert _round_trip(ModemReady(state)) == {**expected, "change": "ready"}
    lost = ModemState("usb0", None, "/dev/ttyUSB2", "lost", "unplugged", version=8, since=NOW)
    assert _round_trip(ModemLost(lost))["change"] == "lost"
    assert describe(ModemLost(lost)) == "modem lost (unplugged); reopening"


def test_stored_message_and_info() -> None:
    pdu, deliver = _part("stored")
    stored = StoredMessage("SM", 2, 1, pdu, deliver)
    data = _round_trip(stored)
    assert {k: data[k] for k in ("type", "storage", "index", "stat", "message_type")} == {
        "type": "sms.stored",
        "storage": "SM",
        "index": 2,
        "stat": "REC READ",
        "message_type": "SMS-DELIVER",
    }
    assert data["text"] == "stored" and data["concat"] is None and data["error"] is None
    broken = _round_trip(StoredMessage("SM", 3, None, "00FF", None, "too short"))
    assert broken["message_type"] is None and broken["error"] == "too short"
    registration = Registration(RegistrationStatus.REGISTERED_ROAMING, 2, "00A1", "B2C3", 7)
    info = ModemInfo(
        "sim://sim0", "generic", signal=Signal(20, None, -73),
        registration={"CREG": registration}, modem_id="usb0",
    )  # fmt: skip
    data = _round_trip(info)
    assert data["type"] == "modem.info" and data["signal"] == {"rssi": 20, "ber": None, "dbm": -73}
    assert data["registration"]["CREG"] == {
        "status": "roaming",
        "registered": True,
        "roaming": True,
        "lac": "00A1",
        "cell": "B2C3",
        "technology": "lte",
    }


def test_ack_token_round_trip() -> None:
    assert AckToken.from_json(json.loads(json.dumps(TOKEN.to_json()))) == TOKEN
