"""The JSON shape of modem/mms/view.py, pinned: "type" "mms.pdu", spec tokens as the spec writes
them, ISO 8601 dates with "T", only the headers the PDU holds, and "warnings"."""

from __future__ import annotations

import json

from mms_vectors import VECTORS

from modem.mms import MessageClass, NotificationInd, ResponseStatus, SendConf, decode_pdu
from modem.mms.enums import ContentClass, ReadStatus, spec_token
from modem.mms.view import pdu_lines, pdu_to_dict

V = {name: bytes.fromhex(hexdata) for name, (_, hexdata) in VECTORS.items()}


def test_notification_shape() -> None:
    d = pdu_to_dict(decode_pdu(V["mmsd_ni_271"]))
    assert set(d) == {"type", "message_type", "headers", "warnings"}
    assert (d["type"], d["message_type"]) == ("mms.pdu", "M-Notification.ind")
    assert d["headers"]["X-Mms-Message-Type"] == "M-Notification.ind"
    assert d["headers"]["X-Mms-Message-Class"] == "Personal"
    assert d["headers"]["X-Mms-Expiry"] == {"relative_seconds": 259200}
    json.dumps(d)


def test_retrieve_conf_shape() -> None:
    d = pdu_to_dict(decode_pdu(V["mmsd_rc_212"]))
    assert set(d) == {"type", "message_type", "headers", "parts", "warnings"}
    assert d["headers"]["Date"] == "2011-06-03T09:45:21.000Z"  # "T", UTC as "Z"
    assert d["parts"][0]["content_type"].startswith("text/plain")


def test_tokens_as_the_spec_writes_them() -> None:
    conf = SendConf(transaction_id="T", response_status=ResponseStatus.ERROR_TRANSIENT_FAILURE)
    d = pdu_to_dict(decode_pdu(conf.encode()))
    assert d["headers"]["X-Mms-Response-Status"] == "Error-transient-failure"
    assert "X-Mms-Response-Status: Error-transient-failure (0xC0)" in pdu_lines(conf)
    assert spec_token(MessageClass.INFORMATIONAL) == "Informational"
    assert spec_token(ContentClass.IMAGE_BASIC) == "image-basic"
    assert spec_token(ReadStatus.DELETED_WITHOUT_BEING_READ) == "Deleted without being read"
    assert spec_token(ResponseStatus(0xC7)) == "Error-0xC7"


def test_only_headers_in_the_input_are_shown() -> None:
    d = pdu_to_dict(decode_pdu("8C82"))
    assert d["headers"] == {"X-Mms-Message-Type": "M-Notification.ind"}
    assert d["warnings"] == [
        "M-Notification.ind lacks mandatory X-Mms-Transaction-ID, X-Mms-Message-Class, "
        "X-Mms-Message-Size, X-Mms-Expiry, X-Mms-Content-Location, X-Mms-MMS-Version"
    ]
    built = NotificationInd(transaction_id="T", content_location="x", message_size=1,
                            expiry=None)  # fmt: skip
    assert "X-Mms-MMS-Version" in pdu_to_dict(built)["headers"]  # a built PDU has its version
