"""Multipart body (WAP-230-WSP §8.5): parts, their headers, round trips, malformed input."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mms_strategies import part_lists

from modem.errors import MmsError
from modem.mms.body import Part, decode_multipart, encode_multipart
from modem.mms.wsp_content import ContentType


def test_sghs300m_part() -> None:
    # one part of SEC-SGHS300M.mms (python-messaging test data): HeadersLen 0x1F, DataLen 2,
    # Content-Type 03 83 81 EA (text/plain; charset=utf-8), Content-ID and Content-Location
    (part,) = decode_multipart(bytes.fromhex(
        "011f02038381eac022313235393433302e747874008e313235393433302e747874004856"))  # fmt: skip
    assert part.content_type == ContentType("text/plain", (("charset", "utf-8"),))
    assert part.content_id == "1259430.txt" and part.content_location == "1259430.txt"
    assert part.text == "HV" and part.filename == "1259430.txt"


def test_disposition_and_extra_headers() -> None:
    part = Part(
        ContentType("image/jpeg", (("name", "a.jpg"),)),
        b"\xff\xd8\xff",
        content_id="<a>",
        content_location="a.jpg",
        disposition="attachment",
        disposition_params=(("filename", "b.jpg"),),
        headers=(("X-Foo", "bar"), ("Content-Language", "en")),
    )
    wire = encode_multipart([part])
    assert b"\xae" in wire  # Content-Disposition, WSP 0x2E
    (back,) = decode_multipart(wire)
    assert back == part and back.filename == "b.jpg"


def test_wsp_1_4_disposition_code() -> None:
    # Content-Disposition as 0xC5 (WSP 1.4 code 0x45), as Android writes it: 03 81 86 "x" ...
    headers = b"\x9e" + b"\xc5\x04\x81\x86x\x00"
    wire = bytes((1, len(headers), 1)) + headers + b"Z"
    (part,) = decode_multipart(wire)
    assert part.disposition == "attachment" and part.disposition_params == (("filename", "x"),)


def test_large_part_is_sliced_intact() -> None:
    data = bytes(range(256)) * 2000
    part = Part(ContentType("video/3gpp"), data, content_location="v.3gp")
    assert decode_multipart(encode_multipart([part]))[0].data == data


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ("02 03 01 83 c0 00 41", "announces 2 parts"),
        ("01 05 01 83", "claims"),
        ("01 02 01 83 05 41", "expected a part header"),
        ("01 03 01 83 8e 41 41", "NUL|overrun"),
        ("01 ff", "uintvar"),
    ],
)
def test_malformed(wire: str, message: str) -> None:
    with pytest.raises(MmsError, match=message):
        decode_multipart(bytes.fromhex(wire.replace(" ", "")))


@settings(deadline=None)
@given(part_lists)
def test_round_trip(parts: tuple[Part, ...]) -> None:
    assert decode_multipart(encode_multipart(parts)) == parts


@settings(deadline=None, max_examples=300)
@given(st.binary(max_size=200))
def test_garbage_raises_only_mms_error(data: bytes) -> None:
    with contextlib.suppress(MmsError):
        decode_multipart(data)


def test_textual_content_id_and_location_headers() -> None:
    # python-messaging writes Content-ID as an application header: "Content-ID\0<0000>\0"
    headers = b"\x83" + b"Content-ID\x00<0000>\x00" + b"content-location\x00a.txt\x00"
    wire = b"\x01" + bytes((len(headers), 2)) + headers + b"hi"
    (part,) = decode_multipart(wire)
    assert part.content_id == "<0000>" and part.content_location == "a.txt"
    assert part.headers == () and part.data == b"hi"
