"""gsmbridge: SMS and MMS through USB/serial GSM/LTE modems, with simulated modems to develop on.

This module names what users import; everything else may change between releases. The names
are loaded on first use, so `import modem` (and the `modem` command's start-up on a Pi) does
not pull in asyncio, pyserial or the codecs until something needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # the driver
    "Modem": "modem.device",
    "ModemState": "modem.device",
    "AckToken": "modem.device",
    "UndecodableMessage": "modem.device",
    "WholeMessage": "modem.device",
    "ModemInfo": "modem.device",
    "SendResult": "modem.device",
    "SentPart": "modem.device",
    "StoredMessage": "modem.device",
    "SmsReceived": "modem.device",
    "StatusReportReceived": "modem.device",
    "UssdReply": "modem.device",
    "SignalChanged": "modem.device",
    "RegistrationChanged": "modem.device",
    "ModemLost": "modem.device",
    "ModemReady": "modem.device",
    "Config": "modem.config",
    "ModemConfig": "modem.config",
    "Timeouts": "modem.config",
    "SendDefaults": "modem.config",
    "load_config": "modem.config",
    "Profile": "modem.profiles",
    # the codecs
    "decode_sms": "modem.sms",
    "Deliver": "modem.sms",
    "Submit": "modem.sms",
    "StatusReport": "modem.sms",
    "Address": "modem.sms",
    "Reassembler": "modem.sms",
    "plan_sms": "modem.sms",
    "plan_data": "modem.sms",
    "Plan": "modem.sms",
    "PlannedPart": "modem.sms",
    "status_text": "modem.sms",
    "MmsMessage": "modem.mms",
    # the simulator
    "SimNetwork": "modem.sim",
    "SimConfig": "modem.sim",
    "ModemSpec": "modem.sim",
    "FaultSpec": "modem.sim",
    # errors
    "ModemError": "modem.errors",
    "PduError": "modem.errors",
    "EncodeError": "modem.errors",
    "AddressError": "modem.errors",
    "TooManyParts": "modem.errors",
    "MmsError": "modem.errors",
    "MmsTooLarge": "modem.errors",
    "ConfigError": "modem.errors",
    "AtError": "modem.errors",
    "ModemGone": "modem.errors",
    "CommandTimeout": "modem.errors",
    "CommandError": "modem.errors",
    "SimError": "modem.errors",
    "SendError": "modem.errors",
    "PartRejected": "modem.errors",
    "PartNotSent": "modem.errors",
    "SendUnknown": "modem.errors",
}
# names whose attribute differs from the public name
_RENAMED = {"decode_sms": "decode_pdu"}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modem' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
