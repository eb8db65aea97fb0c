"""`modem at`: one raw AT command, the answer printed; a SIM that wants its PUK can be given it;
PINs and PUKs never appear in traces or messages."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator

import pytest

from modem.sim import FaultSpec, ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

from .conftest import port, process, run


def test_the_answer_is_printed(served) -> None:
    code, out, err = run("at", "--port", port(served, "sim0"), "AT+CSQ")
    assert code == 0, err
    assert out == "+CSQ: 20,99\nOK\n"
    code, out, err = run("at", "--port", port(served, "sim0"), "AT+CGMI;+CGMM", "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "type": "at.response",
        "command": "AT+CGMI;+CGMM",
        "lines": ["SimModem", "SM-1"],
        "result": "OK",
        "ok": True,
        "code": None,
    }


def test_an_error_answer_exits_1(served) -> None:
    code, out, err = run("at", "--port", port(served, "sim0"), "AT+CMGR=999")
    assert code == 1, (out, err)
    assert (
        out.startswith("+CMS ERROR") and err.startswith("error: AT+CMGR") and err.count("\n") == 1
    )
    code, out, _ = run("at", "--port", port(served, "sim0"), "AT+NOSUCH", "--json")
    assert code == 1 and json.loads(out)["ok"] is False


def test_a_blocked_sim_is_unblocked_with_its_puk(served) -> None:
    blocked = port(served, "blocked")
    for _ in range(3):
        code, out, _ = run("at", "--port", blocked, 'AT+CPIN="0000"')
        assert code == 1 and "ERROR" in out
    code, _, refused = run("info", "--port", blocked)
    assert code == 2 and "wants its PUK" in refused
    code, out, err = run("at", "--port", blocked, "AT+CPIN?")
    assert code == 0 and out == "+CPIN: SIM PUK\nOK\n", err
    # the error says what to type; typed as it says (the PUK from the card, a new PIN), it works
    advice = f'modem at --port {blocked} \'AT+CPIN="PUK","NEWPIN"\''
    assert advice in refused, refused
    typed = shlex.split(advice.replace("PUK", "12345678").replace("NEWPIN", "4321"))
    code, out, err = run(*typed[1:])
    assert code == 0 and out == "OK\n", err
    code, out, err = run("info", "--port", blocked, "--json")
    assert code == 0, err
    assert json.loads(out)["imsi"]


def traced(*args: str) -> tuple[int, str, str]:
    """`modem at -v ...` as a real process: its log goes to its own stderr."""
    running = process("at", "-v", *args)
    out, err = running.communicate(timeout=60)
    return running.returncode, out, err


def test_pins_and_puks_are_masked_in_the_trace(served) -> None:
    locked = port(served, "locked")
    code, out, err = traced("--port", locked, 'AT+CPIN="1234"', "--json")
    assert code == 0, err
    assert json.loads(out)["command"] == 'AT+CPIN="****"'
    assert 'AT+CPIN="****"' in err and "1234" not in err
    for line in ('AT+CPIN="12345678","5678"', "AT+CPIN=12345678,5678", 'AT+CLCK="SC",0,"5678"'):
        code, out, err = traced("--port", locked, line)
        assert "5678" not in err and "12345678" not in err, err
        assert "****" in err


def test_what_cannot_be_sent_is_refused_before_the_port_is_opened() -> None:
    nowhere = "/dev/nonexistent-modem"
    for command, message in [
        ("CSQ", "starts with AT"),
        ("AT+CMGS=23", "use `modem send`"),
        ("AT\rAT", "one command line"),
    ]:
        code, _, err = run("at", "--port", nowhere, command)
        assert code == 2 and message in err and err.count("\n") == 1, err
    code, _, err = run("at", "--port", nowhere, "--pin", "1234", "AT")
    assert code == 2 and "enters no PIN" in err


@pytest.fixture
def hangs() -> Iterator[Served]:
    """A modem that answers one command, then nothing until it is power-cycled."""
    spec = ModemSpec("hangs", faults=FaultSpec(hang_after=1))
    with serve_in_thread(SimConfig(modems=[spec], latency_scale=0.0)) as served:
        yield served


def test_a_command_without_answer_never_shows_its_pin(hangs) -> None:
    code, _, err = traced("--port", port(hangs, "hangs"), 'AT+CPIN="9876"', "--timeout", "0.3")
    assert code == 2, err
    assert "no answer" in err.splitlines()[-1]
    assert "9876" not in err and 'AT+CPIN="****"' in err
