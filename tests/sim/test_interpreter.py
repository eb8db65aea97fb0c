"""modem/sim/interpreter.py: line assembly, echo, results, prompts, URC holding (V.250 §5)."""

from __future__ import annotations

import pytest

from modem.sim.config import ModemSpec
from modem.sim.testing import Bench

OK = "\r\nOK\r\n"


@pytest.fixture
def bench() -> Bench:
    b = Bench(1)
    b.at("ATE0")
    return b


def test_echo_is_on_by_default_and_ate0_turns_it_off() -> None:
    b = Bench(1)
    assert b.at("AT") == "AT\r" + OK
    assert b.at("ATE0") == "ATE0\r" + OK
    assert b.at("AT") == OK
    assert b.at("ATE1") == OK
    assert b.at("AT") == "AT\r" + OK


def test_echo_byte_by_byte_as_gammu_types() -> None:
    b = Bench(1)
    out = "".join(b.send(bytes([c])) for c in b"AT+CGMI\r")
    assert out == "AT+CGMI\r\r\nSimModem\r\n" + OK


def test_backspace_and_linefeed(bench: Bench) -> None:
    assert bench.send(b"AT+CGMX\x08I\r\n") == "\r\nSimModem\r\n" + OK


def test_garbage_before_at_and_non_command_lines(bench: Bench) -> None:
    assert bench.send(b"\x1b\r") == ""
    assert bench.send(b"hello\r") == ""
    assert bench.send(b"xxAT\r") == OK
    assert bench.send(b"at\r") == OK


def test_several_commands_one_final_result(bench: Bench) -> None:
    out = bench.at("AT+CMGF=0;+CNMI=2,1,0,2,0;+CGMI;+CNMI?")
    assert out == "\r\nSimModem\r\n\r\n+CNMI: 2,1,0,2,0\r\n" + OK


def test_error_stops_the_line(bench: Bench) -> None:
    assert bench.at("AT+CMGF=1;+NOPE;+CMGF=0") == "\r\nERROR\r\n"
    assert bench.at("AT+CMGF?") == "\r\n+CMGF: 1\r\n" + OK


def test_unknown_command_error_per_personality() -> None:
    assert Bench(1).at("AT+NOPE") == "AT+NOPE\r\r\nERROR\r\n"
    huawei = Bench([ModemSpec("h", personality="huawei")])
    huawei.at("ATE0")
    assert huawei.at("AT+NOPE") == "\r\nCOMMAND NOT SUPPORT\r\n"
    assert huawei.at("AT^CURC=0") == OK  # a vendor command the generic modem does not know
    assert Bench(1).at("AT^CURC=0").endswith("\r\nERROR\r\n")


def test_v0_numeric_results(bench: Bench) -> None:
    assert bench.at("ATV0") == "0\r"
    assert bench.at("AT+NOPE") == "4\r"
    assert bench.at("AT+CGMI") == "SimModem\r\n0\r"
    assert bench.at("ATV1") == OK


def test_q1_suppresses_results(bench: Bench) -> None:
    assert bench.at("ATQ1") == ""
    assert bench.at("AT+CGMI") == "\r\nSimModem\r\n"
    assert bench.at("ATQ0") == OK


def test_atz_restores_defaults(bench: Bench) -> None:
    bench.at("AT+CMEE=2;+CMGF=1")
    assert bench.at("ATZ") == OK
    echoed = "AT+CMGF?;+CMEE?\r"  # ATZ turned echo back on
    assert bench.at("AT+CMGF?;+CMEE?") == echoed + "\r\n+CMGF: 0\r\n\r\n+CMEE: 0\r\n" + OK


@pytest.mark.parametrize(
    ("cmee", "final"),
    [(0, "ERROR"), (1, "+CME ERROR: 10"), (2, "+CME ERROR: SIM not inserted")],
)
def test_cme_errors_follow_cmee(cmee: int, final: str) -> None:
    b = Bench([ModemSpec("s", sim_inserted=False)])
    b.at("ATE0")
    b.at(f"AT+CMEE={cmee}")
    assert b.at("AT+CIMI") == f"\r\n{final}\r\n"
    assert b.at("AT+CPIN?") == f"\r\n{final}\r\n"


@pytest.mark.parametrize("cmee", [0, 1, 2])
def test_cms_errors_are_numeric_whatever_cmee(cmee: int) -> None:
    b = Bench([ModemSpec("s", sim_inserted=False)])
    b.at("ATE0")
    b.at(f"AT+CMEE={cmee}")
    assert b.at("AT+CPMS?") == "\r\n+CMS ERROR: 310\r\n"


def test_simcom_verbose_cms_with_cmee_2() -> None:
    b = Bench([ModemSpec("s", personality="simcom", sim_inserted=False)])
    b.advance(5)
    b.at("ATE0;+CMEE=2")
    assert b.at("AT+CPMS?") == "\r\n+CMS ERROR: (U)SIM not inserted\r\n"


def test_prompt_escape_cancels(bench: Bench) -> None:
    assert bench.at("AT+CMGS=20") == "\r\n> "
    assert bench.send(b"0011\x1b") == OK
    assert bench.at("AT") == OK


def test_urcs_wait_while_the_prompt_is_open(bench: Bench) -> None:
    bench.at("AT+CREG=1")
    bench.at("AT+CMGS=20")
    bench.modem().reg_stat = 0
    from modem.sim.commands.network import set_registration

    set_registration(bench.modem(), 1)
    assert bench.take() == ""
    assert bench.send(b"\x1b") == OK + "\r\n+CREG: 1\r\n"


def test_prompt_must_end_the_line(bench: Bench) -> None:
    assert bench.at("AT+CMGS=20;+CGMI") == "\r\nERROR\r\n"


def test_latency_delays_the_final_result() -> None:
    from dataclasses import replace

    b = Bench(1, latency_scale=1.0)
    b.at("ATE0")
    modem = b.modem()
    modem.faults.spec = replace(modem.faults.spec, latency=0.5)
    assert b.at("AT") == ""
    b.advance(0.4)
    assert b.take() == ""
    b.advance(0.2)
    assert b.take() == OK


def test_command_log(bench: Bench) -> None:
    bench.at("AT+CGMI")
    assert bench.modem().log[-1] == "AT+CGMI"
