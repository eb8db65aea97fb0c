"""modem/sim/commands/basic.py: identification, PIN/PUK, CMEE, CFUN, CLAC, CSCS (27.007)."""

from __future__ import annotations

from modem.sim.config import ModemSpec
from modem.sim.testing import Bench

OK = "\r\nOK\r\n"


def bench(**spec: object) -> Bench:
    b = Bench([ModemSpec("sim0", **spec)])  # type: ignore[arg-type]
    b.at("ATE0")
    return b


def info(out: str) -> list[str]:
    """The information lines of an answer ending in OK."""
    assert out.endswith(OK), out
    return [line for line in out[: -len(OK)].split("\r\n") if line]


def test_identity_commands_and_their_gmx_aliases() -> None:
    b = bench(personality="quectel", imei="867698040000007")
    for short, extended, value in [
        ("+GMI", "+CGMI", "Quectel"),
        ("+GMM", "+CGMM", "EC25"),
        ("+GMR", "+CGMR", "EC25EFAR06A06M4G"),
        ("+GSN", "+CGSN", "867698040000007"),
    ]:
        assert info(b.at(f"AT{short}")) == [value]
        assert info(b.at(f"AT{extended}")) == [value]
        assert b.at(f"AT{extended}=?") == OK


def test_ati_imsi_iccid() -> None:
    b = bench(imsi="001019876543210", iccid="8901410312345678901")
    assert info(b.at("ATI")) == ["Manufacturer: SimModem", "Model: SM-1", "Revision: 1.0.0"]
    assert info(b.at("AT+CIMI")) == ["001019876543210"]
    assert info(b.at("AT+CCID")) == ["+CCID: 8901410312345678901"]


def test_generated_identities_have_luhn_check_digits() -> None:
    from modem.sim.config import luhn

    b = bench()
    imei = info(b.at("AT+CGSN"))[0]
    assert len(imei) == 15 and luhn(imei[:-1]) == imei


def test_pin_entry_and_attempt_counter() -> None:
    b = bench(pin="1234")
    b.at("AT+CMEE=1")
    assert info(b.at("AT+CPIN?")) == ["+CPIN: SIM PIN"]
    assert b.at("AT+CIMI") == "\r\n+CME ERROR: 11\r\n"
    assert b.at("AT+CPMS?") == "\r\n+CMS ERROR: 311\r\n"
    assert b.at('AT+CPIN="0000"') == "\r\n+CME ERROR: 16\r\n"
    assert info(b.at("AT+CPINR")) == ["+CPINR: SIM PIN,2,3", "+CPINR: SIM PUK,10,10"]
    assert b.at('AT+CPIN="1234"') == OK
    assert info(b.at("AT+CPIN?")) == ["+CPIN: READY"]
    assert info(b.at("AT+CPINR"))[0] == "+CPINR: SIM PIN,3,3"
    assert b.at('AT+CPIN="1234"') == "\r\n+CME ERROR: 3\r\n"  # nothing to enter


def test_three_wrong_pins_need_the_puk() -> None:
    b = bench(pin="1234", puk="87654321")
    b.at("AT+CMEE=2")
    for _ in range(3):
        assert b.at('AT+CPIN="9999"') == "\r\n+CME ERROR: incorrect password\r\n"
    assert info(b.at("AT+CPIN?")) == ["+CPIN: SIM PUK"]
    assert b.at("AT+CIMI") == "\r\n+CME ERROR: SIM PUK required\r\n"
    assert b.at('AT+CPIN="1234"') == "\r\n+CME ERROR: SIM PUK required\r\n"
    assert b.at('AT+CPIN="87654321","4321"') == OK
    assert info(b.at("AT+CPIN?")) == ["+CPIN: READY"]
    b.modem().reboot()
    b.at("ATE0")
    assert b.at('AT+CPIN="4321"') == OK


def test_ten_wrong_puks_block_the_sim() -> None:
    b = bench(pin="1234")
    b.at("AT+CMEE=1")
    for _ in range(3):
        b.at('AT+CPIN="0000"')
    for _ in range(10):
        assert b.at('AT+CPIN="00000000","1111"') == "\r\n+CME ERROR: 16\r\n"
    assert b.at("AT+CPIN?") == "\r\n+CME ERROR: 13\r\n"


def test_pin_is_asked_again_after_reboot() -> None:
    b = bench(pin="1234")
    b.at('AT+CPIN="1234"')
    b.modem().reboot()
    b.at("ATE0")
    assert info(b.at("AT+CPIN?")) == ["+CPIN: SIM PIN"]


def test_no_sim() -> None:
    b = bench(sim_inserted=False)
    b.at("AT+CMEE=1")
    assert b.at("AT+CPIN?") == "\r\n+CME ERROR: 10\r\n"
    assert b.at("AT+CCID") == "\r\n+CME ERROR: 10\r\n"
    assert b.at("AT+CMGS=?") == OK  # test forms need no SIM


def test_cmee_forms() -> None:
    b = bench()
    assert info(b.at("AT+CMEE=?")) == ["+CMEE: (0-2)"]
    assert b.at("AT+CMEE=2") == OK
    assert info(b.at("AT+CMEE?")) == ["+CMEE: 2"]
    assert b.at("AT+CMEE=3") == "\r\nERROR\r\n"


def test_cfun_deregisters_and_reregisters() -> None:
    b = bench()
    b.at("AT+CREG=1")
    assert info(b.at("AT+CFUN?")) == ["+CFUN: 1"]
    assert info(b.at("AT+CFUN=?")) == ["+CFUN: (0,1,4),(0-1)"]
    assert b.at("AT+CFUN=4") == OK + "\r\n+CREG: 0\r\n"
    assert info(b.at("AT+CSQ")) == ["+CSQ: 99,99"]
    assert b.at("AT+CFUN=1") == OK + "\r\n+CREG: 1\r\n"
    assert b.at("AT+CFUN=7") == "\r\nERROR\r\n"


def test_cfun_reset_reboots() -> None:
    b = Bench([ModemSpec("s", personality="simcom")], latency_scale=0.01)
    b.advance(1)
    b.at("ATE0;+CMGF=1")
    assert b.at("AT+CFUN=1,1") == OK
    out = b.at("AT", settle=5)
    assert "RDY" in out and "SMS Ready" in out
    assert b.at("AT+CMGF?").endswith("+CMGF: 0\r\n" + OK)  # defaults after the reboot


def test_clac_lists_commands_and_simcom_has_none() -> None:
    lines = info(bench().at("AT+CLAC"))
    assert "AT+CMGS" in lines and "AT+CPMS" in lines and "AT^CURC" not in lines
    assert "AT^CURC" in info(bench(personality="huawei").at("AT+CLAC"))
    b = Bench([ModemSpec("s", personality="simcom")])
    b.advance(5)
    assert b.at("AT+CLAC").endswith("\r\nERROR\r\n")


def test_cscs() -> None:
    b = bench()
    assert info(b.at("AT+CSCS=?")) == ['+CSCS: ("IRA","GSM","UCS2","8859-1")']
    assert info(b.at("AT+CSCS?")) == ['+CSCS: "IRA"']
    assert b.at('AT+CSCS="UCS2"') == OK
    ucs2 = "002B" + "".join(f"003{d}" for d in "15550000000")
    assert info(b.at("AT+CSCA?")) == [f'+CSCA: "{ucs2}",145']
    assert b.at('AT+CSCS="KOI8"') == "\r\nERROR\r\n"
    b.at("AT+CMEE=1")
    assert b.at('AT+CSCS="KOI8"') == "\r\n+CME ERROR: 4\r\n"


def test_call_related_commands_python_gsmmodem_sends() -> None:
    b = bench()
    assert b.at("AT+CLIP=1;+CRC=1;+CVHU=0") == OK
    assert info(b.at("AT+CLIP?")) == ["+CLIP: 1"]


def test_ublox_sim_busy_after_power_up() -> None:
    b = Bench([ModemSpec("u", personality="ublox")], latency_scale=1.0)
    b.at("ATE0;+CMEE=1")
    assert b.at("AT+CPIN?") == "\r\n+CME ERROR: 14\r\n"
    b.advance(1)
    assert info(b.at("AT+CPIN?")) == ["+CPIN: READY"]
