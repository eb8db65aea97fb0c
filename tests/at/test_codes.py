"""+CME/+CMS tables, classify() and CommandError messages.

Code meanings: TS 27.007 §9.2, TS 27.005 §3.2.5, TS 24.011 Table 8.4, TS 23.040 §9.2.3.22.
"""

from __future__ import annotations

import pytest

from modem.at import AtProtocol, ResultKind
from modem.at.codes import (
    CME_ERRORS,
    CMS_ERRORS,
    ErrorCategory,
    classify,
    code_for_text,
    command_error,
)
from modem.at.events import Response
from modem.errors import AtError, CommandError, ModemError

CMS = ResultKind.CMS_ERROR
CME = ResultKind.CME_ERROR


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (1, "unassigned (unallocated) number"),
        (38, "network out of order"),
        (42, "congestion"),
        (128, "telematic interworking not supported"),
        (0xC5, "SM rejected-duplicate SM"),
        (0xD0, "(U)SIM SMS storage full"),
        (0xFF, "unspecified error cause"),
        (300, "ME failure"),
        (304, "invalid PDU mode parameter"),
        (330, "SMSC address unknown"),
        (340, "no +CNMA acknowledgement expected"),
        (500, "unknown error"),
    ],
)
def test_cms_table_texts(code, text):
    assert CMS_ERRORS[code].text == text
    assert CMS_ERRORS[code].code == code


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (0, "phone failure"),
        (3, "operation not allowed"),
        (10, "SIM not inserted"),
        (14, "SIM busy"),
        (30, "no network service"),
        (100, "unknown"),
        (107, "GPRS services not allowed"),
        (148, "unspecified GPRS error"),
        (258, "retry operation"),
    ],
)
def test_cme_table_texts(code, text):
    assert CME_ERRORS[code].text == text


@pytest.mark.parametrize(
    ("code", "category"),
    [
        # research sms.md §6.1 suggested classes
        (1, ErrorCategory.PERMANENT),
        (8, ErrorCategory.PERMANENT),
        (10, ErrorCategory.PERMANENT),
        (21, ErrorCategory.PERMANENT),
        (29, ErrorCategory.PERMANENT),
        (30, ErrorCategory.PERMANENT),
        (50, ErrorCategory.PERMANENT),
        (69, ErrorCategory.PERMANENT),
        (38, ErrorCategory.TRANSIENT),
        (41, ErrorCategory.TRANSIENT),
        (42, ErrorCategory.TRANSIENT),
        (47, ErrorCategory.TRANSIENT),
        (111, ErrorCategory.TRANSIENT),
        (127, ErrorCategory.TRANSIENT),
        (22, ErrorCategory.STORAGE_FULL),
        (208, ErrorCategory.STORAGE_FULL),
        (211, ErrorCategory.STORAGE_FULL),
        (322, ErrorCategory.STORAGE_FULL),
        (95, ErrorCategory.BUG),
        (96, ErrorCategory.BUG),
        (144, ErrorCategory.BUG),
        (176, ErrorCategory.BUG),
        (304, ErrorCategory.BUG),
        (305, ErrorCategory.BUG),
        (321, ErrorCategory.BUG),
        (192, ErrorCategory.TRANSIENT),
        (193, ErrorCategory.PERMANENT),
        (194, ErrorCategory.TRANSIENT),
        (197, ErrorCategory.PERMANENT),
        (212, ErrorCategory.MODEM_STATE),
        (314, ErrorCategory.MODEM_STATE),
        (515, ErrorCategory.MODEM_STATE),
        (300, ErrorCategory.MODEM_STATE),
        (310, ErrorCategory.SIM),
        (311, ErrorCategory.SIM),
        (316, ErrorCategory.SIM),
        (330, ErrorCategory.CONFIG),
        (331, ErrorCategory.MODEM_STATE),
        (332, ErrorCategory.TRANSIENT),
        (340, ErrorCategory.BUG),
        (500, ErrorCategory.UNKNOWN),
        (512, ErrorCategory.TRANSIENT),
        (513, ErrorCategory.TRANSIENT),
        (514, ErrorCategory.TRANSIENT),
    ],
)
def test_cms_classes(code, category):
    assert classify(CMS, code).category is category


@pytest.mark.parametrize(
    ("code", "category"),
    [
        (10, ErrorCategory.SIM),
        (11, ErrorCategory.SIM),
        (12, ErrorCategory.SIM),
        (13, ErrorCategory.SIM),
        (15, ErrorCategory.SIM),
        (14, ErrorCategory.MODEM_STATE),
        (30, ErrorCategory.MODEM_STATE),
        (31, ErrorCategory.TRANSIENT),
        (20, ErrorCategory.STORAGE_FULL),
        (21, ErrorCategory.BUG),
        (3, ErrorCategory.CONFIG),
        (100, ErrorCategory.UNKNOWN),
    ],
)
def test_cme_classes(code, category):
    assert classify(CME, code).category is category


def test_retry_hints():
    assert classify(CMS, 38).retryable
    assert not classify(CMS, 1).retryable
    full = classify(CMS, 322)
    assert full.retry_after_free and not full.retryable
    assert classify(CMS, 314).retryable
    assert not classify(CMS, 304).retryable
    assert not classify(CMS, 311).retryable


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (CMS, "Network out of order", 38),
        (CMS, "network out of order", 38),
        (CMS, "SIM not inserted", 310),
        (CMS, "(U)SIM not inserted", 310),
        (CMS, "SMSC address unknown", 330),
        (CMS, "SC address unknown", 330),
        (CMS, "Unassigned (unallocated) number", 1),
        (CMS, "Invalid message, unspecified", 95),  # gammu's wording of RP cause 95
        (CMS, "memory full", 322),
        (CME, "SIM not inserted", 10),
        (CME, "SIM PIN required", 11),
        (CME, "SIM busy", 14),  # u-blox right after power-up (ubxlib#287, sms.md §3)
        (CME, "operation not allowed", 3),
        (CME, "incorrect password", 16),
        (CME, "Network not allowed - emergency calls only.", 32),
        (CME, "no network service", 30),
        (CMS, "no such text", None),
    ],
)
def test_verbose_forms_map_back(kind, text, code):
    assert code_for_text(kind, text) == code


def test_classify_accepts_whole_lines_and_details():
    assert classify(CMS, None, "+CMS ERROR: 38").code == 38
    assert classify(CMS, None, "38").code == 38
    assert classify(CMS, None, "+CMS ERROR: Network out of order").code == 38
    assert classify(CME, None, "+CME ERROR: SIM not inserted").category is ErrorCategory.SIM


def test_unlisted_codes():
    assert classify(CMS, 17).category is ErrorCategory.TRANSIENT  # an RP cause not tabled
    assert classify(CMS, 17).text == "RP cause 17"
    assert classify(CMS, 0xE5).category is ErrorCategory.PERMANENT  # application specific
    assert classify(CMS, 600).category is ErrorCategory.UNKNOWN
    assert "manufacturer" in classify(CMS, 600).text
    assert classify(CME, 9999).code == 9999


def test_unknown_verbose_texts_use_keywords():
    assert classify(CME, None, "PIN blocked").category is ErrorCategory.SIM
    assert classify(CMS, None, "Modem busy").category is ErrorCategory.MODEM_STATE
    assert classify(CMS, None, "Whatever").category is ErrorCategory.UNKNOWN


def test_other_kinds():
    assert classify(ResultKind.ERROR).category is ErrorCategory.UNKNOWN
    assert classify(ResultKind.BUSY).retryable
    vendor = classify(ResultKind.VENDOR_ERROR, None, "COMMAND NOT SUPPORT")
    assert vendor.category is ErrorCategory.CONFIG
    assert classify(ResultKind.VENDOR_ERROR, None, "TOO MANY PARAMETERS").category is (
        ErrorCategory.BUG
    )
    with pytest.raises(ValueError):
        classify(ResultKind.OK)


def test_every_table_entry_is_consistent():
    for table in (CMS_ERRORS, CME_ERRORS):
        for code, info in table.items():
            assert info.code == code
            assert info.text and info.text == info.text.strip()


def test_command_error_message():
    err = command_error(Response("AT+CMGS=23", (), CMS, 38, "+CMS ERROR: 38"))
    assert isinstance(err, CommandError) and isinstance(err, AtError)
    assert isinstance(err, ModemError)
    assert str(err) == (
        "AT+CMGS failed: +CMS ERROR 38 (network out of order; transient, retry later)"
    )
    assert err.command == "AT+CMGS=23"
    assert err.kind is CMS and err.code == 38 and err.category is ErrorCategory.TRANSIENT
    assert err.retryable and not err.retry_after_free
    assert err.result == "+CMS ERROR: 38"


def test_command_error_messages_for_other_kinds():
    vendor = Response("AT^CURC=0", (), ResultKind.VENDOR_ERROR, None, "COMMAND NOT SUPPORT")
    assert str(vendor.error()) == (
        "AT^CURC failed: COMMAND NOT SUPPORT (command not supported by this modem; "
        "configuration problem)"
    )
    plain = Response("AT+CSQ", (), ResultKind.ERROR, None, "ERROR")
    assert str(plain.error()) == "AT+CSQ failed: ERROR (cause unknown, retry a few times at most)"
    full = Response("AT+CMGW=20", (), CMS, 322, "+CMS ERROR: memory full")
    err = full.error()
    assert err.retry_after_free
    assert str(err) == (
        "AT+CMGW failed: +CMS ERROR 322 (memory full; storage full, retry after freeing storage)"
    )


def test_response_raise_for_error():
    p = AtProtocol()
    p.send("AT+CPIN?")
    p.receive_data(b"\r\n+CME ERROR: 10\r\n")
    r = p.next_event()
    with pytest.raises(CommandError, match=r"AT\+CPIN failed: \+CME ERROR 10 \(SIM not inserted"):
        r.raise_for_error()
    ok = Response("AT", (), ResultKind.OK)
    assert ok.raise_for_error() is ok and ok.error() is None
