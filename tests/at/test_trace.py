"""format_traffic: readable, PDU hex kept, secrets masked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.at.trace import format_traffic, mask_secrets


def test_line_ends_and_controls_are_visible():
    assert format_traffic(b"\r\nOK\r\n") == "\\r\\nOK\\r\\n"
    assert format_traffic(b"0011000B\x1a") == "0011000B<SUB>"
    assert format_traffic(b"\x1b") == "<ESC>"
    assert format_traffic(b"\x00\xff") == "\\x00\\xff"


def test_direction_prefix():
    assert format_traffic(b"AT\r", ">") == "> AT\\r"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'AT+CPIN="1234"\r', 'AT+CPIN="****"\\r'),
        (b"AT+CPIN=1234\r", "AT+CPIN=****\\r"),
        (b'AT+CPIN="12345678","4321"\r', 'AT+CPIN="********","****"\\r'),
        (b'AT+CLCK="SC",0,"1234"\r', 'AT+CLCK="SC",0,"****"\\r'),
        (b'AT+CPWD="SC","1234","9876"\r', 'AT+CPWD="SC","****","****"\\r'),
        (b'at+cpin="0000"\r', 'at+cpin="****"\\r'),
        (b"\r\n+CPIN: SIM PIN\r\n", "\\r\\n+CPIN: SIM PIN\\r\\n"),
        (b"AT+CPIN?\r", "AT+CPIN?\\r"),
    ],
)
def test_pins_are_masked(data, expected):
    assert format_traffic(data) == expected


def test_mask_only_touches_the_secret_command():
    assert mask_secrets('AT+CPIN="1234"\rAT+CMGS=23\r') == 'AT+CPIN="****"\rAT+CMGS=23\r'


@given(st.binary())
def test_never_raises_and_is_printable(data):
    out = format_traffic(data)
    assert out.isprintable()
