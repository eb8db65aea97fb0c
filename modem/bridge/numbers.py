"""Which destinations the API accepts, and the one spelling it stores them in.

Always: E.164 ("+491511234567": a "+", a country code that does not start with 0, 7 to 15
digits in all; "0049..." is read as "+49..."). With `numbers.country` configured: national
numbers with the trunk prefix ("0151 1234567" -> "+491511234567"). With `short_codes`: 3 to 8
digits without a "+" (kept as they are). With `alphanumeric`: an address of letters and digits,
11 characters at most (TS 23.040 §9.1.2.5 packs at most 11 GSM characters into an address).
Spaces, dots, dashes, slashes and parentheses inside a number are dropped.
"""

from __future__ import annotations

import re

from modem.config.bridge import NumberPolicy

__all__ = ["normalize_number"]

_SEPARATORS = re.compile(r"[\s().\-/]")
_ALNUM = re.compile(r"^[A-Za-z0-9 ]{1,11}$")


def normalize_number(text: str, policy: NumberPolicy) -> str:
    """The number as it is stored and sent; ValueError saying what is accepted."""
    raw = text.strip()
    compact = _SEPARATORS.sub("", raw)
    if compact.startswith("00") and compact[2:].isdigit():
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        digits = compact[1:]
        if not digits.isdigit():
            raise ValueError(f"{raw!r}: after the + only digits may follow")
        if digits.startswith("0"):
            raise ValueError(f"{raw!r}: a country code never starts with 0")
        if not 7 <= len(digits) <= 15:
            raise ValueError(f"{raw!r}: an E.164 number has 7 to 15 digits, not {len(digits)}")
        return compact
    if compact.isdigit():
        trunk = policy.trunk_prefix
        if policy.country and trunk and compact.startswith(trunk) and len(compact) > 8:
            national = compact[len(trunk) :]
            full = policy.country + national
            if national.startswith("0") or len(full) - 1 > 15:
                raise ValueError(f"{raw!r}: not a national number of {policy.country}")
            return full
        if policy.short_codes and 3 <= len(compact) <= 8:
            return compact
        return _refuse(raw, policy)
    if policy.alphanumeric and _ALNUM.match(raw) and any(c.isalpha() for c in raw):
        return raw
    return _refuse(raw, policy)


def _refuse(raw: str, policy: NumberPolicy) -> str:
    accepted = ["E.164 (+ and the country code)"]
    if policy.country:
        accepted.append(f"national numbers of {policy.country} starting with {policy.trunk_prefix}")
    if policy.short_codes:
        accepted.append("short codes of 3 to 8 digits")
    if policy.alphanumeric:
        accepted.append("alphanumeric addresses of up to 11 letters and digits")
    raise ValueError(
        f"{raw!r} is not a number this gateway sends to; it takes {', '.join(accepted)}"
    )
