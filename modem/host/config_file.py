"""The starter configuration `modem setup` writes: one entry per modem found, with comments.

Every value is written as a JSON string (valid YAML, so no path or URL can be misread), and
the text is loaded back through `modem.config` before it is written anywhere: setup never
leaves a configuration the gateway refuses. MMS settings go in as live keys when this
version's configuration reads them; otherwise they are kept as a comment, said so.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from modem.host.carriers import Carrier
from modem.host.setup import Found

__all__ = ["mms_supported", "render_config", "uses_ppp"]


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_config(found: list[Found], *, today: date | None = None) -> str:
    """The configuration text for `found` (at least one), checked by loading it back."""
    if not found:
        raise ValueError("no modem to write a configuration for")
    today = today or date.today()
    live_mms = mms_supported()
    lines = [
        f"# gsmbridge configuration, written by `modem setup` on {today.isoformat()}.",
        "# A port named /dev/modem/... is the USB socket the modem is plugged into (the udev",
        "# rules make that name): keep each modem in its socket. Check it all: modem doctor",
        f"default: {_q(found[0].name)}",
        "modems:",
    ]
    for item in found:
        lines += _modem(item, live_mms)
    text = "\n".join(lines) + "\n"
    _check(text)
    return text


def _modem(item: Found, live_mms: bool) -> list[str]:
    what = item.device.model if item.device else (item.model or "a modem")
    where = f" on USB {item.usb_path}" if item.usb_path else ""
    ids = f" ({item.device.usb_id})" if item.device else ""
    out = [f"  {item.name}:", f"    # {what}{ids}{where}"]
    if item.operator or item.imsi:
        sim = ", ".join(x for x in (item.operator, f"IMSI {item.imsi}" if item.imsi else "") if x)
        out.append(f"    # SIM: {sim}")
    for problem in item.problems:
        out.append(f"    # setup saw: {problem}")
    out.append(f"    port: {_q(item.port)}")
    if item.profile != "auto":
        out.append(f"    profile: {_q(item.profile)}")
    if item.pin is not None:
        out.append(f"    pin: {_q(item.pin)}")
    out += _mms(item, live_mms)
    return out


def _mms(item: Found, live: bool) -> list[str]:
    carrier = item.carrier
    if carrier is None:
        network = f" (IMSI network {item.imsi[:3]}-{item.imsi[3:5]}...)" if item.imsi else ""
        return [
            f"    # MMS: this SIM's operator{network} is not in the built-in list. Ask it for the",
            "    # MMS APN, MMSC URL and MMS proxy, and write them here as",
            '    #   mms: {apn: "...", mmsc: "http://...", proxy: "host:port"}',
        ]
    block = _mms_block(carrier)
    head = [
        f"    # MMS for {carrier.name} (network {carrier.network}), from a public APN database;",
        "    # a virtual operator on the same network may use other settings.",
    ]
    if live:
        return [*head, *(f"    {line}" for line in block)]
    return [
        *head,
        "    # This version does not read MMS settings yet; they are kept here for when it does:",
        *(f"    # {line}" for line in block),
    ]


def _mms_block(carrier: Carrier) -> list[str]:
    out = ["mms:", f"  apn: {_q(carrier.apn)}", f"  mmsc: {_q(carrier.mmsc)}"]
    if carrier.proxy:
        out.append(f"  proxy: {_q(carrier.proxy)}")
    if carrier.user:
        out.append(f"  apn_user: {_q(carrier.user)}")
    if carrier.password:
        out.append(f"  apn_password: {_q(carrier.password)}")
    return out


def _settings(carrier: Carrier) -> dict[str, str]:
    import yaml

    return yaml.safe_load("\n".join(_mms_block(carrier)))["mms"]


def mms_supported() -> bool:
    """True when this version's configuration accepts a modem's `mms:` settings as setup
    writes them."""
    from modem.config import config_from_dict
    from modem.errors import ConfigError

    sample = Carrier("sample", "00101", "mms", "http://mmsc/", "10.0.0.1:8080", "u", "p")
    data = {"modems": {"m": {"port": "/dev/null", "mms": _settings(sample)}}}
    try:
        config_from_dict(data)
    except ConfigError:
        return False
    return True


def _check(text: str) -> None:
    import yaml

    from modem.config import config_from_dict

    config_from_dict(yaml.safe_load(text))


def uses_ppp(data: Any) -> bool:
    """Whether a parsed configuration has a modem whose bearer is ppp (`bearer: ppp`, or
    `bearer: {type: ppp}`, under the modem or its `mms:` section)."""
    modems = data.get("modems") if isinstance(data, dict) else None
    if not isinstance(modems, dict):
        return False
    for modem in modems.values():
        if not isinstance(modem, dict):
            continue
        for section in (modem, modem.get("mms")):
            bearer = section.get("bearer") if isinstance(section, dict) else None
            if isinstance(bearer, dict):
                bearer = bearer.get("type")
            if isinstance(bearer, str) and bearer.strip().lower() == "ppp":
                return True
    return False
