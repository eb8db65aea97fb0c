"""Sans-IO AT protocol for GSM/LTE modems: bytes in, events out; commands in, bytes out.

Like h11 for HTTP: `AtProtocol` keeps the state of one AT port and does no I/O, so the asyncio
driver (modem/device.py), the simulator's tests and these tests all use the same code. Specs:
ITU-T V.250 (command lines, result codes), TS 27.007 (+CME ERROR, registration, USSD),
TS 27.005 (SMS commands, +CMS ERROR, the "> " prompt).

    p = AtProtocol(urcs=profile_urcs)
    port.write(p.send("AT+CMGS=23"))          # the prompt is expected by itself
    p.receive_data(port.read())               # as often as bytes come
    event = p.next_event()                    # Urc | Prompt | Response | None
    port.write(p.send_body(pdu_hex))          # after the Prompt
    response.raise_for_error()                # CommandError with code, class, retry hints

Modules: `events` (the event classes), `state` (the state machine), `lines` (bytes to lines),
`results` (final result codes), `urcs` (URC tables), `commands` (what a command expects),
`protocol` (ties them together), `codes`/`error_tables` (+CME/+CMS), `params` and `info`
(parsing info lines), `ussd` (USSD text codings), `trace` (readable traffic for logs).
"""

from __future__ import annotations

from modem.at.codes import CME_ERRORS, CMS_ERRORS, ErrorCategory, ErrorInfo, classify
from modem.at.events import Event, Prompt, Response, ResultKind, Urc
from modem.at.params import build, parse_params, quote
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
    "build",
    "classify",
    "expected_prefixes",
    "parse_params",
    "quote",
]
