"""What a decoder found odd in a PDU, and whether that stops it (strict) or not (lenient).

Real PDUs break the rules in small ways that other decoders shrug off: a TP-UDL that counts
more user data than the modem printed, a time zone octet with a non-BCD digit, a status report
padded with 0xFF where TP-PI would be, octets after the user data. A message must not be lost
over that: the lenient decoder (the default) reads what is there and says what was odd in the
value's `warnings`. Tools that check PDUs want the old refusal: with `strict=True` every such
oddity raises PduError, as before. Some things are worth saying in both modes and never
refused (octets after the user data, an odd last octet of UCS-2 text): `note()` records them.
"""

from __future__ import annotations

from modem.errors import PduError

__all__ = ["Notes"]


class Notes:
    """The warnings of one decode. `odd()` for what strict mode refuses, `note()` for what
    both modes accept."""

    __slots__ = ("items", "strict")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.items: list[str] = []

    def odd(self, message: str, offset: int, then: str = "") -> None:
        """Raise PduError in strict mode; else keep `message` as a warning, with `then` (what
        the decoder does about it: "the time is read as UTC"), and go on."""
        if self.strict:
            raise PduError(message, offset)
        self.items.append(f"{message}{': ' + then if then else ''} (at byte {offset})")

    def note(self, message: str, offset: int) -> None:
        """Keep `message` as a warning, in either mode."""
        self.items.append(f"{message} (at byte {offset})")

    def result(self) -> tuple[str, ...]:
        return tuple(self.items) if self.items else ()
