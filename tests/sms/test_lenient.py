"""Real PDUs that break a rule, as modems print them: the lenient decoder (the default) reads what
is there and names what was odd in `warnings`; `strict=True` refuses them as before.

Sources of the captures (each vector names its own):
  GAMMU-41   gammu/gammu tests/at-sms/41.dump: an SMS-SUBMIT whose TP-UDL (93 septets) needs
             82 octets, 79 follow (first posted as exploit-db 46913, then gammu issue #544);
             gammu's own suite expects it to parse
  GAMMU-32   gammu/gammu tests/at-sms/32.dump: a status report read from a SIM, 0xFF padding
             where TP-PI would be; gammu's suite expects it to parse
  GAMMU-20   gammu/gammu tests/at-sms/20.dump: a stored SUBMIT with TP-UDHI set and TP-UDL 0
  GSMMODEM-15  babca/python-gsmmodem issue #15: a status report (AT+CMGR from "SR") whose
             TP-SCTS time zone octet is C2, not BCD; python-gsmmodem died on it
  GSMMODEM-102 faucamp/python-gsmmodem issue #102: UCS-2 with TP-UDL 4 and two octets after
  SPD-12     syenchuk/smspdudecoder tests/test_fields.py (from its issue #12): UCS-2 whose
             TP-UDL (68) is longer than the 17 octets that follow, an odd count
  MM-SHORT   linux-mobile-broadband/ModemManager src/tests/test-sms-part-3gpp.c,
             test_pdu_insufficient_data: TP-UDL 11 septets, 9 octets follow (MM refuses it)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms import Address, Deliver, StatusReport, Submit, decode_pdu, encode_pdu, plan_sms

GAMMU_41 = (
    "0041000b817777777777f700005d060504157800004de1135b851283d4e2afdd8bd576f3b2dc5e96f7dc617a"
    "788e2ebbd761173c2ca7e777f0b79cdecbe5663bf8bdc74e57cdcfbcf5b97387dbe59e1be00ed3c37374d9bd"
    "0ebbe06139"
)
GAMMU_32 = "079124602009999002AB098106845688F8907080517375809070805183018000" + "FF" * 144
GAMMU_20 = "058163465010D5B00C8163460653332000000000"
GSMMODEM_15 = "0006230E9126983575169498610103409544C26101034095448200"
GSMMODEM_102 = "07910661929909F2040B910681835045F50008912021811065230456DE590D0039"
SPD_12 = (
    "0891683110304105F1240D91683167414052F700081270115183942344597D70E6597D70E651CF80A551CF80A55C"
)
MM_SHORT = "07912143658709f1040b918100551512f20000111010214365000be8329bfd4697d9ec37"


def test_truncated_7bit_submit_gammu_41() -> None:
    tpdu = decode_pdu(GAMMU_41)
    assert isinstance(tpdu, Submit)
    assert str(tpdu.recipient) == "77777777777" and tpdu.ports is not None
    # 79 octets hold 90 septets; 8 are the 7-octet header and its fill: 82 characters survive
    assert tpdu.text.startswith("MBOXUPDATE?m=15;server=") and len(tpdu.text) == 82
    assert tpdu.warnings == (
        "TP-UDL of 93 septets needs 82 octets, only 79 follow: "
        "decoded the 90 septets that are there (at byte 13)",
    )
    with pytest.raises(PduError, match="TP-UDL of 93 septets needs 82 octets"):
        decode_pdu(GAMMU_41, strict=True)


def test_report_with_a_non_bcd_time_zone_gsmmodem_15() -> None:
    report = decode_pdu(GSMMODEM_15)
    assert isinstance(report, StatusReport)
    assert (report.reference, report.status, report.outcome) == (0x23, 0, "delivered")
    assert str(report.recipient) == "+62895357614989"
    # the wall clock of TP-SCTS is kept, its zone is unknown: read as UTC, and said so
    assert report.timestamp == datetime(2016, 10, 30, 4, 59, 44, tzinfo=UTC)
    assert report.discharge_time == datetime(2016, 10, 30, 4, 59, 44,
                                             tzinfo=timezone(timedelta(hours=7)))  # fmt: skip
    assert report.warnings == (
        "TP-SCTS time zone octet C2 is not a BCD number: the time is read as UTC (at byte 18)",
    )
    with pytest.raises(PduError, match="time zone octet C2"):
        decode_pdu(GSMMODEM_15, strict=True)


def test_a_report_is_never_lost_over_an_unreadable_time() -> None:
    # GSMMODEM-15 with the month of TP-DT made 0x1A (not BCD): the report still counts
    raw = bytearray.fromhex(GSMMODEM_15)
    raw[20] = 0xA1
    report = decode_pdu(bytes(raw))
    assert isinstance(report, StatusReport) and report.discharge_time is None
    assert report.outcome == "delivered" and report.reference == 0x23
    assert any(w.startswith("TP-DT cannot be read") for w in report.warnings)
    with pytest.raises(EncodeError, match="needs both time stamps"):
        encode_pdu(report)  # nothing is invented to send it on


def test_report_padded_with_ff_gammu_32() -> None:
    report = decode_pdu(GAMMU_32)
    assert isinstance(report, StatusReport)
    assert (report.reference, report.status, str(report.recipient)) == (0xAB, 0, "604865888")
    assert report.pid is None and report.dcs is None
    assert report.warnings == (
        "0xFF from TP-PI to the end of the PDU: read as padding, no TP-PI (at byte 32)",
    )
    with pytest.raises(PduError, match="TP-PI"):
        decode_pdu(GAMMU_32, strict=True)


def test_udhi_without_user_data_gammu_20() -> None:
    submit = decode_pdu(GAMMU_20)
    assert isinstance(submit, Submit) and submit.udh is None and submit.text == ""
    assert submit.warnings == ("TP-UDHI is set but TP-UDL is 0: no user data header (at byte 19)",)
    with pytest.raises(PduError):
        decode_pdu(GAMMU_20, strict=True)


def test_trailing_octets_are_reported_in_both_modes_gsmmodem_102() -> None:
    for strict in (False, True):
        deliver = decode_pdu(GSMMODEM_102, strict=strict)
        assert isinstance(deliver, Deliver) and deliver.text == "回复"
        assert deliver.warnings == ("2 octets after the TPDU, ignored: 0039 (at byte 31)",)


def test_truncated_ucs2_smspdudecoder_12() -> None:
    deliver = decode_pdu(SPD_12)
    assert isinstance(deliver, Deliver) and deliver.text == "好烦好烦减肥减肥"
    assert deliver.warnings == (
        "TP-UDL of 68 octets is longer than the 17 octets that follow: "
        "decoded the 17 that are there (at byte 28)",
        "UCS-2 text of an odd number of octets: the last one is left out (at byte 45)",
    )
    with pytest.raises(PduError, match="TP-UDL of 68 octets"):
        decode_pdu(SPD_12, strict=True)


def test_insufficient_data_modemmanager() -> None:
    deliver = decode_pdu(MM_SHORT)
    assert isinstance(deliver, Deliver) and deliver.text == "hellohello"
    assert "TP-UDL of 11 septets needs 10 octets, only 9 follow" in deliver.warnings[0]
    with pytest.raises(PduError):
        decode_pdu(MM_SHORT, strict=True)


def test_warnings_take_no_part_in_equality() -> None:
    clean = decode_pdu(GSMMODEM_102[:-4])
    assert clean.warnings == () and clean == decode_pdu(GSMMODEM_102)


# --- properties --------------------------------------------------------------------------------

BASIC = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,:;!?@£$", min_size=1,
                max_size=300).filter(str.strip)  # fmt: skip
BMP = st.text(alphabet=st.characters(max_codepoint=0xD7FF, exclude_categories=("Cs",)),
              min_size=1, max_size=120).filter(str.strip)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(text=BASIC | BMP, cut=st.integers(1, 200))
def test_a_cut_pdu_gives_a_prefix_of_its_text_or_a_pdu_error(text: str, cut: int) -> None:
    """A modem that drops the end of a line: the lenient decoder gives the text that is
    there (a prefix), with a warning, or refuses with PduError; strict refuses."""
    for part in plan_sms("+4712345678", text).parts:
        whole = decode_pdu(part.pdu, strict=True)
        assert whole.warnings == ()
        raw = bytes.fromhex(part.pdu)
        if cut >= len(raw):
            continue
        shorter = raw[: len(raw) - cut]
        try:
            got = decode_pdu(shorter)
        except PduError:
            continue
        assert isinstance(got, Submit) and got.warnings
        assert whole.text.startswith(got.text)
        with pytest.raises(PduError):
            decode_pdu(shorter, strict=True)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.booleans(), st.booleans())
def test_any_bytes_decode_or_raise_pdu_error(data: bytes, smsc: bool, strict: bool) -> None:
    try:
        tpdu = decode_pdu(data, smsc=smsc, strict=strict)
    except PduError:
        return
    assert all(isinstance(w, str) and w for w in tpdu.warnings)


def test_status_report_built_with_tp_pi_02() -> None:
    # built here: a report with TP-PI 02 (a TP-DCS, no TP-PID), the shape of issue 14 item 10
    report = StatusReport(1, Address.parse("+4712345678"), datetime(2026, 1, 1, tzinfo=UTC),
                          datetime(2026, 1, 1, tzinfo=UTC), 0x43, dcs=decode_pdu(
                              MM_SHORT).dcs)  # fmt: skip
    raw = encode_pdu(report)
    assert raw.hex().endswith("430200")
    again = decode_pdu(raw, strict=True)
    assert again == report and again.pid is None and again.outcome == "undelivered"


def test_a_cut_between_an_escape_and_its_character_drops_the_half_character() -> None:
    """ "{" is ESC + "(" in GSM 7-bit: a PDU cut after the escape shows nothing for it, not
    the space a lone escape would read as (TS 23.038 §6.2.1.1)."""
    raw = bytes.fromhex(plan_sms("+4712345678", "{").parts[0].pdu)
    got = decode_pdu(raw[:-1])
    assert got.text == "" and got.warnings
