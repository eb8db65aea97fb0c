"""Typed info-line helpers with real modem outputs (source of each in a comment)."""

from __future__ import annotations

import pytest

from modem.at.info import (
    MessageHeader,
    MessageStatus,
    Registration,
    RegistrationStatus,
    Signal,
    Ussd,
    UssdStatus,
    csq_to_dbm,
    parse_cmgs,
    parse_csq,
    parse_cusd,
    parse_message_header,
    parse_new_message,
    parse_registration,
)


@pytest.mark.parametrize(
    ("rssi", "dbm"),
    [(0, -113), (1, -111), (2, -109), (15, -83), (30, -53), (31, -51), (99, None), (32, None)],
)
def test_csq_to_dbm(rssi, dbm):  # TS 27.007 §8.5 <rssi> table
    assert csq_to_dbm(rssi) == dbm


def test_parse_csq():
    assert parse_csq("+CSQ: 20,99") == Signal(20, None, -73)
    assert parse_csq("+CSQ: 99,99") == Signal(99, None, None)
    assert parse_csq("+CSQ: 31,0") == Signal(31, 0, -51)
    with pytest.raises(ValueError, match="CSQ"):
        parse_csq("+CSQ: ")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # read answers: <n>,<stat>[,<lac>,<ci>[,<AcT>]] (TS 27.007 §7.2)
        ("+CREG: 0,1", Registration(RegistrationStatus.REGISTERED_HOME, 0)),
        (
            '+CREG: 2,5,"00C3","0000A0B1",2',
            Registration(RegistrationStatus.REGISTERED_ROAMING, 2, "00C3", "0000A0B1", 2),
        ),
        # URCs: <stat>[,<lac>,<ci>[,<AcT>]]
        ("+CREG: 1", Registration(RegistrationStatus.REGISTERED_HOME)),
        ("+CREG: 2", Registration(RegistrationStatus.SEARCHING)),
        (
            '+CEREG: 1,"1A2B","01A2B3C4",7',
            Registration(RegistrationStatus.REGISTERED_HOME, None, "1A2B", "01A2B3C4", 7),
        ),
        ("+CGREG: 3", Registration(RegistrationStatus.DENIED)),
    ],
)
def test_parse_registration(line, expected):
    assert parse_registration(line) == expected


def test_registration_status_meanings():
    assert RegistrationStatus(1).registered and not RegistrationStatus(1).roaming
    assert RegistrationStatus(5).registered and RegistrationStatus(5).roaming
    assert RegistrationStatus(6).registered  # SMS only, home (E-UTRAN)
    assert not RegistrationStatus(2).registered
    assert not RegistrationStatus(3).registered
    assert not RegistrationStatus(8).registered  # emergency only


def test_registration_solicited_hint():
    # "+CREG: 1,1" could be <n>,<stat>; a caller that knows it was a URC with <stat>,<lac>...
    assert parse_registration("+CREG: 2,1", solicited=True).status == 1
    assert parse_registration("+CREG: 5", solicited=False).status == 5
    assert parse_registration("+CREG: 0,42").status is RegistrationStatus.UNKNOWN


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('+CUSD: 0,"Balance: 5.00 EUR",15', Ussd(UssdStatus.DONE, "Balance: 5.00 EUR", 15)),
        (
            '+CUSD: 1,"1. Balance\n2. Bundles",15',
            Ussd(UssdStatus.ACTION_REQUIRED, "1. Balance\n2. Bundles", 15),
        ),
        ("+CUSD: 2", Ussd(UssdStatus.TERMINATED)),
        ("+CUSD: 4", Ussd(UssdStatus.NOT_SUPPORTED)),
        # Huawei with ^USSDMODE=0 answers packed 7-bit hex (gammu F_ENCODED_USSD, sms.md §3)
        ('+CUSD: 0,"AA180C3602",15', Ussd(UssdStatus.DONE, "AA180C3602", 15)),
        ('+CUSD: 0,"00420061006C",72', Ussd(UssdStatus.DONE, "00420061006C", 72)),
    ],
)
def test_parse_cusd(line, expected):
    assert parse_cusd(line) == expected


def test_parse_new_message():
    assert parse_new_message('+CMTI: "SM",3') == ("SM", 3)
    assert parse_new_message('"ME",0') == ("ME", 0)  # Huawei: 0-based indexes (sms.md §3)
    assert parse_new_message('+CDSI: "SR",5') == ("SR", 5)
    assert parse_new_message('+CMTI: "SM",1,"MMS PUSH",2,1') == ("SM", 1)  # SIMCom
    assert parse_new_message('+CMTI: "mt",7') == ("MT", 7)
    with pytest.raises(ValueError):
        parse_new_message('+CMTI: "SM"')


def test_parse_cmgs():
    assert parse_cmgs("+CMGS: 12") == 12
    assert parse_cmgs('+CMGS: 200,"25/11/25,10:00:00+04"') == 200
    with pytest.raises(ValueError):
        parse_cmgs("+CMGS: x")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # TS 27.005 §3.4.2 PDU mode +CMGL: <index>,<stat>,[<alpha>],<length>
        ("+CMGL: 1,0,,23", MessageHeader(1, MessageStatus.REC_UNREAD, None, 23)),
        ('+CMGL: 4,1,"Mom",40', MessageHeader(4, MessageStatus.REC_READ, "Mom", 40)),
        # TS 27.005 §3.4.3 PDU mode +CMGR: <stat>,[<alpha>],<length>
        ("+CMGR: 0,,39", MessageHeader(None, MessageStatus.REC_UNREAD, None, 39)),
        ("+CMGR: 1,39", MessageHeader(None, MessageStatus.REC_READ, None, 39)),
        # ZTE leaves <stat> out (python-gsmmodem, sms.md §3)
        ("+CMGR: ,39", MessageHeader(None, None, None, 39)),
        ("+CMGR: ,,39", MessageHeader(None, None, None, 39)),
        ("+CMGR: 39", MessageHeader(None, None, None, 39)),
        ('+CMGR: "Bank",39', MessageHeader(None, None, "Bank", 39)),
        ("+CMGL: 0,2,,25", MessageHeader(0, MessageStatus.STO_UNSENT, None, 25)),
        # text mode (TS 27.005 §4.1 / §3.4.3)
        (
            '+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"',
            MessageHeader(
                None, MessageStatus.REC_READ, None, None, "+4712345678", "25/11/25,10:00:00+04"
            ),
        ),
        (
            '+CMGL: 2,"REC UNREAD","+4712345678","Mom","25/11/25,10:00:00+04"',
            MessageHeader(
                2, MessageStatus.REC_UNREAD, "Mom", None, "+4712345678", "25/11/25,10:00:00+04"
            ),
        ),
        (
            '+CMGL: 3,"STO UNSENT","+4712345678",',
            MessageHeader(3, MessageStatus.STO_UNSENT, None, None, "+4712345678", None),
        ),
    ],
)
def test_parse_message_header(line, expected):
    assert parse_message_header(line) == expected


@pytest.mark.parametrize("line", ["+CMGL: ", "+CMGL: x,0,,23", "+CMGR: 9,,23", "+CMGR: 0,,x"])
def test_parse_message_header_rejects(line):
    with pytest.raises(ValueError):
        parse_message_header(line)
