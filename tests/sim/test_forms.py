"""The `=?` (test) and `?` (read) forms of every command issue 3 lists, on a generic modem
with AT+CMEE=1, in PDU mode: what each answers, or the error it gives where the spec defines
no such form (V.250 §5.4.2-5.4.3, TS 27.007, TS 27.005 command syntax tables)."""

from __future__ import annotations

import pytest

from modem.sim.config import ModemSpec
from modem.sim.testing import Bench

OK = "\r\nOK\r\n"
ERROR = "\r\nERROR\r\n"

# command: (answer to "=?", answer to "?"); a str is the whole output, a list the info lines
# of an answer that ends in OK.
FORMS: dict[str, tuple[list[str] | str, list[str] | str]] = {
    "+CGMI": ([], ERROR),
    "+CGMM": ([], ERROR),
    "+CGMR": ([], ERROR),
    "+CGSN": ([], ERROR),
    "+GMI": ([], ERROR),
    "+GMM": ([], ERROR),
    "+GMR": ([], ERROR),
    "+GSN": ([], ERROR),
    "+CIMI": ([], ERROR),
    "+CPIN": ([], ["+CPIN: READY"]),
    "+CMEE": (["+CMEE: (0-2)"], ["+CMEE: 1"]),
    "+CFUN": (["+CFUN: (0,1,4),(0-1)"], ["+CFUN: 1"]),
    "+CSQ": (["+CSQ: (0-31,99),(0-7,99)"], ERROR),
    "+CREG": (["+CREG: (0-2)"], ["+CREG: 0,1"]),
    "+CGREG": (["+CGREG: (0-2)"], ["+CGREG: 0,1"]),
    "+CEREG": (["+CEREG: (0-2)"], ["+CEREG: 0,1"]),
    "+COPS": (['+COPS: (2,"SimNet","SimNet","00101",7),,(0-4),(0-2)'], ['+COPS: 0,0,"SimNet",7']),
    "+CSCS": (['+CSCS: ("IRA","GSM","UCS2","8859-1")'], ['+CSCS: "IRA"']),
    "+CSCA": ([], ['+CSCA: "+15550000000",145']),
    "+CSMS": (["+CSMS: (0,1)"], ["+CSMS: 0,1,1,1"]),
    "+CMGF": (["+CMGF: (0,1)"], ["+CMGF: 0"]),
    "+CSMP": ([], ["+CSMP: 17,167,0,0"]),
    "+CPMS": (
        ['+CPMS: ("SM","ME","SR"),("SM","ME"),("SM","ME")'],
        ['+CPMS: "SM",0,30,"SM",0,30,"SM",0,30'],
    ),
    "+CNMI": (["+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"], ["+CNMI: 0,0,0,0,0"]),
    "+CNMA": (["+CNMA: (0-2)"], "\r\n+CMS ERROR: 302\r\n"),
    "+CMGS": ([], "\r\n+CMS ERROR: 302\r\n"),
    "+CMGW": ([], "\r\n+CMS ERROR: 304\r\n"),
    "+CMSS": ([], "\r\n+CMS ERROR: 302\r\n"),
    "+CMGL": (["+CMGL: (0-4)"], "\r\n+CMS ERROR: 302\r\n"),
    "+CMGR": ([], "\r\n+CMS ERROR: 302\r\n"),
    "+CMGD": (["+CMGD: (),(0-4)"], "\r\n+CMS ERROR: 302\r\n"),
    "+CUSD": (["+CUSD: (0-2)"], ["+CUSD: 0"]),
    "+CLAC": ([], ERROR),
}


def expected(answer: list[str] | str) -> str:
    if isinstance(answer, str):
        return answer
    return "".join(f"\r\n{line}\r\n" for line in answer) + OK


@pytest.fixture(scope="module")
def bench() -> Bench:
    b = Bench([ModemSpec("sim0")])
    b.at("ATE0;+CMEE=1")
    return b


@pytest.mark.parametrize("name", sorted(FORMS))
def test_test_and_read_forms(bench: Bench, name: str) -> None:
    test, read = FORMS[name]
    assert bench.at(f"AT{name}=?") == expected(test)
    assert bench.at(f"AT{name}?") == expected(read)


def test_every_listed_command_is_in_clac(bench: Bench) -> None:
    out = bench.at("AT+CLAC")
    assert out.endswith(OK)
    listed = set(out[: -len(OK)].split())
    assert {f"AT{name}" for name in FORMS} <= listed


@pytest.mark.parametrize("line", ["AT+FOO", "AT+FOO?", "AT+FOO=?", "AT+FOO=1", "ATY", "AT^CURC=0"])
def test_unknown_commands_answer_error_in_every_cmee_mode(line: str) -> None:
    b = Bench([ModemSpec("sim0")])
    for cmee in (0, 1, 2):
        b.at(f"ATE0;+CMEE={cmee}")
        assert b.at(line) == ERROR


@pytest.mark.parametrize(
    ("personality", "cmee", "cme", "cms"),
    [
        ("generic", 0, "ERROR", "+CMS ERROR: 321"),
        ("generic", 1, "+CME ERROR: 16", "+CMS ERROR: 321"),
        ("generic", 2, "+CME ERROR: incorrect password", "+CMS ERROR: 321"),
        ("simcom", 2, "+CME ERROR: incorrect password", "+CMS ERROR: invalid memory index"),
    ],
)
def test_errors_in_each_cmee_mode(personality: str, cmee: int, cme: str, cms: str) -> None:
    """27.007 §9.1: CMEE decides how +CME ERROR reads; +CMS ERROR (27.005 §3.2.5) is numeric
    whatever CMEE says, except on firmware that prints its text with CMEE=2 (SIMCom)."""
    b = Bench([ModemSpec("sim0", personality=personality, pin="1234")], latency_scale=0.0)
    b.advance(5)
    b.at(f"ATE0;+CMEE={cmee}")
    b.take()
    assert b.at('AT+CPIN="0000"') == f"\r\n{cme}\r\n"
    assert b.at('AT+CPIN="1234"') == OK
    assert b.at("AT+CMGR=99") == f"\r\n{cms}\r\n"
