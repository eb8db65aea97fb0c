"""Sans-IO AT protocol for GSM/LTE modems: bytes in, events out; commands in, bytes out.

Like h11 for HTTP: `AtProtocol` keeps the state of one AT port and does no I/O, so the asyncio
driver (modem/device.py), the simulator and the tests all use the same code. Specs: ITU-T V.250
(command lines and result codes), TS 27.007 (+CME ERROR, registration, USSD), TS 27.005 (SMS
commands, +CMS ERROR, the "> " prompt).
"""

from __future__ import annotations

from modem.at.codes import CME_ERRORS, CMS_ERRORS, ErrorCategory, ErrorInfo, classify
from modem.at.events import Event, Prompt, Response, ResultKind, Urc
from modem.at.protocol import AtProtocol, expected_prefixes
from modem.at.state import ProtocolStateError, State
from modem.at.urcs import DEFAULT_URCS, UrcSpec

__all__ = [
    "CME_ERRORS",
    "CMS_ERRORS",
    "DEFAULT_URCS",
    "AtProtocol",
    "ErrorCategory",
    "ErrorInfo",
    "Event",
    "Prompt",
    "ProtocolStateError",
    "Response",
    "ResultKind",
    "State",
    "Urc",
    "UrcSpec",
    "classify",
    "expected_prefixes",
]
