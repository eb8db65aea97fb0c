"""Tamil national language tables (language id 11), 3GPP TS 23.038 Annex A.

`LOCKING` is the locking shift table (A.3.11): 128 characters indexed by septet value,
"\ufffe" where the table leaves a position empty; 0x1B is the escape itself.
`SINGLE` is the single shift table (A.2.11): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).

Single shift 0x24 is U+0BEE (TAMIL DIGIT EIGHT); TS 23.038 V9.1.1 prints U+0BEF there as
well as at 0x25, a typo noted by AOSP; both transcriptions use U+0BEE.
"""

from __future__ import annotations

LOCKING = (
    "\ufffe\u0b82\u0b83\u0b85\u0b86\u0b87\u0b88\u0b89"  # 0x00
    "\u0b8a\ufffe\n\ufffe\ufffe\r\u0b8e\u0b8f"  # 0x08
    "\u0b90\ufffe\u0b92\u0b93\u0b94\u0b95\ufffe\ufffe"  # 0x10
    "\ufffe\u0b99\u0b9a\x1b\ufffe\u0b9c\ufffe\u0b9e"  # 0x18
    " !\u0b9f\ufffe\ufffe\ufffe\u0ba3\u0ba4"  # 0x20
    ")(\ufffe\ufffe,\ufffe.\u0ba8"  # 0x28
    "01234567"  # 0x30
    "89:;\u0ba9\u0baa\ufffe?"  # 0x38
    "\ufffe\ufffe\u0bae\u0baf\u0bb0\u0bb1\u0bb2\u0bb3"  # 0x40
    "\u0bb4\u0bb5\u0bb6\u0bb7\u0bb8\u0bb9\ufffe\ufffe"  # 0x48
    "\u0bbe\u0bbf\u0bc0\u0bc1\u0bc2\ufffe\ufffe\ufffe"  # 0x50
    "\u0bc6\u0bc7\u0bc8\ufffe\u0bca\u0bcb\u0bcc\u0bcd"  # 0x58
    "\u0bd0abcdefg"  # 0x60
    "hijklmno"  # 0x68
    "pqrstuvw"  # 0x70
    "xyz\u0bd7\u0bf0\u0bf1\u0bf2\u0bf9"  # 0x78
)

# fmt: off
SINGLE = {
    0x00: "@", 0x01: "£", 0x02: "$", 0x03: "¥",
    0x04: "¿", 0x05: "\"", 0x06: "¤", 0x07: "%",
    0x08: "&", 0x09: "'", 0x0A: "\x0c", 0x0B: "*",
    0x0C: "+", 0x0E: "-", 0x0F: "/", 0x10: "<",
    0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^",
    0x15: "¡", 0x16: "_", 0x17: "#", 0x18: "*",
    0x19: "\u0964", 0x1A: "\u0965", 0x1C: "\u0be6", 0x1D: "\u0be7",
    0x1E: "\u0be8", 0x1F: "\u0be9", 0x20: "\u0bea", 0x21: "\u0beb",
    0x22: "\u0bec", 0x23: "\u0bed", 0x24: "\u0bee", 0x25: "\u0bef",
    0x26: "\u0bf3", 0x27: "\u0bf4", 0x28: "{", 0x29: "}",
    0x2A: "\u0bf5", 0x2B: "\u0bf6", 0x2C: "\u0bf7", 0x2D: "\u0bf8",
    0x2E: "\u0bfa", 0x2F: "\\", 0x3C: "[", 0x3D: "~",
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
