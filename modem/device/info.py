"""Questions to a modem: identity and state (`read_info`, `read_state`), and whether its
settings are still ours (`settings_changed`).

TS 27.007: +CGMI/+CGMM/+CGMR/+CGSN/+CIMI §5, +CREG §7.2, +CGREG §10.1.20, +CEREG §10.1.22,
+CSQ §8.5, +COPS §7.3 (format 0: long alphanumeric name, set with AT+COPS=3,0), +CNUM §7.1;
TS 27.005 §3.3.1 +CSCA, §3.4.1 +CNMI. The ICCID has no standard command (the profile names
one). A question the modem does not answer gives None, never an error.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from modem.at.info import Registration, parse_csq, parse_registration
from modem.at.params import parse_params
from modem.device.events import ModemInfo
from modem.errors import CommandTimeout

if TYPE_CHECKING:
    from modem.at import Response
    from modem.device.channel import Channel
    from modem.profiles import Profile

__all__ = ["read_info", "read_state", "settings_changed"]

_KINDS = ("CREG", "CEREG", "CGREG")


async def _ask(channel: Channel, line: str, expects: str | None = None) -> Response | None:
    try:
        response = await channel.exchange(line, check=False, expects=expects)
    except CommandTimeout:
        return None
    return response if response.ok else None


def _first(response: Response | None, name: str = "") -> str | None:
    """The answer's first line without its "+NAME:", unquoted; None when there is none."""
    if response is None or not response.lines:
        return None
    line = (response.first(name) if name else None) or response.lines[0]
    if name and line.upper().startswith(name.upper()):
        line = line[len(name) :].lstrip(": ").strip()
    return line.strip().strip('"') or None


def _value(response: Response | None, name: str, index: int) -> Any:
    line = response.first(name) if response is not None else None
    if line is None:
        return None
    values = parse_params(line)
    return values[index] if len(values) > index else None


async def _registrations(channel: Channel) -> dict[str, Registration]:
    out = {}
    for kind in _KINDS:
        response = await _ask(channel, f"AT+{kind}?")
        line = response.first(f"+{kind}") if response is not None else None
        if line is not None:
            with contextlib.suppress(ValueError):
                out[kind] = parse_registration(line, solicited=True)
    return out


async def _iccid(channel: Channel, profile: Profile) -> str | None:
    for line in dict.fromkeys((profile.iccid_command, "AT+CCID", "AT+ICCID")):
        answer = await _ask(channel, line, expects="")
        if answer is not None and answer.lines:
            return answer.lines[0].split(":", 1)[-1].strip().strip('"') or None
    return None


async def read_state(
    channel: Channel, profile: Profile
) -> tuple[dict[str, Any], dict[str, Registration]]:
    """ModemState fields from the modem's answers (signal, operator, ICCID, own number), and
    its registration reports (`state.Readings.merge` takes both)."""
    registrations = await _registrations(channel)
    changes: dict[str, Any] = {}
    csq = await _ask(channel, "AT+CSQ")
    line = csq.first("+CSQ") if csq is not None else None
    if line is not None:
        with contextlib.suppress(ValueError):
            signal = parse_csq(line)
            changes.update(signal_rssi=signal.rssi, signal_dbm=signal.dbm)
    await _ask(channel, "AT+COPS=3,0")
    operator = _value(await _ask(channel, "AT+COPS?"), "+COPS", 2)
    if isinstance(operator, str) and operator:
        changes["operator"] = operator
    iccid = await _iccid(channel, profile)
    if iccid:
        changes["iccid"] = iccid
    number = _value(await _ask(channel, "AT+CNUM"), "+CNUM", 1)
    if isinstance(number, str) and number:
        changes["own_number"] = number
    return changes, registrations


async def read_info(channel: Channel, profile: Profile, modem_id: str) -> ModemInfo:
    """Identity, SIM, operator, signal, registration and SMSC; unanswered ones are None."""
    registrations = await _registrations(channel)
    csq = await _ask(channel, "AT+CSQ")
    csq_line = csq.first("+CSQ") if csq is not None else None
    signal = None
    if csq_line is not None:
        with contextlib.suppress(ValueError):
            signal = parse_csq(csq_line)
    await _ask(channel, "AT+COPS=3,0")
    iccid = await _iccid(channel, profile)
    number = await _ask(channel, "AT+CNUM")
    return ModemInfo(
        port=channel.current_port,
        profile=profile.name,
        manufacturer=_first(await _ask(channel, "AT+CGMI", expects=""), "+CGMI"),
        model=_first(await _ask(channel, "AT+CGMM", expects=""), "+CGMM"),
        revision=_first(await _ask(channel, "AT+CGMR", expects=""), "+CGMR"),
        imei=_first(await _ask(channel, "AT+CGSN", expects=""), "+CGSN"),
        imsi=_first(await _ask(channel, "AT+CIMI", expects=""), "+CIMI"),
        iccid=iccid,
        operator=_value(await _ask(channel, "AT+COPS?"), "+COPS", 2),
        signal=signal,
        registration=registrations,
        smsc=_value(await _ask(channel, "AT+CSCA?"), "+CSCA", 0),
        own_number=_value(number, "+CNUM", 1),
        modem_id=modem_id,
    )


async def settings_changed(channel: Channel, cnmi: str | None) -> str | None:
    """Why the modem must be initialised again (it rebooted by itself, or switched routing
    off after a missed AT+CNMA, TS 27.005 §3.4.4), or None. Reads AT+CNMI?."""
    if cnmi is None:
        return None
    response = await channel.exchange("AT+CNMI?", timeout=channel.timeouts.probe, check=False)
    line = response.first("+CNMI") if response.ok else None
    if line is None:
        return None
    current = list(parse_params(line))
    wanted = [int(v) for v in cnmi.split(",")]
    if current[: len(wanted)] != wanted:
        return f"AT+CNMI is {line!r}, not {cnmi}"
    return None
