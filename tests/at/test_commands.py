"""What a command line says about its answer: prefixes, prompt, numeric switch."""

from __future__ import annotations

import pytest

from modem.at import AtProtocol, Prompt, State, Urc
from modem.at.commands import CommandInfo, analyse, expected_prefixes, text_mode_header
from modem.at.urcs import DEFAULT_URCS

RESPONSE_URCS = [s.prefix for s in DEFAULT_URCS if s.response]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("AT+CSQ", {"+CSQ"}),
        ("AT+CMGS=23", {"+CMGS"}),
        ("AT+CMGR=1", {"+CMGR"}),
        ("AT+CMGL=4", {"+CMGL"}),
        ("AT+CREG?", {"+CREG"}),
        ("AT+CREG=?", {"+CREG"}),
        ("AT+CREG=2", set()),  # a set command of a URC name only configures
        ("AT+CPIN?", {"+CPIN"}),
        ('AT+CPIN="1234"', set()),
        ('AT+CUSD=1,"*100#",15', set()),
        ("AT+CUSD?", {"+CUSD"}),
        ("AT+CREG?;+CGREG?", {"+CREG", "+CGREG"}),
        ('AT+CPMS="SM","SM","SM"', {"+CPMS"}),
        ('AT+CSCA="+47;900",145;+CSQ', {"+CSCA", "+CSQ"}),
        ("ATE0;+CMEE=1", {"+CMEE"}),
        ("ATI", set()),
        ("AT", set()),
        ("at^sysinfo", {"^SYSINFO"}),
        ("AT#QSS?", {"#QSS"}),
        ("+CSQ", {"+CSQ"}),
    ],
)
def test_expected_prefixes(command, expected):
    assert expected_prefixes(command, RESPONSE_URCS) == frozenset(expected)


@pytest.mark.parametrize(
    ("command", "prompt"),
    [
        ("AT+CMGS=23", True),
        ('AT+CMGS="+4712345678"', True),
        ("AT+CMGW=23", True),
        ("AT+CMGW", True),
        ("AT+CMGC=10", True),
        ("AT+CMGS=?", False),
        ("AT+CMSS=3", False),
        ("AT+CMGR=1", False),
    ],
)
def test_prompted_commands(command, prompt):
    assert analyse(command).prompt is prompt


@pytest.mark.parametrize(
    ("command", "numeric"),
    [
        ("ATV0", True),
        ("ATV", True),
        ("ATE0V0", True),
        ("ATV1", False),
        ("ATE1Q0V1X4&C1", False),
        ("ATZ", False),
        ("AT&F", False),
        ("AT&V0", None),  # shows profile 0; not V0
        ("ATD*99#", None),
        ("ATDT0123V0", None),  # a dial string
        ("AT+CSQ", None),
        ("ATS0=0", None),
    ],
)
def test_numeric_switch(command, numeric):
    assert analyse(command).numeric is numeric


def test_command_info_defaults():
    assert analyse("AT") == CommandInfo(frozenset())


def test_send_picks_the_prompt_by_itself():
    p = AtProtocol()
    p.send("AT+CMGS=23")
    assert p.state is State.WAITING_PROMPT
    p.receive_data(b"\r\n> ")
    assert p.events() == [Prompt("AT+CMGS=23")]


def test_explicit_prompt_false_wins():
    p = AtProtocol()
    p.send("AT+CMGS=23", prompt=False)
    assert p.state is State.WAITING_RESPONSE


def test_explicit_expects():
    p = AtProtocol()
    p.send("AT+CREG=2", expects="+CREG")
    p.receive_data(b"+CREG: 2,1\r\nOK\r\n")
    assert p.events()[0].lines == ("+CREG: 2,1",)
    p.send("AT+CSQ", expects="")
    p.receive_data(b"+CSQ: 1,1\r\nOK\r\n")
    assert p.events()[0] == Urc("+CSQ", "1,1")  # not expected, and ZTE sends it unsolicited
    p.send("AT+CPIN?", expects=["+CPIN", "+QPINC"])
    p.receive_data(b"+CPIN: READY\r\n+QPINC: 1\r\nOK\r\n")
    assert p.events()[0].lines == ("+CPIN: READY", "+QPINC: 1")


def test_progress_counts_info_lines_not_urcs():
    p = AtProtocol()
    p.send("AT+CMGL=4")
    p.receive_data(b"+CMGL: 1,1,,23\r\n0011\r\n^RSSI:3\r\n")
    assert p.progress == 2
    p.receive_data(b"OK\r\n")
    assert p.progress == 0


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("+CMGR", '+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"', True),
        ("+CMGR", '+CMGR: "REC READ", "+4712345678",,"25/11/25,10:00:00+04"', True),
        ("+CMGL", '+CMGL: 1,"REC UNREAD","+4712345678",,"25/11/25,10:00:00+04"', True),
        ("+CMGR", "+CMGR: 0,,23", False),
        ("+CMGL", "+CMGL: 1,0,,23", False),
        ("+CMGR", '+CMGR: "REC UNREAD",6,12,"+4712345678",145', False),
        ("+CMGR", '+CMGR: "REC READ"', False),
        ("+CMGR", '+CMGR: "REC READ', False),
    ],
)
def test_text_mode_header(name, line, expected):
    assert text_mode_header(name, line) is expected
