"""The MMS part of the configuration: a top-level `carriers:` that extends the shipped carrier
table (`modem.bearer.carriers`), and per modem an `mms:` section: which carrier, which bearer,
the line's own number, how incoming MMS are handled, and any carrier value overridden.

carriers:
  mycarrier:                      # a new entry, or one that replaces a shipped one
    extends: att-us               # start from a shipped (or earlier) entry
    mcc_mnc: ["310410"]
    apn: phone
    mmsc: http://mmsc.mobile.att.net
    proxy: proxy.mobile.att.net:80
    max_size: 1M
    user_agent: "Android-Mms/2.0"
    uaprof_url: http://example.com/ua.xml
    headers: {X-MDN: "##LINE1##"}
    append_transaction_id: false
modems:
  usb0:
    port: /dev/ttyUSB2
    mms:
      carrier: att-us             # a table name, or auto (by the SIM's IMSI)
      own_number: "+15551234567"  # for ##LINE1## headers (X-MDN)
      bearer: interface           # direct, interface or ppp
      interface: wwan0            # interface: the modem's network interface
      dns: [10.177.0.34]          # the bearer's DNS servers
      # ppp: data_port, context (1), baudrate, pppd, up_timeout, linger
      # direct: source (a local address), dns
      retrieval: immediate        # immediate, deferred or reject
      max_retrieve_size: 4M
      timeouts: {connect: 30, response: 60, read: 30}
      apn: phone                  # any carrier key overrides the carrier's value
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modem.config.values import mapping, positive_number, string
from modem.errors import ConfigError

if TYPE_CHECKING:
    from modem.bearer.carriers import CarrierSettings

__all__ = [
    "BEARERS",
    "BearerSettings",
    "MmsSettings",
    "parse_carriers",
    "parse_mms",
    "parse_size",
]

BEARERS = ("direct", "interface", "ppp")
_CARRIER_KEYS = {
    "label", "mcc_mnc", "apn", "apn_user", "apn_password", "pdp_type", "mmsc", "proxy",
    "max_size", "user_agent", "uaprof_url", "uaprof_header", "headers", "close_connection",
    "append_transaction_id", "notify_to_content_location", "country_code",
}  # fmt: skip
_BEARER_KEYS = {"bearer", "interface", "dns", "source", "data_port", "context", "baudrate",
                "pppd", "up_timeout", "linger"}  # fmt: skip
_MMS_KEYS = _CARRIER_KEYS | _BEARER_KEYS | {
    "carrier", "own_number", "retrieval", "max_retrieve_size", "reject_classes", "timeouts",
}  # fmt: skip
_CLEARABLE = {"proxy", "uaprof_url", "apn_user", "apn_password", "country_code", "label"}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(k|kb|kib|m|mb|mib)?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BearerSettings:
    """How HTTP reaches this modem's MMSC (see modem.bearer)."""

    kind: str = "direct"
    interface: str | None = None
    dns: tuple[str, ...] = ()
    source: str | None = None
    data_port: str | None = None
    context: int = 1
    baudrate: int = 115200
    pppd: str = "pppd"
    up_timeout: float = 60.0
    linger: float = 10.0


@dataclass(frozen=True, slots=True)
class MmsSettings:
    """One modem's `mms:` section. `carrier` names a table entry ("auto": the one matching
    the SIM's IMSI); `overrides` are carrier values set on this modem."""

    carrier: str | None = None
    overrides: tuple[tuple[str, Any], ...] = ()
    own_number: str | None = None
    bearer: BearerSettings = field(default_factory=BearerSettings)
    retrieval: str = "immediate"
    max_retrieve_size: int = 4 * 1024 * 1024
    reject_classes: tuple[str, ...] = ()
    connect_timeout: float = 30.0
    response_timeout: float = 60.0
    read_timeout: float = 30.0

    def carrier_settings(
        self, table: Mapping[str, CarrierSettings], *, imsi: str | None = None, where: str = "mms"
    ) -> CarrierSettings:
        """The carrier's settings for this modem: the table entry, this modem's overrides on
        top. ConfigError when the entry is unknown or no MMSC URL results."""
        from modem.bearer.carriers import CarrierSettings, carrier_for_imsi

        base: CarrierSettings | None = None
        if self.carrier == "auto":
            base = carrier_for_imsi(imsi, table) if imsi else None
            if base is None and not dict(self.overrides).get("mmsc"):
                raise ConfigError(
                    f"{where}.carrier: auto, but no carrier in the table matches IMSI "
                    f"{imsi or '(unknown)'}; name one or give mmsc"
                )
        elif self.carrier is not None:
            base = table.get(self.carrier)
            if base is None:
                known = ", ".join(sorted(table))
                raise ConfigError(f"{where}.carrier: unknown {self.carrier!r} (known: {known})")
        settings = (base or CarrierSettings(name="custom")).with_overrides(**dict(self.overrides))
        if not settings.mmsc:
            raise ConfigError(f"{where}.mmsc: missing (name a carrier, or give the MMSC URL)")
        return settings


def parse_size(value: Any, where: str) -> int:
    """1048576, "300k", "1M", "1.5MiB" -> bytes (k and M are 1024 and 1024*1024)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    m = _SIZE.match(str(value)) if isinstance(value, str) else None
    if not m:
        raise ConfigError(f"{where}: {value!r} is not a size like 307200, 300k or 1M")
    unit = (m.group(2) or "").lower()
    factor = 1024 * 1024 if unit.startswith("m") else 1024 if unit.startswith("k") else 1
    size = int(float(m.group(1)) * factor)
    if size <= 0:
        raise ConfigError(f"{where}: must be more than zero")
    return size


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false")
    return value


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be a list")
    return tuple(string(f"{where}[{i}]", v) for i, v in enumerate(value))


def _carrier_values(where: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The carrier keys of `data`, checked and converted to CarrierSettings values."""
    from modem.bearer.carriers import Proxy

    out: dict[str, Any] = {}
    for key, value in data.items():
        at = f"{where}.{key}"
        if key not in _CARRIER_KEYS:
            continue
        if value is None and key in _CLEARABLE:
            out[key] = None  # e.g. an entry that extends one with a proxy, but has none
        elif key in ("close_connection", "append_transaction_id", "notify_to_content_location"):
            out[key] = _bool(at, value)
        elif key == "max_size":
            out[key] = parse_size(value, at)
        elif key == "mcc_mnc":
            codes = _strings(at, value)
            if not all(c.isdigit() and len(c) in (5, 6) for c in codes):
                raise ConfigError(f"{at}: must be MCC+MNC codes of 5 or 6 digits")
            out[key] = codes
        elif key == "pdp_type":
            kind = string(at, value).upper()
            if kind not in ("IP", "IPV6", "IPV4V6"):
                raise ConfigError(f"{at}: must be IP, IPV6 or IPV4V6")
            out[key] = kind
        elif key == "proxy":
            try:
                out[key] = Proxy.parse(string(at, value))
            except ValueError:
                raise ConfigError(f"{at}: must be host or host:port") from None
        elif key == "headers":
            if not isinstance(value, dict):
                raise ConfigError(f"{at}: must be a mapping of header names to values")
            out[key] = tuple((str(k), string(f"{at}.{k}", v)) for k, v in value.items())
        elif key == "mmsc":
            url = string(at, value)
            if not url.lower().startswith(("http://", "https://")):
                raise ConfigError(f"{at}: must be an http:// URL")
            out[key] = url
        elif key in ("user_agent", "apn_password", "apn_user", "apn"):
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise ConfigError(f"{at}: must be a string")
            out[key] = str(value)  # an empty User-Agent is allowed (to test a carrier's 412)
        else:
            out[key] = string(at, value)
    return out


def parse_carriers(data: Any) -> dict[str, CarrierSettings]:
    """The top-level `carriers:` entries (the shipped table is not included)."""
    from modem.bearer.carriers import CARRIERS, CarrierSettings

    data = mapping("carriers", data, set(data) if isinstance(data, dict) else set())
    out: dict[str, CarrierSettings] = {}
    for name, entry in data.items():
        where = f"carriers.{name}"
        entry = mapping(where, entry or {}, _CARRIER_KEYS | {"extends"})
        values = _carrier_values(where, entry)
        parent = entry.get("extends")
        if parent is not None:
            base = out.get(str(parent)) or CARRIERS.get(str(parent))
            if base is None:
                known = ", ".join(sorted({*CARRIERS, *out}))
                raise ConfigError(f"{where}.extends: unknown {parent!r} (known: {known})")
            out[str(name)] = base.with_overrides(name=str(name), **values)
        else:
            out[str(name)] = CarrierSettings(name=str(name), **values)
    return out


def parse_mms(where: str, data: Any, table: Mapping[str, CarrierSettings]) -> MmsSettings:
    """A modem's `mms:` section; `table` is the carrier table it may name."""
    data = mapping(where, data or {}, _MMS_KEYS)
    values: dict[str, Any] = {"overrides": tuple(_carrier_values(where, data).items())}
    if "carrier" in data:
        name = string(f"{where}.carrier", data["carrier"])
        if name != "auto" and name not in table:
            known = ", ".join(["auto", *sorted(table)])
            raise ConfigError(f"{where}.carrier: unknown {name!r} (known: {known})")
        values["carrier"] = name
    if data.get("own_number") is not None:
        number = string(f"{where}.own_number", data["own_number"])
        if not number.lstrip("+").isdigit():
            raise ConfigError(f"{where}.own_number: must be a phone number like +15551234567")
        values["own_number"] = number
    if "retrieval" in data:
        mode = string(f"{where}.retrieval", data["retrieval"]).lower()
        if mode not in ("immediate", "deferred", "reject"):
            raise ConfigError(f"{where}.retrieval: must be immediate, deferred or reject")
        values["retrieval"] = mode
    if "max_retrieve_size" in data:
        values["max_retrieve_size"] = parse_size(data["max_retrieve_size"],
                                                 f"{where}.max_retrieve_size")  # fmt: skip
    if "reject_classes" in data:
        values["reject_classes"] = _strings(f"{where}.reject_classes", data["reject_classes"])
    if "timeouts" in data:
        timeouts = mapping(f"{where}.timeouts", data["timeouts"], {"connect", "response", "read"})
        for key, value in timeouts.items():
            name = "response_timeout" if key == "response" else f"{key}_timeout"
            values[name] = positive_number(f"{where}.timeouts.{key}", value)
    values["bearer"] = _bearer(where, data)
    settings = MmsSettings(**values)
    if settings.carrier != "auto":  # with auto, the SIM decides at run time
        carrier = settings.carrier_settings(table, where=where)
        if settings.bearer.kind == "ppp" and not carrier.apn:
            raise ConfigError(f"{where}.apn: the ppp bearer dials the MMS APN: give it")
    return settings


def _bearer(where: str, data: Mapping[str, Any]) -> BearerSettings:
    kind = string(f"{where}.bearer", data.get("bearer", "direct")).lower()
    if kind == "modem":
        raise ConfigError(
            f"{where}.bearer: 'modem' (the modem's own HTTP over AT) is not available yet; "
            "use interface, ppp or direct"
        )
    if kind not in BEARERS:
        raise ConfigError(f"{where}.bearer: must be one of {', '.join(BEARERS)}")
    values: dict[str, Any] = {"kind": kind}
    for key in ("interface", "source", "data_port", "pppd"):
        if data.get(key) is not None:
            values[key] = string(f"{where}.{key}", data[key])
    if "dns" in data:
        values["dns"] = _strings(f"{where}.dns", data["dns"])
    if "context" in data:
        context = data["context"]
        if isinstance(context, bool) or not isinstance(context, int) or not 1 <= context <= 24:
            raise ConfigError(f"{where}.context: must be a PDP context id from 1 to 24")
        values["context"] = context
    if "baudrate" in data:
        rate = data["baudrate"]
        if isinstance(rate, bool) or not isinstance(rate, int) or rate <= 0:
            raise ConfigError(f"{where}.baudrate: must be a positive integer")
        values["baudrate"] = rate
    for key in ("up_timeout", "linger"):
        if key in data:
            values[key] = positive_number(f"{where}.{key}", data[key])
    if kind == "interface" and "interface" not in values:
        raise ConfigError(f"{where}.interface: the interface bearer needs it (wwan0, ppp0, ...)")
    if kind == "ppp" and "data_port" not in values:
        raise ConfigError(f"{where}.data_port: the ppp bearer needs the modem's data port")
    return BearerSettings(**values)
