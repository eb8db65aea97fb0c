"""Kannada national language tables (language id 7), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.7): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.7): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).

Locking 0x24 is U+0CA1 (KANNADA LETTER DDA, between U+0CA0 and U+0CA2 as in every other
Indic table). TS 23.038 V9.1.1 prints U+0CAA there, a duplicate of 0x3D; AOSP notes it as
a typo and both transcriptions use U+0CA1.
"""

from __future__ import annotations

LOCKING = (
    "\ufffe\u0c82\u0c83\u0c85\u0c86\u0c87\u0c88\u0c89"  # 0x00
    "\u0c8a\u0c8b\n\u0c8c\ufffe\r\u0c8e\u0c8f"  # 0x08
    "\u0c90\ufffe\u0c92\u0c93\u0c94\u0c95\u0c96\u0c97"  # 0x10
    "\u0c98\u0c99\u0c9a\x1b\u0c9b\u0c9c\u0c9d\u0c9e"  # 0x18
    " !\u0c9f\u0ca0\u0ca1\u0ca2\u0ca3\u0ca4"  # 0x20
    ")(\u0ca5\u0ca6,\u0ca7.\u0ca8"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u0caa\u0cab?"  # 0x38
    "\u0cac\u0cad\u0cae\u0caf\u0cb0\u0cb1\u0cb2\u0cb3"  # 0x40
    "\ufffe\u0cb5\u0cb6\u0cb7\u0cb8\u0cb9\u0cbc\u0cbd"  # 0x48
    "\u0cbe\u0cbf\u0cc0\u0cc1\u0cc2\u0cc3\u0cc4\ufffe"  # 0x50
    "\u0cc6\u0cc7\u0cc8\ufffe\u0cca\u0ccb\u0ccc\u0ccd"  # 0x58
    "\u0cd5abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0cd6\u0ce0\u0ce1\u0ce2\u0ce3"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0ce6", 0x1D: "\u0ce7",
    0x1E: "\u0ce8", 0x1F: "\u0ce9", 0x20: "\u0cea", 0x21: "\u0ceb",
    0x22: "\u0cec", 0x23: "\u0ced", 0x24: "\u0cee", 0x25: "\u0cef",
    0x26: "\u0cde", 0x27: "\u0cf1", 0x28: "{", 0x29: "}",
    0x2A: "\u0cf2", 0x2F: "\\", 0x3C: "[", 0x3D: "~",
    0x3E: "]", 0x40: "|", 0x41: "A", 0x42: "B",
    0x43: "C", 0x44: "D", 0x45: "E", 0x46: "F",
    0x47: "G", 0x48: "H", 0x49: "I", 0x4A: "J",
    0x4B: "K", 0x4C: "L", 0x4D: "M", 0x4E: "N",
    0x4F: "O", 0x50: "P", 0x51: "Q", 0x52: "R",
    0x53: "S", 0x54: "T", 0x55: "U", 0x56: "V",
    0x57: "W", 0x58: "X", 0x59: "Y", 0x5A: "Z",
    0x65: "€",
}
# fmt: on
