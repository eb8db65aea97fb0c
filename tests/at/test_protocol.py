"""AtProtocol: every event kind and the interleavings real modems produce.

Transcripts follow what research sms.md §2.4/§2.5/§4 records (python-gsmmodem#29 +CMTI inside
a reply, babca/python-gsmmodem#47 ^RSSI inside +CMGR, gammu#355 Telit #STN, gammu#392 Huawei
^NWTIME) and TS 27.005 §3.5.1 for the prompt.
"""

from __future__ import annotations

import pytest

from modem.at import AtProtocol, Prompt, ProtocolStateError, Response, ResultKind, State, Urc
from modem.at.urcs import UrcSpec
from modem.profiles import urc_table

# The table the driver gives the protocol before it knows the vendor: every vendor's codes.
ALL_URCS = urc_table(None)

PDU = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07"


def run(p: AtProtocol, *chunks: bytes) -> list:
    for chunk in chunks:
        p.receive_data(chunk)
    return p.events()


def one_at_a_time(p: AtProtocol, data: bytes) -> list:
    for i in range(len(data)):
        p.receive_data(data[i : i + 1])
    return p.events()


# --- commands and final results --------------------------------------------------------


def test_send_returns_command_line_with_cr():
    p = AtProtocol(urcs=ALL_URCS)
    assert p.send("AT+CSQ") == b"AT+CSQ\r"
    assert p.state is State.WAITING_RESPONSE
    assert p.command == "AT+CSQ"


def test_send_adds_missing_at():
    assert AtProtocol(urcs=ALL_URCS).send("+CSQ") == b"AT+CSQ\r"


def test_simple_ok():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    (r,) = run(p, b"\r\n+CSQ: 20,99\r\n\r\nOK\r\n")
    assert r == Response("AT+CSQ", ("+CSQ: 20,99",), ResultKind.OK, None, "OK")
    assert r.ok
    assert p.state is State.IDLE


@pytest.mark.parametrize(
    ("line", "kind", "code"),
    [
        ("ERROR", ResultKind.ERROR, None),
        ("+CME ERROR: 10", ResultKind.CME_ERROR, 10),
        ("+CME ERROR: SIM not inserted", ResultKind.CME_ERROR, 10),
        ("+CME ERROR: SIM busy", ResultKind.CME_ERROR, 14),
        ("+CMS ERROR: 38", ResultKind.CMS_ERROR, 38),
        ("+CMS ERROR: Network out of order", ResultKind.CMS_ERROR, 38),
        ("+CMS ERROR: SIM not inserted", ResultKind.CMS_ERROR, 310),
        ("+CMS ERROR: something else", ResultKind.CMS_ERROR, None),
        ("NO CARRIER", ResultKind.NO_CARRIER, None),
        ("BUSY", ResultKind.BUSY, None),
        ("NO ANSWER", ResultKind.NO_ANSWER, None),
        ("NO DIALTONE", ResultKind.NO_DIALTONE, None),
        ("CONNECT", ResultKind.CONNECT, None),
        ("CONNECT 115200", ResultKind.CONNECT, None),
        ("COMMAND NOT SUPPORT", ResultKind.VENDOR_ERROR, None),
        ("TOO MANY PARAMETERS", ResultKind.VENDOR_ERROR, None),
    ],
)
def test_final_results(line, kind, code):
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATD123;")
    (r,) = run(p, b"\r\n" + line.encode() + b"\r\n")
    assert (r.kind, r.code, r.text) == (kind, code, line)
    assert r.ok == (kind in (ResultKind.OK, ResultKind.CONNECT))


def test_connect_detail():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATD*99#")
    (r,) = run(p, b"\r\nCONNECT 150000000\r\n")
    assert r.detail == "150000000"


def test_numeric_results_after_atv0():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATV0")
    (r,) = run(p, b"0\r")
    assert r.kind is ResultKind.OK
    assert p.numeric
    p.send("AT+CMGD=1")
    (r,) = run(p, b"4\r")
    assert r.kind is ResultKind.ERROR
    assert run(p, b"2\r") == [Urc("RING")]
    p.send("ATV1")
    (r,) = run(p, b"0\r")
    assert r.ok and not p.numeric


def test_digit_is_an_info_line_in_verbose_mode():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CIMI")
    (r,) = run(p, b"\r\n0\r\n\r\nOK\r\n")
    assert r.lines == ("0",)


def test_unprefixed_answer_is_kept():
    # Huawei E173 answers AT+CGMI with a bare "huawei" (research sms.md §3).
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CGMI")
    (r,) = run(p, b"\r\nhuawei\r\n\r\nOK\r\n")
    assert r.lines == ("huawei",)


def test_multiline_ati():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATI")
    data = b"\r\nManufacturer: huawei\r\nModel: E173\r\nRevision: 11.126\r\n\r\nOK\r\n"
    (r,) = run(p, data)
    assert r.lines == ("Manufacturer: huawei", "Model: E173", "Revision: 11.126")


# --- echo --------------------------------------------------------------------------------


def test_echo_is_dropped():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATE0")
    (r,) = run(p, b"ATE0\r\r\nOK\r\n")
    assert r.lines == () and r.ok


def test_echo_on_with_info_lines():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    (r,) = run(p, b"AT+CSQ\r\r\n+CSQ: 15,99\r\n\r\nOK\r\n")
    assert r.lines == ("+CSQ: 15,99",)


def test_echo_only_dropped_once():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT")
    (r,) = run(p, b"AT\r\r\nAT\r\nOK\r\n")
    assert r.lines == ("AT",)


# --- line endings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
        b"\n+CSQ: 20,99\n\nOK\n",
        b"\r+CSQ: 20,99\r\rOK\r",
        b"\r\n\r\n+CSQ: 20,99\r\n\r\n\r\n\r\nOK\r\n",
        b"+CSQ: 20,99\r\nOK\r\n",
        b"\n\r+CSQ: 20,99\n\rOK\n\r",
    ],
)
def test_line_end_variants(data):
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    assert run(p, data) == [Response("AT+CSQ", ("+CSQ: 20,99",), ResultKind.OK, None, "OK")]
    p.send("AT+CSQ")
    expected = [Response("AT+CSQ", ("+CSQ: 20,99",), ResultKind.OK, None, "OK")]
    assert one_at_a_time(p, data) == expected


# --- URCs ----------------------------------------------------------------------------------


def test_urc_between_commands():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b'\r\n+CMTI: "SM",3\r\n') == [Urc("+CMTI", '"SM",3')]


def test_cmti_inside_a_response_is_not_swallowed():
    # python-gsmmodem#29: the +CMTI landed in AT+CSQ's reply and the SMS was lost.
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    events = run(p, b'\r\n+CMTI: "SM",3\r\n+CSQ: 20,99\r\n\r\nOK\r\n')
    assert events == [
        Urc("+CMTI", '"SM",3'),
        Response("AT+CSQ", ("+CSQ: 20,99",), ResultKind.OK, None, "OK"),
    ]


def test_rssi_inside_cmgr_answer():
    # babca/python-gsmmodem#47: Huawei E171 ^RSSI inside a +CMGR reply.
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGR=1")
    events = run(p, b"\r\n+CMGR: 0,,39\r\n\r\n^RSSI:17\r\n" + PDU.encode() + b"\r\n\r\nOK\r\n")
    assert events == [
        Urc("^RSSI", "17"),
        Response("AT+CMGR=1", ("+CMGR: 0,,39", PDU), ResultKind.OK, None, "OK"),
    ]


def test_unknown_line_between_commands_is_reported():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b"\r\n+FOOBAR: 1,2\r\ngarbage here\r\n") == [
        Urc("+FOOBAR", "1,2", None, False),
        Urc("", "garbage here", None, False),
    ]


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [
        ("RING", "RING", ""),
        ("+CRING: VOICE", "+CRING", "VOICE"),
        ('^HCSQ:"LTE",52,45,131,25', "^HCSQ", '"LTE",52,45,131,25'),
        ("^BOOT:20952718,0,0,0,72", "^BOOT", "20952718,0,0,0,72"),
        ("^MODE:5,4", "^MODE", "5,4"),
        ("^SRVST:2", "^SRVST", "2"),
        ("^SIMST:1", "^SIMST", "1"),
        ("^NWTIME:20/11/25,02:30:00+4,00", "^NWTIME", "20/11/25,02:30:00+4,00"),
        ("^DSFLOWRPT:0000000A,00000000", "^DSFLOWRPT", "0000000A,00000000"),
        ("^CEND:1,0,104,16", "^CEND", "1,0,104,16"),
        ("^ORIG:1,0", "^ORIG", "1,0"),
        ("^CONF:1", "^CONF", "1"),
        ("^CONN:1,0", "^CONN", "1,0"),
        ("^STIN:0,0,0", "^STIN", "0,0,0"),
        ("+QIND: SMS DONE", "+QIND", "SMS DONE"),
        ("+QUSIM: 1", "+QUSIM", "1"),
        ("SMS Ready", "SMS Ready", ""),
        ("Call Ready", "Call Ready", ""),
        ("RDY", "RDY", ""),
        ("+CPIN: READY", "+CPIN", "READY"),
        ('#STN: 150,1,""', "#STN", '150,1,""'),
        ("+UUSTS: 0,1", "+UUSTS", "0,1"),
        ('+ZPASR: "LTE"', "+ZPASR", '"LTE"'),
        ('+CDSI: "SR",5', "+CDSI", '"SR",5'),
        ("+CREG: 1", "+CREG", "1"),
        ("+CGEV: ME PDN ACT 1", "+CGEV", "ME PDN ACT 1"),
        ("NO CARRIER", "NO CARRIER", ""),
        ("+PBREADY", "+PBREADY", ""),
    ],
)
def test_known_urcs(line, name, value):
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, line.encode() + b"\r\n") == [Urc(name, value)]
    if line == "NO CARRIER":
        return  # during a command it is that command's final result
    # and the same in the middle of a command
    p.send("AT+CMGD=1")
    assert run(p, b"\r\n" + line.encode() + b"\r\n\r\nOK\r\n") == [
        Urc(name, value),
        Response("AT+CMGD=1", (), ResultKind.OK, None, "OK"),
    ]


def test_cpin_is_the_answer_when_asked():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CPIN?")
    assert run(p, b"\r\n+CPIN: READY\r\n\r\nOK\r\n") == [
        Response("AT+CPIN?", ("+CPIN: READY",), ResultKind.OK, None, "OK")
    ]


def test_cpin_after_setting_the_pin_is_a_urc():
    p = AtProtocol(urcs=ALL_URCS)
    p.send('AT+CPIN="1234"')
    assert run(p, b"\r\nOK\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n") == [
        Response('AT+CPIN="1234"', (), ResultKind.OK, None, "OK"),
        Urc("+CPIN", "READY"),
        Urc("SMS Ready"),
    ]


def test_creg_read_versus_urc():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CREG?")
    assert run(p, b'\r\n+CREG: 2,1,"00C3","0000A0B1"\r\nOK\r\n')[0].lines == (
        '+CREG: 2,1,"00C3","0000A0B1"',
    )
    p.send("AT+CREG=2")
    events = run(p, b"\r\n+CREG: 1\r\nOK\r\n")
    assert events == [Urc("+CREG", "1"), Response("AT+CREG=2", (), ResultKind.OK, None, "OK")]


def test_cmgs_line_is_only_a_response():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b"+CMGS: 12\r\n") == [Urc("+CMGS", "12", None, False)]


def test_two_line_cmt_with_pdu_in_a_later_chunk():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b"\r\n+CMT: ,39\r\n") == []
    assert run(p, PDU.encode()[:10]) == []
    assert run(p, PDU.encode()[10:] + b"\r\n") == [Urc("+CMT", ",39", PDU)]


def test_two_line_cmt_inside_a_command():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    events = run(p, b"\r\n+CMT: ,39\r\n" + PDU.encode() + b"\r\n+CSQ: 9,99\r\nOK\r\n")
    assert events == [
        Urc("+CMT", ",39", PDU),
        Response("AT+CSQ", ("+CSQ: 9,99",), ResultKind.OK, None, "OK"),
    ]


def test_cds_pdu_mode_two_lines_text_mode_one():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b"+CDS: 25\r\n0791AABBCCDD\r\n") == [Urc("+CDS", "25", "0791AABBCCDD")]
    text = b'+CDS: 6,202,"+4712345678",145,"25/11/25,10:00:00+04","25/11/25,10:00:05+04",0\r\n'
    (u,) = run(p, text)
    assert u.name == "+CDS" and u.body is None


def test_cusd_spanning_lines():
    p = AtProtocol(urcs=ALL_URCS)
    data = b'\r\n+CUSD: 0,"Balance: 5.00 EUR\r\nValid until\r\n31.12.2026",15\r\n'
    assert run(p, data) == [Urc("+CUSD", '0,"Balance: 5.00 EUR\nValid until\n31.12.2026",15')]


def test_cusd_spanning_lines_one_byte_at_a_time_inside_a_command():
    p = AtProtocol(urcs=ALL_URCS)
    p.send('AT+CUSD=1,"*100#",15')
    data = b'\r\nOK\r\n\r\n+CUSD: 1,"1. Balance\r\n2. Bundles",15\r\n'
    assert one_at_a_time(p, data) == [
        Response('AT+CUSD=1,"*100#",15', (), ResultKind.OK, None, "OK"),
        Urc("+CUSD", '1,"1. Balance\n2. Bundles",15'),
    ]


def test_cusd_before_ok_is_still_the_urc():
    p = AtProtocol(urcs=ALL_URCS)
    p.send('AT+CUSD=1,"*100#",15')
    assert run(p, b'\r\n+CUSD: 0,"Hi",15\r\nOK\r\n') == [
        Urc("+CUSD", '0,"Hi",15'),
        Response('AT+CUSD=1,"*100#",15', (), ResultKind.OK, None, "OK"),
    ]


def test_cusd_with_a_lost_quote_does_not_swallow_the_result():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    events = run(p, b'\r\n+CUSD: 0,"broken\r\n+CSQ: 1,1\r\nOK\r\n')
    assert events[-1].kind is ResultKind.OK
    assert events[0].name == "+CUSD"


def test_cusd_read_command_answer():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CUSD?")
    assert run(p, b"\r\n+CUSD: 1\r\nOK\r\n")[0].lines == ("+CUSD: 1",)


def test_vendor_table_from_a_profile():
    p = AtProtocol(urcs=[UrcSpec("+MYURC"), UrcSpec("HELLO WORLD")])
    p.send("AT+CSQ")
    events = run(p, b"+MYURC: 1\r\nHELLO WORLD\r\n^RSSI:3\r\n+CSQ: 1,1\r\nOK\r\n")
    assert events[:2] == [Urc("+MYURC", "1"), Urc("HELLO WORLD")]
    # ^RSSI is not in this table and AT+CSQ does not expect it: a stray, not the answer
    assert events[2] == Urc("^RSSI", "3", None, False)
    assert events[3].lines == ("+CSQ: 1,1",)


# --- the prompt ------------------------------------------------------------------------------


def send_sms(p: AtProtocol, *, echo: bool) -> list:
    events = []
    p.send("AT+CMGS=39", prompt=True)
    events += run(p, (b"AT+CMGS=39\r" if echo else b"") + b"\r\n> ")
    assert events[-1] == Prompt("AT+CMGS=39")
    assert p.send_body(PDU) == PDU.encode() + b"\x1a"
    events += run(p, (PDU.encode() + b"\x1a" if echo else b"") + b"\r\n+CMGS: 12\r\n\r\nOK\r\n")
    return events


@pytest.mark.parametrize("echo", [False, True])
def test_cmgs_flow(echo):
    p = AtProtocol(urcs=ALL_URCS)
    events = send_sms(p, echo=echo)
    assert events == [
        Prompt("AT+CMGS=39"),
        Response("AT+CMGS=39", ("+CMGS: 12",), ResultKind.OK, None, "OK"),
    ]


def test_prompt_and_echoed_body_on_one_line():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    assert run(p, b"\r\n> ") == [Prompt("AT+CMGS=39")]
    p.send_body(PDU)
    events = run(p, b"> " + PDU.encode() + b"\x1a\r\n+CMGS: 3\r\nOK\r\n")
    assert events[0].lines == ("+CMGS: 3",)


def test_prompt_without_space():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    assert run(p, b"\r\n>") == [Prompt("AT+CMGS=39")]


def test_prompt_as_a_complete_line():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    assert run(p, b"\r\n> \r\n") == [Prompt("AT+CMGS=39")]


def test_urcs_around_the_prompt():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    events = run(p, b'\r\n+CMTI: "SM",1\r\n\r\n> ')
    assert events == [Urc("+CMTI", '"SM",1'), Prompt("AT+CMGS=39")]
    p.send_body(PDU)
    events = run(p, b'\r\n+CMTI: "SM",2\r\n^RSSI:12\r\n+CMGS: 7\r\n+CDSI: "SR",1\r\n\r\nOK\r\n')
    assert events == [
        Urc("+CMTI", '"SM",2'),
        Urc("^RSSI", "12"),
        Urc("+CDSI", '"SR",1'),
        Response("AT+CMGS=39", ("+CMGS: 7",), ResultKind.OK, None, "OK"),
    ]


def test_cmgs_error_instead_of_prompt():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    (r,) = run(p, b"\r\n+CMS ERROR: 304\r\n")
    assert r.kind is ResultKind.CMS_ERROR and r.code == 304
    assert p.state is State.IDLE


def test_prompt_not_seen_unless_waiting_for_it():
    p = AtProtocol(urcs=ALL_URCS)
    assert run(p, b"\r\n> ") == []
    p.send("AT+CSQ")
    assert run(p, b"> ") == []


def test_cancel_body():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    run(p, b"\r\n> ")
    assert p.cancel_body() == b"\x1b"
    assert p.state is State.WAITING_RESPONSE
    (r,) = run(p, b"\r\nOK\r\n")
    assert r.ok


def test_send_body_result_one_byte_at_a_time():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGS=39", prompt=True)
    assert one_at_a_time(p, b"AT+CMGS=39\r\r\n> ") == [Prompt("AT+CMGS=39")]
    p.send_body(PDU)
    data = PDU.encode() + b'\x1a\r\n+CMTI: "ME",4\r\n+CMGS: 200\r\n\r\nOK\r\n'
    assert one_at_a_time(p, data) == [
        Urc("+CMTI", '"ME",4'),
        Response("AT+CMGS=39", ("+CMGS: 200",), ResultKind.OK, None, "OK"),
    ]


# --- misuse raises clearly; input never does ---------------------------------------------------


def test_second_command_while_one_is_pending():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    with pytest.raises(ProtocolStateError, match=r"AT\+CSQ is in flight"):
        p.send("AT+CREG?")


def test_body_without_prompt():
    p = AtProtocol(urcs=ALL_URCS)
    with pytest.raises(ProtocolStateError):
        p.send_body(PDU)
    p.send("AT+CMGS=39", prompt=True)
    with pytest.raises(ProtocolStateError):
        p.send_body(PDU)


def test_command_with_cr_is_refused():
    with pytest.raises(ValueError, match="CR"):
        AtProtocol(urcs=ALL_URCS).send("AT\rATZ")


def test_reset_drops_the_command_and_keeps_urcs():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGL=4")
    run(p, b"\r\n+CMGL: 1,0,,39\r\n")
    p.receive_data(b"+CMT: ,39\r\n")
    p.reset()
    assert p.state is State.IDLE and p.command is None
    assert p.events() == [Urc("+CMT", ",39")]
    p.send("AT")
    assert run(p, b"\r\nOK\r\n") == [Response("AT", (), ResultKind.OK, None, "OK")]


def test_garbage_bytes():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CSQ")
    events = run(p, b"\x00\xff\xfe\r\nab\x00c\r\n+CSQ: 1,2\r\n\x80\x81OK\r\nOK\r\n")
    (r,) = events
    assert r.ok
    assert r.lines == ("\xff\xfe", "abc", "+CSQ: 1,2", "\x80\x81OK")


def test_next_event_none_when_empty():
    p = AtProtocol(urcs=ALL_URCS)
    assert p.next_event() is None
    p.receive_data(b"RING\r\n")
    assert p.next_event() == Urc("RING")
    assert p.next_event() is None


def test_long_line_without_end_is_cut():
    p = AtProtocol(urcs=ALL_URCS)
    p.receive_data(b"x" * 20000)
    events = p.events()
    assert events and all(isinstance(e, Urc) for e in events)


# --- text mode -----------------------------------------------------------------------------------


def test_text_mode_sms_text_is_data_even_if_it_looks_like_a_urc():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGR=2")
    data = b'\r\n+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"\r\nRING\r\n\r\nOK\r\n'
    (r,) = run(p, data)
    assert r.lines == ('+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"', "RING")


def test_text_mode_listing():
    p = AtProtocol(urcs=ALL_URCS)
    p.send('AT+CMGL="ALL"')
    data = (
        b'\r\n+CMGL: 1,"REC READ","+4712345678",,"25/11/25,10:00:00+04"\r\n+CMTI: "SM",9\r\n'
        b'+CMGL: 2,"REC UNREAD", "+4787654321",,"25/11/25,10:05:00+04"\r\n^RSSI:4\r\n'
        b"\r\nOK\r\n"
    )
    (r,) = run(p, data)
    assert r.lines[1] == '+CMTI: "SM",9' and r.lines[3] == "^RSSI:4"


def test_text_mode_status_report_has_no_text_line():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGR=3")
    data = b'\r\n+CMGR: "REC UNREAD",6,12,"+4712345678",145\r\n^RSSI:4\r\nOK\r\n'
    assert run(p, data) == [
        Urc("^RSSI", "4"),
        Response("AT+CMGR=3", ('+CMGR: "REC UNREAD",6,12,"+4712345678",145',), ResultKind.OK),
    ]


def test_text_mode_empty_text_does_not_swallow_ok():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CMGR=2")
    (r,) = run(p, b'\r\n+CMGR: "REC READ","+4712345678",,"25/11/25,10:00:00+04"\r\n\r\nOK\r\n')
    assert r.ok and len(r.lines) == 1


def test_creg_urc_during_creg_read_is_told_apart_by_shape():
    # AT+CREG? answers "<n>,<stat>"; a registration change reported meanwhile is "<stat>,...".
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CREG?")
    events = run(p, b'\r\n+CREG: 1,"00C3","0000A0B1"\r\n+CREG: 2,1,"00C3","0000A0B1"\r\nOK\r\n')
    assert events == [
        Urc("+CREG", '1,"00C3","0000A0B1"'),
        Response("AT+CREG?", ('+CREG: 2,1,"00C3","0000A0B1"',), ResultKind.OK),
    ]
    p.send("AT+CEREG?")
    events = run(p, b"\r\n+CEREG: 5\r\n+CEREG: 0,5\r\nOK\r\n")
    assert events == [Urc("+CEREG", "5"), Response("AT+CEREG?", ("+CEREG: 0,5",), ResultKind.OK)]
    p.send("AT+CREG=?")
    assert run(p, b"\r\n+CREG: (0-2)\r\nOK\r\n")[0].lines == ("+CREG: (0-2)",)


def test_clip_urc_during_clip_read():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CLIP?")
    events = run(p, b'\r\nRING\r\n+CLIP: "+4712345678",145,,,,0\r\n+CLIP: 1,1\r\nOK\r\n')
    assert events == [
        Urc("RING"),
        Urc("+CLIP", '"+4712345678",145,,,,0'),
        Response("AT+CLIP?", ("+CLIP: 1,1",), ResultKind.OK),
    ]


# --- bounds (issue 14: a modem that streams lines must not fill memory) ---------------------------


def test_a_response_keeps_at_most_max_lines_and_counts_the_rest():
    p = AtProtocol(urcs=ALL_URCS)
    p.send("ATI", max_lines=3)
    events = run(p, b"".join(b"line %d\r\n" % i for i in range(10)) + b"OK\r\n")
    assert events == [Response("ATI", ("line 0", "line 1", "line 2"), ResultKind.OK, None, "OK", 7)]
    assert p.state is State.IDLE


def test_a_streaming_modem_fills_no_more_than_the_character_bound():
    from modem.at.protocol import MAX_RESPONSE_CHARS, MAX_RESPONSE_LINES

    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CGMI")
    line = b"x" * 4000 + b"\r\n"
    for _ in range(2 * MAX_RESPONSE_CHARS // 4000):  # 2 MB streamed, no final result
        p.receive_data(line)
    assert p.events() == []
    p.receive_data(b"OK\r\n")
    (response,) = p.events()
    assert sum(map(len, response.lines)) <= MAX_RESPONSE_CHARS
    assert len(response.lines) <= MAX_RESPONSE_LINES and response.dropped > 0


def test_an_unexpected_named_line_is_a_stray_not_the_answer():
    """A late '+CMEE: 1' before the answer of AT+CNMI=? must not pass for it (issue 14,
    item 5); a bare line still counts (AT+CGMI answers 'huawei' bare)."""
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CNMI=?")
    events = run(p, b"+CMEE: 1\r\n+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)\r\nOK\r\n")
    assert events[0] == Urc("+CMEE", "1", None, False)
    assert events[1].lines == ("+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)",)
    p.send("AT+CCID", expects="")  # answered under another name by some vendors
    assert run(p, b"+ICCID: 8947\r\nOK\r\n")[0].lines == ("+ICCID: 8947",)


def test_response_first_finds_the_line_by_prefix():
    response = Response("AT+CNMI=?", ("garbage", "+CNMI: (0-2)"), ResultKind.OK)
    assert response.first("+cnmi") == "+CNMI: (0-2)"
    assert response.first("+CPMS") is None


def test_set_urcs_applies_a_profile_table_chosen_later():
    p = AtProtocol(urcs=[])
    assert run(p, b"+MYURC: 1\r\n") == [Urc("+MYURC", "1", None, False)]
    p.set_urcs([UrcSpec("+MYURC", lines=2)])
    assert run(p, b"+MYURC: 2\r\nbody\r\n") == [Urc("+MYURC", "2", "body")]
