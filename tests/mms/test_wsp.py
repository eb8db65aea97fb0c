"""WSP primitives (WAP-230-WSP §8.1.2, §8.4): spec examples, real-traffic quirks, round trips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mms_strategies import content_types, text

from modem.errors import MmsError
from modem.mms import wsp, wsp_content
from modem.mms.wsp_content import ContentType


@pytest.mark.parametrize(
    ("value", "wire"),
    [(0, "00"), (64, "40"), (127, "7f"), (128, "8100"), (134, "8106"), (16383, "ff7f"),
     (2**32 - 1, "8fffffff7f")],
)  # fmt: skip
def test_uintvar(value: int, wire: str) -> None:
    # 134 -> 81 06 is the example of WAP-230 §8.1.2 as the research notes quote it
    assert wsp.encode_uintvar(value).hex() == wire
    assert wsp.decode_uintvar(bytes.fromhex(wire), 0) == (value, len(wire) // 2)


def test_uintvar_too_long_and_truncated() -> None:
    with pytest.raises(MmsError, match="longer than 5"):
        wsp.decode_uintvar(bytes.fromhex("8080808080"), 0)
    with pytest.raises(MmsError, match="past the end"):
        wsp.decode_uintvar(bytes.fromhex("8181"), 0)


@pytest.mark.parametrize(
    ("value", "wire"),
    [(16384, "024000"), (1700000000, "046553f100"), (0, "0100"), (259200, "0303f480")],
)
def test_long_integer(value: int, wire: str) -> None:
    assert wsp.encode_long_integer(value).hex() == wire
    assert wsp.decode_long_integer(bytes.fromhex(wire), 0)[0] == value


def test_integer_value_short_and_long() -> None:
    assert wsp.encode_integer(106).hex() == "ea"  # UTF-8 MIBenum as Short-integer
    assert wsp.encode_integer(1015).hex() == "0203f7"  # UTF-16 as Long-integer
    assert wsp.decode_integer(bytes.fromhex("0203f7"), 0) == (1015, 3)


def test_value_length_with_quote_even_for_short_values() -> None:
    # OMA conformance files write 1F 2A (= 42) and even 1F 05 for a short length
    assert wsp.decode_value_length(bytes.fromhex("1f2a"), 0) == (42, 2)
    assert wsp.decode_value_length(bytes.fromhex("1f05"), 0) == (5, 2)
    assert wsp.encode_value_length(30).hex() == "1e"
    assert wsp.encode_value_length(31).hex() == "1f1f"
    with pytest.raises(MmsError, match="Value-length"):
        wsp.decode_value_length(b"\x41", 0)


def test_date_value() -> None:
    # 85 04 3E 03 8B 20 = Date 2002-12-20 21:26:56 UTC (python-messaging SIMPLE.MMS)
    when, end = wsp.decode_date(bytes.fromhex("043e038b20"), 0)
    assert when == datetime(2002, 12, 20, 21, 26, 56, tzinfo=UTC) and end == 5
    assert wsp.encode_date(when).hex() == "043e038b20"
    with pytest.raises(MmsError, match="timezone"):
        wsp.encode_date(datetime(2002, 12, 20))


def test_text_string_quote_rule() -> None:
    assert wsp.encode_text_string("abc").hex() == "61626300"
    assert wsp.encode_text_string("é").hex() == "7fc3a900"
    assert wsp.decode_text_string(bytes.fromhex("7fc3a900"), 0) == ("é", 4)
    with pytest.raises(MmsError, match="NUL"):
        wsp.decode_text_string(b"abc", 0)
    with pytest.raises(MmsError, match="NUL"):
        wsp.encode_text_string("a\x00b")


def test_quoted_string() -> None:
    assert wsp.encode_quoted_string("<smil>") == b'"<smil>\x00'
    assert wsp.decode_quoted_string(b'"<smil>\x00', 0) == ("<smil>", 8)
    assert wsp.decode_quoted_string(b"<smil>\x00", 0) == ("<smil>", 7)  # quote missing
    assert wsp.encode_quoted_string("ü.jpg") == b'"' + "ü.jpg".encode() + b"\x00"  # no 0x7F
    assert wsp.decode_quoted_string(wsp.encode_quoted_string("ü.jpg"), 0)[0] == "ü.jpg"


class TestEncodedString:
    def test_spec_example_utf8(self) -> None:
        # 96 04 EA 49 4C 00: Subject "IL" in UTF-8 (SEC-SGHS300M.mms)
        assert wsp.decode_encoded_string(bytes.fromhex("04ea494c00"), 0) == ("IL", 5)

    def test_ascii_is_plain_text_and_other_text_utf8(self) -> None:
        assert wsp.encode_encoded_string("Hi") == b"Hi\x00"
        assert wsp.encode_encoded_string("Hé").hex() == "05ea48c3a900"
        assert wsp.encode_encoded_string("é").hex() == "05ea7fc3a900"  # quote inside

    def test_utf16_long_integer_charset_with_bom(self) -> None:
        raw = bytes.fromhex("0a0203f7") + "\ufeffHé".encode("utf-16-be") + b"\x00"
        raw = bytes((len(raw) - 1,)) + raw[1:]
        assert wsp.decode_encoded_string(raw, 0)[0] == "Hé"

    def test_utf16_round_trip(self) -> None:
        wire = wsp.encode_encoded_string("Ĳssel ✓", charset="utf-16")
        assert wire[1:4] == bytes.fromhex("0203f7")
        assert wsp.decode_encoded_string(wire, 0) == ("Ĳssel ✓", len(wire))

    def test_ucs2(self) -> None:
        wire = wsp.encode_encoded_string("Привет", charset=1000)
        assert wsp.decode_encoded_string(wire, 0)[0] == "Привет"

    def test_missing_quote_before_high_octet(self) -> None:
        assert wsp.decode_encoded_string("Ålesund".encode() + b"\x00", 0)[0] == "Ålesund"

    def test_latin1_labelled_utf8(self) -> None:
        raw = b"\x06\xea" + "Ålës".encode("latin-1") + b"\x00"
        assert wsp.decode_encoded_string(raw, 0)[0] == "Ålës"

    def test_any_charset_and_bom_in_utf8(self) -> None:
        raw = b"\x08\x80" + "\ufeffHej".encode() + b"\x00"
        assert wsp.decode_encoded_string(raw, 0)[0] == "Hej"

    def test_iso_8859_15(self) -> None:
        wire = wsp.encode_encoded_string("5 €", charset="iso-8859-15")
        assert wire[1] == 0x80 | 111 and wsp.decode_encoded_string(wire, 0)[0] == "5 €"

    def test_unknown_charset_falls_back(self) -> None:
        raw = b"\x05\x02\x0f\xa0Hi\x00"  # MIBenum 4000, unknown
        assert wsp.decode_encoded_string(raw, 0)[0] == "Hi"

    def test_unknown_charset_name_refused_on_encode(self) -> None:
        with pytest.raises(MmsError, match="unknown charset"):
            wsp.encode_encoded_string("x", charset="klingon")

    def test_utf16_text_starting_with_0x7f_is_not_unquoted(self) -> None:
        # U+7F00 in UTF-16BE starts with the octet of the Text-string quote; found by the
        # round-trip property below.
        wire = wsp.encode_encoded_string("\u7f00", charset="utf-16")
        assert wsp.decode_encoded_string(wire, 0) == ("\u7f00", len(wire))

    @settings(deadline=None)
    @given(text, st.sampled_from([None, "utf-8", "utf-16", "iso-10646-ucs-2", "gb18030"]))
    def test_round_trip(self, value: str, charset: str | None) -> None:
        if charset == "iso-10646-ucs-2":
            value = "".join(c for c in value if ord(c) < 0x10000)
        wire = wsp.encode_encoded_string(value, charset)
        assert wsp.decode_encoded_string(wire, 0) == (value, len(wire))


class TestContentType:
    def test_well_known_short_form(self) -> None:
        assert wsp_content.encode_content_type("image/jpeg") == b"\x9e"
        assert wsp_content.decode_content_type(b"\xbe", 0)[0] == ContentType(
            "application/vnd.wap.mms-message"
        )

    def test_types_without_code_are_text(self) -> None:
        for media in ("application/smil", "audio/amr", "video/3gpp"):
            assert wsp_content.encode_content_type(media) == media.encode() + b"\x00"

    def test_multipart_related_as_in_openwave(self) -> None:
        # 84 1D B3 8A "<smil_0>" 89 "application/smil" (python-messaging openwave.mms)
        wire = bytes.fromhex("1db38a3c736d696c5f303e00896170706c69636174696f6e2f736d696c00")
        ct, end = wsp_content.decode_content_type(wire, 0)
        assert ct.media_type == "application/vnd.wap.multipart.related"
        assert ct.start == "<smil_0>" and ct.get("type") == "application/smil"
        assert end == len(wire) and wsp_content.encode_content_type(ct) == wire

    def test_charset_parameter_short_and_long(self) -> None:
        ct = wsp_content.decode_content_type(bytes.fromhex("0383 81ea".replace(" ", "")), 0)[0]
        assert ct == ContentType("text/plain", (("charset", "utf-8"),))
        ct = wsp_content.decode_content_type(bytes.fromhex("058381" + "0203f7"), 0)[0]
        assert ct.charset == "utf-16"

    def test_name_filename_untyped(self) -> None:
        ct = ContentType("image/gif", (("name", "a.gif"), ("filename", "b.gif"), ("x-k", "v")))
        assert wsp_content.decode_content_type(wsp_content.encode_content_type(ct), 0)[0] == ct
        assert ct.name == "a.gif"

    def test_wsp_1_4_text_value_tokens(self) -> None:
        # 0x97 Name (Text-value, WSP 1.4) and 0x99 Start
        wire = b"\x0b\x9e\x97a.jpg\x00\x99<x>\x00"
        ct = wsp_content.decode_content_type(bytes((len(wire) - 1,)) + wire[1:], 0)[0]
        assert ct.name == "a.jpg" and ct.start == "<x>"

    def test_overrun(self) -> None:
        with pytest.raises(MmsError, match="past the end"):
            wsp_content.decode_content_type(b"\x05\x83", 0)
        for wire in (b"", b"\x00", b"\x03\x83\x81"):
            with pytest.raises(MmsError, match="past the end"):
                wsp_content.decode_content_type(wire, 0)

    def test_parameters_inside_the_media_text(self) -> None:
        wire = wsp.encode_text_string('text/plain; charset="UTF-8"; name=a.txt')
        ct, end = wsp_content.decode_content_type(wire, 0)
        assert ct == ContentType("text/plain", (("charset", "utf-8"), ("name", "a.txt")))
        assert end == len(wire)

    def test_code_above_127_is_written_back_as_a_long_integer(self) -> None:
        # Well-known-media is an Integer-value (§8.4.2.24): 0x0201 has no Short-integer form
        wire = bytes.fromhex("03020201")
        ct, _ = wsp_content.decode_content_type(wire, 0)
        assert ct.media_type == "x-wsp-type/0x201"
        assert wsp_content.encode_content_type(ct) == wire
        with_charset = ContentType("x-wsp-type/0x201", (("charset", "utf-8"),))
        assert wsp_content.encode_content_type(with_charset).hex() == "0502020181ea"

    @settings(deadline=None)
    @given(content_types)
    def test_round_trip(self, ct: ContentType) -> None:
        wire = wsp_content.encode_content_type(ct)
        assert wsp_content.decode_content_type(wire, 0) == (ct, len(wire))


@settings(deadline=None)
@given(st.one_of(st.integers(0, 127), st.binary(max_size=40), st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=20)))  # fmt: skip
def test_generic_value_round_trip(value: int | bytes | str) -> None:
    wire = wsp.encode_generic(value)
    assert wsp.decode_generic(wire, 0) == (value, len(wire))


@settings(deadline=None)
@given(st.integers(0, 2**35 - 1))
def test_uintvar_round_trip(value: int) -> None:
    assert wsp.decode_uintvar(wsp.encode_uintvar(value), 0)[0] == value


@settings(deadline=None)
@given(st.integers(0, 2**240 - 1))
def test_long_integer_round_trip(value: int) -> None:
    wire = wsp.encode_long_integer(value)
    assert wsp.decode_long_integer(wire, 0) == (value, len(wire))
