"""Hindi national language tables (language id 6), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.6): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.6): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).

Locking 0x00-0x02 are U+0901-U+0903 (Devanagari candrabindu, anusvara, visarga) as in
AOSP; warthog618/sms has the Bengali U+0981-U+0983 there, a slip.
"""

from __future__ import annotations

LOCKING = (
    "\u0901\u0902\u0903\u0905\u0906\u0907\u0908\u0909"  # 0x00
    "\u090a\u090b\n\u090c\u090d\r\u090e\u090f"  # 0x08
    "\u0910\u0911\u0912\u0913\u0914\u0915\u0916\u0917"  # 0x10
    "\u0918\u0919\u091a\x1b\u091b\u091c\u091d\u091e"  # 0x18
    " !\u091f\u0920\u0921\u0922\u0923\u0924"  # 0x20
    ")(\u0925\u0926,\u0927.\u0928"  # 0x28
    "01234567"  # 0x30
    "89:;\u0929\u092a\u092b?"  # 0x38
    "\u092c\u092d\u092e\u092f\u0930\u0931\u0932\u0933"  # 0x40
    "\u0934\u0935\u0936\u0937\u0938\u0939\u093c\u093d"  # 0x48
    "\u093e\u093f\u0940\u0941\u0942\u0943\u0944\u0945"  # 0x50
    "\u0946\u0947\u0948\u0949\u094a\u094b\u094c\u094d"  # 0x58
    "\u0950abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0972\u097b\u097c\u097e\u097f"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0966", 0x1D: "\u0967",
    0x1E: "\u0968", 0x1F: "\u0969", 0x20: "\u096a", 0x21: "\u096b",
    0x22: "\u096c", 0x23: "\u096d", 0x24: "\u096e", 0x25: "\u096f",
    0x26: "\u0951", 0x27: "\u0952", 0x28: "{", 0x29: "}",
    0x2A: "\u0953", 0x2B: "\u0954", 0x2C: "\u0958", 0x2D: "\u0959",
    0x2E: "\u095a", 0x2F: "\\", 0x30: "\u095b", 0x31: "\u095c",
    0x32: "\u095d", 0x33: "\u095e", 0x34: "\u095f", 0x35: "\u0960",
    0x36: "\u0961", 0x37: "\u0962", 0x38: "\u0963", 0x39: "\u0970",
    0x3A: "\u0971", 0x3C: "[", 0x3D: "~", 0x3E: "]",
    0x40: "|", 0x41: "A", 0x42: "B", 0x43: "C",
    0x44: "D", 0x45: "E", 0x46: "F", 0x47: "G",
    0x48: "H", 0x49: "I", 0x4A: "J", 0x4B: "K",
    0x4C: "L", 0x4D: "M", 0x4E: "N", 0x4F: "O",
    0x50: "P", 0x51: "Q", 0x52: "R", 0x53: "S",
    0x54: "T", 0x55: "U", 0x56: "V", 0x57: "W",
    0x58: "X", 0x59: "Y", 0x5A: "Z", 0x65: "€",
}
# fmt: on
