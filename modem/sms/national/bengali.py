"""Bengali national language tables (language id 4), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.4): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.4): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\u0981\u0982\u0983\u0985\u0986\u0987\u0988\u0989"  # 0x00
    "\u098a\u098b\n\u098c\ufffe\r\ufffe\u098f"  # 0x08
    "\u0990\ufffe\ufffe\u0993\u0994\u0995\u0996\u0997"  # 0x10
    "\u0998\u0999\u099a\x1b\u099b\u099c\u099d\u099e"  # 0x18
    " !\u099f\u09a0\u09a1\u09a2\u09a3\u09a4"  # 0x20
    ")(\u09a5\u09a6,\u09a7.\u09a8"  # 0x28
    "01234567"  # 0x30
    "89:;\ufffe\u09aa\u09ab?"  # 0x38
    "\u09ac\u09ad\u09ae\u09af\u09b0\ufffe\u09b2\ufffe"  # 0x40
    "\ufffe\ufffe\u09b6\u09b7\u09b8\u09b9\u09bc\u09bd"  # 0x48
    "\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c4\ufffe"  # 0x50
    "\ufffe\u09c7\u09c8\ufffe\ufffe\u09cb\u09cc\u09cd"  # 0x58
    "\u09ceabcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u09d7\u09dc\u09dd\u09f0\u09f1"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u09e6", 0x1A: "\u09e7", 0x1C: "\u09e8", 0x1D: "\u09e9",
    0x1E: "\u09ea", 0x1F: "\u09eb", 0x20: "\u09ec", 0x21: "\u09ed",
    0x22: "\u09ee", 0x23: "\u09ef", 0x24: "\u09df", 0x25: "\u09e0",
    0x26: "\u09e1", 0x27: "\u09e2", 0x28: "{", 0x29: "}",
    0x2A: "\u09e3", 0x2B: "\u09f2", 0x2C: "\u09f3", 0x2D: "\u09f4",
    0x2E: "\u09f5", 0x2F: "\\", 0x30: "\u09f6", 0x31: "\u09f7",
    0x32: "\u09f8", 0x33: "\u09f9", 0x34: "\u09fa", 0x3C: "[",
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
