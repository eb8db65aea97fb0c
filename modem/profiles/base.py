"""What a modem profile is: the ways one vendor's modems differ from plain 3GPP, as data.

A `Profile` states differences only (the idea of ModemManager's vendor plugins): extra init
commands, URCs to parse or ignore, the CNMI values to use, which USB interface is the AT port,
how to reset, how USSD comes back. The driver reads these fields; it never asks which vendor
it talks to. Specs behind the defaults: TS 27.005 §3.2 (CSMS, CPMS, CMGF), §3.4.1 (CNMI),
TS 27.007 §9.1 (CMEE), V.250 §6.2.4 (E0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modem.at.urcs import UrcSpec

__all__ = ["Profile", "UsbPort"]


@dataclass(frozen=True, slots=True)
class UsbPort:
    """A USB product and which of its interfaces answers AT (bInterfaceNumber), if known."""

    vid: int
    pid: int
    at_interface: int | None = None
    model: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """How a family of modems differs from the generic 3GPP one.

    `manufacturers`: lower-case words looked for in AT+CGMI / ATI to pick this profile.
    `usb`: USB products (VID:PID) of this vendor, with their AT interface; `usb_vendors`
    matches any product of a vendor id.
    `init`: vendor commands run after the standard init; a failure is logged, not fatal
    (a ^CURC a firmware lacks must not keep the modem from sending SMS).
    `errors`: "numeric" (AT+CMEE=1) or "verbose" (AT+CMEE=2). The AT layer maps either back
    to codes; numeric is the default because it survives firmware translations.
    `cnmi_store` / `cnmi_route`: AT+CNMI values for the two receive modes: store and announce
    (+CMTI, survives a crash of ours) or route (+CMT, acknowledged with AT+CNMA).
    `storage`: preferred message storages, in order (AT+CPMS mem1..3 use the first offered).
    `ready_urcs`: lines the modem prints when SMS commands start to work (SIMCom "SMS Ready");
    until then SMS commands may fail and init retries them.
    `boot_urcs`: lines only a modem that just (re)booted prints; seen after init, they make
    the driver initialise it again (its settings are gone).
    `urcs`: the vendor's own URC specs (how many lines, answer or URC); the driver adds them
    to the standard table (`modem.profiles.urc_table`).
    `ignore_urcs`: URC names that are noise: dropped without a debug record.
    `rssi_urcs`: URC names whose first value is a +CSQ <rssi> (Huawei ^RSSI, ZTE +CSQ).
    `ussd_packed`: USSD texts come (and go) as packed GSM 7-bit hex (Huawei, gammu
    F_ENCODED_USSD).
    `iccid_command`: how to read the ICCID (no standard command exists).
    `reset`: command lines that restart the modem, tried in order.
    """

    name: str
    manufacturers: tuple[str, ...] = ()
    usb: tuple[UsbPort, ...] = ()
    usb_vendors: tuple[int, ...] = ()
    init: tuple[str, ...] = ()
    errors: str = "numeric"
    cnmi_store: str = "2,1,0,2,0"
    cnmi_route: str = "2,2,0,1,0"
    storage: tuple[str, ...] = ("SM", "ME", "MT")
    ready_urcs: tuple[str, ...] = ()
    boot_urcs: tuple[str, ...] = ("RDY", "^SYSSTART", "+KSUP")
    urcs: tuple[UrcSpec, ...] = ()
    ignore_urcs: frozenset[str] = field(default_factory=frozenset)
    rssi_urcs: tuple[str, ...] = ("+CSQ",)
    ussd_packed: bool = False
    iccid_command: str = "AT+CCID"
    reset: tuple[str, ...] = ("AT+CFUN=1,1",)
    notes: str = ""

    def matches_usb(self, vid: int, pid: int) -> bool:
        return vid in self.usb_vendors or any(p.vid == vid and p.pid == pid for p in self.usb)

    def at_interface(self, vid: int, pid: int) -> int | None:
        """The USB interface number of the AT port of this product, if the profile knows it."""
        for port in self.usb:
            if port.vid == vid and port.pid == pid:
                return port.at_interface
        return None
