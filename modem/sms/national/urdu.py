"""Urdu national language tables (language id 13), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.13): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.13): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

LOCKING = (
    "\u0627\u0622\u0628\u067b\u0680\u067e\u06a6\u062a"  # 0x00
    "\u06c2\u067f\n\u0679\u067d\r\u067a\u067c"  # 0x08
    "\u062b\u062c\u0681\u0684\u0683\u0685\u0686\u0687"  # 0x10
    "\u062d\u062e\u062f\x1b\u068c\u0688\u0689\u068a"  # 0x18
    " !\u068f\u068d\u0630\u0631\u0691\u0693"  # 0x20
    ")(\u0699\u0632,\u0696.\u0698"  # 0x28
    "01234567"  # 0x30
    "89:;\u069a\u0633\u0634?"  # 0x38
    "\u0635\u0636\u0637\u0638\u0639\u0641\u0642\u06a9"  # 0x40
    "\u06aa\u06ab\u06af\u06b3\u06b1\u0644\u0645\u0646"  # 0x48
    "\u06ba\u06bb\u06bc\u0648\u06c4\u06d5\u06c1\u06be"  # 0x50
    "\u0621\u06cc\u06d0\u06d2\u064d\u0650\u064f\u0657"  # 0x58
    "\u0654abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0655\u0651\u0653\u0656\u0670"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0600", 0x1A: "\u0601", 0x1C: "\u06f0", 0x1D: "\u06f1",
    0x1E: "\u06f2", 0x1F: "\u06f3", 0x20: "\u06f4", 0x21: "\u06f5",
    0x22: "\u06f6", 0x23: "\u06f7", 0x24: "\u06f8", 0x25: "\u06f9",
    0x26: "\u060c", 0x27: "\u060d", 0x28: "{", 0x29: "}",
    0x2A: "\u060e", 0x2B: "\u060f", 0x2C: "\u0610", 0x2D: "\u0611",
    0x2E: "\u0612", 0x2F: "\\", 0x30: "\u0613", 0x31: "\u0614",
    0x32: "\u061b", 0x33: "\u061f", 0x34: "\u0640", 0x35: "\u0652",
    0x36: "\u0658", 0x37: "\u066b", 0x38: "\u066c", 0x39: "\u0672",
    0x3A: "\u0673", 0x3B: "\u06cd", 0x3C: "[", 0x3D: "~",
    0x3E: "]", 0x3F: "\u06d4", 0x40: "|", 0x41: "A",
    0x42: "B", 0x43: "C", 0x44: "D", 0x45: "E",
    0x46: "F", 0x47: "G", 0x48: "H", 0x49: "I",
    0x4A: "J", 0x4B: "K", 0x4C: "L", 0x4D: "M",
    0x4E: "N", 0x4F: "O", 0x50: "P", 0x51: "Q",
    0x52: "R", 0x53: "S", 0x54: "T", 0x55: "U",
    0x56: "V", 0x57: "W", 0x58: "X", 0x59: "Y",
    0x5A: "Z", 0x65: "€",
}
# fmt: on
