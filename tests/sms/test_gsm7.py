"""Tests for modem/sms/gsm7.py: the default alphabet, extension table, packing, CR padding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms import gsm7

ALL_DEFAULT = "".join(c for c in gsm7.DEFAULT_ALPHABET if c != "\x1b")
ALL_CHARS = ALL_DEFAULT + "".join(gsm7.DEFAULT_EXTENSION.values())
gsm_text = st.text(alphabet=ALL_CHARS, max_size=200)


# --- the tables (TS 23.038 §6.2.1, §6.2.1.1; research notes sms.md §6.3) ------------------------


@pytest.mark.parametrize(
    ("septet", "char"),
    [
        (0x00, "@"),
        (0x01, "£"),
        (0x02, "$"),
        (0x09, "Ç"),  # capital C cedilla in 23.038 (older tables: lowercase)
        (0x0A, "\n"),
        (0x0D, "\r"),
        (0x10, "Δ"),
        (0x11, "_"),
        (0x1A, "Ξ"),
        (0x24, "¤"),  # currency sign, not '$'
        (0x40, "¡"),
        (0x5F, "§"),
        (0x60, "¿"),
        (0x7F, "à"),
    ],
)
def test_default_alphabet_positions(septet: int, char: str) -> None:
    assert gsm7.decode_septets([septet]) == char
    assert gsm7.encode_septets(char) == [septet]


@pytest.mark.parametrize(
    ("code", "char"),
    [
        (0x0A, "\x0c"),
        (0x14, "^"),
        (0x28, "{"),
        (0x29, "}"),
        (0x2F, "\\"),
        (0x3C, "["),
        (0x3D, "~"),
        (0x3E, "]"),
        (0x40, "|"),
        (0x65, "€"),
    ],
)
def test_extension_table(code: int, char: str) -> None:
    assert gsm7.encode_septets(char) == [0x1B, code]
    assert gsm7.decode_septets([0x1B, code]) == char
    assert gsm7.septet_count(char) == 2


def test_tables_are_complete_and_unique() -> None:
    assert len(gsm7.DEFAULT_ALPHABET) == 128
    assert len(set(ALL_CHARS)) == len(ALL_CHARS) == 127 + 10


def test_unknown_escape_decodes_to_default_character() -> None:
    # TS 23.038 §6.2.1.1: a code missing from the extension table shows the main-table char.
    assert gsm7.decode_septets([0x1B, 0x41]) == "A"
    assert gsm7.decode_septets([0x1B, 0x0D]) == "\r"  # CR2, reserved


def test_ss2_and_trailing_escape_decode_to_space() -> None:
    assert gsm7.decode_septets([0x41, 0x1B, 0x1B, 0x42]) == "A B"
    assert gsm7.decode_septets([0x41, 0x1B]) == "A "
    assert gsm7.decode_septets([0x1B, 0x1B, 0x1B, 0x65]) == " €"
    assert gsm7.decode_septets([0x1B]) == " "


def test_encode_error_names_character_and_index() -> None:
    with pytest.raises(EncodeError, match=r"'Ж' at index 4 is not in the GSM 7-bit alphabet"):
        gsm7.encode_septets("abcdЖ")
    assert gsm7.septet_count("abcdЖ") is None
    with pytest.raises(EncodeError):
        gsm7.encode_septets("\x1b")  # the escape itself is not a character


def test_decode_rejects_out_of_range_values() -> None:
    with pytest.raises(PduError, match="index 1"):
        gsm7.decode_septets([0x41, 0x80])
    with pytest.raises(PduError):
        gsm7.decode_septets([0x41, 300])
    with pytest.raises(PduError):
        gsm7.decode_septets(b"\x1b\xff")


def test_unknown_national_table_decodes_with_default() -> None:
    assert gsm7.decode_septets([0x41], locking=99, single=99) == "A"
    with pytest.raises(EncodeError):
        gsm7.encode_septets("A", locking=99)


# --- packing (TS 23.038 §6.1.2.1.1) ------------------------------------------------------------


def test_hellohello_vector() -> None:
    # The classic example of GSM 03.38 packing (dreamfabric.com "SMS and the PDU format").
    packed = bytes.fromhex("E8329BFD4697D9EC37")
    assert gsm7.pack_septets(gsm7.encode_septets("hellohello")) == packed
    assert gsm7.decode_septets(gsm7.unpack_septets(packed, 10)) == "hellohello"


def test_how_are_you_deliver_user_data() -> None:
    # User data of the SMS-DELIVER 07911326040000F0040B911346610089F60000208062917314080C
    # C8F71D14969741F977FD07 (same source): TP-UDL 0x0C.
    ud = bytes.fromhex("C8F71D14969741F977FD07")
    assert gsm7.decode_septets(gsm7.unpack_septets(ud, 12)) == "How are you?"


def test_ussd_star_100_hash() -> None:
    # AT+CUSD=1,"AA180C3602",15: the packed "*100#" seen in modem manuals and forum logs.
    assert gsm7.pack_septets(gsm7.encode_septets("*100#")) == bytes.fromhex("AA180C3602")
    assert gsm7.decode_septets(gsm7.unpack_all(bytes.fromhex("AA180C3602"))) == "*100#"


def test_160_septets_fit_140_octets() -> None:
    assert len(gsm7.pack_septets([0x41] * 160)) == 140


def test_cr_fills_seven_spare_bits() -> None:
    # 7 septets = 49 bits: 7 spare bits in the 7th octet hold CR (§6.1.2.3.1), not zeros.
    packed = gsm7.pack_septets(gsm7.encode_septets("1234567"))
    assert len(packed) == 7
    assert packed[-1] >> 1 == 0x0D
    assert gsm7.unpack_all(packed) == gsm7.encode_septets("1234567")
    assert gsm7.unpack_septets(packed, 7) == gsm7.encode_septets("1234567")
    # With a UDH: 6 fill bits + 7 * 1 septet = 13 bits: no 7 spare bits, nothing added.
    assert gsm7.pack_septets([0x41], fill_bits=6) == bytes((0x40, 0x10))


def test_trailing_at_is_kept_with_a_count() -> None:
    # 0x00 is '@': with the septet count known, a trailing '@' is real.
    packed = gsm7.pack_septets(gsm7.encode_septets("abc@"))
    assert gsm7.decode_septets(gsm7.unpack_septets(packed, 4)) == "abc@"
    packed = gsm7.pack_septets(gsm7.encode_septets("abcdefg@"))
    assert gsm7.decode_septets(gsm7.unpack_all(packed)) == "abcdefg@"


def test_pack_for_ussd_doubles_final_cr_on_octet_boundary() -> None:
    text = "abcdefg\r"  # 8 septets = 7 octets exactly, ending with CR
    packed = gsm7.pack_for_ussd(text)
    assert len(packed) == 8
    assert gsm7.decode_septets(gsm7.unpack_all(packed)) == "abcdefg\r\r"
    # without the rule the wanted CR would be taken for padding:
    assert gsm7.decode_septets(gsm7.unpack_all(gsm7.pack_septets(b"abcdefg\r"))) == "abcdefg"
    assert gsm7.decode_septets(gsm7.unpack_all(gsm7.pack_for_ussd("abcdefg"))) == "abcdefg"


@pytest.mark.parametrize("fill", range(7))
def test_fill_bits_shift_the_first_septet(fill: int) -> None:
    packed = gsm7.pack_septets([0x7F], fill_bits=fill)
    assert int.from_bytes(packed, "little") & ((1 << (fill + 7)) - 1) == 0x7F << fill
    assert gsm7.unpack_septets(packed, 1, fill_bits=fill) == [0x7F]


def test_unpack_errors() -> None:
    with pytest.raises(PduError):
        gsm7.unpack_septets(b"\x00", 2)
    with pytest.raises(PduError):
        gsm7.unpack_septets(b"\x00" * 8, 1, fill_bits=7)
    with pytest.raises(EncodeError):
        gsm7.pack_septets([0x80])
    with pytest.raises(EncodeError):
        gsm7.pack_septets([1], fill_bits=7)
    assert gsm7.unpack_septets(b"", 0) == []
    assert gsm7.unpack_all(b"") == []


# --- properties --------------------------------------------------------------------------------


@given(gsm_text)
def test_text_round_trip(text: str) -> None:
    septets = gsm7.encode_septets(text)
    assert gsm7.septet_count(text) == len(septets)
    assert gsm7.decode_septets(septets) == text
    packed = gsm7.pack_septets(septets)
    assert gsm7.decode_septets(gsm7.unpack_septets(packed, len(septets))) == text


@given(gsm_text)
def test_ussd_round_trip(text: str) -> None:
    assert gsm7.decode_septets(gsm7.unpack_all(gsm7.pack_for_ussd(text))).rstrip(
        "\r"
    ) == text.rstrip("\r")


@settings(max_examples=300)
@given(st.lists(st.integers(0, 127), max_size=600), st.integers(0, 6))
def test_pack_unpack_round_trip(septets: list[int], fill: int) -> None:
    packed = gsm7.pack_septets(septets, fill_bits=fill)
    assert len(packed) == (fill + 7 * len(septets) + 7) // 8
    assert gsm7.unpack_septets(packed, len(septets), fill_bits=fill) == septets
    # the same bits, computed the slow way
    value = sum(s << (7 * i + fill) for i, s in enumerate(septets))
    bits = fill + 7 * len(septets)
    if bits % 8 == 1:
        value |= 0x0D << bits
    assert packed == value.to_bytes((bits + 7) // 8, "little")


@given(st.binary(max_size=200), st.integers(-2, 300), st.integers(-1, 8))
def test_unpack_random_bytes_raises_only_pdu_error(data: bytes, count: int, fill: int) -> None:
    try:
        septets = gsm7.unpack_septets(data, count, fill_bits=fill)
    except PduError:
        return
    assert len(septets) == count
    assert all(0 <= s < 128 for s in septets)
    gsm7.decode_septets(septets)


@given(st.binary(max_size=200))
def test_unpack_all_never_raises(data: bytes) -> None:
    septets = gsm7.unpack_all(data)
    assert len(septets) in (len(data) * 8 // 7, len(data) * 8 // 7 - 1)
    gsm7.decode_septets(septets)


@given(st.lists(st.integers(0, 127), max_size=300))
def test_decode_any_septets(septets: list[int]) -> None:
    text = gsm7.decode_septets(septets)
    assert gsm7.decode_septets(bytes(septets)) == text
    assert len(text) <= len(septets)


def test_nul_is_not_a_gsm_character() -> None:
    # The encoder's fast map swaps 0x00 and 0x1B internally: make sure a NUL cannot sneak
    # through as an escape.
    with pytest.raises(EncodeError, match=r"'\\x00' at index 2"):
        gsm7.encode_septets("ab\x00")
    assert gsm7.septet_count("\x00") is None
    assert gsm7.encode_septets("@\x1b"[:1]) == [0]


def test_bytes_variants_match_the_list_api() -> None:
    text = "Hi [there] €5 @home"
    septets = gsm7.encode_septets(text)
    assert gsm7.encode_bytes(text) == bytes(septets)
    for fill in range(7):
        packed = gsm7.pack_septets(septets, fill_bits=fill)
        assert gsm7.pack_septets(bytes(septets), fill_bits=fill) == packed
        assert gsm7.unpack_bytes(packed, len(septets), fill_bits=fill) == bytes(septets)
        assert gsm7.decode_packed(packed, len(septets), fill) == text
    with pytest.raises(PduError):
        gsm7.decode_packed(b"\x00", 5)


def test_unpack_all_zero_pad() -> None:
    # 7 characters padded with zero bits (gammu, python-gsmmodem, python-messaging: research
    # notes sms.md §6.3) read as a trailing '@' unless asked to strip it.
    packed = bytes.fromhex("31D98C56B3DD00")  # "1234567" + 7 zero bits
    assert gsm7.decode_septets(gsm7.unpack_all(packed)) == "1234567@"
    assert gsm7.decode_septets(gsm7.unpack_all(packed, strip_zero_pad=True)) == "1234567"
