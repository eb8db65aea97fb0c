"""Tests for modem/sms/ucs2.py: UTF-16BE user data with surrogate pairs, tolerant decoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.errors import EncodeError
from modem.sms import ucs2


def test_bmp_and_emoji() -> None:
    assert ucs2.encode_ucs2("Привет") == bytes.fromhex("041F04400438043204350442")
    # U+1F600 as the surrogate pair D83D DE00 (Unicode 15 §3.9, UTF-16).
    assert ucs2.encode_ucs2("😀") == bytes.fromhex("D83DDE00")
    assert ucs2.decode_ucs2(bytes.fromhex("D83DDE00")) == "😀"
    assert ucs2.utf16_units("a😀") == 3


def test_lone_surrogate_decodes_to_replacement() -> None:
    # A concatenated message split inside a pair leaves half of it in each part.
    assert ucs2.decode_ucs2(bytes.fromhex("0041D83D")) == "A\ufffd"
    assert ucs2.decode_ucs2(bytes.fromhex("DE000042")) == "\ufffdB"


def test_any_buffer() -> None:
    data = bytes.fromhex("00410042")
    assert ucs2.decode_ucs2(bytearray(data)) == ucs2.decode_ucs2(memoryview(data)) == "AB"


def test_odd_length_decodes_whole_units() -> None:
    assert ucs2.decode_ucs2(bytes.fromhex("004100")) == "A"
    assert ucs2.decode_ucs2(b"") == ""
    assert ucs2.decode_ucs2(b"\x00") == ""


def test_lone_surrogate_in_text_is_an_encode_error() -> None:
    with pytest.raises(EncodeError, match="index 1"):
        ucs2.encode_ucs2("a\ud800")


@given(st.text())
def test_round_trip(text: str) -> None:
    data = ucs2.encode_ucs2(text)
    assert len(data) == 2 * ucs2.utf16_units(text)
    assert ucs2.decode_ucs2(data) == text


@given(st.binary(max_size=300))
def test_decode_never_raises(data: bytes) -> None:
    assert len(ucs2.decode_ucs2(data)) <= len(data) // 2
