"""Real modem transcripts from public issue threads, replayed through AtProtocol.

Bytes are rebuilt from the hex dumps in gammu debug logs (which print every received frame) and
from python-gsmmodem's response lists; each test names its thread.
"""

from __future__ import annotations

from modem.at import AtProtocol, Prompt, Response, ResultKind, Urc
from modem.at.info import MessageStatus, parse_message_header, parse_new_message
from modem.at.params import choices_contain, parse_params
from modem.profiles import urc_table

# The table the driver gives the protocol before it knows the vendor: every vendor's codes.
ALL_URCS = urc_table(None)


def replay(p: AtProtocol, command: str, data: bytes, **kwargs) -> list:
    p.send(command, **kwargs)
    p.receive_data(data)
    return p.events()


def test_gammu_133_huawei_k4510_echo_on():
    # gammu/gammu#133: "AT\r\r\nOK\r\n", "ATE1\r\r\nOK\r\n", "AT+MODE=2\r\r\nERROR\r\n"
    p = AtProtocol(urcs=ALL_URCS)
    assert replay(p, "AT", b"AT\r\r\nOK\r\n") == [Response("AT", (), ResultKind.OK)]
    assert replay(p, "ATE1", b"ATE1\r\r\nOK\r\n") == [Response("ATE1", (), ResultKind.OK)]
    (r,) = replay(p, "AT+MODE=2", b"AT+MODE=2\r\r\nERROR\r\n")
    assert r.kind is ResultKind.ERROR and r.lines == ()


def test_gammu_333_huawei_e3131_cmgl():
    # gammu/gammu#333: lines "AT+CMGL=4", "+CMGL: 0,3,,18", the PDU, "OK"
    p = AtProtocol(urcs=ALL_URCS)
    pdu = "0011000B817044763185F60000AD044D76F80C"
    data = b"AT+CMGL=4\r\r\n+CMGL: 0,3,,18\r\n" + pdu.encode() + b"\r\n\r\nOK\r\n"
    (r,) = replay(p, "AT+CMGL=4", data)
    assert r.lines == ("+CMGL: 0,3,,18", pdu)
    header = parse_message_header(r.lines[0])
    assert (header.index, header.status, header.length) == (0, MessageStatus.STO_SENT, 18)


def test_gammu_490_huawei_e303_cmti_before_cpin_answer():
    # gammu/gammu#490: after AT+CPIN? was sent, the first frame was '+CMTI: "ME",0'
    # (Huawei stores in ME from index 0).
    p = AtProtocol(urcs=ALL_URCS)
    p.send("AT+CPIN?")
    p.receive_data(b'+CMTI: "ME",0\r\n')
    p.receive_data(b"AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n")
    events = p.events()
    assert events == [
        Urc("+CMTI", '"ME",0'),
        Response("AT+CPIN?", ("+CPIN: READY",), ResultKind.OK),
    ]
    assert parse_new_message(events[0].value) == ("ME", 0)


def test_gammu_408_cpms_and_cnmi_test():
    # gammu/gammu#408 (Telit): AT+CPMS="ME" and AT+CNMI=? answers
    p = AtProtocol(urcs=ALL_URCS)
    (r,) = replay(p, 'AT+CPMS="ME"', b'AT+CPMS="ME"\r\r\n+CPMS: 0,255,0,255,0,255\r\n\r\nOK\r\n')
    assert parse_params(r.lines[0]) == (0, 255, 0, 255, 0, 255)
    (r,) = replay(
        p, "AT+CNMI=?", b"AT+CNMI=?\r\r\n+CNMI: (0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)\r\n\r\nOK\r\n"
    )
    mode, mt, bm, ds, bfr = parse_params(r.lines[0])
    assert choices_contain(mode, 2) and choices_contain(mt, 1) and not choices_contain(bm, 1)
    assert choices_contain(ds, 2) and choices_contain(bfr, 0)


def test_gammu_126_huawei_e1752_boot_and_cbc():
    # gammu/gammu#126: "^BOOT:35323129,0,0,0,26" unsolicited, then AT+CBC -> "+CBC: 2,0"
    p = AtProtocol(urcs=ALL_URCS)
    p.receive_data(b"^BOOT:35323129,0,0,0,26\r\n")
    assert p.events() == [Urc("^BOOT", "35323129,0,0,0,26")]
    (r,) = replay(p, "AT+CBC", b"AT+CBC\r\r\n+CBC: 2,0\r\n\r\nOK\r\n")
    assert r.lines == ("+CBC: 2,0",)


def test_gammu_138_huawei_e1752_cpms_then_rssi():
    # gammu/gammu#138: AT+CPMS="SM","SM" answered "+CPMS: 0,50,0,50,0,50", then ^RSSI:14
    p = AtProtocol(urcs=ALL_URCS)
    data = b'AT+CPMS="SM","SM"\r\r\n+CPMS: 0,50,0,50,0,50\r\n\r\nOK\r\n^RSSI:14\r\n'
    events = replay(p, 'AT+CPMS="SM","SM"', data)
    assert events == [
        Response('AT+CPMS="SM","SM"', ("+CPMS: 0,50,0,50,0,50",), ResultKind.OK),
        Urc("^RSSI", "14"),
    ]


def test_babca_47_rssi_inside_text_mode_status_report():
    # babca/python-gsmmodem#47 (Huawei E171): response list
    # ['^RSSI:3', '+CMGR: "REC UNREAD",6,203,"1320",129,"17/06/13,19:00:58+28",
    #   "17/06/13,19:00:58+28",0', 'OK'] made python-gsmmodem raise CommandError.
    p = AtProtocol(urcs=ALL_URCS)
    header = '+CMGR: "REC UNREAD",6,203,"1320",129,"17/06/13,19:00:58+28","17/06/13,19:00:58+28",0'
    data = b"\r\n^RSSI:3\r\n\r\n" + header.encode() + b"\r\n\r\nOK\r\n"
    assert replay(p, "AT+CMGR=1", data) == [
        Urc("^RSSI", "3"),
        Response("AT+CMGR=1", (header,), ResultKind.OK),
    ]


def test_sms_md_python_gsmmodem_29_cmti_inside_csq():
    # research sms.md §2.5: python-gsmmodem gave ['+CMTI: "SM",3', '+CSQ: 20,99', 'OK'] and
    # lost the SMS (faucamp/python-gsmmodem#29).
    p = AtProtocol(urcs=ALL_URCS)
    events = replay(p, "AT+CSQ", b'\r\n+CMTI: "SM",3\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n')
    assert events == [
        Urc("+CMTI", '"SM",3'),
        Response("AT+CSQ", ("+CSQ: 20,99",), ResultKind.OK),
    ]


def test_sms_md_e1752_blank_lines_before_status():
    # research sms.md §3: Huawei E1752 sends blank lines before status codes (gammu 82c7998d4).
    p = AtProtocol(urcs=ALL_URCS)
    (r,) = replay(p, "AT+CMGF=0", b"\r\n\r\n\r\n\r\nOK\r\n")
    assert r.ok


def test_sms_md_quectel_boot_then_send():
    # research sms.md §3: Quectel prints RDY, +CPIN: READY, +QUSIM, +QIND: SMS DONE at start.
    p = AtProtocol(urcs=ALL_URCS)
    p.receive_data(b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n")
    p.receive_data(b"\r\n+QIND: SMS DONE\r\n")
    assert [e.name for e in p.events()] == ["RDY", "+CFUN", "+CPIN", "+QUSIM", "+QIND"]
    assert replay(p, "AT+CMGS=18", b"\r\n> ") == [Prompt("AT+CMGS=18")]
