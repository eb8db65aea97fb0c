"""parse_params / build / quote: information lines as real modems print them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.at.params import build, choices_contain, parse_params, quote, split_name


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("+CMGL: 1,0,,23", (1, 0, None, 23)),
        ("+CSQ: 20,99", (20, 99)),
        ("+CPIN: READY", ("READY",)),
        ('+CMTI: "SM",3', ("SM", 3)),
        ('+CMTI: "SM",1,"MMS PUSH",2,1', ("SM", 1, "MMS PUSH", 2, 1)),  # SIMCom, sms.md §3
        ('+CPMS: "SM",5,30,"SM",5,30,"SM",5,30', ("SM", 5, 30, "SM", 5, 30, "SM", 5, 30)),
        ('+CPMS: ("SM","ME"),("SM","ME"),("SM")', (("SM", "ME"), ("SM", "ME"), ("SM",))),
        (
            "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)",
            (range(0, 3), range(0, 4), (0, 2), range(0, 3), (0, 1)),
        ),
        ("+CMGF: (0,1)", ((0, 1),)),
        ("+CMGF: (0-1)", (range(0, 2),)),
        ('+CSCS: ("IRA","GSM","UCS2")', (("IRA", "GSM", "UCS2"),)),
        (
            # TS 27.007 §7.3 example shape of AT+COPS=?
            '+COPS: (2,"Telenor","TELENOR","24201",7),(1,"N","N","24202",2),,(0-4),(0-2)',
            (
                (2, "Telenor", "TELENOR", "24201", 7),
                (1, "N", "N", "24202", 2),
                None,
                range(0, 5),
                range(0, 3),
            ),
        ),
        ('+CREG: 2,1,"00C3","0000A0B1",7', (2, 1, "00C3", "0000A0B1", 7)),
        ('+CCLK: "25/11/25,02:30:00+04"', ("25/11/25,02:30:00+04",)),
        ('+CUSD: 0,"Balance, 5.00",15', (0, "Balance, 5.00", 15)),
        ('+CSCA: "+4790002100",145', ("+4790002100", 145)),
        ("+CMGR: ,,23", (None, None, 23)),
        ("+QIND: SMS DONE", ("SMS DONE",)),
        ('^HCSQ:"LTE",52,45,131,25', ("LTE", 52, 45, 131, 25)),
        ("+CGDCONT: ()", ((),)),
        ("1,2", (1, 2)),
        ("+X:", ()),
        ('+X: "unterminated', ("unterminated",)),
        ("+X: (1,2", ((1, 2),)),
        ('+X: "a\\22b\\5Cc"', ('a"b\\c',)),
        ("+CCED: -5,+3", (-5, 3)),
    ],
)
def test_parse_params(line, expected):
    assert parse_params(line) == expected


def test_split_name():
    assert split_name('+CMTI: "SM",3') == ("+CMTI", '"SM",3')
    assert split_name("^RSSI:17") == ("^RSSI", "17")
    assert split_name("huawei") == (None, "huawei")


def test_choices_contain():
    cnmi = parse_params("+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)")
    assert choices_contain(cnmi[1], 2)
    assert not choices_contain(cnmi[2], 1)
    assert choices_contain(cnmi[2], 2)
    cpms = parse_params('+CPMS: ("SM","ME"),("SM","ME"),("SM")')
    assert choices_contain(cpms[0], "ME") and not choices_contain(cpms[2], "ME")
    assert choices_contain(parse_params("+X: (0-1,4)")[0], 4)
    assert choices_contain(parse_params("+X: (0-1,4)")[0], 1)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("+CMGS", 23), {}, "AT+CMGS=23"),
        (("AT+CMGF", 0), {}, "AT+CMGF=0"),
        (("+CPMS", "SM", "SM", "SM"), {}, 'AT+CPMS="SM","SM","SM"'),
        (("+CNMI", 2, 1, 0, 2, 0), {}, "AT+CNMI=2,1,0,2,0"),
        (("+CUSD", 1, "*100#", 15), {}, 'AT+CUSD=1,"*100#",15'),
        (("+CMGD", 3, None), {}, "AT+CMGD=3"),
        (("+CSCA", "+4790002100", None, None), {}, 'AT+CSCA="+4790002100"'),
        (("+CGDCONT", 1, "IP", None, None, 0), {}, 'AT+CGDCONT=1,"IP",,,0'),
        (("+CREG",), {"query": True}, "AT+CREG?"),
        (("+CSQ",), {}, "AT+CSQ"),
        (("+CLIP", True), {}, "AT+CLIP=1"),
    ],
)
def test_build(args, kwargs, expected):
    assert build(*args, **kwargs) == expected


def test_quote_escapes():
    assert quote('say "hi"\\') == '"say \\22hi\\22\\5C"'


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F)))
def test_quote_round_trip(text):
    assert parse_params("+X: " + quote(text)) == (text,)


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(min_value=0, max_value=10**9),
            st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_build_then_parse(values):
    line = build("+X", *values)
    got = parse_params("+X: " + line.partition("=")[2])
    while values and values[-1] is None:
        values = values[:-1]
    assert list(got) == values


@given(st.text())
def test_parse_never_raises(text):
    parse_params(text)
