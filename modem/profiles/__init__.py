"""Vendor quirks as declarative profiles, and how one is chosen for a modem.

`select(manufacturer=..., ati=..., usb=(vid, pid))` picks the profile whose words appear in
AT+CGMI (or ATI) or, failing those, the one the table of known modems (devices.py) names for
the USB ids; `get(name)` by name ("auto" is left to the driver).
"""

from __future__ import annotations

from modem.at.urcs import UrcSpec
from modem.errors import ConfigError
from modem.profiles.base import Profile, UsbPort
from modem.profiles.devices import lookup
from modem.profiles.vendors import (
    GENERIC,
    HUAWEI,
    PROFILES,
    QUECTEL,
    SIMCOM,
    TELIT,
    UBLOX,
    ZTE,
)

__all__ = [
    "GENERIC",
    "HUAWEI",
    "PROFILES",
    "QUECTEL",
    "SIMCOM",
    "TELIT",
    "UBLOX",
    "ZTE",
    "Profile",
    "UsbPort",
    "get",
    "select",
    "urc_table",
]


def get(name: str) -> Profile:
    """The profile called `name`; ConfigError listing the known ones otherwise."""
    try:
        return PROFILES[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(f"profile: unknown {name!r} (known: auto, {known})") from None


def select(*, manufacturer: str = "", ati: str = "", usb: tuple[int, int] | None = None) -> Profile:
    """The best profile for what a modem says about itself; GENERIC when nothing matches.

    The manufacturer string wins over USB ids (a rebadged module keeps its firmware's
    dialect); ATI text is the fallback for modems without AT+CGMI.
    """
    for text in (manufacturer, ati):
        words = text.lower()
        if not words:
            continue
        for profile in PROFILES.values():
            if any(word in words for word in profile.manufacturers):
                return profile
    if usb is not None:
        return _by_usb(*usb)
    return GENERIC


def _by_usb(vid: int, pid: int) -> Profile:
    """The profile the table of known modems names for this product; else the profile of
    its vendor (a product the table lacks most likely speaks its siblings' dialect); else
    GENERIC. A product the table knows but names no profile for (a USB-serial bridge, which
    carries any modem) is GENERIC: the modem's own AT+CGMI decides."""
    device = lookup(vid, pid)
    if device is not None:
        return PROFILES.get(device.profile or "", GENERIC)
    for profile in PROFILES.values():
        if vid in profile.usb_vendors:
            return profile
    return GENERIC


def urc_table(profile: Profile | None) -> tuple[UrcSpec, ...]:
    """The URC table for a modem with `profile`: the standard codes, the codes of vendors with
    no profile of their own (GENERIC's), and the profile's. Before the profile is known (None)
    and for the generic profile, every vendor's: a Huawei stick floods ^RSSI before anyone
    asked who made it, and an unknown module may be a rebadged one of any vendor."""
    from modem.at.urcs import STANDARD_URCS

    if profile is None or profile is GENERIC:
        extra = tuple(spec for p in PROFILES.values() for spec in p.urcs)
    else:
        extra = GENERIC.urcs + profile.urcs
    return STANDARD_URCS + extra
