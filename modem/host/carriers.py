"""MMS settings of a few carriers, so `modem setup` can fill them in from the SIM's IMSI.

The values are the network operators' own MMS access points as listed in LineageOS's public
APN database (android_vendor_lineage, prebuilt/common/etc/apns-conf.xml, branch lineage-21.0,
commit 08343528): APN, login, MMSC URL, MMS proxy and port. A virtual operator (MVNO) that
shares an MCC-MNC may use other settings, so setup names the carrier it assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CARRIERS", "Carrier", "carrier_for"]


@dataclass(frozen=True, slots=True)
class Carrier:
    name: str
    mcc_mnc: str  # digits: MCC (3) + MNC (2 or 3)
    apn: str
    mmsc: str
    proxy: str | None = None  # host:port
    user: str | None = None
    password: str | None = None

    @property
    def network(self) -> str:
        return f"{self.mcc_mnc[:3]}-{self.mcc_mnc[3:]}"


CARRIERS: tuple[Carrier, ...] = (
    Carrier("T-Mobile US", "310260", "fast.t-mobile.com",
            "http://mms.msg.eng.t-mobile.com/mms/wapenc"),
    Carrier("AT&T", "310410", "phone", "http://mmsc.mobile.att.net", "proxy.mobile.att.net:80"),
    Carrier("Vodafone UK", "23415", "wap.vodafone.co.uk", "http://mms.vodafone.co.uk/servlets/mms",
            "212.183.137.12:8799", "wap", "wap"),
    Carrier("EE", "23430", "eezone", "http://mms/", "149.254.201.135:8080", "eesecure", "secure"),
    Carrier("Telenor Norway", "24201", "telenor.smart", "http://mmsc/",
            "mms-proxy.telenor.no:8080"),
    Carrier("Telia Sweden", "24001", "mms.telia.se", "http://mmss/", "193.209.134.132:80"),
    Carrier("Telekom Deutschland", "26201", "internet.telekom",
            "http://mms.t-mobile.de/servlets/mms", "109.237.176.193:8008", "telekom", "telekom"),
    Carrier("Vodafone Germany", "26202", "event.vodafone.de", "http://139.7.24.1/servlets/mms",
            "139.7.29.17:80"),
    Carrier("Orange France", "20801", "orange.acte", "http://mms.orange.fr",
            "192.168.10.200:8080", "orange", "orange"),
    Carrier("Telstra", "50501", "telstra.mms", "http://mmsc.telstra.com:8002", "10.1.1.180:80"),
)  # fmt: skip

_BY_NETWORK = {c.mcc_mnc: c for c in CARRIERS}


def carrier_for(imsi: str | None) -> Carrier | None:
    """The carrier whose network the IMSI belongs to (MNCs are 2 or 3 digits: the longer
    match wins), or None."""
    if not imsi or not imsi.isdigit():
        return None
    return _BY_NETWORK.get(imsi[:6]) or _BY_NETWORK.get(imsi[:5])
