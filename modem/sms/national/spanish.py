"""Spanish national language tables (language id 2), 3GPP TS 23.038 Annex A.

Spanish has only a single shift table (A.3.2 is void).
`SINGLE` is the single shift table (A.2.2): code after ESC -> character. Its 0x0D (CR2)
and 0x1B (SS2) are control positions, not characters, and are absent.

Code points from TS 23.038, cross-checked position by position against two independent
transcriptions of the spec: AOSP GsmAlphabet.java and warthog618/sms
(encoding/gsm7/charset).
"""

from __future__ import annotations

# fmt: off
SINGLE = {
    0x09: "ç", 0x0A: "\x0c", 0x14: "^", 0x28: "{",
    0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~",
    0x3E: "]", 0x40: "|", 0x41: "Á", 0x49: "Í",
    0x4F: "Ó", 0x55: "Ú", 0x61: "á", 0x65: "€",
    0x69: "í", 0x6F: "ó", 0x75: "ú",
}
# fmt: on
