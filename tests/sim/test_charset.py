"""modem/sim/charset.py: text in the AT+CSCS character sets (27.007 §5.5), packed USSD."""

from __future__ import annotations

import pytest

from modem.sim.charset import decode_text, encode_text, is_hex, pack_gsm7_hex, unpack_gsm7_hex


@pytest.mark.parametrize(
    ("cscs", "text", "wire"),
    [
        ("IRA", "Hello", "Hello"),
        ("IRA", "Grüße", "Gr??e"),
        ("8859-1", "Grüße", "Grüße"),
        ("UCS2", "Hi €", "00480069002020AC"),
        ("GSM", "@£$", "\x00\x01\x02"),  # 23.038 §6.2.1 default alphabet code points
        ("GSM", "€", "\x1b\x65"),  # extension table: ESC 0x65
    ],
)
def test_encode(cscs: str, text: str, wire: str) -> None:
    assert encode_text(text, cscs) == wire


def test_decode() -> None:
    assert decode_text("00480069002020AC", "UCS2") == "Hi €"
    assert decode_text("\x00\x01\x02", "GSM") == "@£$"
    assert decode_text("plain", "IRA") == "plain"
    with pytest.raises(ValueError, match="UCS2"):
        decode_text("zz", "UCS2")


def test_packed_ussd() -> None:
    assert pack_gsm7_hex("*100#") == "AA180C3602"  # 23.038 §6.1.2.3 packing
    assert unpack_gsm7_hex("AA180C3602") == "*100#"
    assert is_hex("AA18") and not is_hex("*100#") and not is_hex("")
