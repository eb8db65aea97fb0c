"""Turkish national language tables (language id 1), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.1): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.1): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "@£$¥€éùıòÇ\nĞğ\rÅå"  # 0x00
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bŞşßÉ"  # 0x10
    " !\"#¤%&'()*+,-./"  # 0x20
    "0123456789:;<=>?"  # 0x30
    "İABCDEFGHIJKLMNO"  # 0x40
    "PQRSTUVWXYZÄÖÑÜ§"  # 0x50
    "çabcdefghijklmno"  # 0x60
    "pqrstuvwxyzäöñüà"  # 0x70
)

# fmt: off
SINGLE = {
    0x0A: "\x0c", 0x14: "^", 0x28: "{", 0x29: "}",
    0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]",
    0x40: "|", 0x47: "Ğ", 0x49: "İ", 0x53: "Ş",
    0x63: "ç", 0x65: "€", 0x67: "ğ", 0x69: "ı",
    0x73: "ş",
}
# fmt: on
