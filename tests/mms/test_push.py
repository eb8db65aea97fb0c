"""WAP push over SMS (WAP-230-WSP §8.2.4.1, WAP-251, WAP-259-WDP): unwrap and wrap."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mms_vectors import PUSHES, VECTORS, WAP_PUSH_SMS, WAP_PUSH_SMS_2

from modem.errors import MmsError
from modem.mms import (
    DeliveryInd,
    MessageClass,
    NotificationInd,
    Status,
    decode_push,
    describe_push,
    encode_push,
    push_delivers,
    push_from_sms,
)
from modem.mms.push import PushMessage, is_push_part
from modem.sms.pdu import Deliver, decode_pdu, encode_pdu
from modem.sms.reassembly import Reassembler
from modem.sms.udh import InformationElement, UserDataHeader

WHEN = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_python_messaging_vector_two_parts() -> None:
    parts = [decode_pdu(h) for h in WAP_PUSH_SMS]
    push = push_from_sms(parts)
    assert push.transaction_id == 0x01 and push.pdu_type == 0x06
    assert push.content_type.media_type == "application/vnd.wap.mms-message"  # text form
    assert push.application_id == "x-wap-application:mms.ua"
    notification = push.mms()
    assert isinstance(notification, NotificationInd)
    # the values python-messaging's test_wap.py asserts for the same PDUs
    assert notification.transaction_id == "NOK5CiKcoTMYSG4MBSwAAsKv14FUHAAAAAAAA"
    assert notification.mms_version == "1.0"
    assert notification.sender == "+447785342749/TYPE=PLMN"
    assert notification.message_class is MessageClass.PERSONAL
    assert notification.message_size == 29696
    assert notification.expiry == timedelta(seconds=72000)
    assert notification.content_location == (
        "http://promms/servlets/NOK5CiKcoTMYSG4MBSwAAsKv14FUHAAAAAAAA"
    )
    second = push_from_sms([decode_pdu(h) for h in reversed(WAP_PUSH_SMS_2)]).mms()
    assert second.expiry == timedelta(seconds=259199)


def test_through_the_sms_reassembler() -> None:
    reassembler = Reassembler()
    results = [reassembler.add(decode_pdu(h), float(i)) for i, h in enumerate(WAP_PUSH_SMS)]
    assert results[0] is None and results[1].complete
    assert push_from_sms(results[1]).mms().message_size == 29696


def test_missing_part_and_wrong_port() -> None:
    with pytest.raises(MmsError, match=r"missing SMS parts \[2\]"):
        push_from_sms([decode_pdu(WAP_PUSH_SMS[0])])
    text_sms = Deliver(decode_pdu(WAP_PUSH_SMS[0]).sender, WHEN, text="hello")
    with pytest.raises(MmsError, match="2948"):
        push_from_sms([text_sms])
    assert describe_push(text_sms) is None
    with pytest.raises(MmsError, match="no SMS parts"):
        push_from_sms([])


def test_well_known_content_type_and_missing_tid() -> None:
    body = bytes.fromhex(VECTORS["mmsd_ni_271"][1])
    push = encode_push(body, transaction_id=0x42)
    assert push[:5] == bytes.fromhex("42 06 03 be af".replace(" ", ""))  # 0xBE, then app id
    assert decode_push(push).mms().transaction_id == "OgQKKB"
    assert decode_push(push[1:]).mms().transaction_id == "OgQKKB"  # TID stripped by firmware


def test_headers_kept_and_other_content_rejected() -> None:
    headers = [("Push-Flag", 6), ("X-Foo", "bar")]
    push = encode_push(b"\x02\x05\x6a\x00", content_type="application/vnd.wap.sic",
                       application_id=None, headers=headers)  # fmt: skip
    decoded = decode_push(push)
    assert decoded.headers == (("Push-Flag", 6), ("X-Foo", "bar"))
    with pytest.raises(MmsError, match=r"application/vnd\.wap\.sic"):
        decoded.mms()
    assert decode_push(encode_push(b"", application_id="x-wap-application:mms.ua")).application_id
    assert describe_push(push)["body"] == "02056a00"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\x01", "shorter"), (b"\x01\x40\x00", "not a WSP push"), (b"\x01\x06\x30\xbe", "claim")],
)
def test_malformed_push(data: bytes, message: str) -> None:
    with pytest.raises(MmsError, match=message):
        decode_push(data)


def test_push_delivers_round_trip_long_notification() -> None:
    notification = NotificationInd(
        transaction_id="T" * 40, sender="+15550000001/TYPE=PLMN", subject="Ferie 🏖 bilder",
        message_size=123456, expiry=timedelta(days=3),
        content_location="http://mmsc.example.net/mms/wapenc?location=" + "x" * 120,
    )  # fmt: skip
    parts = push_delivers(notification, sender="+15550000001", timestamp=WHEN, reference=9)
    assert len(parts) >= 2
    for part in parts:
        assert part.ports.destination == 2948 and part.ports.source == 9200
        assert part.concat.reference == 9 and part.concat.total == len(parts)
        assert decode_pdu(encode_pdu(part)) == part  # real SMS-DELIVERs
    assert push_from_sms(list(reversed(parts))).mms() == notification
    assert describe_push(parts[1]) == {"wap_push": True, "ports": [2948, 9200], "part": 2,
                                       "of": len(parts), "complete": False}  # fmt: skip


def test_delivery_report_push_single_sms() -> None:
    report = DeliveryInd(message_id="m1", to="+1/TYPE=PLMN", date=WHEN, status=Status.RETRIEVED)
    (part,) = push_delivers(report.encode(), sender="+1", timestamp=WHEN)
    summary = describe_push(part)
    assert summary["mms"]["message_type"] == "M-Delivery.ind"
    assert summary["mms"]["headers"]["X-Mms-Status"] == "Retrieved"
    assert summary["application_id"] == "x-wap-application:mms.ua"


def test_describe_complete_vector_and_raw_bytes() -> None:
    data = b"".join(decode_pdu(h).data for h in WAP_PUSH_SMS)
    summary = describe_push(data)
    assert summary["mms"]["headers"]["X-Mms-Message-Size"] == 29696
    assert describe_push(b"hello") is None
    broken = describe_push(b"\x01\x06\x05\xbe")
    assert "error" in broken
    # str() is the readable form `modem pdu decode` prints; the dict stays JSON-ready
    text = str(summary)
    assert text.startswith("WAP push: application/vnd.wap.mms-message for x-wap-application:mms")
    assert "\n" + " " * 13 + "  M-Notification.ind" in text
    assert "X-Mms-Message-Size: 29696" in text and "{" not in text
    assert str(broken).startswith("WAP push: ") and "{" not in str(broken)
    sic = encode_push(b"\x02\x05\x6a\x00", content_type="application/vnd.wap.sic",
                      application_id=None)  # fmt: skip
    assert str(describe_push(sic)).endswith("4 octets, not an MMS PDU")


def test_eight_bit_port_form() -> None:
    # 8-bit application port IE (0x04): accepted when the data is a WSP push
    push = encode_push(bytes.fromhex(VECTORS["mmsd_ni_271"][1]))
    udh = UserDataHeader((InformationElement(0x04, bytes((0xF0, 0xF0))),))
    part = Deliver(decode_pdu(WAP_PUSH_SMS[0]).sender, WHEN, data=push, udh=udh)
    assert is_push_part(part)
    assert push_from_sms(part).mms().transaction_id == "OgQKKB"
    other = Deliver(part.sender, WHEN, data=b"\x00\x01", udh=udh)
    assert not is_push_part(other)


def test_push_message_value() -> None:
    push = PushMessage(content_type=decode_push(encode_push(b"")).content_type, body=b"")
    assert push.is_mms and push.application_id is None


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=120), st.sampled_from([b"", b"\x01\x06", b"\x06", b"\x01\x07\x1f"]))
def test_garbage_push_raises_only_mms_error(data: bytes, prefix: bytes) -> None:
    with contextlib.suppress(MmsError):
        decode_push(prefix + data).mms()
    with contextlib.suppress(MmsError):
        describe_push(prefix + data)


def test_mutated_pushes_raise_only_mms_error() -> None:
    rng = random.Random(7)
    seeds = [encode_push(bytes.fromhex(h)) for _, h in VECTORS.values()]
    for _ in range(3000):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        with contextlib.suppress(MmsError):
            decode_push(bytes(data)).mms()
        describe_push(bytes(data))  # never raises: errors are reported in the summary


def test_mmsd_push_vectors() -> None:
    # mmsd unit/test-wsputil.c: what a network really sends on port 2948
    push1 = decode_push(bytes.fromhex(PUSHES["push1"]))
    assert push1.headers == (("X-Wap-Application-Id", 4), ("Push-Flag", 6))
    notification = push1.mms()
    assert notification.subject == "Pin-Ups" and notification.sender == "Erotik"
    assert notification.message_size == 16384
    assert notification.content_location == "http://eps3.de/O/Z9IZO"
    push2 = decode_push(bytes.fromhex(PUSHES["push2"]))
    assert ("Content-Length", 92) in push2.headers and len(push2.body) == 93
    assert push2.mms().sender == "15551230000/TYPE=PLMN"
    drm = decode_push(bytes.fromhex(PUSHES["push3"]))
    assert drm.content_type.media_type == "application/vnd.oma.drm.rights+wbxml"
    assert drm.application_id == "x-wap-application:drm.ua" and not drm.is_mms
    syncml = decode_push(bytes.fromhex(PUSHES["push4"]))
    assert syncml.application_id == "x-wap-application:syncml.dm"
    provisioning = decode_push(bytes.fromhex(PUSHES["push5"]))
    assert provisioning.content_type.media_type == "application/vnd.wap.connectivity-wbxml"
    assert provisioning.content_type.get("sec") == 1
    assert provisioning.content_type.get("mac") == "59D36D14E88499A3D56EBA6D4F94A67041BD2A9C"
    with pytest.raises(MmsError, match="not an MMS PDU"):
        provisioning.mms()


def test_parts_of_different_messages_are_refused() -> None:
    mixed = [decode_pdu(WAP_PUSH_SMS[0]), decode_pdu(WAP_PUSH_SMS_2[1])]
    with pytest.raises(MmsError, match="different messages"):
        push_from_sms(mixed)
