"""The asyncio driver: `Modem` on one AT port, the items it hands over, its state, its values.

Modules: modem.py (`Modem`, the facade), channel.py (port, protocol, the exchange primitive,
reopen) and resync.py, session.py (the init sequence and the `Session` it learns), send.py
(`Sender`: AT+CMGS), receiver.py and storage.py (items, acks, the storages), handover.py (the
bounded queue to the consumer), consume.py and whole.py (`items()`, `messages()`, `events()`),
state.py (`ModemState`), info.py (questions to the modem), items.py (the items and
`AckToken`), events.py (returned values, state-change events), reports.py (TP-ST in words),
view.py (JSON and one-line text views).
"""

from __future__ import annotations

from modem.device.events import (
    ModemInfo,
    ModemLost,
    ModemReady,
    RegistrationChanged,
    SendResult,
    SentPart,
    SignalChanged,
    StoredMessage,
)
from modem.device.items import (
    AckToken,
    Item,
    SmsReceived,
    StatusReportReceived,
    UndecodableMessage,
    UssdReply,
)
from modem.device.modem import Modem
from modem.device.state import ModemState
from modem.device.view import describe, to_json
from modem.device.whole import WholeMessage

Event = Item | ModemLost | ModemReady | SignalChanged | RegistrationChanged | WholeMessage

__all__ = [
    "AckToken",
    "Event",
    "Item",
    "Modem",
    "ModemInfo",
    "ModemLost",
    "ModemReady",
    "ModemState",
    "RegistrationChanged",
    "SendResult",
    "SentPart",
    "SignalChanged",
    "SmsReceived",
    "StatusReportReceived",
    "StoredMessage",
    "UndecodableMessage",
    "UssdReply",
    "WholeMessage",
    "describe",
    "to_json",
]
