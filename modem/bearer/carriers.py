"""Carrier settings for MMS: APN, MMSC, proxy, size limit and the quirks that break clients in
the field, as a table this program ships and a user extends in the configuration (`carriers:`).

The quirks are the ones Android keeps per carrier (CarrierConfigManager: `userAgent`,
`uaProfUrl`, `uaProfTagName`, `httpParams` with `##LINE1##` macros, `mmsCloseConnection`,
`enabledTransID`, `notifyWapMMSC`, `maxMessageSize`):

- user_agent / uaprof_url (sent as `uaprof_header`, x-wap-profile by default): AT&T's proxy
  answers 412 Precondition Failed to an empty User-Agent (Signal-Android#9241).
- headers: extra request headers; `##LINE1##` is the line's own number as configured
  (`+15551234567`), `##LINE1NOCOUNTRYCODE##` the same without + and country code. A header
  whose macro has no value is left out, never sent with the macro in it.
- close_connection: the carrier wants `Connection: close` (AT&T, mmsd's AT&T patch). Every
  exchange here has its own connection and sends it anyway; the flag is data for bearers
  whose modem keeps connections open.
- append_transaction_id: a notification whose Content-Location ends in `=` (Verizon's
  `...servlets/mms?message-id=`) gets its X-Mms-Transaction-ID appended (Android's
  `enabledTransID`, applied by WapPushOverSms only to a location ending in "=";
  Signal-Android#8571).
- notify_to_content_location: M-NotifyResp.ind goes to the Content-Location, not the MMSC URL
  (Android's `notifyWapMMSC`).
- max_size: the largest M-Send.req the carrier takes (Android's default is 300 KiB).

Sources of the shipped entries: APN/MMSC/proxy from Android's apns-conf.xml (as shipped by
CyanogenMod, prebuilt/common/etc/apns-conf.xml), sizes and httpParams from AOSP's per-network
mms_config.xml (packages/services/Mms, res/xml-mccXXX-mncYYY), quirks from the threads named
in each entry's `sources`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "CARRIERS",
    "DEFAULT_MAX_SIZE",
    "DEFAULT_UAPROF",
    "DEFAULT_USER_AGENT",
    "CarrierSettings",
    "Proxy",
    "carrier_for_imsi",
    "expand_macros",
]

DEFAULT_MAX_SIZE = 300 * 1024
"""Android's default carrier limit (`maxMessageSize`), as `modem.mms.DEFAULT_LIMIT`."""
DEFAULT_USER_AGENT = "Android-Mms/2.0"
"""What Android's MMS stack sends when the carrier names no User-Agent (MmsConfig's default,
as its log line `mUserAgent=Android-Mms/2.0` shows); carriers' proxies know it."""
DEFAULT_UAPROF = "http://www.google.com/oha/rdf/ua-profile-kila.xml"
"""Android's default UAProf URL (MmsConfig `mUaProfUrl`)."""


@dataclass(frozen=True, slots=True)
class Proxy:
    """The carrier's MMS proxy (the APN's `mmsproxy`/`mmsport`)."""

    host: str
    port: int = 80

    @classmethod
    def parse(cls, text: str, port: int | None = None) -> Proxy:
        """`proxy.mobile.att.net:80`, `10.0.0.1`, `[2001:db8::1]:8080`; `port` when separate."""
        text = text.strip()
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            if rest.startswith(":"):
                port = int(rest[1:])
        elif text.count(":") == 1:
            host, _, number = text.partition(":")
            port = int(number)
        else:
            host = text
        if not host:
            raise ValueError(f"no host in proxy {text!r}")
        return cls(host, 80 if port is None else port)

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


_MACRO = re.compile(r"##([A-Z0-9_]+)##")


@dataclass(frozen=True, slots=True)
class CarrierSettings:
    """Everything MMS needs to know about one carrier (or one modem's own overrides)."""

    name: str
    label: str = ""
    mcc_mnc: tuple[str, ...] = ()
    apn: str | None = None
    apn_user: str | None = None
    apn_password: str | None = None
    pdp_type: str = "IP"  # "IP", "IPV6" or "IPV4V6" (AT+CGDCONT <PDP_type>)
    mmsc: str | None = None
    proxy: Proxy | None = None
    max_size: int = DEFAULT_MAX_SIZE
    user_agent: str = DEFAULT_USER_AGENT
    uaprof_url: str | None = DEFAULT_UAPROF
    uaprof_header: str = "x-wap-profile"
    headers: tuple[tuple[str, str], ...] = ()
    close_connection: bool = False
    append_transaction_id: bool = False
    notify_to_content_location: bool = False
    country_code: str | None = None
    sources: tuple[str, ...] = field(default=(), compare=False)

    def request_headers(self, own_number: str | None = None) -> list[tuple[str, str]]:
        """The headers every request to this carrier's MMSC carries (Android's MmsHttpClient:
        Accept, Accept-Language, User-Agent, the UAProf header, httpParams)."""
        out = [
            ("Accept", "*/*, application/vnd.wap.mms-message, application/vnd.wap.sic"),
            ("Accept-Language", "en-US"),
        ]
        if self.user_agent.strip():
            out.append(("User-Agent", self.user_agent.strip()))
        if self.uaprof_url:
            out.append((self.uaprof_header, self.uaprof_url))
        for name, value in self.headers:
            expanded = expand_macros(value, own_number, self.country_code)
            if expanded is not None:
                out.append((name, expanded))
        return out

    def content_location(self, location: str, transaction_id: str | None) -> str:
        """The URL to fetch for a notification (the append-transaction-id quirk applied)."""
        if self.append_transaction_id and transaction_id and location.endswith("="):
            return location + transaction_id
        return location

    def with_overrides(self, **values: object) -> CarrierSettings:
        """These settings with some values replaced (None clears an optional one)."""
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]


def expand_macros(value: str, own_number: str | None, country_code: str | None) -> str | None:
    """`value` with ##LINE1## and ##LINE1NOCOUNTRYCODE## filled in; None when a macro has no
    value here (unknown own number, unknown macro)."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        if own_number and name == "LINE1":
            return own_number
        if own_number and name == "LINE1NOCOUNTRYCODE":
            digits = own_number.lstrip("+")
            if own_number.startswith("+") and country_code and digits.startswith(country_code):
                digits = digits[len(country_code) :]
            return digits
        missing = True
        return ""

    out = _MACRO.sub(fill, value)
    return None if missing else out


def _entry(name: str, label: str, mcc_mnc: Iterable[str], **values: object) -> CarrierSettings:
    return CarrierSettings(name=name, label=label, mcc_mnc=tuple(mcc_mnc), **values)  # type: ignore[arg-type]


_APNS = "Android apns-conf.xml (CyanogenMod prebuilt/common/etc/apns-conf.xml)"

CARRIERS: Mapping[str, CarrierSettings] = {
    c.name: c
    for c in (
        _entry(
            "att-us", "AT&T (US)", ("310410", "310150", "310170", "310380", "310560", "310680"),
            apn="phone", pdp_type="IPV4V6", mmsc="http://mmsc.mobile.att.net",
            proxy=Proxy("proxy.mobile.att.net", 80), max_size=1048576,
            close_connection=True, country_code="1",
            sources=(_APNS, "AOSP mms_config.xml mcc310-mnc410: maxMessageSize 1048576",
                     "Signal-Android#9241: 412 Precondition Failed to an empty User-Agent",
                     "mmsd 'Ensure Compatibility with AT&T' (netdev, 2021-03-26): "
                     "Connection: close and a proxy given by name"),
        ),
        _entry(
            "tmobile-us", "T-Mobile (US)", ("310260",),
            apn="fast.t-mobile.com", pdp_type="IPV6",
            mmsc="http://mms.msg.eng.t-mobile.com/mms/wapenc", country_code="1",
            sources=(_APNS, "Signal-Android#1937: the MMSC resolves to IPv6 only "
                            "(2607:7700:0:5::ab8:4b81) on an IPv6-only MMS APN"),
        ),
        _entry(
            "verizon-us", "Verizon (US)", ("311480",),
            apn="VZWAPP", pdp_type="IPV4V6", mmsc="http://mms.vtext.com/servlets/mms",
            append_transaction_id=True, country_code="1",
            sources=(_APNS, "Signal-Android#8571: notification URL ends in message-id=, "
                            "the Transaction-ID must be appended (Android enabledTransID)"),
        ),
        _entry(
            "virgin-mobile-us", "Virgin Mobile (US)", ("311490",),
            apn="0", mmsc="http://mmsc.vmobl.com:8088/mms?",
            proxy=Proxy("205.239.233.136", 81), max_size=1048576, country_code="1",
            headers=(("X-MDN", "1##LINE1NOCOUNTRYCODE##"),),
            sources=(_APNS, "AOSP mms_config.xml mcc311-mnc490: httpParams 'X-MDN: 1##LINE1##' "
                            "(LINE1 there is the 10-digit national number)",
                     "Signal-Android#5721, #1935: downloads fail without X-MDN"),
        ),
    )
}  # fmt: skip


def carrier_for_imsi(
    imsi: str, table: Mapping[str, CarrierSettings] = CARRIERS
) -> CarrierSettings | None:
    """The table's entry for a SIM, by the MCC+MNC its IMSI starts with (3-digit MNC first)."""
    for length in (6, 5):
        prefix = imsi[:length]
        for carrier in table.values():
            if prefix in carrier.mcc_mnc:
                return carrier
    return None
