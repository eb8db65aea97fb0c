"""gsmbridge: SMS and MMS through USB/serial GSM/LTE modems, with simulated modems to develop on.

This module names what users import; everything else may change between releases.
"""

from __future__ import annotations

from modem.errors import (
    AddressError,
    AtError,
    CommandTimeout,
    ConfigError,
    EncodeError,
    MmsError,
    MmsTooLarge,
    ModemError,
    ModemGone,
    PduError,
)

__version__ = "0.1.0"

__all__ = [
    "AddressError",
    "AtError",
    "CommandTimeout",
    "ConfigError",
    "EncodeError",
    "MmsError",
    "MmsTooLarge",
    "ModemError",
    "ModemGone",
    "PduError",
    "__version__",
]
