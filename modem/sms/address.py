"""Phone numbers and alphanumeric senders as SMS carries them (3GPP TS 23.040 §9.1.2.5).

Two wire forms share one value type:

* the TP addresses (TP-OA, TP-DA, TP-RA): a length counting *useful semi-octets*, the
  type-of-address octet, then the digits as swapped BCD. For an alphanumeric sender
  (type of number 101) the "digits" are GSM 7-bit packed text and the length counts the
  semi-octets those packed septets occupy, so a 7-character name is 13 semi-octets, not 14
  (counting 14 is what makes other libraries show a trailing '@');
* the SMSC address in front of a TPDU (TS 24.011 §8.2.5.2, as AT+CMGR and +CMT carry it): a
  length counting *octets* (type octet included), then the same BCD digits.

The type of number and numbering plan are kept as received so a number can be sent back the
way it came.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from modem.errors import AddressError, EncodeError, PduError
from modem.sms import gsm7
from modem.sms._frozen import fast_constructor

__all__ = [
    "Address",
    "NumberingPlan",
    "TypeOfNumber",
    "decode_address",
    "decode_smsc",
    "encode_address",
    "encode_smsc",
]


class TypeOfNumber(IntEnum):
    """Bits 6-4 of the type-of-address octet (TS 23.040 §9.1.2.5)."""

    UNKNOWN = 0
    INTERNATIONAL = 1
    NATIONAL = 2
    NETWORK_SPECIFIC = 3
    SUBSCRIBER = 4
    ALPHANUMERIC = 5
    ABBREVIATED = 6
    RESERVED = 7


class NumberingPlan(IntEnum):
    """Bits 3-0 of the type-of-address octet. The reserved values have members too, so a
    number received with one is sent back exactly as it came."""

    UNKNOWN = 0
    ISDN = 1
    RESERVED_2 = 2
    DATA = 3
    TELEX = 4
    SC_SPECIFIC_5 = 5
    SC_SPECIFIC_6 = 6
    RESERVED_7 = 7
    NATIONAL = 8
    PRIVATE = 9
    ERMES = 10
    RESERVED_11 = 11
    RESERVED_12 = 12
    RESERVED_13 = 13
    RESERVED_14 = 14
    RESERVED = 15


_NPI = list(NumberingPlan)
_TON = list(TypeOfNumber)

# Semi-octet digit alphabet (TS 23.040 §9.1.2.3): 0-9, then '*', '#', 'a', 'b', 'c'; 0xF fills.
_DIGITS_FROM_HEX = str.maketrans("abcde", "*#abc")
_DIGITS_TO_HEX = str.maketrans("*#abcABC", "abcdecde")
# One octet with its two nibbles swapped: the BCD octet order becomes the reading order, so a
# whole address is one translate() and one hex() instead of a loop over nibbles.
_SWAP = bytes(((b & 0x0F) << 4) | (b >> 4) for b in range(256))
_DIALLABLE = frozenset("0123456789*#abcABC")  # what the semi-octets can carry
_TYPED_NUMBER = frozenset("0123456789*#")  # what parse() takes as a number ("abc" is a name)
_SEPARATORS = str.maketrans("", "", " -.()/\u00a0")

MAX_DIGITS = 20  # TP address: 10 octets of digits
MAX_ALPHANUMERIC = 11  # 11 septets fill the same 10 octets
MAX_E164 = 15  # an international (E.164) number has at most 15 digits
_ASCII_DIGITS = frozenset("0123456789")


def _too_many_digits(text: str, count: int) -> str:
    return (
        f"{text!r} has {count} digits, more than the {MAX_DIGITS} an SMS address holds "
        f"(TS 23.040 §9.1.2.5; an E.164 number has at most {MAX_E164})"
    )


@dataclass(frozen=True, slots=True)
class Address:
    """A phone number or alphanumeric sender.

    `number` holds the digits (and `* # a b c`) without a '+', or the alphanumeric text; the '+'
    of an international number lives in `ton` so national and international forms of the same
    subscriber compare as different, which is what the network says they are.
    """

    number: str
    ton: TypeOfNumber = TypeOfNumber.UNKNOWN
    npi: NumberingPlan = NumberingPlan.ISDN

    @classmethod
    def parse(cls, text: str) -> Address:
        """Read what a user typed: "+47 123-45678" is international, "12345" unknown/ISDN,
        "MyBank" alphanumeric (at most 11 GSM characters). Raises AddressError saying what
        is wrong (which character, how many digits and the most allowed)."""
        stripped = text.strip()
        compact = stripped.translate(_SEPARATORS)
        if compact.startswith("+"):
            digits = compact[1:]
            if not digits:
                raise AddressError(f"{text!r} has no digits after the '+'")
            bad = next((c for c in digits if c not in _ASCII_DIGITS), None)
            if bad is not None:
                raise AddressError(
                    f"{text!r} is not an international number: {bad!r} is not a digit "
                    "(only digits may follow the '+')"
                )
            if len(digits) > MAX_DIGITS:
                raise AddressError(_too_many_digits(text, len(digits)))
            return cls(digits, TypeOfNumber.INTERNATIONAL, NumberingPlan.ISDN)
        if compact and set(compact) <= _TYPED_NUMBER:
            if len(compact) > MAX_DIGITS:
                raise AddressError(_too_many_digits(text, len(compact)))
            return cls(compact, TypeOfNumber.UNKNOWN, NumberingPlan.ISDN)
        if not stripped:
            raise AddressError("empty address: give a phone number or a sender name")
        if len(stripped) > MAX_ALPHANUMERIC:
            raise AddressError(
                f"sender name {text!r} has {len(stripped)} characters, more than the "
                f"{MAX_ALPHANUMERIC} an SMS address holds (TS 23.040 §9.1.2.5)"
            )
        septets = gsm7.septet_count(stripped)
        if septets is None:
            bad = next(c for c in stripped if gsm7.septet_count(c) is None)
            raise AddressError(
                f"sender name {text!r}: {bad!r} is not in the GSM 7-bit alphabet, "
                "which a sender name is written in"
            )
        if septets > MAX_ALPHANUMERIC:
            raise AddressError(
                f"sender name {text!r} takes {septets} septets ('€', '[' and the like take two), "
                f"more than the {MAX_ALPHANUMERIC} an SMS address holds (TS 23.040 §9.1.2.5)"
            )
        return cls(stripped, TypeOfNumber.ALPHANUMERIC, NumberingPlan.UNKNOWN)

    def __str__(self) -> str:
        if self.ton is TypeOfNumber.INTERNATIONAL and self.number:
            return "+" + self.number
        return self.number

    @property
    def type_octet(self) -> int:
        """The type-of-address octet: bit 7 always set, then TON and NPI."""
        return 0x80 | (self.ton << 4) | self.npi


_new_address = fast_constructor(Address)

# Decoded addresses by their raw octets. A modem sees one SMSC and mostly the same senders
# over and over, and an Address is immutable, so decoding each distinct field once is enough.
# Bounded: cleared when full.
_SEEN_TP: dict[bytes, Address] = {}
_SEEN_SMSC: dict[bytes, Address] = {}
_SEEN_MAX = 512


def _digits(data: bytes, start: int, end: int, count: int) -> str:
    """`count` semi-octets from data[start:end] as digit text, or PduError on a bad nibble."""
    text = data[start:end].translate(_SWAP).hex()
    if count & 1:
        text = text[:-1]  # the filler nibble (0xF by the spec; other values seen are ignored)
    if text.isdigit() or not text:
        return text
    if "f" in text:
        # Fillers at the end of an even count are a known sender bug (tolerated); one in the
        # middle means the length or the digits are wrong.
        text = text.rstrip("f")
        if "f" in text:
            raise PduError(f"filler semi-octet 0xF inside an address: {text!r}", start)
    return text.translate(_DIGITS_FROM_HEX)


def decode_address(data: bytes, offset: int) -> tuple[Address, int]:
    """Read a TP address (TP-OA, TP-DA, TP-RA) at `offset`; return it and the next offset."""
    if offset + 2 > len(data):
        raise PduError("truncated address", min(offset, len(data)))
    length = data[offset]
    end = offset + 2 + ((length + 1) >> 1)
    if length > MAX_DIGITS:
        raise PduError(f"address length {length} semi-octets is more than {MAX_DIGITS}", offset)
    if end > len(data):
        raise PduError(f"address of {length} semi-octets runs past the end", offset)
    raw = data[offset:end]
    address = _SEEN_TP.get(raw)
    if address is not None:
        return address, end
    toa = data[offset + 1]
    ton = _TON[(toa >> 4) & 7]
    if ton is TypeOfNumber.ALPHANUMERIC:
        count = (length * 4) // 7
        septets = gsm7.unpack_septets(data[offset + 2 : end], count)
        if septets and count % 8 == 0 and septets[-1] == 0x0D:
            septets = septets[:-1]  # CR padding of 7 spare bits (TS 23.038 §6.1.2.3.1)
        number = gsm7.decode_septets(septets)
    else:
        number = _digits(data, offset + 2, end, length)
    address = _new_address(number, ton, _NPI[toa & 0x0F])
    if len(_SEEN_TP) >= _SEEN_MAX:
        _SEEN_TP.clear()
    _SEEN_TP[raw] = address
    return address, end


def decode_smsc(data: bytes, offset: int = 0) -> tuple[Address | None, int]:
    """Read the SMSC address in front of a TPDU (length in octets); "00" means none given."""
    try:
        length = data[offset]
    except IndexError:
        raise PduError("no SMSC address length octet", offset) from None
    if length == 0:
        return None, offset + 1
    if length > 11:
        raise PduError(f"SMSC address length {length} octets is more than 11", offset)
    end = offset + 1 + length
    if end > len(data):
        raise PduError(f"SMSC address of {length} octets runs past the end", offset)
    raw = data[offset:end]
    address = _SEEN_SMSC.get(raw)
    if address is not None:
        return address, end
    address = _decode_smsc_digits(data, offset, end, length)
    if len(_SEEN_SMSC) >= _SEEN_MAX:
        _SEEN_SMSC.clear()
    _SEEN_SMSC[raw] = address
    return address, end


def _decode_smsc_digits(data: bytes, offset: int, end: int, length: int) -> Address:
    toa = data[offset + 1]
    ton = _TON[(toa >> 4) & 7]
    npi = _NPI[toa & 0x0F]
    if ton is TypeOfNumber.ALPHANUMERIC:
        count = ((length - 1) * 8) // 7
        septets = gsm7.unpack_septets(data[offset + 2 : end], count)
        if septets and count % 8 == 0 and septets[-1] == 0x0D:
            septets = septets[:-1]  # CR padding of 7 spare bits (TS 23.038 §6.1.2.3.1)
        return Address(gsm7.decode_septets(septets), ton, npi)
    count = (length - 1) * 2
    if count and data[end - 1] >> 4 == 0xF:
        count -= 1
    return _new_address(_digits(data, offset + 2, end, count), ton, npi)


def _encode_digits(address: Address) -> tuple[int, bytes]:
    number = address.number
    if not set(number) <= _DIALLABLE:
        bad = next(c for c in number if c not in _DIALLABLE)
        raise AddressError(
            f"{number!r} is not a phone number: {bad!r} cannot be sent as a digit "
            "(digits, *, #, a, b and c can)"
        )
    if len(number) > MAX_DIGITS:
        raise AddressError(_too_many_digits(number, len(number)))
    text = number.translate(_DIGITS_TO_HEX)
    if len(text) & 1:
        text += "f"
    return len(number), bytes.fromhex(text).translate(_SWAP)


def encode_address(address: Address) -> bytes:
    """A TP address (TP-OA, TP-DA, TP-RA): semi-octet length, type octet, digits."""
    if address.ton is TypeOfNumber.ALPHANUMERIC:
        try:
            septets = gsm7.encode_septets(address.number)
        except EncodeError as exc:
            raise AddressError(f"alphanumeric address: {exc}") from None
        if len(septets) > MAX_ALPHANUMERIC:
            raise AddressError(
                f"sender name {address.number!r} takes {len(septets)} septets, more than the "
                f"{MAX_ALPHANUMERIC} an SMS address holds (TS 23.040 §9.1.2.5)"
            )
        packed = gsm7.pack_septets(septets)
        return bytes(((len(septets) * 7 + 3) // 4, address.type_octet)) + packed
    count, digits = _encode_digits(address)
    return bytes((count, address.type_octet)) + digits


def encode_smsc(address: Address | None) -> bytes:
    """The SMSC field in front of a TPDU; None gives "00" (the modem then uses AT+CSCA)."""
    if address is None or (not address.number and address.ton is TypeOfNumber.UNKNOWN):
        return b"\x00"
    if address.ton is TypeOfNumber.ALPHANUMERIC:
        try:
            packed = gsm7.pack_septets(gsm7.encode_septets(address.number))
        except EncodeError as exc:
            raise AddressError(f"alphanumeric SMSC address: {exc}") from None
        if len(packed) > 10:  # the length octet counts at most 11, the type octet included
            raise AddressError(
                f"SMSC name {address.number!r} is too long: it takes {len(packed)} octets, "
                "the SMSC field holds 10 (TS 24.011 §8.2.5.2)"
            )
        return bytes((len(packed) + 1, address.type_octet)) + packed
    _, digits = _encode_digits(address)  # at most 20 digits: 10 octets, what the field holds
    return bytes((len(digits) + 1, address.type_octet)) + digits
