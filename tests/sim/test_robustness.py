"""The interpreter never breaks on what a terminal types: every command in every form answers
with one final result, and random bytes never raise (hypothesis)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modem.sim.commands import load
from modem.sim.config import ModemSpec
from modem.sim.personalities import PERSONALITIES
from modem.sim.testing import Bench

FINALS = ("OK", "ERROR", "+CME ERROR", "+CMS ERROR", "COMMAND NOT SUPPORT")


def _final(out: str) -> str:
    lines = [line for line in out.split("\r\n") if line]
    return lines[-1] if lines else ""


@pytest.mark.parametrize("cmgf", [0, 1])
@pytest.mark.parametrize("suffix", ["", "?", "=?", "=1", '="SM",2,x', "=,,"])
def test_every_command_in_every_form_answers(
    cmgf: int, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="modem.sim")
    for personality in ("generic", "huawei"):
        b = Bench([ModemSpec("s", personality=personality), ModemSpec("t")])
        b.at(f"ATE0;+CMGF={cmgf};^CURC=0")
        for name in sorted(load()):
            if name in ("+CFUN", "Z", "&F", "E", "V", "Q"):
                continue  # change how the rest answers; tested on their own
            out = b.at(f"AT{name}{suffix}", settle=0.1)
            if out.endswith("> "):
                out = b.send(b"\x1b")
            assert _final(out).startswith(FINALS), (name, suffix, out)
    assert not caplog.records, [r.getMessage() for r in caplog.records]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    personality=st.sampled_from(sorted(PERSONALITIES)),
    chunks=st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.sampled_from(
                [
                    b"AT+CMGS=20\r",
                    b"AT+CMGF=1\r",
                    b'AT+CMGS="+15550000002"\r',
                    b"\x1a",
                    b"\x1b",
                    b"AT+CMGL=4\r",
                    b"AT+CNMA\r",
                    b"AT+CSMS=1;+CNMI=2,2,0,1,0\r",
                    b"00\x1a",
                    b'AT+CUSD=1,"*101#",15\r',
                    b"ATV0\r",
                    b"AT+CMGD=1,4\r",
                ]
            ),
        ),
        max_size=20,
    ),
)
def test_random_input_never_raises(personality: str, chunks: list[bytes]) -> None:
    b = Bench([ModemSpec("s", personality=personality), ModemSpec("t")])
    for chunk in chunks:
        b.send(chunk, settle=0.5)
    b.modem().receive_data(b"\x1b\rAT\r")
    b.advance(20)
