"""The GSM 7-bit default alphabet, its extension table and septet packing (3GPP TS 23.038).

Two layers, kept apart because the TPDU code needs both separately:

* characters <-> septet values (§6.2.1 default alphabet, §6.2.1.1 extension table, and the
  national language locking/single shift tables of Annex A, see `modem.sms.national`);
* septet values <-> packed octets (§6.1.2.1.1 packing, §6.1.2.3.1 the CR padding rule).

Decoding rules, decided from the spec and documented here once:

* An escape (0x1B) followed by a code the single shift table does not define decodes to the
  character at that code in the main (default or locking shift) table (§6.2.1.1: the receiver
  "shall display ... the character shown in the main GSM 7 bit default alphabet table").
  That includes the control position 0x0D (CR2): ESC CR2 reads as CR.
* ESC ESC (the extension table's 0x1B, "SS2") decodes to a space: §6.2.1.1 NOTE 1, "On receipt
  of this code, a receiving entity shall display a space until another extension table is
  defined". The septet after it is read from the main table again.
* A lone ESC as the very last septet has no code to modify; it decodes to a space too (our
  choice, by analogy with NOTE 1: a visible mark where an escape could not be completed).
* A national table id we do not know (or a locking shift for Spanish, which has none)
  decodes with the default tables rather than failing: decoding never raises for in-range
  septets. Encoding with such an id raises EncodeError.
* Locking shift positions that Annex A leaves empty decode to U+FFFD, never to a look-alike;
  encoding never produces them.

Speed: characters go through `codecs.charmap_encode/charmap_decode` (C loops over prebuilt
tables). The packing itself lives in `modem.sms.septets` (bit arithmetic only); its functions
are re-exported here, where the rest of the package has always found them.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from modem.errors import EncodeError, PduError
from modem.sms.septets import CR, pack_septets, unpack_all, unpack_bytes, unpack_septets

ESC = 0x1B

# §6.2.1, read column by column in the spec, here row by row (index = septet value).
# 0x1B is the escape to the extension table; it never stands for a character itself.
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

# §6.2.1.1 extension table: septet after ESC -> character. 0x0A is the page break (form feed);
# 0x0D (CR2) and 0x1B (SS2) are reserved control positions, absent here on purpose.
DEFAULT_EXTENSION = {
    0x0A: "\x0c",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}

# Marks a position a table leaves empty (same convention as Python's charmap codecs).
UNDEFINED = "\ufffe"

__all__ = [
    "CR",
    "DEFAULT_ALPHABET",
    "DEFAULT_EXTENSION",
    "ESC",
    "best_tables",
    "decode_packed",
    "decode_septets",
    "encode_bytes",
    "encode_septets",
    "pack_for_ussd",
    "pack_septets",
    "septet_count",
    "unpack_all",
    "unpack_bytes",
    "unpack_septets",
]


# --- tables ------------------------------------------------------------------------------------


def _locking_table(locking: int) -> str | None:
    """128 characters (UNDEFINED where empty) of the main table for `locking`, or None."""
    if locking == 0:
        return DEFAULT_ALPHABET
    from modem.sms import national

    return national.locking_table(locking)


def _single_table(single: int) -> dict[int, str] | None:
    """Code -> character of the single shift table for `single`, or None."""
    if single == 0:
        return DEFAULT_EXTENSION
    from modem.sms import national

    return national.single_table(single)


@cache
def _decoding_tables(locking: int, single: int) -> tuple[str, str]:
    """(main, extension) as 128-character strings with every fallback already applied."""
    main = _locking_table(locking) or DEFAULT_ALPHABET
    ext = _single_table(single)
    if ext is None:
        ext = DEFAULT_EXTENSION
    main = main.replace(UNDEFINED, "\ufffd")
    main = main[:ESC] + " " + main[ESC + 1 :]  # a lone escape: see the module docstring
    extension = "".join(ext.get(code, main[code]) for code in range(128))
    extension = extension[:ESC] + " " + extension[ESC + 1 :]  # SS2
    return main, extension


# `codecs.charmap_build` only makes its fast C map (not a dict) when byte 0 stands for U+0000,
# so the maps are built with bytes 0x00 and 0x1B swapped ('@' at 0x1B, nothing at 0x00: the ESC
# septet is never a character) and encoded text goes through `_UNSWAP`. A NUL in the text would
# come out as ESC, so `_encode_raw` rejects it first.
_UNSWAP = bytes.maketrans(b"\x00\x1b", b"\x1b\x00")


@cache
def _encoding_map(locking: int, single: int) -> Any:
    """A `codecs.charmap_build` map from character to one byte: the septet for a main-table
    character, 0x80 + code for a single shift character (`_encode` turns those into ESC + code),
    with 0x00/0x1B swapped as above. A character in both tables is taken from the main table
    (one septet instead of two); one listed twice in a single shift table, at its lowest code."""
    main = _locking_table(locking)
    ext = _single_table(single)
    if main is None or ext is None:
        kind, which = ("locking", locking) if main is None else ("single", single)
        raise EncodeError(f"no {kind} shift table for national language {_language(which)}")
    table = [UNDEFINED] * 256
    seen = set()
    for code, char in enumerate(main):
        if code != ESC and char != UNDEFINED:
            table[code] = char
            seen.add(char)
    for code, char in sorted(ext.items()):
        if char not in seen:
            table[0x80 + code] = char
            seen.add(char)
    table[0], table[ESC] = "\x00", table[0]
    return codecs.charmap_build("".join(table))


_DEFAULT_TABLES = _decoding_tables(0, 0)


def _language(which: object) -> str:
    from modem.sms.national import Language

    try:
        return f"{int(which)} ({Language(which).name.title()})"  # type: ignore[call-overload, arg-type]
    except (TypeError, ValueError):
        return repr(which)


def _tables(locking: int, single: int) -> str:
    from modem.sms.national import tables_name

    return tables_name(locking, single)


# --- characters <-> septets --------------------------------------------------------------------


def _encode_raw(text: str, locking: int, single: int) -> bytes:
    """One byte per character: septet, or 0x80 + code for a single shift character."""
    try:
        if "\x00" in text:
            raise UnicodeEncodeError("gsm7", text, text.index("\x00"), 0, "NUL")
        raw = codecs.charmap_encode(text, "strict", _encoding_map(locking, single))[0]
        return raw.translate(_UNSWAP)
    except UnicodeEncodeError as exc:
        where = "" if not (locking or single) else f" ({_tables(locking, single)})"
        raise EncodeError(
            f"{text[exc.start]!r} at index {exc.start} is not in the GSM 7-bit alphabet{where}"
        ) from None


def _encode(text: str, locking: int, single: int) -> bytes:
    raw = _encode_raw(text, locking, single)
    if raw.isascii():
        return raw
    for byte in set(raw):
        if byte > 0x7F:
            raw = raw.replace(bytes((byte,)), bytes((ESC, byte - 0x80)))
    return raw


def encode_septets(text: str, *, locking: int = 0, single: int = 0) -> list[int]:
    """Septet values for `text`; an extension character becomes ESC + its code.

    `locking`/`single` are national language ids (0: the default alphabet / extension table).
    Raises EncodeError naming the first character that is in neither table, and its index.
    """
    return list(_encode(text, locking, single))


def encode_bytes(text: str, *, locking: int = 0, single: int = 0) -> bytes:
    """Like `encode_septets` but the septet values as bytes (faster; `pack_septets` takes them
    as they are)."""
    return _encode(text, locking, single)


_HIGH_BYTES = bytes(range(0x80, 0x100))


def septet_count(text: str, *, locking: int = 0, single: int = 0) -> int | None:
    """How many septets `text` takes with these tables, or None if it cannot be encoded."""
    try:
        raw = _encode_raw(text, locking, single)
    except EncodeError:
        return None
    if raw.isascii():
        return len(raw)
    return 2 * len(raw) - len(raw.translate(None, _HIGH_BYTES))


def decode_septets(septets: Sequence[int], *, locking: int = 0, single: int = 0) -> str:
    """Text for septet values (bytes or a sequence of ints 0..127). Never raises for values in
    range; anything else raises PduError with the offending index. Fallbacks for escapes and
    unknown tables: see the module docstring."""
    try:
        data = septets if type(septets) is bytes else bytes(septets)
    except (ValueError, TypeError):
        bad = next((i for i, s in enumerate(septets) if not 0 <= s <= 127), None)
        raise PduError(f"septet value out of range at index {bad}") from None
    main, ext = _DEFAULT_TABLES if not (locking or single) else _decoding_tables(locking, single)
    try:
        if ESC not in data:
            return codecs.charmap_decode(data, "strict", main)[0]
        parts = data.split(b"\x1b")
        out = [codecs.charmap_decode(parts[0], "strict", main)[0]]
        last = len(parts) - 1
        i = 1
        while i <= last:
            part = parts[i]
            i += 1
            if part:
                out.append(ext[part[0]])
                if len(part) > 1:
                    out.append(codecs.charmap_decode(part[1:], "strict", main)[0])
            elif i > last:  # ESC as the last septet
                out.append(" ")
            else:  # ESC ESC (SS2); what follows the second ESC is plain text
                out.append(" ")
                out.append(codecs.charmap_decode(parts[i], "strict", main)[0])
                i += 1
        return "".join(out)
    except (UnicodeDecodeError, IndexError):
        bad = next(i for i, s in enumerate(data) if s > 127)
        raise PduError(f"septet value {data[bad]} out of range at index {bad}") from None


# --- septets <-> packed octets: modem/sms/septets.py, re-exported here --------------------------


def decode_packed(
    data: bytes, count: int, fill_bits: int = 0, *, locking: int = 0, single: int = 0
) -> str:
    """`decode_septets(unpack_bytes(data, count, fill_bits))` in one call: the text of `count`
    packed septets. Raises PduError if `data` is too short."""
    return decode_septets(unpack_bytes(data, count, fill_bits), locking=locking, single=single)


def pack_for_ussd(text: str | Sequence[int], *, locking: int = 0, single: int = 0) -> bytes:
    """Pack a text (or septet values) for a channel without a septet count (USSD, CBS), per
    §6.1.2.3.1: 7 spare bits at the end hold CR, and a text that itself ends with CR on an
    octet boundary gets a second CR so `unpack_all` keeps the first."""
    septets = _encode(text, locking, single) if isinstance(text, str) else bytes(text)
    if len(septets) % 8 == 0 and septets.endswith(b"\r"):
        septets += b"\r"
    return pack_septets(septets)


# --- choosing national tables ------------------------------------------------------------------


def best_tables(
    text: str, languages: Iterable[int | str], *, other_udh: int = 0
) -> tuple[int, int] | None:
    """The cheapest (locking, single) pair of national language ids that encodes `text`, or
    None; see `modem.sms.national.choose.best_tables` for the cost model."""
    from modem.sms.national.choose import best_tables as choose

    return choose(text, languages, other_udh=other_udh)
