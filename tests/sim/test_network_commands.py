"""modem/sim/commands/network.py: CSQ, CREG/CGREG/CEREG and their URCs, COPS, CNUM, CUSD."""

from __future__ import annotations

import pytest

from modem.sim.commands.network import set_registration
from modem.sim.config import ModemSpec
from modem.sim.testing import Bench

OK = "\r\nOK\r\n"


def info(out: str) -> list[str]:
    assert out.endswith(OK), out
    return [line for line in out[: -len(OK)].split("\r\n") if line]


@pytest.fixture
def bench() -> Bench:
    b = Bench(1)
    b.at("ATE0")
    return b


def test_csq(bench: Bench) -> None:
    assert info(bench.at("AT+CSQ")) == ["+CSQ: 20,99"]
    assert info(bench.at("AT+CSQ=?")) == ["+CSQ: (0-31,99),(0-7,99)"]
    bench.modem().rssi = 5
    assert info(bench.at("AT+CSQ")) == ["+CSQ: 5,99"]


@pytest.mark.parametrize("name", ["+CREG", "+CGREG", "+CEREG"])
def test_registration_read_forms(bench: Bench, name: str) -> None:
    area = "00A1"
    assert info(bench.at(f"AT{name}?")) == [f"{name}: 0,1"]
    assert info(bench.at(f"AT{name}=?")) == [f"{name}: (0-2)"]
    bench.at(f"AT{name}=2")
    assert info(bench.at(f"AT{name}?")) == [f'{name}: 2,1,"{area}","0001B2C3",7']


def test_registration_urcs(bench: Bench) -> None:
    bench.at("AT+CREG=1;+CGREG=2")
    set_registration(bench.modem(), 2)
    assert bench.take() == "\r\n+CREG: 2\r\n\r\n+CGREG: 2\r\n"
    set_registration(bench.modem(), 5)
    assert bench.take() == '\r\n+CREG: 5\r\n\r\n+CGREG: 5,"00A1","0001B2C3",7\r\n'
    set_registration(bench.modem(), 5)
    assert bench.take() == ""  # no change, no URC


def test_registration_set_rejects_bad_values(bench: Bench) -> None:
    assert bench.at("AT+CREG=9") == "\r\nERROR\r\n"
    bench.at("AT+CMEE=1")
    assert bench.at("AT+CREG=9") == "\r\n+CME ERROR: 50\r\n"


def test_cops(bench: Bench) -> None:
    assert info(bench.at("AT+COPS?")) == ['+COPS: 0,0,"SimNet",7']
    assert bench.at("AT+COPS=3,2") == OK
    assert info(bench.at("AT+COPS?")) == ['+COPS: 0,2,"00101",7']
    assert info(bench.at("AT+COPS=?")) == ['+COPS: (2,"SimNet","SimNet","00101",7),,(0-4),(0-2)']
    assert bench.at("AT+COPS=2") == OK
    assert info(bench.at("AT+COPS?")) == ["+COPS: 0"]
    assert bench.at("AT+COPS=0") == OK
    bench.at("AT+CMEE=1")
    assert bench.at('AT+COPS=1,2,"99999"') == "\r\n+CME ERROR: 32\r\n"


def test_cnum(bench: Bench) -> None:
    assert info(bench.at("AT+CNUM")) == ['+CNUM: "","+15550000001",145']


def test_cusd_text_reply(bench: Bench) -> None:
    assert bench.at('AT+CUSD=1,"*100#",15') == OK
    bench.advance(0.1)
    balance = "Your balance is 10.00 EUR, valid until 31.12.2026."
    assert bench.take() == f'\r\n+CUSD: 0,"{balance}",15\r\n'
    assert info(bench.at("AT+CUSD?")) == ["+CUSD: 1"]
    assert info(bench.at("AT+CUSD=?")) == ["+CUSD: (0-2)"]


def test_cusd_session_menu(bench: Bench) -> None:
    bench.at('AT+CUSD=1,"*101#",15')
    bench.advance(0.1)
    assert bench.take().startswith('\r\n+CUSD: 1,"1. Balance\n2. Data left')
    bench.at('AT+CUSD=1,"3",15')
    bench.advance(0.1)
    assert bench.take() == '\r\n+CUSD: 0,"Your number is +15550000001.",15\r\n'


def test_cusd_unknown_code_and_cancel(bench: Bench) -> None:
    bench.at('AT+CUSD=1,"*999#",15')
    bench.advance(0.1)
    assert bench.take() == "\r\n+CUSD: 4\r\n"
    assert bench.at("AT+CUSD=2") == OK


def test_cusd_ucs2_charset(bench: Bench) -> None:
    bench.at('AT+CSCS="UCS2"')
    bench.at('AT+CUSD=1,"002A0031003000300023",15')
    bench.advance(0.1)
    assert bench.take().startswith('\r\n+CUSD: 0,"0059006F00750072')


def test_cusd_scripted_menu() -> None:
    b = Bench(1, ussd={"*5#": "five"})
    b.at("ATE0")
    b.at('AT+CUSD=1,"*5#",15')
    b.advance(0.1)
    assert b.take() == '\r\n+CUSD: 0,"five",15\r\n'


def test_cusd_needs_registration(bench: Bench) -> None:
    bench.at("AT+CMEE=1;+CFUN=4")
    assert bench.at('AT+CUSD=1,"*100#",15') == "\r\n+CME ERROR: 30\r\n"


def test_huawei_packed_ussd() -> None:
    pytest.importorskip("modem.sms.gsm7")
    b = Bench([ModemSpec("h", personality="huawei")])
    b.at("ATE0;^CURC=0")
    # "*100#" packed as GSM 7-bit (23.038 §6.1.2.3): AA 18 0C 36 02
    assert b.at('AT+CUSD=1,"AA180C3602",15') == OK
    b.advance(0.1)
    out = b.take()
    assert out.startswith('\r\n+CUSD: 0,"') and out.endswith('",15\r\n')
    # decoded with python-gsmmodem's own GSM 7-bit unpacker, an independent implementation
    gsmmodem_pdu = pytest.importorskip("gsmmodem.pdu", reason="pip install python-gsmmodem-new")

    packed = bytearray.fromhex(out.split('"')[1])
    text = gsmmodem_pdu.decodeGsm7(gsmmodem_pdu.unpackSeptets(packed))
    assert text == "Your balance is 10.00 EUR, valid until 31.12.2026."


def test_huawei_ussdmode_0_gives_text() -> None:
    b = Bench([ModemSpec("h", personality="huawei")])
    b.at("ATE0;^CURC=0")
    assert info(b.at("AT^USSDMODE?")) == ["^USSDMODE: 1"]
    b.at("AT^USSDMODE=0")
    b.at('AT+CUSD=1,"*100#",15')
    b.advance(0.1)
    assert b.take() == '\r\n+CUSD: 0,"Your balance is 10.00 EUR, valid until 31.12.2026.",15\r\n'


def test_cgatt_and_cgdcont(bench: Bench) -> None:
    assert info(bench.at("AT+CGATT?")) == ["+CGATT: 1"]
    assert info(bench.at("AT+CGATT=?")) == ["+CGATT: (0,1)"]
    assert bench.at("AT+CGATT=0") == OK
    assert info(bench.at("AT+CGATT?")) == ["+CGATT: 0"]
    assert bench.at('AT+CGDCONT=2,"IP","mms.example"') == OK
    assert info(bench.at("AT+CGDCONT?")) == [
        '+CGDCONT: 1,"IP","internet","0.0.0.0",0,0',
        '+CGDCONT: 2,"IP","mms.example","0.0.0.0",0,0',
    ]
    assert bench.at("AT+CGDCONT=2") == OK
    assert len(info(bench.at("AT+CGDCONT?"))) == 1
    assert bench.at("AT+CGDCONT=99") == "\r\nERROR\r\n"
