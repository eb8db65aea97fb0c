"""USSD texts: CBS data coding (TS 23.038 §5), packed GSM 7-bit hex (Huawei), UCS2 hex."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.at import AtProtocol
from modem.at.info import parse_cusd
from modem.at.ussd import UssdAlphabet, decode_ussd, encode_ussd, ussd_alphabet, ussd_command


@pytest.mark.parametrize(
    ("dcs", "alphabet"),
    [
        (0x0F, UssdAlphabet.GSM7),  # language unspecified: what networks send most
        (0x00, UssdAlphabet.GSM7),  # German
        (0x10, UssdAlphabet.GSM7),  # GSM 7 bit with language indication
        (0x11, UssdAlphabet.UCS2),  # UCS2 with language indication
        (0x20, UssdAlphabet.GSM7),  # Czech
        (0x40, UssdAlphabet.GSM7),
        (0x44, UssdAlphabet.DATA_8BIT),
        (0x48, UssdAlphabet.UCS2),  # 72: UCS2, seen from many networks
        (0x94, UssdAlphabet.DATA_8BIT),  # with UDH
        (0xF0, UssdAlphabet.GSM7),
        (0xF4, UssdAlphabet.DATA_8BIT),
        (0x80, UssdAlphabet.GSM7),  # reserved
    ],
)
def test_ussd_alphabet(dcs, alphabet):
    assert ussd_alphabet(dcs) is alphabet


def test_huawei_packed_request():
    # "*100#" packed as GSM 7-bit is AA180C3602: the form Huawei sticks want (gammu
    # F_ENCODED_USSD).
    assert encode_ussd("*100#", packed=True) == "AA180C3602"
    assert ussd_command("*100#", packed=True) == 'AT+CUSD=1,"AA180C3602",15'
    assert ussd_command("*100#") == 'AT+CUSD=1,"*100#",15'
    assert decode_ussd("AA180C3602", 15, packed=True) == "*100#"


def test_ucs2_answers():
    assert decode_ussd("00420061006C0061006E00630065", 72) == "Balance"
    assert decode_ussd("0041", 15, charset="UCS2") == "A"
    assert decode_ussd("04110430043B0430043D0441", 0x48) == "Баланс"


def test_ucs2_with_language_indication():
    # dcs 0x11: two octets of packed GSM 7-bit language ("en" = 0x65 0x37), then UCS2.
    raw = "6537" + "Grüße 😀".encode("utf-16-be").hex().upper()
    assert decode_ussd(raw, 0x11) == "Grüße 😀"


def test_plain_texts_stay():
    assert decode_ussd("Your balance is 5.00", 15) == "Your balance is 5.00"
    assert decode_ussd("1234", 15) == "1234"  # hex digits, but GSM text and not packed
    assert decode_ussd("2000", 72) == "2000"  # U+2000 is not printable text: keep it
    assert decode_ussd("ABC", 72) == "ABC"
    assert decode_ussd("", 15, packed=True) == ""


def test_urc_to_text():
    p = AtProtocol()
    p.receive_data(b'\r\n+CUSD: 0,"AA180C3602",15\r\n')
    ussd = parse_cusd(p.next_event().value)
    assert decode_ussd(ussd.text, ussd.dcs, packed=True) == "*100#"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 *#.,:"))
def test_packed_round_trip(text):
    assert decode_ussd(encode_ussd(text, packed=True), 15, packed=True) == text


@given(st.text(), st.integers(0, 255), st.booleans(), st.sampled_from(["GSM", "UCS2", "IRA"]))
def test_decode_never_raises(text, dcs, packed, charset):
    decode_ussd(text, dcs, packed=packed, charset=charset)
