"""Oriya national language tables (language id 9), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.9): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.9): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\u0b01\u0b02\u0b03\u0b05\u0b06\u0b07\u0b08\u0b09"  # 0x00
    "\u0b0a\u0b0b\n\u0b0c\ufffe\r\ufffe\u0b0f"  # 0x08
    "\u0b10\ufffe\ufffe\u0b13\u0b14\u0b15\u0b16\u0b17"  # 0x10
    "\u0b18\u0b19\u0b1a\x1b\u0b1b\u0b1c\u0b1d\u0b1e"  # 0x18
    " !\u0b1f\u0b20\u0b21\u0b22\u0b23\u0b24"  # 0x20
    ")(\u0b25\u0b26,\u0b27.\u0b28"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0b2a\u0b2b?"  # 0x38
    "\u0b2c\u0b2d\u0b2e\u0b2f\u0b30\ufffe\u0b32\u0b33"  # 0x40
    "\ufffe\u0b35\u0b36\u0b37\u0b38\u0b39\u0b3c\u0b3d"  # 0x48
    "\u0b3e\u0b3f\u0b40\u0b41\u0b42\u0b43\u0b44\ufffe"  # 0x50
    "\ufffe\u0b47\u0b48\ufffe\ufffe\u0b4b\u0b4c\u0b4d"  # 0x58
    "\u0b56abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0b57\u0b60\u0b61\u0b62\u0b63"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0b66", 0x1D: "\u0b67",
    0x1E: "\u0b68", 0x1F: "\u0b69", 0x20: "\u0b6a", 0x21: "\u0b6b",
    0x22: "\u0b6c", 0x23: "\u0b6d", 0x24: "\u0b6e", 0x25: "\u0b6f",
    0x26: "\u0b5c", 0x27: "\u0b5d", 0x28: "{", 0x29: "}",
    0x2A: "\u0b5f", 0x2B: "\u0b70", 0x2C: "\u0b71", 0x2F: "\\",
    0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|",
    0x41: "A", 0x42: "B", 0x43: "C", 0x44: "D",
    0x45: "E", 0x46: "F", 0x47: "G", 0x48: "H",
    0x49: "I", 0x4A: "J", 0x4B: "K", 0x4C: "L",
    0x4D: "M", 0x4E: "N", 0x4F: "O", 0x50: "P",
    0x51: "Q", 0x52: "R", 0x53: "S", 0x54: "T",
    0x55: "U", 0x56: "V", 0x57: "W", 0x58: "X",
    0x59: "Y", 0x5A: "Z", 0x65: "€",
}
# fmt: on
