"""The driver's part of the configuration: modems, deadlines and sending defaults.

timeouts: {command: 10, prompt: 10, send: 60, list: 120, ussd: 30, watchdog: 60}
send: {status_report: true, validity: 1d, encoding: auto, max_parts: 10}
modems:
  usb0:
    port: /dev/serial/by-id/usb-Quectel_EC25-if02-port0
    alt_ports: [/dev/ttyUSB2]     # tried in turn when reopening after a USB re-enumeration
    pin: "1234"
    profile: auto                 # or generic, huawei, simcom, quectel, telit, ublox, zte
    receive: store                # store (+CMTI, default) or route (+CMT with AT+CNMA)
    baudrate: 115200
    smsc: "+4790002100"           # only if the SIM lacks one
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from modem.config.values import mapping as _mapping
from modem.config.values import parse_duration
from modem.config.values import string as _string
from modem.errors import ConfigError

if TYPE_CHECKING:
    from modem.config.mms import MmsSettings

__all__ = ["ModemConfig", "SendDefaults", "Timeouts", "parse_modem", "parse_send", "parse_timeouts"]

_MODEM = {"port", "alt_ports", "pin", "profile", "receive", "baudrate", "smsc"}
_SEND = {"status_report", "validity", "encoding", "message_class", "max_parts"}
#: Most parts one message may take before `modem send` refuses it (the user raises the limit
#: on purpose): 10 parts is ~1,500 characters of GSM 7-bit text, 670 of UCS-2.
MAX_PARTS = 10


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Absolute deadlines in seconds, per kind of command (URCs never extend them).

    command: any ordinary command. prompt: AT+CMGS until "> " (gammu 30 s, MM 10 s).
    send: the body's result (+CMGS: <mr>) after Ctrl-Z; real networks take 2.5-15 s, MM
    allows 300 s, smstools 60 s. list: AT+CMGL of a full storage (gammu allows 500 s).
    ussd: the network's +CUSD reply. probe: each AT of a resynchronisation. watchdog: a
    modem quiet this long is probed with AT. reopen_max: longest wait between reopen tries.
    ack: how long a routed +CMT may wait for its consumer before it is refused with
    AT+CNMA=2 (so the network redelivers it; TS 27.005 §3.4.4 gives the network ~15 s).
    """

    command: float = 10.0
    prompt: float = 10.0
    send: float = 60.0
    list: float = 120.0
    ussd: float = 30.0
    probe: float = 2.0
    watchdog: float = 60.0
    reopen_max: float = 30.0
    ack: float = 10.0


@dataclass(frozen=True, slots=True)
class SendDefaults:
    status_report: bool = False
    validity: timedelta | None = None
    encoding: str = "auto"
    message_class: int | None = None
    max_parts: int = MAX_PARTS  # a text needing more parts is refused (8-bit concat: <= 255)


@dataclass(frozen=True, slots=True)
class ModemConfig:
    """One modem: where it is and how to open it."""

    name: str
    port: str
    alt_ports: tuple[str, ...] = ()
    pin: str | None = None
    profile: str = "auto"
    receive: str = "store"
    baudrate: int = 115200
    smsc: str | None = None
    mms: MmsSettings | None = None  # the `mms:` section (modem/config/mms.py)


def parse_modem(name: str, data: Any) -> ModemConfig:
    where = f"modems.{name}"
    if isinstance(data, str):
        data = {"port": data}
    data = _mapping(where, data, _MODEM)
    if "port" not in data:
        raise ConfigError(f"{where}.port: missing (a device path, socket://host:port, ...)")
    values: dict[str, Any] = {"name": name, "port": _string(f"{where}.port", data["port"])}
    alt = data.get("alt_ports", [])
    if isinstance(alt, str):
        alt = [alt]
    if not isinstance(alt, list):
        raise ConfigError(f"{where}.alt_ports: must be a list of ports")
    values["alt_ports"] = tuple(_string(f"{where}.alt_ports[{i}]", p) for i, p in enumerate(alt))
    if data.get("pin") is not None:
        pin = _string(f"{where}.pin", _quoted_pin(f"{where}.pin", data["pin"]))
        if not pin.isdigit() or not 4 <= len(pin) <= 8:
            raise ConfigError(f"{where}.pin: must be 4 to 8 digits (quote it in YAML)")
        values["pin"] = pin
    if "profile" in data:
        # A name only here: the configuration knows no profiles (they are the driver's), so
        # an unknown one is refused where the modem is made (`Modem.from_config`), with this
        # key named, before any port is opened.
        values["profile"] = _string(f"{where}.profile", data["profile"]).strip().lower()
    if "receive" in data:
        receive = _string(f"{where}.receive", data["receive"]).lower()
        if receive not in ("store", "route"):
            raise ConfigError(f"{where}.receive: must be 'store' or 'route'")
        values["receive"] = receive
    if "baudrate" in data:
        rate = data["baudrate"]
        if isinstance(rate, bool) or not isinstance(rate, int) or rate <= 0:
            raise ConfigError(f"{where}.baudrate: must be a positive integer")
        values["baudrate"] = rate
    if data.get("smsc") is not None:
        values["smsc"] = _string(f"{where}.smsc", data["smsc"])
    return ModemConfig(**values)


def parse_timeouts(data: Any) -> Timeouts:
    known = set(Timeouts.__dataclass_fields__)
    data = _mapping("timeouts", data, known)
    values = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"timeouts.{key}: must be a number of seconds above zero")
        values[key] = float(value)
    return Timeouts(**values)


def parse_send(data: Any) -> SendDefaults:
    data = _mapping("send", data, _SEND)
    values: dict[str, Any] = {}
    if "status_report" in data:
        if not isinstance(data["status_report"], bool):
            raise ConfigError("send.status_report: must be true or false")
        values["status_report"] = data["status_report"]
    if data.get("validity") is not None:
        values["validity"] = parse_duration(data["validity"], "send.validity")
    if "encoding" in data:
        values["encoding"] = _string("send.encoding", data["encoding"]).lower()
    if data.get("message_class") is not None:
        cls = data["message_class"]
        if isinstance(cls, bool) or cls not in (0, 1, 2, 3):
            raise ConfigError("send.message_class: must be 0, 1, 2 or 3")
        values["message_class"] = cls
    if "max_parts" in data:
        parts = data["max_parts"]
        if isinstance(parts, bool) or not isinstance(parts, int) or not 1 <= parts <= 255:
            raise ConfigError("send.max_parts: must be a whole number from 1 to 255")
        values["max_parts"] = parts
    return SendDefaults(**values)


def _quoted_pin(where: str, value: Any) -> Any:
    """A PIN must be quoted: YAML reads bare digits as a number, which drops a leading 0 and
    reads some (01234567, 12_34) as other numbers; the wrong PIN would cost one of the SIM's
    three attempts."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ConfigError(
            f'{where}: quote it, as in pin: "0123" (unquoted, YAML reads the digits as a '
            "number, which can drop or change them)"
        )
    return value
