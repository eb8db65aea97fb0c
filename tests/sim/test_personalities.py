"""modem/sim/personalities.py: each vendor's quirks, as research sms.md §3 records them."""

from __future__ import annotations

import pytest

from modem.errors import ConfigError
from modem.sim.config import ModemSpec
from modem.sim.personalities import PERSONALITIES, personality
from modem.sim.testing import Bench
from modem.sms import decode_pdu, encode_pdu, submits

OK = "\r\nOK\r\n"


def pair(name: str, **spec: object) -> Bench:
    b = Bench(
        [ModemSpec("sim0", personality=name, **spec), ModemSpec("sim1", personality=name)],  # type: ignore[arg-type]
        latency_scale=0.01,
    )
    b.advance(10)
    for modem in b.modems:
        b.at("ATE0;+CMEE=1", modem)
    b.take()
    return b


def send(b: Bench, text: str = "x", **options: object) -> str:
    pdu = encode_pdu(submits("+15550000002", text, **options)[0])
    b.at(f"AT+CMGS={len(pdu) - 1}")
    return b.send(pdu.hex().encode() + b"\x1a")


def test_lookup() -> None:
    assert personality("Huawei").name == "huawei"
    with pytest.raises(ConfigError, match="known: generic, huawei"):
        personality("nokia")
    assert {"generic", "huawei", "simcom", "quectel", "zte", "telit", "ublox"} <= set(PERSONALITIES)


def test_huawei_noise_until_curc_0() -> None:
    b = Bench([ModemSpec("h", personality="huawei", noise_interval=1.0)], latency_scale=0.0)
    b.advance(3.5)
    noise = b.take()
    assert "^BOOT:" in noise and "^RSSI:" in noise and "^HCSQ:" in noise
    assert b.at("AT^CURC=0").endswith(OK)
    b.advance(10)
    assert b.take() == ""
    assert b.at("AT^CURC?") == "AT^CURC?\r\r\n^CURC: 0\r\n" + OK


def test_huawei_indexes_start_at_0() -> None:
    b = pair("huawei")
    b.at("AT^CURC=0;+CNMI=2,1,0,2,0", "sim1")
    b.take("sim1")
    send(b)
    assert b.take("sim1").endswith('+CMTI: "SM",0\r\n')
    assert b.at("AT+CMGR=0", "sim1").startswith("\r\n+CMGR: 0,,")
    assert b.at("AT+CMGD=?", "sim1").startswith("\r\n+CMGD: (0),")


def test_huawei_command_not_support() -> None:
    b = pair("huawei")
    assert b.at("AT+CNOPE").endswith("\r\nCOMMAND NOT SUPPORT\r\n")
    b.at("AT+CMEE=2")
    assert b.at("AT+CNOPE").endswith("\r\nCOMMAND NOT SUPPORT\r\n")


def test_simcom_boot_and_sms_ready() -> None:
    b = Bench([ModemSpec("s", personality="simcom")], latency_scale=1.0)
    assert b.at("AT+CMGF=0") == "AT+CMGF=0\r\r\nERROR\r\n"  # before "SMS Ready"
    b.advance(0.5)
    assert b.take() == "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n"
    b.advance(2)
    assert b.take() == "\r\nSMS Ready\r\n"
    assert b.at("AT+CMGF=0").endswith(OK)


def test_quectel_boot_and_cdsi_naming_sm_for_sr() -> None:
    b = Bench([ModemSpec("q", personality="quectel"), ModemSpec("r")], latency_scale=0.0)
    assert "+QIND: SMS DONE" in b.take()
    b.at("ATE0;+CNMI=2,1,0,2,0")
    out = send(b, status_report_request=True)
    assert out.endswith('\r\n+CDSI: "SM",1\r\n')  # announced as SM ...
    assert b.modem().storages["SM"].used == 0  # ... but stored in SR
    assert isinstance(b.modem().storages["SR"].slots[1].pdu, bytes)


def test_zte_cmgr_without_stat() -> None:
    b = pair("zte")
    b.at("AT+CNMI=2,1,0,0,0", "sim1")
    send(b, "zte")
    header, pdu = b.at("AT+CMGR=1", "sim1").split("\r\n")[1:3]
    assert header.startswith("+CMGR: ,,")
    assert decode_pdu(pdu).text == "zte"
    assert b.at("AT+CMGL=4", "sim1").startswith("\r\n+CMGL: 1,1,,")  # CMGL keeps it


def test_telit_stn_after_each_send() -> None:
    b = pair("telit")
    assert send(b).startswith("\r\n+CMGS: 1\r\n")
    b.advance(1)
    assert b.take() == '\r\n#STN: 150,1,""\r\n'


def test_ublox_sim_busy_then_ready() -> None:
    b = Bench([ModemSpec("u", personality="ublox")], latency_scale=1.0)
    b.at("ATE0;+CMEE=2")
    assert b.at("AT+CIMI") == "\r\n+CME ERROR: SIM busy\r\n"
    assert b.at("AT+CPMS?") == "\r\n+CMS ERROR: 314\r\n"
    b.advance(1)
    assert b.at("AT+CIMI").endswith(OK)


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_every_personality_sends_and_receives(name: str) -> None:
    b = pair(name)
    b.at("AT^CURC=0", "sim1")
    b.at("AT+CNMI=2,1,0,0,0", "sim1")
    assert "+CMGS: 1" in send(b, f"via {name}")
    base = PERSONALITIES[name].index_base
    _, pdu = b.at(f"AT+CMGR={base}", "sim1").split("\r\n")[1:3]
    assert decode_pdu(pdu).text == f"via {name}"
