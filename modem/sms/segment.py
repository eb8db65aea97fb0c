"""Splitting text into SMS parts, and saying beforehand what a text costs.

Encoding choice: GSM 7-bit when every character is in the default alphabet; when a national
language is configured, its single/locking shift tables instead if they send the text in fewer
parts (say a Turkish text full of '€', one septet in the Turkish locking table, two with an
escape in the default one), or in no more parts than UCS-2 when the default alphabet cannot
(TS 23.038 §6.2.1.2.4, shift IEs of TS 23.040 §9.2.3.24.15-16); else UCS-2 (UTF-16, so emoji
travel as surrogate pairs). Parts are counted by splitting with the real header of each part.

Part sizes follow from 140 octets of user data minus the UDH: GSM 7-bit 160/153/152 septets,
8-bit 140/134/133 octets, UCS-2 70/67/66 UTF-16 units (single / 8-bit / 16-bit concatenation
reference), each less whatever port and shift IEs take. A part never ends inside an escape
sequence (extension-table character) or a surrogate pair: both halves go in the same part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modem.errors import EncodeError, TooManyParts
from modem.sms import gsm7
from modem.sms.dcs import Alphabet, DataCoding, MessageClass
from modem.sms.national import Language
from modem.sms.udh import Concat, Ports, UserDataHeader

__all__ = [
    "Segment",
    "SmsCount",
    "count",
    "segment",
    "segment_counted",
    "segment_data",
    "segment_data_counted",
]

USER_DATA_OCTETS = 140
MAX_PARTS = 255


@dataclass(frozen=True, slots=True)
class Segment:
    """One part: `text` (GSM 7-bit / UCS-2) or `data` (8-bit), with the DCS and UDH to send it
    with. Turn it into a TPDU with `Submit(recipient, text=s.text, data=s.data, dcs=s.dcs,
    udh=s.udh)`, or use `submits()`."""

    text: str
    data: bytes
    dcs: DataCoding
    udh: UserDataHeader | None


@dataclass(frozen=True, slots=True)
class SmsCount:
    """What a text costs: `units` are septets (GSM 7-bit, escapes count 2) or UTF-16 units;
    `per_part` is the room in each part; `remaining` what is left in the last one."""

    encoding: str
    language: str | None
    parts: int
    units: int
    per_part: int
    remaining: int


@dataclass(frozen=True, slots=True)
class _Plan:
    alphabet: Alphabet
    locking: int
    single: int
    costs: tuple[int, ...]  # units per character of the text


def _language(value: Language | str | int | None) -> Language | None:
    if value is None or isinstance(value, Language):
        return value
    try:
        return Language.parse(str(value))
    except Exception as exc:
        raise EncodeError(f"unknown national language: {value!r}") from exc


def _gsm7_costs(text: str, locking: int, single: int) -> tuple[int, ...]:
    """Septets per character: 2 for an escape sequence, else 1."""
    septets = gsm7.encode_septets(text, locking=locking, single=single)
    if 0x1B not in septets and len(septets) == len(text):
        return (1,) * len(text)  # no escapes: the common case, without a loop
    costs = []
    i = 0
    n = len(septets)
    while i < n:
        if septets[i] == 0x1B and i + 1 < n:
            costs.append(2)
            i += 2
        else:
            costs.append(1)
            i += 1
    if len(costs) != len(text):  # every character is one septet or one escape pair
        raise EncodeError("GSM 7-bit encoding did not map one character to one code")
    return tuple(costs)


def _ucs2_costs(text: str) -> tuple[int, ...]:
    if not text or max(text) <= "\uffff":
        return (1,) * len(text)
    return tuple(2 if ord(c) > 0xFFFF else 1 for c in text)


def _candidates(language: Language) -> list[tuple[int, int]]:
    """(locking, single) pairs to try for `language`: the default tables first, then each
    shift table alone, then both (Spanish has no locking shift table)."""
    lang = int(language)
    pairs = [(0, 0), (0, lang)]
    if language.has_locking_shift:
        pairs += [(lang, 0), (lang, lang)]
    return pairs


def _national(text: str, language: Language, concat_bits: int, ports: Ports | None) -> _Plan | None:
    """The GSM 7-bit plan with `language`'s tables (or the default ones) that sends `text` in
    the fewest parts; ties go to fewer shift IEs, then to fewer septets. None if no pair of
    tables can encode it.

    Counting parts by splitting for real, with the header every part will carry (concat IE of
    5 or 6 octets, ports, 3 octets per shift IE, TS 23.040 §9.2.3.24.15-16), is exact where a
    cost model of septets-plus-one-header is not: a shift IE is paid once per part.
    """
    best: tuple[int, int, int] | None = None
    choice: _Plan | None = None
    for locking, single in _candidates(language):
        try:
            costs = _gsm7_costs(text, locking, single)
        except EncodeError:
            continue
        plan = _Plan(Alphabet.GSM7, locking, single, costs)
        key = (len(_split(plan, concat_bits, ports)), (locking != 0) + (single != 0), sum(costs))
        if best is None or key < best:
            best, choice = key, plan
    return choice


def _plan(
    text: str,
    encoding: str,
    language: Language | None,
    concat_bits: int = 8,
    ports: Ports | None = None,
) -> _Plan:
    encoding = encoding.lower()
    if encoding in ("ucs2", "ucs-2", "utf16", "utf-16"):
        return _Plan(Alphabet.UCS2, 0, 0, _ucs2_costs(text))
    if encoding in ("gsm7", "gsm", "7bit", "gsm-7"):
        return _Plan(Alphabet.GSM7, 0, 0, _gsm7_costs(text, 0, 0))
    if encoding != "auto":
        forced = _language(encoding)
        assert forced is not None
        national = _national(text, forced, concat_bits, ports)
        if national is None:
            index = next(i for i, c in enumerate(text) if _national(c, forced, 8, None) is None)
            raise EncodeError(
                f"{text[index]!r} at index {index} is not in the GSM 7-bit alphabet "
                f"with the {forced.name.lower()} tables"
            )
        return national
    try:
        default = _Plan(Alphabet.GSM7, 0, 0, _gsm7_costs(text, 0, 0))
    except EncodeError:
        default = None  # not in the default alphabet
    if default is not None and (language is None or len(default.costs) == sum(default.costs)):
        return default  # one septet a character: no national table can do better
    if language is not None:
        national = _national(text, language, concat_bits, ports)
        if national is not None:
            if default is not None:
                return national  # the default tables are among the candidates
            ucs2 = _Plan(Alphabet.UCS2, 0, 0, _ucs2_costs(text))
            if len(_split(national, concat_bits, ports)) <= len(_split(ucs2, concat_bits, ports)):
                return national
            return ucs2
    if default is not None:
        return default
    return _Plan(Alphabet.UCS2, 0, 0, _ucs2_costs(text))


def _capacity(alphabet: Alphabet, header: int) -> int:
    """Units that fit next to a UDH of `header` octets (UDHL included; 0 = no UDH)."""
    if alphabet is Alphabet.GSM7:
        return (USER_DATA_OCTETS * 8) // 7 - (header * 8 + 6) // 7
    if alphabet is Alphabet.UCS2:
        return (USER_DATA_OCTETS - header) // 2
    return USER_DATA_OCTETS - header


def _base_header(plan: _Plan, ports: Ports | None) -> UserDataHeader | None:
    if ports is None and not plan.locking and not plan.single:
        return None
    return UserDataHeader.build(ports=ports, single_shift=plan.single, locking_shift=plan.locking)


def _split(plan: _Plan, concat_bits: int, ports: Ports | None) -> list[tuple[int, int]]:
    """Character ranges [start, end) of each part."""
    base = _base_header(plan, ports)
    base_size = base.size if base is not None else 0
    costs = plan.costs
    if sum(costs) <= _capacity(plan.alphabet, base_size):
        return [(0, len(costs))]
    concat_ie = 5 if concat_bits == 8 else 6
    room = _capacity(plan.alphabet, (base_size or 1) + concat_ie)
    if len(costs) == sum(costs):  # one unit per character: fixed-size chunks
        return [(i, min(i + room, len(costs))) for i in range(0, len(costs), room)]
    ranges = []
    start = used = 0
    for i, cost in enumerate(costs):
        if used + cost > room:
            ranges.append((start, i))
            start, used = i, 0
        used += cost
    ranges.append((start, len(costs)))
    return ranges


def segment(
    text: str,
    *,
    encoding: str = "auto",
    language: Language | str | None = None,
    reference: int = 0,
    concat_bits: int = 8,
    message_class: MessageClass | None = None,
    ports: Ports | None = None,
    max_parts: int | None = None,
) -> list[Segment]:
    """Split `text` into parts ready for SMS-SUBMIT or SMS-DELIVER.

    `encoding` is "auto", "gsm7", "ucs2" or a national language name (its shift tables are then
    required); `language` the national language "auto" may use. `reference` is the
    concatenation reference shared by all parts (the caller keeps a counter per recipient).
    More parts than `max_parts` (and never more than 255) raise TooManyParts.
    """
    return segment_counted(
        text, encoding=encoding, language=language, reference=reference,
        concat_bits=concat_bits, message_class=message_class, ports=ports, max_parts=max_parts,
    )[0]  # fmt: skip


def segment_counted(
    text: str,
    *,
    encoding: str = "auto",
    language: Language | str | None = None,
    reference: int = 0,
    concat_bits: int = 8,
    message_class: MessageClass | None = None,
    ports: Ports | None = None,
    max_parts: int | None = None,
) -> tuple[list[Segment], SmsCount]:
    """`segment` and what the text costs (`count`), from one split."""
    if concat_bits not in (8, 16):
        raise EncodeError(f"concatenation reference must be 8 or 16 bits, not {concat_bits}")
    plan = _plan(text, encoding, _language(language), concat_bits, ports)
    ranges = _split(plan, concat_bits, ports)
    dcs = DataCoding(alphabet=plan.alphabet, message_class=message_class)
    chunks = [text[a:b] for a, b in ranges]
    parts = _segments(
        chunks, plan, dcs, reference, concat_bits, ports, text=True, max_parts=max_parts
    )
    return parts, _count_of(plan, ranges, concat_bits, ports)


def segment_data(
    data: bytes,
    *,
    reference: int = 0,
    concat_bits: int = 8,
    ports: Ports | None = None,
    message_class: MessageClass | None = None,
    max_parts: int | None = None,
) -> list[Segment]:
    """Split 8-bit data (e.g. a WAP push for port 2948) into parts."""
    return segment_data_counted(
        data, reference=reference, concat_bits=concat_bits, ports=ports,
        message_class=message_class, max_parts=max_parts,
    )[0]  # fmt: skip


def segment_data_counted(
    data: bytes,
    *,
    reference: int = 0,
    concat_bits: int = 8,
    ports: Ports | None = None,
    message_class: MessageClass | None = None,
    max_parts: int | None = None,
) -> tuple[list[Segment], SmsCount]:
    """`segment_data` and what the data costs (units are octets)."""
    if concat_bits not in (8, 16):
        raise EncodeError(f"concatenation reference must be 8 or 16 bits, not {concat_bits}")
    plan = _Plan(Alphabet.DATA_8BIT, 0, 0, (1,) * len(data))
    ranges = _split(plan, concat_bits, ports)
    chunks = [bytes(data[a:b]) for a, b in ranges]
    dcs = DataCoding(alphabet=Alphabet.DATA_8BIT, message_class=message_class)
    parts = _segments(
        chunks, plan, dcs, reference, concat_bits, ports, text=False, max_parts=max_parts
    )
    return parts, _count_of(plan, ranges, concat_bits, ports)


def _segments(
    chunks: Sequence[str | bytes],
    plan: _Plan,
    dcs: DataCoding,
    reference: int,
    concat_bits: int,
    ports: Ports | None,
    *,
    text: bool,
    max_parts: int | None = None,
) -> list[Segment]:
    total = len(chunks)
    if max_parts is not None and (type(max_parts) is not int or max_parts < 1):
        raise ValueError(f"max_parts must be a whole number of at least 1, not {max_parts!r}")
    limit = MAX_PARTS if max_parts is None else min(max_parts, MAX_PARTS)
    if total > limit:
        raise TooManyParts(total, limit)
    largest = 0xFF if concat_bits == 8 else 0xFFFF
    if total > 1 and not 0 <= reference <= largest:
        raise EncodeError(f"concatenation reference {reference} does not fit {concat_bits} bits")
    out = []
    for seq, chunk in enumerate(chunks, 1):
        concat = Concat(reference, total, seq, concat_bits) if total > 1 else None
        if concat is None and ports is None and not plan.locking and not plan.single:
            udh = None
        else:
            udh = UserDataHeader.build(
                concat=concat, ports=ports, single_shift=plan.single, locking_shift=plan.locking
            )
        if text:
            out.append(Segment(str(chunk), b"", dcs, udh))
        else:
            out.append(Segment("", bytes(chunk), dcs, udh))  # type: ignore[arg-type]
    return out


def count(
    text: str,
    *,
    encoding: str = "auto",
    language: Language | str | None = None,
    concat_bits: int = 8,
) -> SmsCount:
    """How many parts `text` needs and how much room the last one has left, as `segment` would
    send it."""
    plan = _plan(text, encoding, _language(language), concat_bits)
    return _count_of(plan, _split(plan, concat_bits, None), concat_bits, None)


def _count_of(
    plan: _Plan, ranges: list[tuple[int, int]], concat_bits: int, ports: Ports | None
) -> SmsCount:
    base = _base_header(plan, ports)
    base_size = base.size if base is not None else 0
    if len(ranges) == 1:
        per_part = _capacity(plan.alphabet, base_size)
    else:
        concat_ie = 5 if concat_bits == 8 else 6
        per_part = _capacity(plan.alphabet, (base_size or 1) + concat_ie)
    last = sum(plan.costs[ranges[-1][0] : ranges[-1][1]])
    used_language = None
    if plan.locking or plan.single:
        used_language = Language(plan.locking or plan.single).name.lower()
    return SmsCount(
        plan.alphabet.value, used_language, len(ranges), sum(plan.costs), per_part,
        per_part - last,
    )  # fmt: skip
