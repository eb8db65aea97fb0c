"""Time stamps and validity periods of SMS TPDUs (3GPP TS 23.040 §9.2.3.11, §9.2.3.12).

TP-SCTS (and TP-DT, and the absolute TP-VP) is seven swapped-BCD octets: year, month, day,
hour, minute, second, time zone. The time zone counts quarter hours; bit 3 of its octet is the
sign (the only place in the TPDU where a BCD octet carries a flag), so UTC-03:30 is "0A" + 4.
Decoded values are timezone-aware datetimes so they can be compared across senders.

TP-VP comes in three forms chosen by TP-VPF in the first octet: relative (one octet on a
piecewise scale), absolute (a time stamp) and enhanced (seven octets with their own format
field, §9.2.3.12.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import IntEnum
from math import ceil

from modem.errors import EncodeError, PduError
from modem.sms.lenient import Notes

__all__ = [
    "TZ_IS_BCD",
    "EnhancedFormat",
    "EnhancedValidity",
    "Validity",
    "ValidityPeriodFormat",
    "decode_relative",
    "decode_scts",
    "decode_validity",
    "encode_relative",
    "encode_scts",
    "encode_validity",
    "read_scts",
    "validity_format",
]

# Swapped BCD octet -> value 0..99, or -1 when a nibble is not a decimal digit.
_BCD = [(b & 0x0F) * 10 + (b >> 4) if (b & 0x0F) < 10 and (b >> 4) < 10 else -1 for b in range(256)]
_TO_BCD = bytes(((v % 10) << 4) | (v // 10) for v in range(100))
# The TZ octet: low nibble's bit 3 is the sign, its bits 2-0 the tens, the high nibble the units.
# One timezone object per octet value, built once; None where a nibble is not a digit.
_TZ: list[timezone | None] = []
for _octet in range(256):
    _tens, _units = _octet & 0x07, _octet >> 4
    if _units > 9:
        _TZ.append(None)
        continue
    _quarters = _tens * 10 + _units
    _TZ.append(timezone(timedelta(minutes=(-15 if _octet & 0x08 else 15) * _quarters)))
TZ_IS_BCD = tuple(tz is not None for tz in _TZ)  # per time zone octet: is it readable?


def decode_scts(data: bytes, offset: int) -> datetime:
    """Seven octets at `offset` as an aware datetime; PduError on a bad digit or date."""
    if offset + 7 > len(data):
        raise PduError("truncated time stamp (7 octets needed)", offset)
    tz = _TZ[data[offset + 6]]
    if tz is None:
        raise PduError("time zone is not a BCD number", offset + 6)
    return _wall_clock(data, offset, tz)


def read_scts(data: bytes, offset: int, notes: Notes, name: str = "TP-SCTS") -> datetime | None:
    """Like `decode_scts`, for a decoder that goes on where it can (see lenient.py): a time
    zone octet with a non-BCD digit gives the time as UTC, a date or time that cannot be read
    gives None, each with a warning naming the field. Strict `notes` raise as `decode_scts`."""
    if offset + 7 > len(data):
        raise PduError(f"truncated {name} (7 octets needed)", offset)
    tz = _TZ[data[offset + 6]]
    if tz is None:
        notes.odd(
            f"{name} time zone octet {data[offset + 6]:02X} is not a BCD number",
            offset + 6,
            "the time is read as UTC",
        )
        tz = UTC
    try:
        return _wall_clock(data, offset, tz)
    except PduError as exc:
        notes.odd(f"{name} cannot be read: {exc.reason}", offset, "left out")
        return None


def _wall_clock(data: bytes, offset: int, tz: timezone) -> datetime:
    bcd = _BCD
    year = bcd[data[offset]]
    month = bcd[data[offset + 1]]
    day = bcd[data[offset + 2]]
    hour = bcd[data[offset + 3]]
    minute = bcd[data[offset + 4]]
    second = bcd[data[offset + 5]]
    try:
        if (year | month | day | hour | minute | second) < 0:  # -1 marks a non-digit nibble
            raise ValueError("a semi-octet is not a decimal digit")
        return datetime(2000 + year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError as exc:
        raise PduError(f"bad time stamp {data[offset : offset + 7].hex()}: {exc}", offset) from None


def encode_scts(when: datetime) -> bytes:
    """An aware datetime as seven octets; a naive one is taken as UTC.

    The offset must be whole quarter hours (the wire cannot say anything finer); years are
    2000-2099, as on every phone since the format was defined.
    """
    offset = when.utcoffset()
    if offset is None:
        offset = timedelta(0)
    seconds = int(offset.total_seconds())
    if seconds % 900:
        raise EncodeError(f"time zone offset {offset} is not a whole number of quarter hours")
    quarters = abs(seconds) // 900
    if quarters > 79:
        raise EncodeError(f"time zone offset {offset} is out of range")
    if not 2000 <= when.year <= 2099:
        raise EncodeError(f"year {when.year} cannot be sent (2000-2099)")
    tz = _TO_BCD[quarters] | (0x08 if seconds < 0 else 0)
    t = _TO_BCD
    return bytes(
        (t[when.year - 2000], t[when.month], t[when.day], t[when.hour], t[when.minute],
         t[when.second], tz)
    )  # fmt: skip


# --- validity period ---------------------------------------------------------------------------


class ValidityPeriodFormat(IntEnum):
    """TP-VPF, bits 4-3 of an SMS-SUBMIT's first octet."""

    NOT_PRESENT = 0
    ENHANCED = 1
    RELATIVE = 2
    ABSOLUTE = 3


class EnhancedFormat(IntEnum):
    """Bits 2-0 of the enhanced TP-VP functionality indicator (§9.2.3.12.3)."""

    NOT_PRESENT = 0
    RELATIVE = 1  # one octet, the relative scale
    SECONDS = 2  # one octet, 0-255 seconds
    HHMMSS = 3  # three semi-octet pairs


@dataclass(frozen=True, slots=True)
class EnhancedValidity:
    """An enhanced validity period. `raw` keeps the seven octets verbatim when they use a
    reserved format or the extension bit, so they are sent on exactly as they came."""

    period: timedelta | None = None
    format: EnhancedFormat = EnhancedFormat.SECONDS
    single_shot: bool = False
    raw: bytes = b""


Validity = timedelta | datetime | EnhancedValidity


def decode_relative(octet: int) -> timedelta:
    """The relative TP-VP scale: 5-minute steps to 12 h, 30-minute steps to 24 h, then days,
    then weeks (§9.2.3.12.1)."""
    if octet <= 143:
        return timedelta(minutes=(octet + 1) * 5)
    if octet <= 167:
        return timedelta(hours=12, minutes=(octet - 143) * 30)
    if octet <= 196:
        return timedelta(days=octet - 166)
    return timedelta(weeks=octet - 192)


def encode_relative(period: timedelta) -> int:
    """The smallest relative TP-VP value that lasts at least `period` (capped at 63 weeks), so a
    message is never dropped earlier than asked."""
    minutes = period.total_seconds() / 60
    if minutes <= 0:
        raise EncodeError(f"validity period must be positive, not {period}")
    if minutes <= 720:
        return max(0, ceil(minutes / 5) - 1)
    if minutes <= 1440:
        return 143 + ceil((minutes - 720) / 30)
    days = ceil(minutes / 1440)
    if days <= 30:
        return 166 + days
    return min(255, 192 + ceil(days / 7))


def validity_format(validity: Validity | None) -> ValidityPeriodFormat:
    if validity is None:
        return ValidityPeriodFormat.NOT_PRESENT
    if isinstance(validity, EnhancedValidity):
        return ValidityPeriodFormat.ENHANCED
    if isinstance(validity, datetime):
        return ValidityPeriodFormat.ABSOLUTE
    return ValidityPeriodFormat.RELATIVE


def decode_validity(
    vpf: int, data: bytes, offset: int, notes: Notes | None = None
) -> tuple[Validity | None, int]:
    """TP-VP in the form TP-VPF names; returns the value and the next offset. With `notes`
    an absolute TP-VP that cannot be read is None, with a warning (see `read_scts`)."""
    if vpf == ValidityPeriodFormat.NOT_PRESENT:
        return None, offset
    if vpf == ValidityPeriodFormat.RELATIVE:
        if offset >= len(data):
            raise PduError("truncated validity period", offset)
        return decode_relative(data[offset]), offset + 1
    if vpf == ValidityPeriodFormat.ABSOLUTE:
        if notes is not None:
            return read_scts(data, offset, notes, "TP-VP"), offset + 7
        return decode_scts(data, offset), offset + 7
    if offset + 7 > len(data):
        raise PduError("truncated enhanced validity period (7 octets needed)", offset)
    return _decode_enhanced(data[offset : offset + 7], offset), offset + 7


def _decode_enhanced(raw: bytes, offset: int) -> EnhancedValidity:
    indicator = raw[0]
    single_shot = bool(indicator & 0x40)
    form = indicator & 0x07
    if indicator & 0x80 or form > 3 or indicator & 0x38:
        return EnhancedValidity(None, EnhancedFormat.NOT_PRESENT, single_shot, raw)
    period: timedelta | None
    if form == EnhancedFormat.NOT_PRESENT:
        period = None
    elif form == EnhancedFormat.RELATIVE:
        period = decode_relative(raw[1])
    elif form == EnhancedFormat.SECONDS:
        period = timedelta(seconds=raw[1])
    else:
        hh, mm, ss = _BCD[raw[1]], _BCD[raw[2]], _BCD[raw[3]]
        if min(hh, mm, ss) < 0:
            raise PduError("enhanced validity period hh:mm:ss is not BCD", offset + 1)
        period = timedelta(hours=hh, minutes=mm, seconds=ss)
    expected = _encode_enhanced(EnhancedValidity(period, EnhancedFormat(form), single_shot))
    # Anything that does not re-encode to the same octets (non-zero padding) is kept verbatim.
    return EnhancedValidity(
        period, EnhancedFormat(form), single_shot, b"" if expected == raw else raw
    )


def _encode_enhanced(value: EnhancedValidity) -> bytes:
    if value.raw:
        if len(value.raw) != 7:
            raise EncodeError("enhanced validity period must be 7 octets")
        return value.raw
    out = bytearray(7)
    out[0] = value.format | (0x40 if value.single_shot else 0)
    period = value.period
    if value.format == EnhancedFormat.NOT_PRESENT:
        return bytes(out)
    if period is None:
        raise EncodeError("enhanced validity period needs a period for this format")
    seconds = int(period.total_seconds())
    if value.format == EnhancedFormat.RELATIVE:
        out[1] = encode_relative(period)
    elif value.format == EnhancedFormat.SECONDS:
        if not 0 <= seconds <= 255:
            raise EncodeError(f"enhanced validity of {period} does not fit 0-255 seconds")
        out[1] = seconds
    else:
        hh, rest = divmod(seconds, 3600)
        if not 0 <= hh <= 99:
            raise EncodeError(f"enhanced validity of {period} does not fit hh:mm:ss")
        out[1], out[2], out[3] = _TO_BCD[hh], _TO_BCD[rest // 60], _TO_BCD[rest % 60]
    return bytes(out)


def encode_validity(validity: Validity | None) -> bytes:
    """The TP-VP octets for `validity` (empty when absent); pair with `validity_format`."""
    if validity is None:
        return b""
    if isinstance(validity, EnhancedValidity):
        return _encode_enhanced(validity)
    if isinstance(validity, datetime):
        return encode_scts(validity)
    return bytes((encode_relative(validity),))


def utc(when: datetime) -> datetime:
    """`when` in UTC (naive taken as UTC): for comparing time stamps from different zones."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
