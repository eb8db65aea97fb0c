"""Gujarati national language tables (language id 5), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.5): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.5): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\u0a81\u0a82\u0a83\u0a85\u0a86\u0a87\u0a88\u0a89"  # 0x00
    "\u0a8a\u0a8b\n\u0a8c\u0a8d\r\ufffe\u0a8f"  # 0x08
    "\u0a90\u0a91\ufffe\u0a93\u0a94\u0a95\u0a96\u0a97"  # 0x10
    "\u0a98\u0a99\u0a9a\x1b\u0a9b\u0a9c\u0a9d\u0a9e"  # 0x18
    " !\u0a9f\u0aa0\u0aa1\u0aa2\u0aa3\u0aa4"  # 0x20
    ")(\u0aa5\u0aa6,\u0aa7.\u0aa8"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0aaa\u0aab?"  # 0x38
    "\u0aac\u0aad\u0aae\u0aaf\u0ab0\ufffe\u0ab2\u0ab3"  # 0x40
    "\ufffe\u0ab5\u0ab6\u0ab7\u0ab8\u0ab9\u0abc\u0abd"  # 0x48
    "\u0abe\u0abf\u0ac0\u0ac1\u0ac2\u0ac3\u0ac4\u0ac5"  # 0x50
    "\ufffe\u0ac7\u0ac8\u0ac9\ufffe\u0acb\u0acc\u0acd"  # 0x58
    "\u0ad0abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0ae0\u0ae1\u0ae2\u0ae3\u0af1"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0ae6", 0x1D: "\u0ae7",
    0x1E: "\u0ae8", 0x1F: "\u0ae9", 0x20: "\u0aea", 0x21: "\u0aeb",
    0x22: "\u0aec", 0x23: "\u0aed", 0x24: "\u0aee", 0x25: "\u0aef",
    0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[",
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
