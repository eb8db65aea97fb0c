"""The asyncio driver: `Modem` on one AT port, the events it emits, what its commands return.

Modules: core.py (reader, commands, deadlines, reopen), resync.py (after a deadline passed),
setup.py (init sequence),
modem.py (`Modem`: info, send, USSD), receive.py (URCs, stored and routed messages, events),
whole.py (`messages()`: parts joined),
events.py (the values), view.py (JSON and text views).
"""

from __future__ import annotations

from modem.device.events import (
    Event,
    ModemInfo,
    ModemLost,
    ModemReady,
    RegistrationChanged,
    SendResult,
    SentPart,
    SignalChanged,
    SmsReceived,
    StatusReportReceived,
    StoredMessage,
    UssdReply,
)
from modem.device.modem import Modem
from modem.device.view import describe, to_json

__all__ = [
    "Event",
    "Modem",
    "ModemInfo",
    "ModemLost",
    "ModemReady",
    "RegistrationChanged",
    "SendResult",
    "SentPart",
    "SignalChanged",
    "SmsReceived",
    "StatusReportReceived",
    "StoredMessage",
    "UssdReply",
    "describe",
    "to_json",
]
