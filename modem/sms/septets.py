"""Septet packing: GSM 7-bit values <-> octets (3GPP TS 23.038 §6.1.2.1.1, §6.1.2.3.1).

Kept apart from the character tables in gsm7.py (which re-exports everything here): this is
pure bit arithmetic, shared by SMS user data (TS 23.040 §9.2.3.24: the fill bits that align
text after a UDH), alphanumeric addresses (§9.1.2.5) and USSD/CBS (no septet count, so the CR
padding rule of §6.1.2.3.1 decides where the text ends).

Speed: packing works on the whole user data as one Python int, spreading 7-bit fields into
bytes (or back) in log2(n) mask-and-shift steps instead of a loop over septets.
"""

from __future__ import annotations

from collections.abc import Sequence

from modem.errors import EncodeError, PduError

__all__ = ["CR", "pack_septets", "unpack_all", "unpack_bytes", "unpack_septets"]

CR = 0x0D

# Spreading up to 256 septets (1792 bits) into 256 bytes and back, in 8 steps over the whole
# int. Step k splits every block of 2**(k+1) septets into halves and moves the upper half up
# by 2**k bits (or back down). Unpacking runs k = 7..0, packing k = 0..7; steps whose blocks
# are longer than the data are no-ops, and cheap, because an AND with a long mask only costs
# the length of the shorter operand.
_CHUNK = 256
_MASKS: list[int] = []
for _k in range(8):
    _width = 7 << _k
    _field = ((1 << _width) - 1) << _width
    _MASKS.append(sum(_field << (j * (16 << _k)) for j in range(_CHUNK >> (_k + 1))))
_M0, _M1, _M2, _M3, _M4, _M5, _M6, _M7 = _MASKS
_G0, _G1, _G2, _G3, _G4, _G5, _G6, _G7 = (mask << (1 << k) for k, mask in enumerate(_MASKS))
_HIGH_BITS = int.from_bytes(b"\x80" * _CHUNK, "little")
_COUNT_MASKS = [(1 << (7 * n)) - 1 for n in range(_CHUNK + 1)]
del _k, _width, _field, _MASKS


def _spread(value: int, count: int) -> bytes:
    """Bytes holding the `count` (<= 256) 7-bit fields of `value` (field i at bits 7i..7i+6).
    Moving the upper half h up by s bits is value - h + (h << s) = value + h * (2**s - 1):
    the bits it moves into are zero."""
    value += (value & _M7) * 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
    value += (value & _M6) * 0xFFFFFFFFFFFFFFFF
    value += (value & _M5) * 0xFFFFFFFF
    value += (value & _M4) * 0xFFFF
    value += (value & _M3) * 0xFF
    value += (value & _M2) * 0xF
    value += (value & _M1) * 3
    value += value & _M0
    return value.to_bytes(count, "little")


def _gather(data: bytes) -> int:
    """The inverse of `_spread`: up to 256 septet values (bytes) -> one int, septet i at bit
    7i. Each step clears the upper halves h and puts them back s bits lower."""
    value = int.from_bytes(data, "little")
    high = value & _G0
    value ^= high
    value |= high >> 1
    high = value & _G1
    value ^= high
    value |= high >> 2
    high = value & _G2
    value ^= high
    value |= high >> 4
    high = value & _G3
    value ^= high
    value |= high >> 8
    high = value & _G4
    value ^= high
    value |= high >> 16
    high = value & _G5
    value ^= high
    value |= high >> 32
    high = value & _G6
    value ^= high
    value |= high >> 64
    high = value & _G7
    value ^= high
    value |= high >> 128
    return value


def pack_septets(septets: Sequence[int], *, fill_bits: int = 0) -> bytes:
    """Pack septet values into octets (§6.1.2.1.1), after `fill_bits` zero bits (0..6, the
    padding that aligns text after a user data header).

    When the last octet has 7 spare bits they are filled with CR (§6.1.2.3.1), so a receiver
    that must guess the length (USSD, CBS) does not read an '@'; with a known septet count the
    CR is ignored. Raises EncodeError for a value outside 0..127 or a bad fill_bits.
    """
    if not 0 <= fill_bits <= 6:
        raise EncodeError(f"fill_bits must be 0..6, not {fill_bits}")
    try:
        data = septets if type(septets) is bytes else bytes(septets)
    except (ValueError, TypeError):
        raise EncodeError("septet values must be 0..127") from None
    count = len(data)
    value = 0
    for start in range(0, count, _CHUNK):
        chunk = data[start : start + _CHUNK] if count > _CHUNK else data
        if int.from_bytes(chunk, "little") & _HIGH_BITS:
            bad = next(i for i, s in enumerate(data) if s > 127)
            raise EncodeError(f"septet value {data[bad]} at index {bad} is not 0..127")
        value |= _gather(chunk) << (7 * start)
    bits = fill_bits + 7 * count
    if bits & 7 == 1:
        value |= CR << (7 * count)
    return (value << fill_bits).to_bytes((bits + 7) >> 3, "little")


def unpack_bytes(data: bytes, count: int, fill_bits: int = 0) -> bytes:
    """Like `unpack_septets` but returns the septet values as bytes (faster; `decode_septets`
    takes them as they are). The common case (<= 256 septets) is `_spread` inlined."""
    if 0 <= count <= _CHUNK and 0 <= fill_bits <= 6 and len(data) * 8 >= fill_bits + 7 * count:
        value = (int.from_bytes(data, "little") >> fill_bits) & _COUNT_MASKS[count]
        value += (value & _M7) * 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
        value += (value & _M6) * 0xFFFFFFFFFFFFFFFF
        value += (value & _M5) * 0xFFFFFFFF
        value += (value & _M4) * 0xFFFF
        value += (value & _M3) * 0xFF
        value += (value & _M2) * 0xF
        value += (value & _M1) * 3
        value += value & _M0
        return value.to_bytes(count, "little")
    if not 0 <= fill_bits <= 6:
        raise PduError(f"fill_bits must be 0..6, not {fill_bits}")
    if count < 0:
        raise PduError(f"negative septet count {count}")
    needed = (fill_bits + 7 * count + 7) >> 3
    if len(data) < needed:
        raise PduError(f"{count} septets need {needed} octets, only {len(data)} given", len(data))
    value = int.from_bytes(data[:needed], "little") >> fill_bits
    out = []
    for start in range(0, count, _CHUNK):
        n = min(_CHUNK, count - start)
        out.append(_spread((value >> (7 * start)) & _COUNT_MASKS[n], n))
    return b"".join(out)


def unpack_septets(data: bytes, count: int, *, fill_bits: int = 0) -> list[int]:
    """The first `count` septet values packed in `data` after `fill_bits` bits (§6.1.2.1.1).
    Raises PduError if `data` is too short; bytes after the last septet are ignored."""
    return list(unpack_bytes(data, count, fill_bits=fill_bits))


def unpack_all(data: bytes, *, fill_bits: int = 0, strip_zero_pad: bool = False) -> list[int]:
    """Every septet in `data` when no count is known (USSD, cell broadcast): floor((8n - fill)/7)
    of them, minus a CR that §6.1.2.3.1 put in 7 spare bits at the end.

    A text whose own last character is a CR ending on an octet boundary is sent with a second
    CR (`pack_for_ussd` does it), so stripping one CR here never loses a wanted one. Senders that
    ignore the rule pad with zero bits, which read as a trailing '@' (0x00) indistinguishable
    from a real one: kept, unless `strip_zero_pad` (for a network known to do that).
    """
    if not 0 <= fill_bits <= 6:
        raise PduError(f"fill_bits must be 0..6, not {fill_bits}")
    bits = len(data) * 8 - fill_bits
    if bits < 0:
        raise PduError("no room for the fill bits", 0)
    count = bits // 7
    septets = unpack_bytes(data, count, fill_bits)
    if bits % 7 == 0 and (septets.endswith(b"\r") or (strip_zero_pad and septets.endswith(b"\0"))):
        septets = septets[:-1]
    return list(septets)
