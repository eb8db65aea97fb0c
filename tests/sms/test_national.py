"""Tests for modem/sms/national/ and national tables in modem/sms/gsm7.py (TS 23.038 Annex A)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms import gsm7
from modem.sms.national import Language, locking_table, single_table

LOCKING_IDS = [0] + [lang for lang in Language if lang.has_locking_shift]
SINGLE_IDS = [0, *Language]
PAIRS = [(lk, sg) for lk in LOCKING_IDS for sg in SINGLE_IDS]


def _chars(locking: int, single: int) -> str:
    """Every character the pair of tables can encode."""
    main = gsm7.DEFAULT_ALPHABET if locking == 0 else locking_table(locking)
    ext = gsm7.DEFAULT_EXTENSION if single == 0 else single_table(single)
    assert main is not None and ext is not None
    chars = {c for c in main if c not in (gsm7.UNDEFINED, "\x1b")} | set(ext.values())
    return "".join(sorted(chars))


# --- Language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("turkish", Language.TURKISH),
        ("Turkish", Language.TURKISH),
        ("tr", Language.TURKISH),
        ("1", Language.TURKISH),
        (1, Language.TURKISH),
        ("es", Language.SPANISH),
        ("pt", Language.PORTUGUESE),
        ("bn", Language.BENGALI),
        ("hindi", Language.HINDI),
        ("odia", Language.ORIYA),
        ("or", Language.ORIYA),
        ("PA", Language.PUNJABI),
        (" urdu ", Language.URDU),
        ("13", Language.URDU),
        ("Language.TAMIL", Language.TAMIL),
        (Language.TELUGU, Language.TELUGU),
    ],
)
def test_language_parse(value: str | int, expected: Language) -> None:
    assert Language.parse(value) is expected


@pytest.mark.parametrize("value", ["klingon", "0", "14", 0, 99, "", True])
def test_language_parse_rejects(value: str | int) -> None:
    with pytest.raises(EncodeError, match="unknown national language"):
        Language.parse(value)


def test_language_ids_match_the_spec() -> None:
    # TS 23.038 §6.2.1.2.4: national language identifiers.
    assert [int(lang) for lang in Language] == list(range(1, 14))
    assert Language.URDU.code == "ur"
    assert not Language.SPANISH.has_locking_shift
    assert locking_table(Language.SPANISH) is None
    assert locking_table(14) is None and single_table(0) is None


# --- the tables --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LOCKING_IDS[1:])
def test_locking_table_shape(lang: Language) -> None:
    table = locking_table(lang)
    assert table is not None and len(table) == 128
    assert table[0x0A] == "\n" and table[0x0D] == "\r" and table[0x1B] == "\x1b"
    assert table[0x20] == " "
    assert table[0x30:0x3A] == "0123456789"
    assert table[0x61:0x7B] == "abcdefghijklmnopqrstuvwxyz"
    defined = [c for c in table if c not in (gsm7.UNDEFINED, "\x1b")]
    assert len(set(defined)) == len(defined)


@pytest.mark.parametrize("lang", list(Language))
def test_single_table_shape(lang: Language) -> None:
    table = single_table(lang)
    assert table is not None
    assert table[0x0A] == "\x0c"  # page break
    assert table[0x65] == "€"
    assert 0x0D not in table and 0x1B not in table  # CR2, SS2: control positions
    assert all(0 <= code < 128 and len(char) == 1 for code, char in table.items())


@pytest.mark.parametrize(
    ("lang", "kind", "code", "char"),
    [  # spot checks against the printed tables of TS 23.038 Annex A
        (Language.TURKISH, "locking", 0x07, "ı"),
        (Language.TURKISH, "locking", 0x1C, "Ş"),
        (Language.TURKISH, "locking", 0x40, "İ"),
        (Language.TURKISH, "locking", 0x60, "ç"),
        (Language.TURKISH, "single", 0x47, "Ğ"),
        (Language.TURKISH, "single", 0x73, "ş"),
        (Language.SPANISH, "single", 0x09, "ç"),
        (Language.SPANISH, "single", 0x75, "ú"),
        (Language.PORTUGUESE, "locking", 0x15, "∞"),
        (Language.PORTUGUESE, "locking", 0x7D, "`"),
        (Language.PORTUGUESE, "single", 0x12, "Φ"),
        (Language.PORTUGUESE, "single", 0x7F, "â"),
        (Language.BENGALI, "locking", 0x00, "\u0981"),
        (Language.BENGALI, "single", 0x19, "\u09e6"),
        (Language.GUJARATI, "locking", 0x7F, "\u0af1"),
        (Language.HINDI, "locking", 0x00, "\u0901"),
        (Language.HINDI, "single", 0x19, "\u0964"),  # danda
        (Language.KANNADA, "locking", 0x24, "\u0ca1"),
        (Language.MALAYALAM, "locking", 0x7F, "\u0d79"),
        (Language.ORIYA, "locking", 0x60, "\u0b56"),
        (Language.PUNJABI, "locking", 0x7F, "\u0a74"),
        (Language.TAMIL, "single", 0x24, "\u0bee"),
        (Language.TELUGU, "single", 0x22, "\u0c6c"),
        (Language.URDU, "locking", 0x00, "\u0627"),
        (Language.URDU, "single", 0x3F, "\u06d4"),
    ],
)
def test_spot_checks(lang: Language, kind: str, code: int, char: str) -> None:
    if kind == "locking":
        assert gsm7.decode_septets([code], locking=lang) == char
        assert gsm7.encode_septets(char, locking=lang) == [code]
    else:
        assert gsm7.decode_septets([0x1B, code], single=lang) == char
        if char not in gsm7.DEFAULT_ALPHABET:  # else the main table wins: one septet
            assert gsm7.encode_septets(char, single=lang) == [0x1B, code]


# --- real vectors ------------------------------------------------------------------------------


def test_turkish_single_shift_vector() -> None:
    # research notes sms.md §6.3 (probe_decode.py): UD "03240101 086EA69B39" -> "AŞş".
    # UDHL 3, IE 0x24 (single shift) length 1 Turkish; 3 fill bits; 5 septets of text.
    ud = bytes.fromhex("03240101086EA69B39")
    septets = gsm7.unpack_septets(ud[4:], 5, fill_bits=3)
    assert septets == [0x41, 0x1B, 0x53, 0x1B, 0x73]
    assert gsm7.decode_septets(septets, single=1) == "AŞş"
    assert gsm7.pack_septets(gsm7.encode_septets("AŞş", single=1), fill_bits=3) == ud[4:]


def test_turkish_locking_shift_vector() -> None:
    # research notes sms.md §6.3: UD "03250101 0872165B" -> "AŞĞÄ" (IE 0x25, locking, Turkish).
    ud = bytes.fromhex("032501010872165B")
    septets = gsm7.unpack_septets(ud[4:], 4, fill_bits=3)
    assert gsm7.decode_septets(septets, locking=1) == "AŞĞÄ"
    assert gsm7.pack_septets(gsm7.encode_septets("AŞĞÄ", locking=1), fill_bits=3) == ud[4:]


def test_warthog_turkish_locking_deliver() -> None:
    # warthog618/sms tpdu tests (TestNationalLanguageIEIDeliver): after a locking shift IE for
    # Turkish and 3 fill bits, the septet 0x1D is 'ş'.
    assert gsm7.decode_septets([0x1D], locking=Language.TURKISH) == "ş"


# --- decoding fallbacks ------------------------------------------------------------------------


def test_unknown_escape_uses_the_locking_table() -> None:
    # §6.2.1.1: a code missing from the single shift table shows the main-table character.
    assert gsm7.decode_septets([0x1B, 0x41], locking=1, single=1) == "A"
    assert gsm7.decode_septets([0x1B, 0x07], locking=1, single=1) == "ı"
    assert gsm7.decode_septets([0x1B, 0x00], locking=6, single=2) == "\u0901"


def test_undefined_locking_position_decodes_to_replacement() -> None:
    table = locking_table(Language.TAMIL)
    assert table is not None and table[0x00] == gsm7.UNDEFINED
    assert gsm7.decode_septets([0x00, 0x61], locking=Language.TAMIL) == "\ufffda"
    with pytest.raises(EncodeError):
        gsm7.encode_septets("\ufffd", locking=Language.TAMIL)


def test_unsupported_ids_decode_with_default_tables() -> None:
    assert gsm7.decode_septets([0x00, 0x1B, 0x65], locking=2) == "@€"  # Spanish: no locking
    assert gsm7.decode_septets([0x00, 0x1B, 0x65], locking=77, single=200) == "@€"
    with pytest.raises(EncodeError, match="no locking shift table for national language 2"):
        gsm7.encode_septets("a", locking=2)
    with pytest.raises(EncodeError, match="no single shift table for national language 14"):
        gsm7.encode_septets("a", single=14)


def test_encode_error_names_the_tables() -> None:
    with pytest.raises(EncodeError, match=r"'Ж' at index 4 .* \(Turkish tables\)"):
        gsm7.encode_septets("AŞĞÄЖ", locking=1, single=1)
    with pytest.raises(EncodeError, match=r"Hindi locking shift, Spanish single shift tables"):
        gsm7.encode_septets("Ж", locking=6, single=2)


# --- best_tables -------------------------------------------------------------------------------


def test_best_tables_examples() -> None:
    assert gsm7.best_tables("hello", [Language.TURKISH]) == (0, 0)
    assert gsm7.best_tables("Ж", [Language.TURKISH]) is None
    # 'AŞş': locking 3 septets + 5 header septets = 8 beats single 5 + 5 = 10.
    assert gsm7.best_tables("AŞş", [Language.TURKISH]) == (1, 0)
    # 'ç' alone: Turkish locking (1 + 5) beats Spanish single (2 + 5), tie-free.
    assert gsm7.best_tables("aç", ["es", "tr"]) == (1, 0)
    assert gsm7.best_tables("aç", ["es"]) == (0, 2)
    # Hindi text with '@' needs the Hindi single shift table too (the locking table lacks '@').
    assert gsm7.best_tables("नमस्ते @", ["hi"]) == (6, 6)
    # one '€' is in the default extension table: no header needed
    assert gsm7.best_tables("5€", ["pt"]) == (0, 0)


def test_best_tables_counts_other_header_octets() -> None:
    # With a 5-octet concatenation IE already present, a 3-octet shift IE costs 24 bits where
    # the header alone would cost 6 septets (48 bits -> 7 septets -> 9 septets with one IE).
    text = "ş" * 3
    assert gsm7.best_tables(text, [1], other_udh=5) == (1, 0)
    with pytest.raises(EncodeError):
        gsm7.best_tables(text, [1], other_udh=-1)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_best_tables_is_minimal(data: st.DataObject) -> None:
    langs = data.draw(st.lists(st.sampled_from(list(Language)), min_size=1, max_size=3))
    alphabet = "".join(
        sorted({c for lang in langs for c in _chars(lang if lang.has_locking_shift else 0, lang)})
    )
    text = data.draw(st.text(alphabet=alphabet, max_size=40))
    choice = gsm7.best_tables(text, langs)
    ids = [0, *langs]
    costs = {}
    for lk in ids:
        for sg in ids:
            if lk == Language.SPANISH:
                continue
            n = gsm7.septet_count(text, locking=lk, single=sg)
            if n is not None:
                ies = (lk != 0) + (sg != 0)
                costs[(int(lk), int(sg))] = n + ((8 * (1 + 3 * ies) + 6) // 7 if ies else 0)
    if choice is None:
        assert not costs
    else:
        assert costs[choice] == min(costs.values())


# --- round trips -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_round_trip_every_table_pair(data: st.DataObject) -> None:
    locking, single = data.draw(st.sampled_from(PAIRS))
    text = data.draw(st.text(alphabet=_chars(locking, single), max_size=80))
    septets = gsm7.encode_septets(text, locking=locking, single=single)
    assert gsm7.septet_count(text, locking=locking, single=single) == len(septets)
    assert gsm7.decode_septets(septets, locking=locking, single=single) == text
    fill = data.draw(st.integers(0, 6))
    packed = gsm7.pack_septets(septets, fill_bits=fill)
    unpacked = gsm7.unpack_septets(packed, len(septets), fill_bits=fill)
    assert gsm7.decode_septets(unpacked, locking=locking, single=single) == text


@pytest.mark.parametrize(("locking", "single"), PAIRS)
def test_every_character_of_every_pair(locking: int, single: int) -> None:
    chars = _chars(locking, single)
    assert gsm7.decode_septets(gsm7.encode_septets(chars, locking=locking, single=single),
                               locking=locking, single=single) == chars  # fmt: skip


@given(
    st.lists(st.integers(0, 127), max_size=100),
    st.sampled_from([*LOCKING_IDS, 2, 99]),
    st.sampled_from([*SINGLE_IDS, 99]),
)
def test_decode_any_septets_with_any_tables(septets: list[int], locking: int, single: int) -> None:
    try:
        text = gsm7.decode_septets(septets, locking=locking, single=single)
    except PduError:  # pragma: no cover - values are in range, so this must not happen
        raise AssertionError("decode raised for in-range septets") from None
    assert gsm7.UNDEFINED not in text
    assert len(text) <= len(septets)


def test_cost_model() -> None:
    from modem.sms.national.choose import cost

    assert cost("abc", 0, 0) == 3  # no header at all
    assert cost("abc", 0, 0, other_udh=5) == 3 + 7  # UDHL + 5 octets = 48 bits -> 7 septets
    assert cost("AŞş", 1, 0) == 3 + 5  # UDHL + 3 = 32 bits -> 5 septets
    assert cost("AŞş", 1, 1) == 3 + 8  # UDHL + 6 = 56 bits -> 8 septets
    assert cost("AŞş", 0, 1) == 5 + 5
    assert cost("Ж", 1, 1) is None


def test_tables_name() -> None:
    from modem.sms.national import tables_name

    assert tables_name(0, 0) == "default tables"
    assert tables_name(1, 1) == "Turkish tables"
    assert tables_name(0, 2) == "Spanish single shift tables"
    assert tables_name(99, 0) == "language 99 locking shift tables"


@pytest.mark.parametrize(
    ("septets", "locking", "single", "text"),
    [  # warthog618/sms encoding/tpdu/userdata_test.go and encode_test.go (septet values)
        (b"\x01\x02\x03", Language.KANNADA, 0, "\u0c82\u0c83\u0c85"),
        (b"\x1b\x1e\x1b\x1f\x1b\x20", 0, Language.KANNADA, "\u0ce8\u0ce9\u0cea"),
        (b"hello \x07", Language.URDU, 0, "hello ت"),
        (b"hello \x1b\x2a", 0, Language.URDU, "hello ؎"),
        (b"message\x1b", 0, 0, "message "),  # a trailing escape reads as a space there too
    ],
)
def test_published_septet_vectors(septets: bytes, locking: int, single: int, text: str) -> None:
    assert gsm7.decode_septets(septets, locking=locking, single=single) == text
    if not septets.endswith(b"\x1b"):
        assert gsm7.encode_bytes(text, locking=locking, single=single) == septets


# Positions each table defines: locking = 128 - empty positions - ESC; single = characters.
# A change here means a table was edited: re-check it against TS 23.038 Annex A.
TABLE_SIZES = {
    Language.TURKISH: (127, 17),
    Language.SPANISH: (None, 19),
    Language.PORTUGUESE: (127, 37),
    Language.BENGALI: (114, 82),
    Language.GUJARATI: (120, 70),
    Language.HINDI: (127, 88),
    Language.KANNADA: (120, 73),
    Language.MALAYALAM: (120, 82),
    Language.ORIYA: (116, 75),
    Language.PUNJABI: (110, 76),
    Language.TAMIL: (102, 77),
    Language.TELUGU: (120, 78),
    Language.URDU: (127, 90),
}


@pytest.mark.parametrize("lang", list(Language))
def test_table_sizes(lang: Language) -> None:
    locking = locking_table(lang)
    size = None if locking is None else sum(c not in (gsm7.UNDEFINED, "\x1b") for c in locking)
    single = single_table(lang)
    assert single is not None
    assert (size, len(single)) == TABLE_SIZES[lang]
