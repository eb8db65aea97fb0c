"""The MMSC side: M-Send.req in, M-Send.conf, M-Retrieve.conf, notification, report out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from modem.errors import MmsError
from modem.mms import (
    MmsMessage,
    ResponseStatus,
    Status,
    decode_pdu,
    push_delivers,
    push_from_sms,
)
from modem.mms.mmsc import confirm, delivery_report, notification_for, retrieve_conf_for

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_full_mmsc_round() -> None:
    sent = decode_pdu(MmsMessage.build("+4712345678", text="Hei", subject="Hytta",
                                       delivery_report=True).encode("T1"))  # fmt: skip
    conf = decode_pdu(confirm(sent, message_id="M1").encode())
    assert conf.transaction_id == "T1" and conf.response_status is ResponseStatus.OK
    assert conf.message_id == "M1"
    stored = retrieve_conf_for(sent, message_id="M1", date=NOW, sender="+15550000001/TYPE=PLMN")
    assert stored.sender == "+15550000001/TYPE=PLMN" and stored.parts == sent.parts
    assert decode_pdu(stored.encode()) == stored
    note = notification_for(stored, transaction_id="N1", content_location="http://mmsc/M1",
                            expiry=timedelta(days=3))  # fmt: skip
    assert note.message_size == len(stored.encode()) and note.subject == "Hytta"
    parts = push_delivers(note, sender="+15550000001", timestamp=NOW, reference=3)
    received = push_from_sms(parts).mms()
    assert received == note
    answer = received.response()
    assert answer.transaction_id == "N1" and answer.status is Status.RETRIEVED
    report = delivery_report(stored, recipient="+4712345678/TYPE=PLMN", date=NOW)
    assert decode_pdu(report.encode()) == report and report.message_id == "M1"


def test_refusals() -> None:
    sent = decode_pdu(MmsMessage.build("1", text="x").encode("T"))
    failed = confirm(sent, message_id=None, status=ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED,
                     text="no")  # fmt: skip
    assert failed.message_id is None and failed.response_status.permanent
    with pytest.raises(MmsError, match="Message-ID"):
        confirm(sent, message_id=None)
    with pytest.raises(MmsError, match="insert the sender"):
        retrieve_conf_for(sent, message_id="M", date=NOW)
    stored = retrieve_conf_for(sent, message_id="M", date=NOW, sender="+1/TYPE=PLMN")
    with pytest.raises(MmsError, match="Message-ID"):
        delivery_report(stored.__class__(date=NOW), recipient="x", date=NOW)
