"""modem/sms/plan.py: planned parts decode back to what was planned, on any text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modem.errors import AddressError, EncodeError, TooManyParts
from modem.sms import Plan, PlannedPart, plan_data, plan_sms
from modem.sms.dcs import MessageClass
from modem.sms.pdu import Submit, decode_pdu, tpdu_length
from modem.sms.segment import count
from modem.sms.udh import Ports

GSM_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@£$¥èé.,!?€[]{}^~|\\",
    min_size=1,
    max_size=800,
).filter(str.strip)
ANY_TEXT = st.text(min_size=1, max_size=500).filter(lambda t: t.strip() and "\x00" not in t)


def submits_of(plan: Plan) -> list[Submit]:
    out = []
    for part in plan.parts:
        tpdu = decode_pdu(part.pdu)
        assert isinstance(tpdu, Submit)
        out.append(tpdu)
    return out


def check_shape(plan: Plan) -> list[Submit]:
    submits = submits_of(plan)
    assert plan.count.parts == len(plan.parts) == len(submits)
    for n, (part, submit) in enumerate(zip(plan.parts, submits, strict=True), 1):
        assert part.pdu.startswith("00") and part.pdu == part.pdu.upper()
        assert part.length == tpdu_length(part.pdu)
        assert submit.reference == 0 and submit.smsc is None
        if len(submits) > 1:
            assert submit.concat is not None
            assert (submit.concat.reference, submit.concat.sequence) == (plan.concat_reference, n)
            assert submit.concat.total == len(submits)
        else:
            assert submit.concat is None and plan.concat_reference is None
    return submits


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=GSM_TEXT | ANY_TEXT, reference=st.none() | st.integers(0, 255))
def test_planned_parts_carry_the_text(text: str, reference: int | None) -> None:
    plan = plan_sms("+4712345678", text, reference=reference)
    submits = check_shape(plan)
    assert "".join(s.text for s in submits) == text
    assert {str(s.recipient) for s in submits} == {"+4712345678"} == {plan.recipient}
    assert plan.count == count(text)
    if reference is not None and len(submits) > 1:
        assert plan.concat_reference == reference


@settings(max_examples=100, deadline=None)
@given(text=GSM_TEXT | ANY_TEXT, max_parts=st.integers(1, 6))
def test_max_parts_refuses_exactly_what_is_over(text: str, max_parts: int) -> None:
    needed = count(text).parts
    if needed > max_parts:
        with pytest.raises(TooManyParts) as err:
            plan_sms("+4712345678", text, max_parts=max_parts)
        assert (err.value.parts, err.value.limit) == (needed, max_parts)
        assert f"{needed} SMS parts" in str(err.value)
    else:
        assert len(plan_sms("+4712345678", text, max_parts=max_parts).parts) == needed


@settings(max_examples=80, deadline=None)
@given(data=st.binary(min_size=1, max_size=900), reference=st.integers(0, 0xFFFF))
def test_planned_data_parts_carry_the_data_and_the_ports(data: bytes, reference: int) -> None:
    plan = plan_data("+4712345678", data, ports=(2948, 9200), reference=reference,
                     concat_bits=16)  # fmt: skip
    submits = check_shape(plan)
    assert b"".join(s.data for s in submits) == data
    assert {s.ports for s in submits} == {Ports(2948, 9200, 16)}
    assert plan.encoding == "8bit" and plan.count.units == len(data)
    assert plan.count.remaining == plan.count.per_part - len(submits[-1].data)


def test_encoding_words() -> None:
    assert plan_sms("+4712345678", "hello").encoding == "gsm7"
    assert plan_sms("+4712345678", "привет").encoding == "ucs2"
    assert plan_sms("+4712345678", "hello", encoding="ucs2").encoding == "ucs2"
    # Turkish: ş and ğ are only in its tables (TS 23.038 A.2.1/A.3.1)
    turkish = plan_sms("+4712345678", "Güneş doğdu", language="turkish")
    assert turkish.encoding == "turkish" and turkish.count.language == "turkish"
    assert "".join(s.text for s in submits_of(turkish)) == "Güneş doğdu"
    assert plan_data("+4712345678", b"\x01").encoding == "8bit"


def test_options_reach_every_part() -> None:
    until = datetime(2026, 12, 24, 18, 0, tzinfo=UTC)
    plan = plan_sms("+4712345678", "x" * 400, status_report=True, validity=until,
                    message_class=0, reference=200)  # fmt: skip
    for submit in submits_of(plan):
        assert submit.status_report_request and submit.validity == until
        assert submit.message_class is MessageClass.CLASS_0
        assert submit.concat is not None and submit.concat.reference == 200
    relative = submits_of(plan_sms("+4712345678", "hi", validity=timedelta(days=2)))[0]
    assert relative.validity == timedelta(days=2) and not relative.status_report_request


def test_a_known_plan_byte_for_byte() -> None:
    # Worked out by hand from TS 23.040 §9.2.2.2: 00 SMSC, 01 first octet (SUBMIT, no VP),
    # 00 TP-MR, 0B 91 5155255155F4 (+15555215554), 00 PID, 00 DCS, 05 UDL, E8329BFD06 "hello"
    plan = plan_sms("+15555215554", "hello")
    assert plan.parts == (PlannedPart("0001000B915155255155F4000005E8329BFD06", 18),)
    assert plan.to_json() == {
        "type": "sms.plan", "recipient": "+15555215554", "encoding": "gsm7",
        "concat_reference": None, "parts": [{"pdu": plan.parts[0].pdu, "length": 18}],
        "count": {"parts": 1, "units": 5, "per_part": 160, "remaining": 155,
                  "encoding": "gsm7", "language": None},
    }  # fmt: skip


def test_random_reference_when_none_given() -> None:
    refs = {plan_sms("+4712345678", "y" * 200).concat_reference for _ in range(40)}
    assert len(refs) > 1 and all(0 <= r <= 255 for r in refs)  # type: ignore[operator]


@pytest.mark.parametrize("text, words", [("", "empty"), ("   ", "white space"),
                                         ("\n\t ", "white space")])  # fmt: skip
def test_empty_and_blank_texts_are_refused(text: str, words: str) -> None:
    with pytest.raises(EncodeError, match=words):
        plan_sms("+4712345678", text)


def test_refusals() -> None:
    with pytest.raises(EncodeError, match="data is empty"):
        plan_data("+4712345678", b"")
    with pytest.raises(TooManyParts, match="256 SMS parts, more than the 255"):
        plan_sms("+4712345678", "z" * 153 * 256)
    with pytest.raises(TooManyParts) as err:  # max_parts above 255 does not lift the limit
        plan_sms("+4712345678", "z" * 153 * 256, max_parts=1000)
    assert err.value.limit == 255
    with pytest.raises(AddressError):
        plan_sms("+47 not a number", "hi")
    with pytest.raises(EncodeError, match="message class"):
        plan_sms("+4712345678", "hi", message_class=7)
    with pytest.raises(EncodeError, match="ports"):
        plan_data("+4712345678", b"x", ports=(70000, 0))
    with pytest.raises(EncodeError, match="reference"):
        plan_sms("+4712345678", "w" * 200, reference=300)
    with pytest.raises(ValueError, match="max_parts"):  # a caller's mistake, not an EncodeError
        plan_sms("+4712345678", "hi", max_parts=0)
    with pytest.raises(TypeError):
        plan_sms("+4712345678", b"hi")  # type: ignore[arg-type]
