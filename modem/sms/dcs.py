"""TP-Data-Coding-Scheme for SMS (3GPP TS 23.038 §4): which alphabet, class and indication.

Coding groups by the high nibble of the octet:

    00xx  general data coding: bit 5 compressed, bit 4 class present, bits 3-2 alphabet
          (00 GSM 7-bit, 01 8-bit data, 10 UCS2, 11 reserved), bits 1-0 message class
    01xx  the same, and the message is marked for automatic deletion
    1000..1011  reserved
    1100  message waiting indication, discard message, GSM 7-bit
    1101  message waiting indication, store message, GSM 7-bit
    1110  message waiting indication, store message, UCS2
          (in all three: bit 3 indication active, bit 2 reserved, bits 1-0 indication type)
    1111  data coding / message class: bit 3 reserved, bit 2 8-bit data, bits 1-0 class

"Any reserved codings shall be assumed to be the GSM 7 bit default alphabet" (§4): reserved
groups and the reserved alphabet value decode as GSM 7-bit. `DataCoding.decode` never raises;
it remembers the octet it came from, so `encode()` gives the same octet back (also for the
group 1111 and reserved forms) as long as the fields still mean what that octet meant.
A `DataCoding` built by hand encodes in the general group 00xx (01xx with auto_delete).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

from modem.errors import EncodeError, PduError

__all__ = ["Alphabet", "DataCoding", "IndicationType", "MessageClass", "MessageWaiting"]


class Alphabet(Enum):
    """Character set of the user data (TS 23.038 §4, "character set")."""

    GSM7 = "gsm7"
    DATA_8BIT = "8bit"
    UCS2 = "ucs2"


class MessageClass(IntEnum):
    """Message class (TS 23.038 §4): 0 flash (shown, not stored), 1 ME-specific, 2 SIM-specific,
    3 TE-specific."""

    CLASS_0 = 0
    CLASS_1 = 1
    CLASS_2 = 2
    CLASS_3 = 3


class IndicationType(IntEnum):
    """Indication type of the message waiting groups (TS 23.038 §4, bits 1-0)."""

    VOICEMAIL = 0
    FAX = 1
    EMAIL = 2  # "Electronic Mail Message Waiting"
    OTHER = 3


@dataclass(frozen=True)
class MessageWaiting:
    """Message waiting indication of groups 1100/1101/1110: whether the handset should `store`
    the message (False: discard after updating the indicator), whether the indication is
    `active` (set) or cleared, and what is waiting."""

    store: bool
    active: bool
    kind: IndicationType = IndicationType.VOICEMAIL


_ALPHABET_BITS = {Alphabet.GSM7: 0, Alphabet.DATA_8BIT: 1, Alphabet.UCS2: 2}
_NAMES = {Alphabet.GSM7: "GSM 7-bit", Alphabet.DATA_8BIT: "8-bit data", Alphabet.UCS2: "UCS2"}
_ALPHABETS = (Alphabet.GSM7, Alphabet.DATA_8BIT, Alphabet.UCS2, Alphabet.GSM7)  # 11: reserved


@dataclass(frozen=True)
class DataCoding:
    """One TP-DCS value. `octet` is the octet this value was decoded from (None when built by
    hand); it does not take part in equality, so 0x10 and 0xF0 (both class 0, GSM 7-bit) compare
    equal while each still encodes back to itself."""

    alphabet: Alphabet = Alphabet.GSM7
    message_class: MessageClass | None = None
    compressed: bool = False
    auto_delete: bool = False
    waiting: MessageWaiting | None = None
    octet: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Accept plain values ("ucs2", 0) where the enums are meant; reject anything else.
        try:
            if type(self.alphabet) is not Alphabet:
                object.__setattr__(self, "alphabet", Alphabet(self.alphabet))
            if self.message_class is not None and type(self.message_class) is not MessageClass:
                object.__setattr__(self, "message_class", MessageClass(self.message_class))
        except ValueError as exc:
            raise EncodeError(f"bad TP-DCS field: {exc}") from None
        if self.octet is not None and not 0 <= self.octet <= 0xFF:
            raise EncodeError(f"TP-DCS {self.octet} does not fit in one octet")

    @classmethod
    def decode(cls, octet: int) -> DataCoding:
        """The meaning of a TP-DCS octet (0..255). Never raises for an octet; PduError for
        anything else."""
        if type(octet) is int and 0 <= octet <= 0xFF:
            return _DECODED[octet]
        raise PduError(f"TP-DCS {octet!r} is not an octet")

    def encode(self) -> int:
        """The TP-DCS octet. Raises EncodeError for combinations no coding group can carry
        (a message waiting indication with a class, with compression, or UCS2 to discard)."""
        if self.octet is not None and _FIELDS[self.octet] == self._fields():
            return self.octet
        if self.waiting is not None:
            if self.message_class is not None or self.compressed or self.auto_delete:
                raise EncodeError(
                    "a message waiting indication (TP-DCS 1100-1110) carries no class, "
                    "compression or automatic deletion"
                )
            low = (0x08 if self.waiting.active else 0) | int(self.waiting.kind)
            if self.alphabet is Alphabet.GSM7:
                return (0xD0 if self.waiting.store else 0xC0) | low
            if self.alphabet is Alphabet.UCS2 and self.waiting.store:
                return 0xE0 | low
            raise EncodeError(
                f"no TP-DCS group for a message waiting indication in {self.alphabet.value}"
                f"{'' if self.waiting.store else ' that is discarded'}"
            )
        octet = (0x40 if self.auto_delete else 0) | (0x20 if self.compressed else 0)
        octet |= _ALPHABET_BITS[self.alphabet] << 2
        if self.message_class is not None:
            octet |= 0x10 | int(self.message_class)
        return octet

    def _fields(self) -> tuple[object, ...]:
        return (self.alphabet, self.message_class, self.compressed, self.auto_delete, self.waiting)

    @property
    def flash(self) -> bool:
        """Class 0: shown at once, not stored."""
        return self.message_class is MessageClass.CLASS_0

    @property
    def reserved(self) -> bool:
        """True when decoded from a reserved group, alphabet or bit (then read as the spec
        says: GSM 7-bit)."""
        return self.octet is not None and _is_reserved(self.octet)

    def describe(self) -> str:
        """A one-line readable summary, e.g. "GSM 7-bit, class 0 (flash)"."""
        names = {
            Alphabet.GSM7: "GSM 7-bit",
            Alphabet.DATA_8BIT: "8-bit data",
            Alphabet.UCS2: "UCS2",
        }
        parts = [names[self.alphabet]]
        if self.compressed:
            parts.append("compressed")
        if self.message_class is not None:
            what = ("flash", "ME", "SIM", "TE")[self.message_class]
            parts.append(f"class {int(self.message_class)} ({what})")
        if self.auto_delete:
            parts.append("marked for automatic deletion")
        if self.waiting is not None:
            state = "set" if self.waiting.active else "cleared"
            action = "store" if self.waiting.store else "discard"
            parts.append(f"{self.waiting.kind.name.lower()} waiting {state}, {action} message")
        if self.reserved:
            parts.append("reserved coding")
        if self.octet is not None:
            parts.append(f"0x{self.octet:02X}")
        return ", ".join(parts)


def _is_reserved(octet: int) -> bool:
    group = octet >> 4
    if group < 8:
        return (octet & 0x0C) == 0x0C or (not octet & 0x10 and bool(octet & 0x03))
    if group < 12:
        return True
    if group < 15:
        return bool(octet & 0x04)
    return bool(octet & 0x08)


def _decode(octet: int) -> DataCoding:
    group = octet >> 4
    if group < 8:  # 00xx general, 01xx automatic deletion
        return DataCoding(
            alphabet=_ALPHABETS[(octet >> 2) & 3],
            message_class=MessageClass(octet & 3) if octet & 0x10 else None,
            compressed=bool(octet & 0x20),
            auto_delete=bool(octet & 0x40),
            octet=octet,
        )
    if group < 12:  # reserved groups: GSM 7-bit
        return DataCoding(octet=octet)
    if group < 15:  # message waiting
        waiting = MessageWaiting(
            store=group != 12, active=bool(octet & 0x08), kind=IndicationType(octet & 3)
        )
        alphabet = Alphabet.UCS2 if group == 14 else Alphabet.GSM7
        return DataCoding(alphabet=alphabet, waiting=waiting, octet=octet)
    return DataCoding(  # 1111: data coding / message class
        alphabet=Alphabet.DATA_8BIT if octet & 0x04 else Alphabet.GSM7,
        message_class=MessageClass(octet & 3),
        octet=octet,
    )


_DECODED = tuple(_decode(o) for o in range(256))
_FIELDS = tuple(dc._fields() for dc in _DECODED)
