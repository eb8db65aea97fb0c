"""modem/sms/timestamp.py: TP-SCTS and TP-VP (TS 23.040 §9.2.3.11, §9.2.3.12)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modem.errors import EncodeError, PduError
from modem.sms.timestamp import (
    EnhancedFormat,
    EnhancedValidity,
    decode_relative,
    decode_scts,
    decode_validity,
    encode_relative,
    encode_scts,
    encode_validity,
)


def tz(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# python-gsmmodem test/test_pdu.py TestTimestamp (GMT+2, GMT+8, GMT-8) and AOSP GsmSmsTest
# (-07:00), gammu tests/at-sms/42.dump (+05:30)
SCTS = [
    ("51117200000000", datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(0))),
    ("51117200000080", datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(120))),
    ("70402132522423", datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(480))),
    ("7040213252242B", datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(-480))),
    ("6060605130308A", datetime(2006, 6, 6, 15, 3, 3, tzinfo=tz(-420))),
    ("91805080905322", datetime(2019, 8, 5, 8, 9, 35, tzinfo=tz(330))),
]


@pytest.mark.parametrize(("hex_field", "when"), SCTS)
def test_scts(hex_field: str, when: datetime) -> None:
    assert decode_scts(bytes.fromhex(hex_field), 0) == when
    assert decode_scts(bytes.fromhex(hex_field), 0).utcoffset() == when.utcoffset()
    assert encode_scts(when).hex().upper() == hex_field


def test_negative_quarter_hours() -> None:
    when = datetime(2024, 2, 29, 12, 0, 0, tzinfo=tz(-(3 * 60 + 30)))  # Newfoundland
    raw = encode_scts(when)
    assert raw[6] & 0x08  # the sign bit
    assert decode_scts(raw, 0).utcoffset() == timedelta(hours=-3, minutes=-30)


def test_bad_timestamps() -> None:
    with pytest.raises(PduError, match="truncated"):
        decode_scts(bytes.fromhex("511172000000"), 0)
    with pytest.raises(PduError, match="bad time stamp"):
        decode_scts(bytes.fromhex("51317200000000"), 0)  # month 13
    with pytest.raises(PduError):
        decode_scts(bytes.fromhex("511172000000A0"), 0)  # TZ units nibble 10
    with pytest.raises(EncodeError, match="quarter"):
        encode_scts(datetime(2020, 1, 1, tzinfo=tz(10)))


# python-gsmmodem TestRelativeValidityPeriod, plus the table edges of §9.2.3.12.1
RELATIVE = [
    (timedelta(minutes=5), 0),
    (timedelta(minutes=30), 5),
    (timedelta(hours=12), 143),
    (timedelta(hours=16), 151),
    (timedelta(hours=24), 167),
    (timedelta(days=3), 169),
    (timedelta(days=30), 196),
    (timedelta(weeks=5), 197),
    (timedelta(weeks=63), 255),
]


@pytest.mark.parametrize(("period", "octet"), RELATIVE)
def test_relative(period: timedelta, octet: int) -> None:
    assert decode_relative(octet) == period
    assert encode_relative(period) == octet


def test_relative_rounds_up() -> None:
    assert decode_relative(encode_relative(timedelta(minutes=7))) == timedelta(minutes=10)
    assert decode_relative(encode_relative(timedelta(hours=13))) == timedelta(hours=13)
    assert encode_relative(timedelta(weeks=1000)) == 255


@given(st.integers(0, 255))
def test_relative_round_trip(octet: int) -> None:
    assert encode_relative(decode_relative(octet)) == octet


def test_enhanced() -> None:
    for value in (
        EnhancedValidity(timedelta(seconds=90), EnhancedFormat.SECONDS, single_shot=True),
        EnhancedValidity(timedelta(hours=25, minutes=3, seconds=4), EnhancedFormat.HHMMSS),
        EnhancedValidity(timedelta(hours=24), EnhancedFormat.RELATIVE),
        EnhancedValidity(None, EnhancedFormat.NOT_PRESENT),
    ):
        raw = encode_validity(value)
        assert len(raw) == 7
        assert decode_validity(1, raw, 0) == (value, 7)
    # A reserved format is kept verbatim.
    raw = bytes.fromhex("07AABBCCDDEEFF")
    value, _ = decode_validity(1, raw, 0)
    assert isinstance(value, EnhancedValidity) and encode_validity(value) == raw


def test_absolute() -> None:
    when = datetime(2013, 7, 10, 13, 39, tzinfo=tz(120))
    assert decode_validity(3, encode_validity(when), 0) == (when, 7)
