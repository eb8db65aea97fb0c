"""Choosing national language tables for a text: the cheapest (locking, single) pair.

A shift table is announced in the user data header (TS 23.040 §9.2.3.24.15/16: IEI 0x24 single
shift, 0x25 locking shift, 3 octets each), so a national table only pays off when the septets
it saves outweigh the header it adds. The segmenter asks this module which pair to use.
"""

from __future__ import annotations

from collections.abc import Iterable

from modem.errors import EncodeError
from modem.sms import gsm7
from modem.sms.national import Language, locking_table, single_table

SHIFT_IE_OCTETS = 3  # IEI, length, language id

__all__ = ["SHIFT_IE_OCTETS", "best_tables", "cost"]


def cost(text: str, locking: int, single: int, *, other_udh: int = 0) -> int | None:
    """Septets of one TP-UD holding `text` with these tables, header included; None if the
    tables cannot encode it.

    The header is ceil(8 * header_octets / 7) septets (it is padded to a septet boundary), with
    header_octets = 1 (UDHL) + `other_udh` (octets of other IEs, e.g. 5 for an 8-bit
    concatenation IE) + 3 per shift IE used; no header at all when there is nothing in it.
    """
    n = gsm7.septet_count(text, locking=locking, single=single)
    if n is None:
        return None
    ies = (locking != 0) + (single != 0)
    header = 1 + other_udh + SHIFT_IE_OCTETS * ies if (ies or other_udh) else 0
    return n + (8 * header + 6) // 7


def best_tables(
    text: str, languages: Iterable[int | str], *, other_udh: int = 0
) -> tuple[int, int] | None:
    """The cheapest (locking, single) pair of national language ids that encodes `text`, using
    the default tables and those of `languages` (ids, `Language` values or names); None if no
    pair can. (0, 0) when the default alphabet can.

    Cost: `cost()` above, in septets. Ties go to fewer shift IEs, then to the order of
    `languages` (default tables first). Exact for one part; for a long text it ranks by total
    septets, which decides the number of parts up to rounding at part boundaries.
    """
    if other_udh < 0:
        raise EncodeError(f"other_udh must be >= 0, not {other_udh}")
    ids = [0]
    for lang in languages:
        lang = int(Language.parse(lang)) if isinstance(lang, str) else int(lang)
        if lang not in ids:
            ids.append(lang)
    lockings = [lk for lk in ids if lk == 0 or locking_table(lk) is not None]
    singles = [sg for sg in ids if sg == 0 or single_table(sg) is not None]
    best: tuple[int, int, int] | None = None
    choice: tuple[int, int] | None = None
    order = 0
    for locking in lockings:
        for single in singles:
            order += 1
            septets = cost(text, locking, single, other_udh=other_udh)
            if septets is None:
                continue
            key = (septets, (locking != 0) + (single != 0), order)
            if best is None or key < best:
                best, choice = key, (locking, single)
    return choice
