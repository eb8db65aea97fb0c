"""Punjabi national language tables (language id 10), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.10): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.10): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\u0a01\u0a02\u0a03\u0a05\u0a06\u0a07\u0a08\u0a09"  # 0x00
    "\u0a0a\ufffe\n\ufffe\ufffe\r\ufffe\u0a0f"  # 0x08
    "\u0a10\ufffe\ufffe\u0a13\u0a14\u0a15\u0a16\u0a17"  # 0x10
    "\u0a18\u0a19\u0a1a\x1b\u0a1b\u0a1c\u0a1d\u0a1e"  # 0x18
    " !\u0a1f\u0a20\u0a21\u0a22\u0a23\u0a24"  # 0x20
    ")(\u0a25\u0a26,\u0a27.\u0a28"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0a2a\u0a2b?"  # 0x38
    "\u0a2c\u0a2d\u0a2e\u0a2f\u0a30\ufffe\u0a32\u0a33"  # 0x40
    "\ufffe\u0a35\u0a36\ufffe\u0a38\u0a39\u0a3c\ufffe"  # 0x48
    "\u0a3e\u0a3f\u0a40\u0a41\u0a42\ufffe\ufffe\ufffe"  # 0x50
    "\ufffe\u0a47\u0a48\ufffe\ufffe\u0a4b\u0a4c\u0a4d"  # 0x58
    "\u0a51abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0a70\u0a71\u0a72\u0a73\u0a74"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0a66", 0x1D: "\u0a67",
    0x1E: "\u0a68", 0x1F: "\u0a69", 0x20: "\u0a6a", 0x21: "\u0a6b",
    0x22: "\u0a6c", 0x23: "\u0a6d", 0x24: "\u0a6e", 0x25: "\u0a6f",
    0x26: "\u0a59", 0x27: "\u0a5a", 0x28: "{", 0x29: "}",
    0x2A: "\u0a5b", 0x2B: "\u0a5c", 0x2C: "\u0a5e", 0x2D: "\u0a75",
    0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]",
    0x40: "|", 0x41: "A", 0x42: "B", 0x43: "C",
    0x44: "D", 0x45: "E", 0x46: "F", 0x47: "G",
    0x48: "H", 0x49: "I", 0x4A: "J", 0x4B: "K",
    0x4C: "L", 0x4D: "M", 0x4E: "N", 0x4F: "O",
    0x50: "P", 0x51: "Q", 0x52: "R", 0x53: "S",
    0x54: "T", 0x55: "U", 0x56: "V", 0x57: "W",
    0x58: "X", 0x59: "Y", 0x5A: "Z", 0x65: "€",
}
# fmt: on
