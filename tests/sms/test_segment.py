"""modem/sms/segment.py: choosing the encoding, splitting, counting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modem.errors import EncodeError
from modem.sms import gsm7
from modem.sms.address import Address
from modem.sms.compose import delivers, submits
from modem.sms.dcs import Alphabet
from modem.sms.pdu import Submit, decode_pdu, encode_pdu
from modem.sms.reassembly import Reassembler
from modem.sms.segment import count, segment, segment_data
from modem.sms.udh import Ports

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua.Ut enim ad minim veniam, quinostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat.Duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum doloe eu fugiat nulla pariatur.Excepteur sint occaecat "
    "cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum"
)
# python-gsmmodem test/test_pdu.py test_encodeSmsSubmit_concatenated: the same text, reference
# 0, TP-RD set, no status report.
LOREM_PDUS = [
    "0045000B915121551532F40000A0050003000301986F79B90D4AC3E7F53688FC66BFE5A0799A0E0AB7CB741668"
    "FC76CFCB637A995E9783C2E4343C3D4F8FD3EE33A8CC4ED359A079990C22BF41E5747DDE7E9341F4721BFE9683"
    "D2EE719A9C26D7DD74509D0E6287C56F791954A683C86FF65B5E06B5C36777181466A7E3F5B0AB4A0795DDE936"
    "284C06B5D3EE741B642FBBD3E1360B14AFA7DD",
    "0045000B915121551532F40000A0050003000302DE73BABC4E0695F165F9384D0FD3D36F37A8CE6687DBE33788"
    "1D16BFE5E939C89D9EA741753A28CC4EC7EB6938A88C0795C3A0F1BBDD7E93DFA0F1DB3D2FC7EB61BA8B584FCF"
    "41E13ABD0C4ACBEBF23288FC66BFE5A0B41B242FC3E56574D94D2ECBD37450DA0DB2BFD975383D4C2F83EC6576"
    "9A0E2ACFE765D038CD66D7DB20F29BFD2E83CA",
    "0045000B915121551532F400008C050003000303EA2073FD9C0ED341EE3A9B1D06C1C3F274985E97BB8AF87119"
    "4E2FD7E5A079DA4D07BDC7E370791CA683C675789A1CA687E920F7DB0D82CBDF6972D94D6781E675371D947683"
    "C675363C0C8AD7D3A0B7D99C1EA7C32072795E96D7DD7450FBCD66A7E9A0B03BDD06A5C9A0F29C0E6287C56F79"
    "BD0D",
]


def test_python_gsmmodem_concatenated_vectors() -> None:
    parts = submits("+15125551234", LOREM, reject_duplicates=True)
    assert [encode_pdu(p).hex().upper() for p in parts] == LOREM_PDUS


def test_aosp_fragment_sizes() -> None:
    # AOSP GsmSmsTest testFragmentText: 160 characters fit one part, 161 give 153 + 8.
    text = "1234567890" * 16
    assert len(segment(text)) == 1
    parts = segment(text + "1")
    assert [len(p.text) for p in parts] == [153, 8]
    assert count(text + "1").parts == 2 and count(text + "1").units == 161


@pytest.mark.parametrize(
    ("text", "bits", "sizes"),
    [
        ("a" * 306, 8, [153, 153]),
        ("a" * 304, 16, [152, 152]),
        ("\u4e2d" * 134, 8, [67, 67]),
        ("\u4e2d" * 132, 16, [66, 66]),
        ("\u4e2d" * 70, 8, [70]),
    ],
)
def test_part_sizes(text: str, bits: int, sizes: list[int]) -> None:
    assert [len(p.text) for p in segment(text, concat_bits=bits)] == sizes


def test_8bit_part_sizes() -> None:
    assert [len(p.data) for p in segment_data(bytes(140))] == [140]
    assert [len(p.data) for p in segment_data(bytes(268))] == [134, 134]
    assert [len(p.data) for p in segment_data(bytes(266), concat_bits=16)] == [133, 133]
    wap = Ports(2948, 9200, 16)
    assert [len(p.data) for p in segment_data(bytes(133), ports=wap)] == [133]
    assert [len(p.data) for p in segment_data(bytes(256), ports=wap)] == [128, 128]


def test_escape_sequence_is_never_split() -> None:
    parts = segment("a" * 152 + "€" + "b" * 10)
    assert parts[0].text == "a" * 152
    assert parts[1].text == "€" + "b" * 10


def test_surrogate_pair_is_never_split() -> None:
    parts = segment("\u4e2d" * 66 + "😀" + "x" * 5)
    assert parts[0].dcs.alphabet is Alphabet.UCS2
    assert parts[0].text == "\u4e2d" * 66
    assert parts[1].text == "😀xxxxx"
    c = count("\u4e2d" * 66 + "😀" + "x" * 5)
    assert (c.parts, c.units, c.per_part, c.remaining) == (2, 73, 67, 60)


def test_count() -> None:
    assert count("").parts == 1 and count("").remaining == 160
    c = count("hello")
    assert (c.encoding, c.parts, c.units, c.per_part, c.remaining) == ("gsm7", 1, 5, 160, 155)
    c = count("€" * 80)
    assert (c.parts, c.units) == (1, 160)
    c = count("€" * 81)
    assert (c.parts, c.units, c.per_part) == (2, 162, 153)
    c = count("hi 😀")
    assert (c.encoding, c.units, c.per_part) == ("ucs2", 5, 70)


def test_national_tables_when_configured() -> None:
    # AOSP GsmSmsTest testFragmentTurkishText: 77 Turkish characters. Android used the Turkish
    # single shift table (154 septets, one part); the locking shift table does it in 77 septets.
    text = "ĞŞİğşı" * 12 + "ĞŞİğş"
    assert count(text).encoding == "ucs2"
    c = count(text, language="turkish")
    assert c.encoding == "gsm7" and c.language == "turkish" and c.parts == 1
    assert c.units <= 154
    parts = segment(text, language="turkish")
    assert parts[0].udh is not None
    assert parts[0].udh.locking_shift == 1 or parts[0].udh.single_shift == 1
    # A Spanish text: Spanish has a single shift table only.
    assert count("¿Qué tal, Raúl?", language="spanish").encoding == "gsm7"


def test_forced_encodings() -> None:
    assert segment("hello", encoding="ucs2")[0].dcs.alphabet is Alphabet.UCS2
    with pytest.raises(EncodeError, match="index 5"):
        segment("hello😀", encoding="gsm7")
    assert segment("Şş", encoding="turkish")[0].udh is not None
    with pytest.raises(EncodeError):
        segment("x", encoding="klingon")
    with pytest.raises(EncodeError, match=r"'ğ' at index 1 .* spanish"):
        segment("ağ", encoding="spanish")


def test_too_many_parts() -> None:
    with pytest.raises(EncodeError, match="parts"):
        segment("a" * 153 * 256)
    with pytest.raises(EncodeError, match="reference"):
        segment("a" * 200, reference=256)


ALPHABET = st.sampled_from(
    [
        st.text("abcXYZ 0123@$\n", max_size=400),
        st.text("abc€[]{}^~|\\", max_size=400),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
        st.text("aé😀\u4e2d€", max_size=300),
        st.text("ĞŞİğşıabc", max_size=400),
    ]
).flatmap(lambda s: s)


@settings(max_examples=150, deadline=None)
@given(ALPHABET, st.sampled_from([8, 16]), st.integers(0, 255), st.sampled_from([None, "turkish"]))
def test_segment_then_reassemble(text: str, bits: int, ref: int, language: str | None) -> None:
    try:
        parts = delivers("+15550001", text, datetime(2024, 1, 1, tzinfo=UTC),
                         concat_bits=bits, reference=ref, language=language)  # fmt: skip
    except EncodeError:
        assert len(text) > 153  # only "too many parts" may fail here
        return
    reassembler = Reassembler()
    done = None
    for i, part in enumerate(reversed(parts)):  # out of order on purpose
        decoded = decode_pdu(encode_pdu(part))
        done = reassembler.add(decoded, float(i))  # type: ignore[arg-type]
    assert done is not None and done.complete
    assert done.text == text
    assert reassembler.pending == 0
    expected = count(text, language=language, concat_bits=bits)
    assert expected.parts == len(parts)
    if parts[0].dcs.alphabet is Alphabet.GSM7:
        locking = (parts[0].udh.locking_shift or 0) if parts[0].udh else 0
        single = (parts[0].udh.single_shift or 0) if parts[0].udh else 0
        assert expected.units == gsm7.septet_count(text, locking=locking, single=single)


# What count() says right at the part boundaries: (text, options, parts, units, per part, left).
# The sizes are TS 23.040 §9.2.3.24: 140 octets less the UDH (6 octets with an 8-bit reference,
# 7 with a 16-bit one, +3 per shift IE), in septets rounded down past the fill bits.
@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("a" * 160, {}, (1, 160, 160, 0)),
        ("a" * 161, {}, (2, 161, 153, 145)),
        ("a" * 306, {}, (2, 306, 153, 0)),
        ("a" * 307, {}, (3, 307, 153, 152)),
        ("a" * 304, {"concat_bits": 16}, (2, 304, 152, 0)),
        ("a" * 305, {"concat_bits": 16}, (3, 305, 152, 151)),
        ("a" * 158 + "€", {}, (1, 160, 160, 0)),
        ("a" * 159 + "€", {}, (2, 161, 153, 145)),  # € does not fit the 160th septet
        ("a" * 152 + "{" + "a" * 153, {}, (3, 307, 153, 151)),  # part 1 ends one septet short
        ("a" * 151 + "{" + "a" * 153, {}, (2, 306, 153, 0)),
        ("ж" * 70, {}, (1, 70, 70, 0)),
        ("ж" * 71, {}, (2, 71, 67, 63)),
        ("ж" * 134, {}, (2, 134, 67, 0)),
        ("ж" * 135, {}, (3, 135, 67, 66)),
        ("ж" * 132, {"concat_bits": 16}, (2, 132, 66, 0)),
        ("ж" * 133, {"concat_bits": 16}, (3, 133, 66, 65)),
        ("😀" * 35, {}, (1, 70, 70, 0)),
        ("a" + "😀" * 35, {}, (2, 71, 67, 63)),
        ("ж" * 66 + "😀" + "ж" * 67, {}, (3, 135, 67, 65)),  # the pair moves to part 2
        ("ğ" * 155, {"language": "turkish"}, (1, 155, 155, 0)),  # locking shift IE: 160 - 5
        ("ğ" * 156, {"language": "turkish"}, (2, 156, 149, 142)),  # + 8-bit concat: 153 - 4
    ],
)
def test_count_at_part_boundaries(
    text: str, options: dict[str, object], expected: tuple[int, int, int, int]
) -> None:
    c = count(text, **options)  # type: ignore[arg-type]
    assert (c.parts, c.units, c.per_part, c.remaining) == expected
    parts = segment(text, **options)  # type: ignore[arg-type]
    assert len(parts) == c.parts
    for part in parts:  # every part really fits one TPDU
        encode_pdu(Submit(Address("1"), text=part.text, dcs=part.dcs, udh=part.udh))


def test_national_tables_when_they_save_parts() -> None:
    # '€' is one septet in the Turkish locking shift table, an escape pair in the default one:
    # with Turkish configured, 100 of them fit one part (100 + 5 header septets) instead of 2.
    assert count("€" * 100).parts == 2
    c = count("€" * 100, language="turkish")
    assert (c.encoding, c.language, c.parts, c.units) == ("gsm7", "turkish", 1, 100)
    (part,) = segment("€" * 100, language="turkish")
    assert part.udh is not None and part.udh.locking_shift == 1 and part.udh.single_shift is None
    back = decode_pdu(encode_pdu(submits("1", "€" * 100, language="turkish")[0]))
    assert back.text == "€" * 100
    # No gain, no header: plain text stays in the default alphabet.
    assert segment("a{b", language="turkish")[0].udh is None


@settings(max_examples=60, deadline=None)
@given(ALPHABET, st.sampled_from([8, 16]))
def test_a_configured_language_never_costs_parts(text: str, bits: int) -> None:
    try:
        plain = count(text, concat_bits=bits)
        turkish = count(text, concat_bits=bits, language="turkish")
    except EncodeError:
        return  # too many parts
    assert turkish.parts <= plain.parts
