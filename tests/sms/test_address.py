"""modem/sms/address.py: TP addresses and the SMSC field (TS 23.040 §9.1.2.5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.errors import AddressError, PduError
from modem.sms.address import (
    Address,
    NumberingPlan,
    TypeOfNumber,
    decode_address,
    decode_smsc,
    encode_address,
    encode_smsc,
)

# python-gsmmodem test/test_pdu.py TestSmsPduAddressFields / TestSmsPduSmscFields
TP_ADDRESSES = [
    ("0A918967452301", Address("9876543210", TypeOfNumber.INTERNATIONAL)),
    ("099189674523F1", Address("987654321", TypeOfNumber.INTERNATIONAL)),
    ("0B917228195339F4", Address("27829135934", TypeOfNumber.INTERNATIONAL)),
    ("06D061F118", Address("abc", TypeOfNumber.ALPHANUMERIC, NumberingPlan.UNKNOWN)),
    ("0ED04669D0397C26A7", Address("FRANCOIS", TypeOfNumber.ALPHANUMERIC, NumberingPlan.UNKNOWN)),
    ("14D0E10D6FE3DBA036A94D19",
     Address("a[]{}€", TypeOfNumber.ALPHANUMERIC, NumberingPlan.UNKNOWN)),
    ("0AA11092997856", Address("0129998765", TypeOfNumber.NATIONAL)),
]  # fmt: skip
SMSC_ADDRESSES = [
    ("06918967452301", Address("9876543210", TypeOfNumber.INTERNATIONAL)),
    ("069189674523F1", Address("987654321", TypeOfNumber.INTERNATIONAL)),
    ("06917228195339", Address("2782913593", TypeOfNumber.INTERNATIONAL)),
]


@pytest.mark.parametrize(("hex_field", "address"), TP_ADDRESSES)
def test_tp_address(hex_field: str, address: Address) -> None:
    data = bytes.fromhex(hex_field)
    assert decode_address(data + b"\x00\x32", 0) == (address, len(data))
    assert encode_address(address) == data


@pytest.mark.parametrize(("hex_field", "address"), SMSC_ADDRESSES)
def test_smsc_address(hex_field: str, address: Address) -> None:
    data = bytes.fromhex(hex_field)
    assert decode_smsc(data + b"\x00\x00", 0) == (address, len(data))
    assert encode_smsc(address) == data


def test_seven_character_alphanumeric_has_no_trailing_at() -> None:
    # 7 septets = 49 bits: 13 semi-octets, not 14 (the trailing '@' bug of other libraries).
    address = Address.parse("Telekom")
    raw = encode_address(address)
    assert raw[0] == 13
    assert decode_address(raw, 0)[0] == address
    assert str(decode_address(raw, 0)[0]) == "Telekom"


def test_eleven_character_alphanumeric() -> None:
    address = Address.parse("ABCDEFGHIJK")
    raw = encode_address(address)
    assert raw[0] == 20 and len(raw) == 12
    assert decode_address(raw, 0)[0] == address


def test_parse() -> None:
    assert Address.parse("+47 123-45678") == Address("4712345678", TypeOfNumber.INTERNATIONAL)
    assert str(Address.parse("+47 123-45678")) == "+4712345678"
    assert Address.parse("12345") == Address("12345")
    assert Address.parse("*100#").number == "*100#"
    assert Address.parse("MyBank").ton is TypeOfNumber.ALPHANUMERIC
    for bad in ("", "+", "+12a", "A" * 12, "ab\u4e2d", "1" * 21):
        with pytest.raises(AddressError):
            Address.parse(bad)


def test_empty_smsc_is_00() -> None:
    assert encode_smsc(None) == b"\x00"
    assert decode_smsc(b"\x00\x04", 0) == (None, 1)


def test_absurd_lengths_are_errors() -> None:
    with pytest.raises(PduError, match="more than 20"):
        decode_address(bytes.fromhex("159112"), 0)
    with pytest.raises(PduError, match="past the end"):
        decode_address(bytes.fromhex("0B9112"), 0)
    with pytest.raises(PduError, match="more than 11"):
        decode_smsc(bytes.fromhex("0C91"), 0)


@given(st.text("0123456789*#abc", max_size=20), st.sampled_from(TypeOfNumber),
       st.sampled_from(NumberingPlan))  # fmt: skip
def test_digit_round_trip(number: str, ton: TypeOfNumber, npi: NumberingPlan) -> None:
    if ton is TypeOfNumber.ALPHANUMERIC:
        ton = TypeOfNumber.UNKNOWN
    address = Address(number, ton, npi)
    raw = encode_address(address)
    assert decode_address(raw, 0) == (address, len(raw))


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ@ 0123456789", min_size=1, max_size=11))
def test_alphanumeric_round_trip(name: str) -> None:
    address = Address(name, TypeOfNumber.ALPHANUMERIC, NumberingPlan.UNKNOWN)
    raw = encode_address(address)
    assert decode_address(raw, 0) == (address, len(raw))
    smsc = encode_smsc(address)
    decoded, _ = decode_smsc(smsc + b"\x00", 0)
    # The SMSC field counts octets, so a name ending in '@' (septet 0) can gain one more '@'
    # from the padding; the TP address counts semi-octets and never does.
    assert decoded is not None and decoded.number.startswith(name)


def test_alphanumeric_smsc_that_does_not_fit_is_an_address_error() -> None:
    # TS 24.011 §8.2.5.2: at most 10 octets after the type octet (11 septets packed).
    assert decode_smsc(encode_smsc(Address("ABCDEFGHIJK", TypeOfNumber.ALPHANUMERIC)))[0] == (
        Address("ABCDEFGHIJK", TypeOfNumber.ALPHANUMERIC, NumberingPlan.ISDN)
    )
    with pytest.raises(AddressError, match="too long"):
        encode_smsc(Address("ABCDEFGHIJKL", TypeOfNumber.ALPHANUMERIC))
    with pytest.raises(AddressError, match="not in the GSM 7-bit alphabet"):
        encode_smsc(Address("Ж", TypeOfNumber.ALPHANUMERIC))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("+123456789012345678901", "has 21 digits, more than the 20 an SMS address holds "
         "(TS 23.040 §9.1.2.5; an E.164 number has at most 15)"),
        ("123456789012345678901", "has 21 digits, more than the 20"),
        ("+", "has no digits after the '+'"),
        ("+47 12x45", "'x' is not a digit (only digits may follow the '+')"),
        ("+٤٧١٢٣", "'٤' is not a digit"),
        ("", "empty address"),
        ("MyVeryLongBankName", "has 18 characters, more than the 11 an SMS address holds"),
        ("Bank中", "'中' is not in the GSM 7-bit alphabet"),
        ("€€€€€€", "takes 12 septets"),
    ],
)  # fmt: skip
def test_parse_says_what_is_wrong(typed: str, words: str) -> None:
    with pytest.raises(AddressError) as err:
        Address.parse(typed)
    assert words in str(err.value)
    # a number with too many digits is not called "not an international number"
    if "digits," in words:
        assert "not an international number" not in str(err.value)


def test_encoder_messages_name_the_character_and_the_limit() -> None:
    with pytest.raises(AddressError, match="'x' cannot be sent as a digit"):
        encode_address(Address("12x4"))
    with pytest.raises(AddressError, match="has 21 digits, more than the 20"):
        encode_address(Address("1" * 21))
    with pytest.raises(AddressError, match="has 21 digits, more than the 20"):
        encode_smsc(Address("1" * 21, TypeOfNumber.INTERNATIONAL))
    with pytest.raises(AddressError, match=r"SMSC name 'ABCDEFGHIJKL' is too long: .* holds 10"):
        encode_smsc(Address("ABCDEFGHIJKL", TypeOfNumber.ALPHANUMERIC))
