"""modem/sms/septets.py: septet packing (TS 23.038 §6.1.2.1.1, §6.1.2.3.1).

Most packing properties are tested through the gsm7 names in test_gsm7.py (gsm7 re-exports
this module); here: that the names are the same objects, the fill bits after the two usual
concatenation headers, and the chunking past 256 septets.
"""

from __future__ import annotations

import pytest

from modem.sms import gsm7, septets


def test_gsm7_reexports_the_same_functions() -> None:
    for name in septets.__all__:
        assert getattr(gsm7, name) is getattr(septets, name)


@pytest.mark.parametrize(
    ("header_octets", "fill"),
    [
        (6, 1),  # UDHL + 8-bit concat IE (5): 48 bits, 1 fill bit to 49 = 7 septets
        (7, 0),  # UDHL + 16-bit concat IE (6): 56 bits = 8 septets exactly, no fill
        (9, 5),  # 8-bit concat + one shift IE: 72 bits, 5 fill bits to 77 = 11 septets
    ],
)
def test_text_after_a_header_starts_on_a_septet_boundary(header_octets: int, fill: int) -> None:
    assert (-(header_octets * 8)) % 7 == fill
    text = [0x48, 0x69]  # "Hi"
    packed = septets.pack_septets(text, fill_bits=fill)
    assert septets.unpack_septets(packed, 2, fill_bits=fill) == text
    assert packed[0] & ((1 << fill) - 1) == 0  # the fill bits are zero


def test_more_than_256_septets_pack_in_chunks() -> None:
    values = [i % 128 for i in range(1000)]
    packed = septets.pack_septets(values, fill_bits=3)
    assert len(packed) == (3 + 7 * 1000 + 7) // 8
    assert septets.unpack_septets(packed, 1000, fill_bits=3) == values
