"""How HTTP reaches the MMSC: one interface (`base.Bearer`), several bearers chosen per modem
in the configuration (`direct`, `interface`, `ppp`; `modem`, the modem's own HTTP over AT,
comes with the driver's data mode), the carrier settings and quirks (`carriers`), and the
carrier-aware GET/POST the MMS client uses (`mmsc.MmscHttp`).

Nothing is imported until asked for, so reading a configuration does not load asyncio.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Bearer": "modem.bearer.base",
    "HttpRequest": "modem.bearer.base",
    "HttpResponse": "modem.bearer.base",
    "Limits": "modem.bearer.base",
    "Proxy": "modem.bearer.carriers",
    "CARRIERS": "modem.bearer.carriers",
    "CarrierSettings": "modem.bearer.carriers",
    "carrier_for_imsi": "modem.bearer.carriers",
    "DirectBearer": "modem.bearer.direct",
    "InterfaceBearer": "modem.bearer.interface",
    "PppBearer": "modem.bearer.ppp",
    "MmscHttp": "modem.bearer.mmsc",
    "make_bearer": "modem.bearer.factory",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modem.bearer' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
