"""Phone numbers in one normal form, and when two spellings are the same number.

A status report's TP-RA may be national ("01511234567") while the message went out
international ("+491511234567"), or the other way round; modems and SMSCs differ. So numbers
are compared by their significant digits, matched from the end:

* `normal()`: digits only, without "+" and without leading zeros (the "00" international
  prefix or a national trunk "0"): "+49 151 1234567" -> "491511234567",
  "0151 1234567" -> "1511234567". An alphanumeric sender keeps its letters ("a:vodafone").
* `same_number()`: equal normal forms, or one ends with the other when the shorter has at
  least `MIN_TAIL` digits (a national significant number is that long almost everywhere;
  short codes, shorter, must match exactly). The country code is what the longer one has
  in front; the trailing digits must agree.

Where a match is asked for (a report), the candidates are already narrowed to one modem and
one message reference, so a tail shared by two real numbers cannot mix messages up.
"""

from __future__ import annotations

__all__ = ["MIN_TAIL", "normal", "same_number"]

MIN_TAIL = 7


def normal(number: str) -> str:
    """The normal form used to store and compare numbers (module docstring)."""
    text = number.strip()
    digits = "".join(c for c in text if c.isdigit())
    if text and all(c.isdigit() or c in "+-() ./" for c in text) and digits:
        return digits.lstrip("0") or "0"
    return "a:" + "".join(c for c in text.lower() if c.isalnum())


def same_number(a: str, b: str) -> bool:
    """True when `a` and `b` are spellings of one number (module docstring)."""
    ka, kb = normal(a), normal(b)
    if ka == kb:
        return True
    if ka.startswith("a:") or kb.startswith("a:"):
        return False
    short, long = sorted((ka, kb), key=len)
    return len(short) >= MIN_TAIL and long.endswith(short)
