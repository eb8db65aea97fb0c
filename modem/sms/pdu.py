"""SMS TPDUs: SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.2).

Values in, bytes out, and back: no I/O. `decode_pdu` reads what a modem prints after
AT+CMGR, +CMT or +CDS (hex, usually with the SMSC address in front); `encode_pdu` builds what
AT+CMGS wants, and what a simulated modem hands out.

Theory of operation. A TPDU is a fixed sequence of fields whose presence depends on the first
octet: TP-MTI picks the type, TP-VPF the size of TP-VP, TP-UDHI whether the user data starts
with a header. The decoder walks the buffer once with an integer offset, so every error can name
the byte it found wrong, and builds the frozen value at the end (no per-field objects). The
user data is the only part whose layout depends on another field (TP-DCS): septets for GSM
7-bit, octets otherwise, with the UDH first and, for septets, fill bits so the text starts on
a septet boundary (§9.2.3.24). TP-UDL counts septets including the header and fill, or octets.

Direction matters for TP-MTI: 00 is SMS-DELIVER towards the phone and SMS-DELIVER-REPORT away
from it. A modem only ever shows us the phone-side view (stored or received DELIVERs,
stored SUBMITs, STATUS-REPORTs), so 00/01/10 are read as DELIVER/SUBMIT/STATUS-REPORT and 11
(reserved) is an error.

Layout, as in h11: the values are in tpdu.py, reading in pdu_reader.py, writing in
pdu_writer.py; this module is the API the rest of the package imports.
"""

from __future__ import annotations

from modem.sms.pdu_reader import decode_pdu, to_bytes, tpdu_length
from modem.sms.pdu_writer import encode_pdu
from modem.sms.tpdu import Deliver, StatusReport, Submit, Tpdu

__all__ = [
    "Deliver",
    "StatusReport",
    "Submit",
    "Tpdu",
    "decode_pdu",
    "encode_pdu",
    "to_bytes",
    "tpdu_length",
]
