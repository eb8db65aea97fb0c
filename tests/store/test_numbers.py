"""Numbers in normal form and the trailing-digits rule reports are matched with."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.store.numbers import normal, same_number


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("+491511234567", "01511234567"),  # international vs national (trunk 0)
        ("+49 151 1234567", "+491511234567"),
        ("00491511234567", "+491511234567"),  # 00 international prefix
        ("+12125551234", "2125551234"),  # NANP: no trunk prefix
        ("+39061234567", "061234567"),  # Italy keeps the 0 after the country code
        ("4242", "4242"),  # a short code, exactly
        ("Vodafone", "VODAFONE"),
    ],
)
def test_same_number(a: str, b: str) -> None:
    assert same_number(a, b)
    assert same_number(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("+491511234567", "+491511234568"),
        ("4242", "14242"),  # short codes never match by their tail
        ("+491511234567", "234567"),  # too short a tail to say
        ("Vodafone", "+491511234567"),
        ("Info", "XInfo"),
    ],
)
def test_different_numbers(a: str, b: str) -> None:
    assert not same_number(a, b)


def test_normal_form() -> None:
    assert normal("+49 (151) 123-4567") == "491511234567"
    assert normal("0151 1234567") == "1511234567"
    assert normal("My Shop") == "a:myshop"


@given(
    st.from_regex(r"[1-9][0-9]{6,12}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{0,2}", fullmatch=True),
)
def test_national_matches_international(national: str, country: str) -> None:
    assert same_number(f"+{country}{national}", f"0{national}")
