"""Malayalam national language tables (language id 8), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.8): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.8): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\ufffe\u0d02\u0d03\u0d05\u0d06\u0d07\u0d08\u0d09"  # 0x00
    "\u0d0a\u0d0b\n\u0d0c\ufffe\r\u0d0e\u0d0f"  # 0x08
    "\u0d10\ufffe\u0d12\u0d13\u0d14\u0d15\u0d16\u0d17"  # 0x10
    "\u0d18\u0d19\u0d1a\x1b\u0d1b\u0d1c\u0d1d\u0d1e"  # 0x18
    " !\u0d1f\u0d20\u0d21\u0d22\u0d23\u0d24"  # 0x20
    ")(\u0d25\u0d26,\u0d27.\u0d28"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0d2a\u0d2b?"  # 0x38
    "\u0d2c\u0d2d\u0d2e\u0d2f\u0d30\u0d31\u0d32\u0d33"  # 0x40
    "\u0d34\u0d35\u0d36\u0d37\u0d38\u0d39\ufffe\u0d3d"  # 0x48
    "\u0d3e\u0d3f\u0d40\u0d41\u0d42\u0d43\u0d44\ufffe"  # 0x50
    "\u0d46\u0d47\u0d48\ufffe\u0d4a\u0d4b\u0d4c\u0d4d"  # 0x58
    "\u0d57abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0d60\u0d61\u0d62\u0d63\u0d79"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0d66", 0x1D: "\u0d67",
    0x1E: "\u0d68", 0x1F: "\u0d69", 0x20: "\u0d6a", 0x21: "\u0d6b",
    0x22: "\u0d6c", 0x23: "\u0d6d", 0x24: "\u0d6e", 0x25: "\u0d6f",
    0x26: "\u0d70", 0x27: "\u0d71", 0x28: "{", 0x29: "}",
    0x2A: "\u0d72", 0x2B: "\u0d73", 0x2C: "\u0d74", 0x2D: "\u0d75",
    0x2E: "\u0d7a", 0x2F: "\\", 0x30: "\u0d7b", 0x31: "\u0d7c",
    0x32: "\u0d7d", 0x33: "\u0d7e", 0x34: "\u0d7f", 0x3C: "[",
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
