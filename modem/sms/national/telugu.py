"""Telugu national language tables (language id 12), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.12): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.12): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).

Single shift 0x22/0x23 are U+0C6C/U+0C6D (TELUGU DIGITS SIX, SEVEN); TS 23.038 V9.1.1
prints the Arabic-block U+06CC/U+06CD, a typo noted by AOSP; both transcriptions agree.
"""

from __future__ import annotations

LOCKING = (
    "\u0c01\u0c02\u0c03\u0c05\u0c06\u0c07\u0c08\u0c09"  # 0x00
    "\u0c0a\u0c0b\n\u0c0c\ufffe\r\u0c0e\u0c0f"  # 0x08
    "\u0c10\ufffe\u0c12\u0c13\u0c14\u0c15\u0c16\u0c17"  # 0x10
    "\u0c18\u0c19\u0c1a\x1b\u0c1b\u0c1c\u0c1d\u0c1e"  # 0x18
    " !\u0c1f\u0c20\u0c21\u0c22\u0c23\u0c24"  # 0x20
    ")(\u0c25\u0c26,\u0c27.\u0c28"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0c2a\u0c2b?"  # 0x38
    "\u0c2c\u0c2d\u0c2e\u0c2f\u0c30\u0c31\u0c32\u0c33"  # 0x40
    "\ufffe\u0c35\u0c36\u0c37\u0c38\u0c39\ufffe\u0c3d"  # 0x48
    "\u0c3e\u0c3f\u0c40\u0c41\u0c42\u0c43\u0c44\ufffe"  # 0x50
    "\u0c46\u0c47\u0c48\ufffe\u0c4a\u0c4b\u0c4c\u0c4d"  # 0x58
    "\u0c55abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0c56\u0c60\u0c61\u0c62\u0c63"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x1C: "\u0c66", 0x1D: "\u0c67", 0x1E: "\u0c68", 0x1F: "\u0c69",
    0x20: "\u0c6a", 0x21: "\u0c6b", 0x22: "\u0c6c", 0x23: "\u0c6d",
    0x24: "\u0c6e", 0x25: "\u0c6f", 0x26: "\u0c58", 0x27: "\u0c59",
    0x28: "{", 0x29: "}", 0x2A: "\u0c78", 0x2B: "\u0c79",
    0x2C: "\u0c7a", 0x2D: "\u0c7b", 0x2E: "\u0c7c", 0x2F: "\\",
    0x30: "\u0c7d", 0x31: "\u0c7e", 0x32: "\u0c7f", 0x3C: "[",
    0x3D: "~", 0x3E: "]", 0x40: "|", 0x41: "A",
    0x42: "B", 0x43: "C", 0x44: "D", 0x45: "E",
    0x46: "F", 0x47: "G", 0x48: "H", 0x49: "I",
    0x4A: "J", 0x4B: "K", 0x4C: "L", 0x4D: "M",
    0x4E: "N", 0x4F: "O", 0x50: "P", 0x51: "Q",
    0x52: "R", 0x53: "S", 0x54: "T", 0x55: "U",
    0x56: "V", 0x57: "W", 0x58: "X", 0x59: "Y",
    0x5A: "Z", 0x65: "€",
}
# fmt: on
