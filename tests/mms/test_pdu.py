"""MMS PDUs (OMA-TS-MMS-ENC-V1_3 §6, §7): public vectors, exact bytes, round trips, errors."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mms_strategies import ALL_PDUS
from mms_vectors import VECTORS

from modem.errors import MmsError
from modem.mms import (
    INSERT_ADDRESS,
    AcknowledgeInd,
    ContentType,
    DeliveryInd,
    MessageClass,
    MessageType,
    NotificationInd,
    NotifyRespInd,
    OtherPdu,
    Part,
    ReadRecInd,
    ReadStatus,
    ResponseStatus,
    RetrieveConf,
    RetrieveStatus,
    SendConf,
    SendReq,
    Status,
    decode_pdu,
)
from modem.mms.enums import Field

V = {name: bytes.fromhex(hexdata) for name, (_, hexdata) in VECTORS.items()}


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_every_vector_decodes_and_round_trips(name: str) -> None:
    pdu = decode_pdu(V[name])
    assert decode_pdu(pdu.encode()) == pdu


def test_simple_retrieve_conf() -> None:
    pdu = decode_pdu(V["pm_simple"])
    assert isinstance(pdu, RetrieveConf)
    assert pdu.mms_version == "1.0" and pdu.transaction_id is None
    assert pdu.date == datetime(2002, 12, 20, 21, 26, 56, tzinfo=UTC)
    assert pdu.subject == "Simple message"
    assert pdu.content_type.media_type == "application/vnd.wap.multipart.related"
    (part,) = pdu.parts
    assert part.content_type.media_type == "text/plain"
    assert part.content_id == "<3E03099E.txt>" and part.content_location == "3E03099E.txt"
    assert part.text == "This is a simple MMS message with a single text body part."
    assert V["pm_simple"] == pdu.encode()  # byte for byte


def test_send_req_with_insert_address_and_utf8_subject() -> None:
    pdu = decode_pdu(V["pm_27d0a048"])
    assert isinstance(pdu, SendReq)
    assert pdu.sender == INSERT_ADDRESS and pdu.to == ("123/TYPE=PLMN",)
    assert pdu.subject == "Angående art-tillhörighet"
    assert [p.media_type for p in pdu.parts] == [
        "image/vnd.wap.wbmp",
        "text/plain",
        "application/smil",
    ]
    assert pdu.content_type.start == "<AAAA>"
    assert V["pm_27d0a048"] == pdu.encode()


def test_sghs300m_short_value_length_quote_in_part() -> None:
    pdu = decode_pdu(V["pm_sec_sghs300m"])
    assert pdu.subject == "IL" and pdu.delivery_report is False and pdu.read_report is False
    assert pdu.parts[0].text == "HV" and pdu.parts[0].content_type.charset == "utf-8"


def test_openwave_from_address_present() -> None:
    pdu = decode_pdu(V["pm_openwave"])
    assert pdu.sender == "+16505550000/TYPE=PLMN" and pdu.to == ("112/TYPE=PLMN",)
    assert pdu.subject == "rubrik" and pdu.message_class is MessageClass.PERSONAL
    assert pdu.parts[1].text == "rubrik"


def test_oma_conformance_notification() -> None:
    pdu = decode_pdu(V["mmsd_ni_271"])
    assert isinstance(pdu, NotificationInd)
    assert pdu.transaction_id == "OgQKKB" and pdu.sender == "+44123989100/TYPE=PLMN"
    assert pdu.subject == "abcdefghijklmnopqrstuvwxyz0123456789/-+@"
    assert pdu.message_size == 23069 and pdu.expiry == timedelta(seconds=259200)
    assert pdu.message_class is MessageClass.PERSONAL
    assert decode_pdu(V["mmsd_ni_272"]).content_location.startswith("http://abcdefghi/")


def test_oma_conformance_text_charsets() -> None:
    assert decode_pdu(V["mmsd_rc_211"]).subject == "Shõrt Téxt - ¥üëäÿ"
    utf16 = decode_pdu(V["mmsd_rc_214"]).parts[0]
    assert utf16.content_type.charset == "utf-16"
    assert utf16.text.startswith("French ê has a roof over the e.")
    assert "Portuguese ã" in utf16.text
    assert decode_pdu(V["mmsd_rc_213"]).parts[0].content_type.charset == "utf-8"


def test_group_send_req_two_recipients() -> None:
    pdu = decode_pdu(V["mmsd_sr_related_multi_to"])
    assert pdu.to == ("+33612345678/TYPE=PLMN", "+33612345679/TYPE=PLMN")


# --- exact encodings ---------------------------------------------------------------------------


def test_notify_resp_is_exactly_the_standard_headers() -> None:
    # 8C 83 98 <tid> 00 8D 92 95 81: type, TID, version 1.2, Status Retrieved; no body
    pdu = NotifyRespInd(transaction_id="T1", status=Status.RETRIEVED)
    assert pdu.encode().hex() == "8c83" + "98543100" + "8d92" + "9581"
    with_report = NotifyRespInd(transaction_id="T1", status=Status.DEFERRED, report_allowed=False)
    assert with_report.encode().endswith(bytes.fromhex("95839181"))


def test_notification_response_and_acknowledgement() -> None:
    notification = decode_pdu(V["mmsd_ni_271"])
    answer = notification.response(Status.DEFERRED)
    assert answer.transaction_id == "OgQKKB" and answer.status is Status.DEFERRED
    assert answer.encode() == bytes.fromhex("8c8398") + b"OgQKKB\x00" + bytes.fromhex("8d909583")
    retrieved = decode_pdu(V["mmsd_rc_212"])
    ack = retrieved.acknowledgement(report_allowed=True)
    assert ack == AcknowledgeInd(transaction_id="00000000212", mms_version="1.3",
                                 report_allowed=True)  # fmt: skip
    assert ack.encode() == b"\x8c\x85\x98" + b"00000000212\x00" + b"\x8d\x93\x91\x80"
    with pytest.raises(MmsError, match="Transaction-ID"):
        decode_pdu(V["pm_simple"]).acknowledgement()


def test_notification_exact_bytes_with_relative_expiry() -> None:
    pdu = NotificationInd(transaction_id="abc", content_location="http://m/x", message_size=29696,
                          expiry=timedelta(seconds=72000))  # fmt: skip
    wire = pdu.encode()
    assert wire == bytes.fromhex(
        "8c82" "9861626300" "8d92" "8a80" "8e027400" "880581030119 40".replace(" ", "")
        + "83687474703a2f2f6d2f7800"
    )  # fmt: skip


def test_absolute_expiry_and_delivery_time() -> None:
    when = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    pdu = SendReq(transaction_id="1", to="+1555/TYPE=PLMN", expiry=when,
                  delivery_time=timedelta(hours=1), parts=(Part.from_text("x"),))  # fmt: skip
    back = decode_pdu(pdu.encode())
    assert back.expiry == when and back.delivery_time == timedelta(hours=1)
    assert b"\x88\x06\x80\x04" in pdu.encode()  # Value-length, Absolute-token, Date


def test_send_req_header_order_and_from_token() -> None:
    wire = SendReq(transaction_id="T", to="123/TYPE=PLMN", parts=(Part.from_text("hi"),)).encode()
    assert wire.startswith(bytes.fromhex("8c80") + b"\x98T\x00" + bytes.fromhex("8d92"))
    assert bytes.fromhex("89 01 81".replace(" ", "")) in wire  # From: insert-address token
    ct_at = wire.index(b"\x84\xa3")  # Content-Type multipart.mixed, last header
    assert decode_pdu(wire).parts[0].text == "hi" and ct_at > wire.index(b"\x97")


def test_send_conf_and_status_meanings() -> None:
    wire = SendConf(transaction_id="T", response_status=ResponseStatus.OK, message_id="M1").encode()
    conf = decode_pdu(wire)
    assert conf.response_status.ok and conf.message_id == "M1"
    assert ResponseStatus.ERROR_TRANSIENT_NETWORK_PROBLEM.transient
    assert ResponseStatus.ERROR_PERMANENT_REPLY_CHARGING_REQUEST_NOT_ACCEPTED == 0xE7
    assert RetrieveStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND.permanent
    unknown = decode_pdu(bytes.fromhex("8c81985400 8d92 92cf".replace(" ", "")))
    # an unknown value keeps its octet and answers by its class (transient: retry later)
    assert unknown.response_status == 0xCF and unknown.response_status.transient
    assert unknown.encode() == bytes.fromhex("8c81985400 8d92 92cf".replace(" ", ""))
    assert RetrieveStatus(0xE9).permanent and RetrieveStatus(0xE9).name == "UNKNOWN_0xE9"


def test_delivery_and_read_reports() -> None:
    when = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    delivery = DeliveryInd(message_id="M", to="+1/TYPE=PLMN", date=when, status=Status.RETRIEVED)
    assert decode_pdu(delivery.encode()) == delivery
    read = ReadRecInd(message_id="M", to="+1/TYPE=PLMN", read_status=ReadStatus.READ)
    wire = read.encode()
    assert wire.startswith(bytes.fromhex("8c878d92")) and b"\x9b\x80" in wire
    assert decode_pdu(wire) == read


def test_unknown_and_application_headers_are_kept() -> None:
    # field 0x7A is unassigned; "X-Custom: yes" is an application header (§7.4)
    wire = (
        bytes.fromhex("8c83985400 8d92 9581".replace(" ", ""))
        + b"\xfa\x85"
        + b"X-Custom\x00yes\x00"
    )
    pdu = decode_pdu(wire)
    assert pdu.extra == ((0x7A, 5), ("X-Custom", "yes"))
    assert pdu.encode() == wire


def test_body_in_notify_resp_is_dropped() -> None:
    # python-messaging writes a Content-Type and a SMIL part after M-NotifyResp.ind's headers
    wire = bytes.fromhex("8c83985400 8d90 9581 84a3 00".replace(" ", ""))
    pdu = decode_pdu(wire)
    assert pdu == NotifyRespInd(transaction_id="T", mms_version="1.0", status=Status.RETRIEVED)


def test_forward_and_mbox_pdus_decode_as_other() -> None:
    wire = SendReq(transaction_id="F", to="1/TYPE=PLMN", parts=(Part.from_text("x"),)).encode()
    forward = bytes((0x8C, MessageType.M_FORWARD_REQ)) + wire[2:]
    pdu = decode_pdu(forward)
    assert isinstance(pdu, OtherPdu) and pdu.kind is MessageType.M_FORWARD_REQ
    assert pdu.get(Field.TO) == "1/TYPE=PLMN" and pdu.parts[0].text == "x"
    assert pdu.encode() == forward
    mbox = bytes.fromhex("8c8d985600 8d93 a980 aa028085".replace(" ", ""))  # view.req totals
    view = decode_pdu(mbox)
    assert view.message_type.pdu_name == "M-Mbox-View.req"
    assert view.get(Field.TOTALS) is True and view.get(Field.MBOX_TOTALS) == ("messages", 5)
    assert view.encode() == mbox


def test_strict_mode_names_missing_fields() -> None:
    # Gammu's MMSINDICATOR notification has no X-Mms-Message-Size (research notes §1.3)
    wire = NotificationInd(transaction_id="T", content_location="http://x", message_size=1,
                           expiry=timedelta(1)).encode()  # fmt: skip
    size_at = wire.index(b"\x8e\x01\x01")
    stripped = wire[:size_at] + wire[size_at + 3 :]
    lenient = decode_pdu(stripped)
    assert lenient.message_size is None
    assert lenient.warnings == ("M-Notification.ind lacks mandatory X-Mms-Message-Size",)
    with pytest.raises(MmsError, match="lacks mandatory X-Mms-Message-Size"):
        decode_pdu(stripped, strict=True)


def test_encoder_refuses_missing_mandatory_fields() -> None:
    with pytest.raises(MmsError, match=r"M-Send\.req needs to"):
        SendReq(transaction_id="T", parts=(Part.from_text("x"),)).encode()
    with pytest.raises(MmsError, match="content_type"):
        SendReq(transaction_id="T", to="1").encode()
    with pytest.raises(MmsError, match="status"):
        NotifyRespInd(transaction_id="T").encode()
    with pytest.raises(MmsError, match="Subject"):
        SendReq(transaction_id="T", to="1", subject="a\x00b", parts=(Part.from_text("x"),)).encode()


def test_not_an_mms_pdu() -> None:
    with pytest.raises(MmsError, match="Message-Type"):
        decode_pdu(b"\x98T\x00")
    with pytest.raises(MmsError, match="empty"):
        decode_pdu(b"")
    with pytest.raises(MmsError, match="hexadecimal"):
        decode_pdu("zz")
    assert isinstance(decode_pdu("8c 83 98 54 00 8d 92 95 81"), NotifyRespInd)


def test_non_multipart_body() -> None:
    plain = ContentType("text/plain")
    pdu = RetrieveConf(date=datetime(2020, 1, 1, tzinfo=UTC), content_type=plain,
                       parts=(Part(plain, b"just text"),))  # fmt: skip
    assert pdu.encode().endswith(b"\x84\x83just text")
    assert decode_pdu(pdu.encode()).text == "just text"


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_truncation_raises_only_mms_error(name: str) -> None:
    data = V[name]
    for cut in range(1, min(len(data), 400)):
        with contextlib.suppress(MmsError):
            decode_pdu(data[:cut])


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_garbage_raises_only_mms_error(data: bytes) -> None:
    with contextlib.suppress(MmsError):
        decode_pdu(b"\x8c\x84" + data)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(ALL_PDUS)).flatmap(lambda name: ALL_PDUS[name]))
def test_round_trip_every_pdu_type(pdu) -> None:
    assert decode_pdu(pdu.encode()) == pdu


@pytest.mark.parametrize("name", sorted(ALL_PDUS))
@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_by_type(name: str, data: st.DataObject) -> None:
    pdu = data.draw(ALL_PDUS[name])
    assert isinstance(pdu, OtherPdu) or pdu.message_type.pdu_name == name
    assert decode_pdu(pdu.encode()) == pdu


def test_file_vectors(vector_files: dict[str, bytes]) -> None:
    for name, data in vector_files.items():
        pdu = decode_pdu(data, strict=True)
        assert pdu.warnings == () and decode_pdu(pdu.encode()) == pdu, name
    example = decode_pdu(vector_files["pm/projekt_exempel.mms"])
    assert example.transaction_id == "4-fc60" and example.to == ("12345/TYPE=PLMN",)
    assert example.content_type.start == "<AAAA>" and example.subject == "Hej"
    assert [p.content_type.name for p in example.parts] == ["mms.txt", "SonyhEr.gif", "mms.smil"]
    unrecognised = decode_pdu(vector_files["mmsd/rc-mms-1-3-con-281.mms"])
    assert ("X-MMS-Unrecognised-Header-Field", "Yes") in unrecognised.extra
    assert (
        decode_pdu(vector_files["mmsd/rc-mms-1-3-con-282.mms"]).message_class == "NewMessageClass"
    )


def test_client_helpers_read_report_and_expiry() -> None:
    retrieved = dataclasses.replace(decode_pdu(V["mmsd_rc_211"]), message_id="M-211")
    report = retrieved.read_receipt(date=datetime(2026, 1, 1, tzinfo=UTC))
    assert report.to == (retrieved.sender,) and report.sender == INSERT_ADDRESS
    assert report.read_status is ReadStatus.READ
    assert decode_pdu(report.encode()) == report
    with pytest.raises(MmsError, match="Message-ID"):
        decode_pdu(V["pm_simple"]).read_receipt()
    notification = decode_pdu(V["mmsd_ni_271"])
    received = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert notification.expires_at(received) == received + timedelta(days=3)
    absolute = NotificationInd(transaction_id="T", content_location="x", message_size=1,
                               expiry=received)  # fmt: skip
    assert absolute.expires_at(datetime(2000, 1, 1, tzinfo=UTC)) == received


def test_decoded_parts_are_bytes_of_their_own() -> None:
    # a caller may reuse its receive buffer: the parts must not be views into it
    buffer = bytearray(V["pm_27d0a048"])
    pdu = decode_pdu(buffer)
    before = [p.data for p in pdu.parts]
    buffer[:] = bytes(len(buffer))
    assert [p.data for p in pdu.parts] == before
    assert all(type(p.data) is bytes for p in pdu.parts)
    assert decode_pdu(memoryview(V["pm_27d0a048"])) == pdu


# --- lenient decoding of a PDU the end of the data cuts short ----------------------------------


def test_a_body_cut_in_its_second_part_keeps_the_first() -> None:
    whole = decode_pdu(V["pm_openwave"])  # python-messaging openwave.mms: SMIL + text
    assert len(whole.parts) == 2 and whole.warnings == ()
    cut = V["pm_openwave"][:-10]
    pdu = decode_pdu(cut)
    assert pdu.parts == whole.parts[:1] and pdu.subject == whole.subject
    assert pdu.warnings == (
        "the multipart body is cut short by the end of the PDU: the first 1 of 2 parts are whole",
    )
    with pytest.raises(MmsError):
        decode_pdu(cut, strict=True)


def test_a_last_text_header_without_its_nul_is_read_to_the_end() -> None:
    # mmsd unit/ni-mms-1-3-con-271.mms (M-Notification.ind, Content-Location last) without its NUL
    whole = decode_pdu(V["mmsd_ni_271"])
    cut = decode_pdu(V["mmsd_ni_271"][:-1])
    assert cut == whole and cut.content_location == whole.content_location
    assert cut.warnings == (
        "X-Mms-Content-Location lacks its terminating NUL at the end of the PDU: read to the end",
    )


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(V)), cut=st.integers(1, 3000))
def test_any_cut_decodes_what_is_there_or_raises_mms_error(name: str, cut: int) -> None:
    data = V[name]
    shorter = data[: max(1, len(data) - cut)]
    try:
        pdu = decode_pdu(shorter)
    except MmsError:
        return
    whole = decode_pdu(data).headers()
    shown = [h for h in pdu.headers() if h[0] is not Field.CONTENT_TYPE or h in whole]
    # every header shown was sent; the text the data ends in may be cut (the warnings say so)
    cut_short = [(key, value) for key, value in shown if (key, value) not in whole]
    assert len(cut_short) <= 1
    for key, value in cut_short:
        assert isinstance(value, str) and any(
            k == key and isinstance(v, str) and v.startswith(value) for k, v in whole
        )
        assert any("lacks its terminating NUL" in w for w in pdu.warnings)
    assert set(getattr(pdu, "parts", ())) <= set(getattr(decode_pdu(data), "parts", ()))
