"""Portuguese national language tables (language id 3), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.3): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.3): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "@£$¥êéúíóç\nÔô\rÁá"  # 0x00
    "Δ_ªÇÀ∞^\\€Ó|\x1bÂâÊÉ"  # 0x10
    " !\"#º%&'()*+,-./"  # 0x20
    "0123456789:;<=>?"  # 0x30
    "ÍABCDEFGHIJKLMNO"  # 0x40
    "PQRSTUVWXYZÃÕÚÜ§"  # 0x50
    "~abcdefghijklmno"  # 0x60
    "pqrstuvwxyzãõ`üà"  # 0x70
)

# fmt: off
SINGLE = {
    0x05: "ê", 0x09: "ç", 0x0A: "\x0c", 0x0B: "Ô",
    0x0C: "ô", 0x0E: "Á", 0x0F: "á", 0x12: "Φ",
    0x13: "Γ", 0x14: "^", 0x15: "Ω", 0x16: "Π",
    0x17: "Ψ", 0x18: "Σ", 0x19: "Θ", 0x1F: "Ê",
    0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[",
    0x3D: "~", 0x3E: "]", 0x40: "|", 0x41: "À",
    0x49: "Í", 0x4F: "Ó", 0x55: "Ú", 0x5B: "Ã",
    0x5C: "Õ", 0x61: "Â", 0x65: "€", 0x69: "í",
    0x6F: "ó", 0x75: "ú", 0x7B: "ã", 0x7C: "õ",
    0x7F: "â",
}
# fmt: on
