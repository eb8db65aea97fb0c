"""LineReader: framing only, no meaning."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modem.at.lines import MAX_LINE, LineReader, decode_line


def test_split_on_any_line_end():
    r = LineReader()
    assert r.feed(b"\r\nOK\r\n\nA\rB\n\r\n") == ["OK", "A", "B"]
    assert r.tail == b""


def test_tail_and_prompt():
    r = LineReader()
    assert r.feed(b"\r\n> ") == []
    assert r.tail_is_prompt()
    r.drop_tail()
    assert r.tail == b"" and not r.tail_is_prompt()
    r.feed(b">x")
    assert not r.tail_is_prompt()


def test_ctrl_z_ends_a_line_and_is_kept():
    assert LineReader().feed(b"0011\x1a+CMGS: 1\r\n") == ["0011\x1a", "+CMGS: 1"]
    assert LineReader().feed(b"\x1b\r\nOK\r\n") == ["OK"]


def test_decoding():
    assert decode_line(b"caf\xc3\xa9") == "café"  # UTF-8
    assert decode_line(b"caf\xe9") == "café"  # latin-1 fallback
    assert decode_line(b"\x00O\x00K\x00") == "OK"
    assert decode_line(b"  OK \t") == "OK"


def test_runaway_line_is_cut():
    r = LineReader()
    out = []
    for _ in range(3):
        out += r.feed(b"x" * (MAX_LINE // 2 + 1))
    assert out and len(r.tail) <= MAX_LINE


@given(st.lists(st.binary(max_size=30), max_size=20))
def test_chunking_does_not_change_lines(chunks):
    whole = b"".join(chunks)
    a, b = LineReader(), LineReader()
    lines = a.feed(whole)
    pieces = []
    for chunk in chunks:
        pieces += b.feed(chunk)
    if len(whole) <= MAX_LINE:
        assert pieces == lines and a.tail == b.tail


def test_a_runaway_line_after_a_line_end_is_bounded_too():
    reader = LineReader()
    lines = reader.feed(b"OK\r\n" + b"z" * (3 * MAX_LINE))
    assert lines[0] == "OK" and all(len(line) <= MAX_LINE for line in lines)
    assert len(reader.tail) <= MAX_LINE
    assert reader.feed(b"y" * (MAX_LINE + 10) + b"\r\n") == ["y" * MAX_LINE]
