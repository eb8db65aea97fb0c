"""SMS commands (modem/sim/commands/sms.py, storage.py) and delivery (incoming.py, network.py).

TS 27.005 in PDU and text mode, checked with the project's SMS codec and, where it matters,
with python-gsmmodem's independent PDU decoder.
"""

from __future__ import annotations

import re

import pytest

from modem.sim.config import ModemSpec
from modem.sim.testing import Bench
from modem.sms import Deliver, StatusReport, decode_pdu, encode_pdu, submits

OK = "\r\nOK\r\n"
A, B = "+15550000001", "+15550000002"


def info(out: str) -> list[str]:
    assert out.endswith(OK), out
    return [line for line in out[: -len(OK)].split("\r\n") if line]


def make(*specs: ModemSpec, cnmi: str = "2,1,0,2,0") -> Bench:
    bench = Bench(list(specs) or [ModemSpec("sim0"), ModemSpec("sim1")])
    bench.advance(5)
    for name in bench.modems:
        bench.at(f"ATE0;+CMEE=1;+CNMI={cnmi}", name)
        bench.take(name)
    return bench


def send_pdu(bench: Bench, pdu: bytes, name: str = "sim0") -> str:
    assert bench.at(f"AT+CMGS={len(pdu) - 1 - pdu[0]}", name) == "\r\n> "
    return bench.send(pdu.hex().upper().encode() + b"\x1a", name)


def test_settings_forms() -> None:
    b = make()
    assert info(b.at("AT+CSMS=?")) == ["+CSMS: (0,1)"]
    assert info(b.at("AT+CSMS=1")) == ["+CSMS: 1,1,1"]
    assert info(b.at("AT+CSMS?")) == ["+CSMS: 1,1,1,1"]
    assert info(b.at("AT+CMGF=?")) == ["+CMGF: (0,1)"]
    assert b.at("AT+CMGF=2") == "\r\n+CMS ERROR: 302\r\n"
    assert info(b.at("AT+CNMI=?")) == ["+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"]
    assert info(b.at("AT+CNMI?")) == ["+CNMI: 2,1,0,2,0"]
    assert info(b.at("AT+CSMP?")) == ["+CSMP: 17,167,0,0"]
    assert b.at("AT+CSMP=49,167,0,8") == OK
    assert info(b.at("AT+CSMP?")) == ["+CSMP: 49,167,0,8"]
    assert b.at('AT+CSCA="+4912345"') == OK
    assert info(b.at("AT+CSCA?")) == ['+CSCA: "+4912345",145']
    assert info(b.at("AT+CMMS=?")) == ["+CMMS: (0-2)"]
    assert b.at("AT+CMMS=2") == OK


def test_cpms_storages_and_capacities() -> None:
    b = make()
    assert info(b.at("AT+CPMS=?")) == ['+CPMS: ("SM","ME","SR"),("SM","ME"),("SM","ME")']
    assert info(b.at('AT+CPMS="ME"')) == ["+CPMS: 0,100,0,30,0,30"]
    assert info(b.at("AT+CPMS?")) == ['+CPMS: "ME",0,100,"SM",0,30,"SM",0,30']
    assert info(b.at('AT+CPMS="SR","ME","ME"')) == ["+CPMS: 0,20,0,100,0,100"]
    assert b.at('AT+CPMS="SM","SR"') == "\r\n+CMS ERROR: 302\r\n"
    assert b.at('AT+CPMS="XX"') == "\r\n+CMS ERROR: 302\r\n"


def test_pdu_send_arrives_as_deliver_with_smsc_time_stamp() -> None:
    b = make()
    (submit,) = submits(B, "hello world")
    out = send_pdu(b, encode_pdu(submit))
    assert info(out) == ["+CMGS: 1"]
    assert b.take("sim1") == '\r\n+CMTI: "SM",1\r\n'
    header, hexpdu = info(b.at("AT+CMGR=1", "sim1"))
    deliver = decode_pdu(hexpdu)
    assert isinstance(deliver, Deliver)
    assert deliver.text == "hello world" and str(deliver.sender) == A
    assert deliver.timestamp == b.now()
    assert header == f"+CMGR: 0,,{len(bytes.fromhex(hexpdu)) - 8}"
    # read once: now REC READ
    assert info(b.at("AT+CMGR=1", "sim1"))[0].startswith("+CMGR: 1,,")


def test_python_gsmmodem_decodes_what_the_sim_delivers() -> None:
    gsmmodem_pdu = pytest.importorskip("gsmmodem.pdu", reason="pip install python-gsmmodem-new")

    b = make()
    send_pdu(b, encode_pdu(submits(B, "Grüße @ {home}")[0]))
    _, hexpdu = info(b.at("AT+CMGR=1", "sim1"))
    decoded = gsmmodem_pdu.decodeSmsPdu(hexpdu)
    assert decoded["text"] == "Grüße @ {home}" and decoded["number"] == A


def test_the_modem_assigns_the_message_reference() -> None:
    b = make()
    pdu = encode_pdu(submits(B, "x", reference=200)[0])
    assert info(send_pdu(b, pdu)) == ["+CMGS: 1"]
    assert info(send_pdu(b, pdu)) == ["+CMGS: 2"]
    assert [s.reference for s in map(decode_pdu, b.modem().sent)] == [1, 2]


def test_wrong_length_or_bad_pdu_is_cms_304() -> None:
    b = make()
    pdu = encode_pdu(submits(B, "x")[0])
    b.at(f"AT+CMGS={len(pdu)}")  # counts the SMSC octet: wrong
    assert b.send(pdu.hex().encode() + b"\x1a") == "\r\n+CMS ERROR: 304\r\n"
    b.at("AT+CMGS=5")
    assert b.send(b"00zz\x1a") == "\r\n+CMS ERROR: 304\r\n"
    assert b.at("AT+CMGS=0") == "\r\n+CMS ERROR: 304\r\n"


def test_no_smsc_is_cms_330() -> None:
    b = make()
    b.at('AT+CSCA=""')
    assert send_pdu(b, encode_pdu(submits(B, "x")[0])) == "\r\n+CMS ERROR: 330\r\n"


def test_not_registered_is_cms_331() -> None:
    b = make()
    b.at("AT+CFUN=4")
    assert send_pdu(b, encode_pdu(submits(B, "x")[0])) == "\r\n+CMS ERROR: 331\r\n"


def test_concatenated_parts_arrive_intact() -> None:
    b = make()
    text = "Ünïcode 🎉 " * 20
    parts = submits(B, text, reference=7)
    assert len(parts) > 1
    for part in parts:
        send_pdu(b, encode_pdu(part))
    stored = [decode_pdu(m.pdu) for _, m in b.modem("sim1").storages["SM"]]
    assert [d.udh for d in stored] == [p.udh for p in parts]
    assert "".join(d.text for d in stored) == text


def test_status_report_stored_and_announced_with_cdsi() -> None:
    b = make()
    out = send_pdu(b, encode_pdu(submits(B, "x", status_report_request=True)[0]))
    assert out == "\r\n+CMGS: 1\r\n" + OK + '\r\n+CDSI: "SR",1\r\n'
    info(b.at('AT+CPMS="SR"'))
    _, hexpdu = info(b.at("AT+CMGR=1"))
    report = decode_pdu(hexpdu)
    assert isinstance(report, StatusReport)
    assert report.reference == 1 and report.status == 0 and str(report.recipient) == B


def test_status_report_routed_with_cds() -> None:
    b = make(cnmi="2,1,0,1,0")
    out = send_pdu(b, encode_pdu(submits(B, "x", status_report_request=True)[0]))
    m = re.fullmatch(r"\r\n\+CMGS: 1\r\n\r\nOK\r\n\r\n\+CDS: (\d+)\r\n([0-9A-F]+)\r\n", out)
    assert m, out
    report = decode_pdu(m.group(2))
    assert report.reference == 1 and report.outcome == "delivered"
    assert int(m.group(1)) == len(bytes.fromhex(m.group(2))) - 8


def test_unknown_number_gives_a_failed_report() -> None:
    b = make()
    send_pdu(b, encode_pdu(submits("+19998887777", "x", status_report_request=True)[0]))
    b.at('AT+CPMS="SR"')
    report = decode_pdu(info(b.at("AT+CMGR=1"))[1])
    assert report.status == 0x43 and report.outcome == "undelivered"


def test_cmgw_into_a_full_storage_is_322() -> None:
    b = make()
    inbox = b.modem("sim1").storages["SM"]
    pdu = encode_pdu(submits(B, "fill")[0])
    b.at('AT+CPMS="SM","SM","SM"', "sim1")
    for _ in range(inbox.capacity):
        b.at(f"AT+CMGW={len(pdu) - 1}", "sim1")
        assert info(b.send(pdu.hex().encode() + b"\x1a", "sim1"))[0].startswith("+CMGW: ")
    b.at(f"AT+CMGW={len(pdu) - 1}", "sim1")
    assert b.send(pdu.hex().encode() + b"\x1a", "sim1") == "\r\n+CMS ERROR: 322\r\n"


def test_cmt_routing_with_csms_0_needs_no_ack() -> None:
    b = make(cnmi="2,2,0,0,0")
    send_pdu(b, encode_pdu(submits(B, "routed")[0]))
    out = b.take("sim1")
    m = re.fullmatch(r"\r\n\+CMT: ,(\d+)\r\n([0-9A-F]+)\r\n", out)
    assert m, out
    assert decode_pdu(m.group(2)).text == "routed"
    assert b.at("AT+CNMA", "sim1") == "\r\n+CMS ERROR: 340\r\n"


def test_cmt_with_csms_1_acknowledged_in_time() -> None:
    b = make(cnmi="2,2,0,1,0")
    b.at("AT+CSMS=1", "sim1")
    send_pdu(b, encode_pdu(submits(B, "one")[0]))
    send_pdu(b, encode_pdu(submits(B, "two")[0]))
    first = b.take("sim1")
    assert first.startswith("\r\n+CMT: ,") and decode_pdu(first.split("\r\n")[2]).text == "one"
    out = b.at("AT+CNMA", "sim1")  # the second one comes only after the first is acknowledged
    assert out.startswith(OK + "\r\n+CMT: ,")
    assert decode_pdu(out.split("\r\n")[4]).text == "two"
    b.advance(1)
    assert b.at("AT+CNMA=0", "sim1") == OK
    assert b.at("AT+CNMA", "sim1") == "\r\n+CMS ERROR: 340\r\n"
    b.advance(100)
    assert b.modem("sim1").settings.cnmi == (2, 2, 0, 1, 0)
    assert b.modem("sim1").ack_timeouts == 0


def test_missed_cnma_resets_mt_and_ds_and_stores_silently() -> None:
    b = make(cnmi="2,2,0,1,0")
    b.at("AT+CSMS=1", "sim1")
    send_pdu(b, encode_pdu(submits(B, "first")[0]))
    assert "+CMT: ," in b.take("sim1")
    b.advance(16)  # the default ack_timeout is 15 s
    assert b.modem("sim1").settings.cnmi == (2, 0, 0, 0, 0)
    assert info(b.at("AT+CNMI?", "sim1")) == ["+CNMI: 2,0,0,0,0"]
    send_pdu(b, encode_pdu(submits(B, "second")[0]))
    assert b.take("sim1") == ""  # no indication any more
    texts = [decode_pdu(m.pdu).text for _, m in b.modem("sim1").storages["SM"]]
    assert texts == ["first", "second"]  # nothing lost, nothing announced


def test_missed_cnma_for_a_routed_status_report_resets_mt_and_ds() -> None:
    """The same rule for +CDS (27.005 §3.4.1 <ds>=1 with <service> 1): after the deadline the
    report is stored in SR and later ones come silently."""
    b = make(cnmi="2,1,0,1,0")
    b.at("AT+CSMS=1")
    out = send_pdu(b, encode_pdu(submits(B, "x", status_report_request=True)[0]))
    assert "\r\n+CDS: " in out
    b.advance(16)
    assert info(b.at("AT+CNMI?")) == ["+CNMI: 2,0,0,0,0"]
    assert b.at("AT+CNMA") == "\r\n+CMS ERROR: 340\r\n"
    out = send_pdu(b, encode_pdu(submits(B, "y", status_report_request=True)[0]))
    assert info(out) == ["+CMGS: 2"]  # no +CDS, no +CDSI
    reports = [decode_pdu(m.pdu) for _, m in b.modem().storages["SR"]]
    assert [r.reference for r in reports] == [1, 2]


def test_cnma_2_rejects_and_the_smsc_offers_it_again() -> None:
    b = make(cnmi="2,2,0,0,0")
    b.at("AT+CSMS=1", "sim1")
    send_pdu(b, encode_pdu(submits(B, "refused once")[0]))
    assert "+CMT: ," in b.take("sim1")
    # RP-ERROR: not taken; the SMSC offers it again after retry_delay (30 s x latency_scale 0,
    # but never sooner than 50 ms)
    assert b.at("AT+CNMA=2", "sim1") == OK
    b.advance(0.1)
    out = b.take("sim1")
    assert out.startswith("\r\n+CMT: ,")
    assert decode_pdu(out.split("\r\n")[2]).text == "refused once"
    assert b.at("AT+CNMA", "sim1") == OK
    b.advance(100)
    assert b.take("sim1") == "" and b.modem("sim1").storages["SM"].used == 0


def test_cnmi_mode_0_buffers_until_mode_2() -> None:
    b = make(cnmi="0,1,0,0,0")
    send_pdu(b, encode_pdu(submits(B, "x")[0]))
    assert b.take("sim1") == ""
    assert b.at("AT+CNMI=2,1,0,0,0", "sim1") == OK + '\r\n+CMTI: "SM",1\r\n'


def test_cnmi_mt_0_stores_silently() -> None:
    b = make(cnmi="2,0,0,0,0")
    send_pdu(b, encode_pdu(submits(B, "x")[0]))
    assert b.take("sim1") == ""
    assert len(b.modem("sim1").storages["SM"].slots) == 1


def test_text_mode_send_and_read() -> None:
    b = make()
    b.at("AT+CMGF=1", "sim1")
    assert b.at(f'AT+CMGF=1;+CMGS="{B}"') == "\r\n> "
    assert b.send(b"hi there\rsecond line") == "\r\n> "
    assert info(b.send(b"\x1a")) == ["+CMGS: 1"]
    assert b.take("sim1") == '\r\n+CMTI: "SM",1\r\n'
    header, body = info(b.at("AT+CMGR=1", "sim1"))
    assert header == f'+CMGR: "REC UNREAD","{A}",,"26/11/25,03:00:05+00"'
    assert body == "hi there\nsecond line"


def test_text_mode_status_report_request_from_csmp() -> None:
    b = make()
    b.at(f'AT+CMGF=1;+CSMP=49,167,0,0;+CMGS="{B}"')
    assert b.send(b"x\x1a").endswith('\r\n+CDSI: "SR",1\r\n')
    assert decode_pdu(b.modem().sent[0]).status_report_request
    b.at('AT+CPMS="SR"')
    (line,) = info(b.at("AT+CMGR=1"))
    assert (
        line == f'+CMGR: "REC UNREAD",6,1,"{B}",145,"26/11/25,03:00:05+00","26/11/25,03:00:05+00",0'
    )


def test_text_mode_ucs2_charset() -> None:
    b = make()
    b.at('AT+CMGF=1;+CSCS="UCS2";+CSMP=17,167,0,8', "sim0")
    b.at('AT+CMGS="002B00310035003500350030003000300030003000300032"')
    b.send("Привет".encode("utf-16-be").hex().upper().encode() + b"\x1a")
    assert decode_pdu(b.modem("sim1").storages["SM"].slots[1].pdu).text == "Привет"
    b.at('AT+CMGF=1;+CSCS="UCS2"', "sim1")
    _, body = info(b.at("AT+CMGR=1", "sim1"))
    assert bytes.fromhex(body).decode("utf-16-be") == "Привет"


def test_cmgl_pdu_and_text_and_stat_filters() -> None:
    b = make()
    for text in ("a", "b"):
        send_pdu(b, encode_pdu(submits(B, text)[0]))
    b.at("AT+CMGR=1", "sim1")
    lines = info(b.at("AT+CMGL=4", "sim1"))
    assert [line.split(",")[:2] for line in lines[::2]] == [["+CMGL: 1", "1"], ["+CMGL: 2", "0"]]
    assert info(b.at("AT+CMGL=0", "sim1")) == []  # listing marked the unread one read
    b.at("AT+CMGF=1", "sim1")
    lines = info(b.at('AT+CMGL="ALL"', "sim1"))
    assert lines[0].startswith(f'+CMGL: 1,"REC READ","{A}",,"')
    assert lines[1::2] == ["a", "b"]
    assert b.at('AT+CMGL="NOPE"', "sim1") == "\r\n+CMS ERROR: 305\r\n"
    assert info(b.at("AT+CMGL=?", "sim1"))[0].startswith('+CMGL: ("REC UNREAD"')


def test_cmgr_empty_and_invalid_index() -> None:
    b = make()
    assert b.at("AT+CMGR=3") == OK
    assert b.at("AT+CMGR=31") == "\r\n+CMS ERROR: 321\r\n"
    assert b.at("AT+CMGR=0") == "\r\n+CMS ERROR: 321\r\n"


def test_cmgd_single_and_flags() -> None:
    b = make()
    pdu = encode_pdu(submits(B, "s")[0])
    for _ in range(3):
        send_pdu(b, encode_pdu(submits(B, "r")[0]))
    b.at(f"AT+CMGW={len(pdu) - 1}", "sim1")
    b.send(pdu.hex().encode() + b"\x1a", "sim1")
    assert info(b.at("AT+CMGD=?", "sim1")) == ["+CMGD: (1,2,3,4),(0-4)"]
    b.at("AT+CMGR=1", "sim1")
    assert b.at("AT+CMGD=2", "sim1") == OK
    assert info(b.at("AT+CMGD=?", "sim1")) == ["+CMGD: (1,3,4),(0-4)"]
    assert b.at("AT+CMGD=1,1", "sim1") == OK  # all read: index 1
    assert info(b.at("AT+CMGD=?", "sim1")) == ["+CMGD: (3,4),(0-4)"]
    assert b.at("AT+CMGD=1,3", "sim1") == OK  # read, sent, unsent: the written one
    assert info(b.at("AT+CMGD=?", "sim1")) == ["+CMGD: (3),(0-4)"]
    assert b.at("AT+CMGD=0,4", "sim1") == OK
    assert info(b.at("AT+CMGD=?", "sim1")) == ["+CMGD: (),(0-4)"]
    assert b.at("AT+CMGD=99", "sim1") == "\r\n+CMS ERROR: 321\r\n"


def test_cmgw_then_cmss() -> None:
    b = make()
    pdu = encode_pdu(submits("+10000000000", "stored")[0])
    b.at(f"AT+CMGW={len(pdu) - 1}")
    assert info(b.send(pdu.hex().encode() + b"\x1a")) == ["+CMGW: 1"]
    assert info(b.at("AT+CMSS=1")) == ["+CMGS: 1".replace("CMGS", "CMSS")]
    assert info(b.at(f'AT+CMSS=1,"{B}"')) == ["+CMSS: 2"]
    assert decode_pdu(b.modem("sim1").storages["SM"].slots[1].pdu).text == "stored"
    assert info(b.at("AT+CMGL=3"))[0].startswith("+CMGL: 1,3,,")
    assert b.at("AT+CMSS=5") == "\r\n+CMS ERROR: 321\r\n"


def test_text_mode_cmgw() -> None:
    b = make()
    assert b.at(f'AT+CMGF=1;+CMGW="{B}"') == "\r\n> "
    assert info(b.send(b"draft\x1a")) == ["+CMGW: 1"]
    assert info(b.at('AT+CMGL="STO UNSENT"')) == [f'+CMGL: 1,"STO UNSENT","{B}",,', "draft"]


def test_inject_text_from_alphanumeric_sender() -> None:
    b = make()
    assert b.smsc.inject(A, text="Your code is 1234", sender="MyBank") == 1
    assert b.take() == '\r\n+CMTI: "SM",1\r\n'
    deliver = decode_pdu(info(b.at("AT+CMGR=1"))[1])
    assert deliver.sender.number == "MyBank" and deliver.text == "Your code is 1234"


def test_inject_raw_pdu_and_long_text() -> None:
    b = make()
    raw = encode_pdu(
        Deliver(sender=submits(B, "x")[0].recipient, timestamp=b.time, text="raw"), smsc=True
    )
    assert b.smsc.inject(A, pdu=raw.hex()) == 1
    assert b.smsc.inject(A, text="x" * 300) == 2
    assert len(b.modem().storages["SM"].slots) == 3


def test_inject_to_unknown_number() -> None:
    from modem.errors import ModemError

    with pytest.raises(ModemError, match="no simulated modem"):
        make().smsc.inject("+1234", text="x")


def test_sms_to_a_switched_off_modem_arrives_after_power_on() -> None:
    b = make()
    b.modem("sim1").power_off()
    send_pdu(b, encode_pdu(submits(B, "later")[0]))
    assert not b.modem("sim1").storages["SM"].slots
    b.modem("sim1").power_on()
    b.smsc.back_online(b.modem("sim1"))
    assert decode_pdu(b.modem("sim1").storages["SM"].slots[1].pdu).text == "later"


def test_sms_latency_delays_result_and_delivery() -> None:
    from dataclasses import replace

    b = Bench(2, latency_scale=1.0)
    for name in b.modems:
        b.at("ATE0;+CNMI=2,1,0,2,0", name)
    m = b.modem()
    m.faults.spec = replace(m.faults.spec, sms_latency=2.0)
    pdu = encode_pdu(submits(B, "slow")[0])
    b.at(f"AT+CMGS={len(pdu) - 1}")
    assert b.send(pdu.hex().encode() + b"\x1a") == ""
    b.advance(1.9)
    assert b.take() == "" and b.take("sim1") == ""
    b.advance(0.2)
    assert "+CMGS: 1" in b.take() and "+CMTI" in b.take("sim1")


def test_cnmi_mode_1_discards_while_the_prompt_is_open() -> None:
    b = make(cnmi="1,1,0,0,0")
    assert b.at("AT+CMGS=10", "sim1") == "\r\n> "
    send_pdu(b, encode_pdu(submits(B, "x")[0]))
    assert b.send(b"\x1b", "sim1") == OK  # no +CMTI after the prompt closes
    assert b.modem("sim1").storages["SM"].used == 1  # stored all the same


def test_cnmi_mode_1_refuses_a_routed_cmt_while_the_prompt_is_open() -> None:
    """<mode> 1 with <mt> 2: a +CMT that cannot be shown is refused, not lost; the SMSC offers
    it again later, and the sender's status report waits for the real delivery."""
    b = make(cnmi="1,2,0,0,0")
    assert b.at("AT+CMGS=10", "sim1") == "\r\n> "
    out = send_pdu(b, encode_pdu(submits(B, "later", status_report_request=True)[0]))
    assert "+CDSI" not in out and b.smsc.reports == []
    assert b.send(b"\x1b", "sim1") == OK
    b.advance(0.1)  # the SMSC's retry (never sooner than 50 ms)
    out = b.take("sim1")
    assert out.startswith("\r\n+CMT: ,") and decode_pdu(out.split("\r\n")[2]).text == "later"
    assert b.smsc.reports == [("sim0", 1, 0)]


def test_cnmi_mode_2_holds_until_the_prompt_closes() -> None:
    b = make(cnmi="2,1,0,0,0")
    assert b.at("AT+CMGS=10", "sim1") == "\r\n> "
    send_pdu(b, encode_pdu(submits(B, "x")[0]))
    assert b.send(b"\x1b", "sim1") == OK + '\r\n+CMTI: "SM",1\r\n'


def test_text_mode_8bit_data_prints_udh_and_data_as_hex() -> None:
    from modem.sms import Address, Ports, Submit, segment_data

    b = make()
    (seg,) = segment_data(b"\x01\x02\xff", ports=Ports(2948, 9200, 16))
    submit = Submit(recipient=Address.parse(B), data=seg.data, dcs=seg.dcs, udh=seg.udh)
    send_pdu(b, encode_pdu(submit))
    b.at("AT+CMGF=1", "sim1")
    _, body = info(b.at("AT+CMGR=1", "sim1"))
    assert body == "0605040B8423F00102FF"  # UDH (ports 2948 <- 9200) then the data


def test_sms_waits_while_the_radio_is_off_and_arrives_on_cfun_1() -> None:
    """Radio off (AT+CFUN=4) means not registered: the SMSC keeps the message and delivers it
    when the modem registers again, without a reset or replug."""
    b = make()
    b.at("AT+CFUN=4", "sim1")
    assert b.smsc.inject(B, text="held") == 1
    assert b.modem("sim1").storages["SM"].used == 0
    assert b.at("AT+CFUN=1", "sim1") == OK + '\r\n+CMTI: "SM",1\r\n'
    assert decode_pdu(b.modem("sim1").storages["SM"].slots[1].pdu).text == "held"


def test_a_pin_locked_modem_is_not_registered_and_receives_after_the_pin() -> None:
    b = make(ModemSpec("sim0"), ModemSpec("sim1", pin="1234"))
    assert info(b.at("AT+CREG?", "sim1")) == ["+CREG: 0,0"]
    send_pdu(b, encode_pdu(submits(B, "after the PIN")[0]))
    assert b.modem("sim1").storages["SM"].used == 0
    b.at('AT+CPIN="1234"', "sim1")
    assert info(b.at("AT+CREG?", "sim1")) == ["+CREG: 0,1"]
    assert b.modem("sim1").storages["SM"].used == 1
