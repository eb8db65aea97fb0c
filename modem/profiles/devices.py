"""The table of known USB modems, as data: one row per USB product.

Each row says which USB product (VID:PID) it is, which of its interfaces is the AT port this
program talks to and which one a PPP bearer may dial on, which vendor profile speaks its
dialect, which storage-mode ids usb_modeswitch switches it from, and what to know about it. The
same rows drive `modem ports` (what each tty is), profile choice by USB ids (`select()`), the
udev rules (`modem/udev.py`: stable names, ModemManager kept away) and `modem doctor` (a stick
still in storage mode, a HiLink stick that has no AT port at all).

Which interface is which is a fact of the product's firmware, taken from public sources named
per row (`SOURCES`): ModemManager's port-type udev rules mark the primary AT port
(`ID_MM_PORT_TYPE_AT_PRIMARY`), the port to dial PPP on (`AT_PPP`) and secondary AT ports;
usb-modeswitch's data files (usb_modeswitch.d/VID:PID) name the ids a stick switches to.
`data` is ModemManager's AT_PPP port where it names one, else its secondary AT port (an AT
port the PPP bearer can use while the primary one carries SMS), else None.

Huawei sticks share product ids across firmwares and move their ports around, so for newer
firmware the AT port is found by interface class, subclass and protocol as ModemManager does
(ff/01/02 or ff/02/02 is the "PCUI" AT port, ff/01/01 or ff/02/01 the modem port for PPP).
"""

from __future__ import annotations

from dataclasses import dataclass

from modem.profiles.base import UsbPort

__all__ = [
    "BRIDGE",
    "DEVICES",
    "HILINK",
    "MODEM",
    "SOURCES",
    "Device",
    "Interface",
    "lookup",
    "storage_mode",
    "usb_ports",
    "vendor_ids",
]

MODEM = "modem"  # a modem with an AT port this program can drive
HILINK = "hilink"  # a Huawei HiLink stick: a network card with a web API, no AT port
BRIDGE = "serial-bridge"  # a USB-serial bridge: a UART modem (SIM800 ...) may sit behind it

# tag -> (short name, where exactly)
SOURCES: dict[str, tuple[str, str]] = {
    "mm-huawei": (
        "ModemManager Huawei rules",
        "ModemManager src/plugins/huawei/77-mm-huawei-net-port-types.rules (interface classes)",
    ),
    "mm-huawei-plugin": (
        "ModemManager Huawei plugin",
        "ModemManager src/plugins/huawei/mm-plugin-huawei.c (without port hints, interface 0 "
        "is the modem port)",
    ),
    "mm-simtech": (
        "ModemManager SIMCom rules",
        "ModemManager src/plugins/simtech/77-mm-simtech-port-types.rules",
    ),
    "mm-quectel": (
        "ModemManager Quectel rules",
        "ModemManager src/plugins/quectel/77-mm-quectel-port-types.rules",
    ),
    "mm-sierra": (
        "ModemManager Sierra rules",
        "ModemManager src/plugins/sierra/77-mm-sierra.rules",
    ),
    "mm-telit": (
        "ModemManager Telit rules",
        "ModemManager src/plugins/telit/77-mm-telit-port-types.rules",
    ),
    "mm-zte": ("ModemManager ZTE rules", "ModemManager src/plugins/zte/77-mm-zte-port-types.rules"),
    "mm-ublox": (
        "ModemManager u-blox rules",
        "ModemManager src/plugins/ublox/77-mm-ublox-port-types.rules (the port maps in comments)",
    ),
    "usb-modeswitch": (
        "usb-modeswitch-data",
        "usb-modeswitch-data usb_modeswitch.d/<storage VID:PID> (TargetVendor, TargetProductList)",
    ),
    "linux-usb-serial": (
        "Linux usb-serial id tables",
        "Linux drivers/usb/serial: ch341.c, cp210x.c, ftdi_sio_ids.h, pl2303.h",
    ),
}

Class = tuple[int, int, int]  # bInterfaceClass, bInterfaceSubClass, bInterfaceProtocol


@dataclass(frozen=True, slots=True)
class Interface:
    """Which USB interface a port is: its bInterfaceNumber, or one of several class triples."""

    number: int | None = None
    classes: tuple[Class, ...] = ()

    def __post_init__(self) -> None:
        if (self.number is None) == (not self.classes):
            raise ValueError("an Interface is a number or class triples, not both or neither")

    def matches(self, number: int | None, klass: Class | None) -> bool:
        if self.number is not None:
            return number == self.number
        return klass in self.classes

    def __str__(self) -> str:
        if self.number is not None:
            return f"if{self.number:02d}"
        return "class " + " or ".join(f"{c:02x}/{s:02x}/{p:02x}" for c, s, p in self.classes)


@dataclass(frozen=True, slots=True)
class Device:
    """One USB product: its ids, its ports, the profile for its dialect, what to know.

    `profile` None: the profile is chosen from what the modem says (AT+CGMI), as for a
    USB-serial bridge, which carries whatever modem is wired to it. `switches_from`: the
    storage-mode (CD-ROM) ids usb_modeswitch switches to this product from.
    """

    vid: int
    pid: int
    model: str
    profile: str | None
    at: Interface | None
    data: Interface | None = None
    kind: str = MODEM
    switches_from: tuple[tuple[int, int], ...] = ()
    notes: str = ""
    sources: tuple[str, ...] = ()

    @property
    def usb_id(self) -> str:
        return f"{self.vid:04x}:{self.pid:04x}"

    def role(self, number: int | None, klass: Class | None) -> str | None:
        """What the interface with this number and class is for: "at", "data" or None."""
        if self.at is not None and self.at.matches(number, klass):
            return "at"
        if self.data is not None and self.data.matches(number, klass):
            return "data"
        return None


def _if(number: int) -> Interface:
    return Interface(number=number)


_HUAWEI_AT = Interface(classes=((0xFF, 0x01, 0x02), (0xFF, 0x02, 0x02)))
_HUAWEI_PPP = Interface(classes=((0xFF, 0x01, 0x01), (0xFF, 0x02, 0x01)))
_HUAWEI_OLD = (
    "Firmware without interface class hints: interface 0 is the modem port, which answers AT "
    "and carries PPP (not both at once); the PCUI, a second AT port, moves between firmwares."
)
_HILINK = (
    "HiLink firmware: the stick is a network card with a web interface and has no AT port, so "
    "this program cannot drive it. Flash the 'stick' firmware (it then shows up as 12d1:1506 "
    "with AT ports), or use a modem that offers AT ports."
)
_BRIDGE = (
    "A USB-serial bridge: the modem behind it (SIM800, SIM900, ...) answers on its one port, "
    "and the profile is chosen from AT+CGMI. SIM800/SIM900 are 2G only, and many networks "
    "have switched 2G off. Identical boards often have no serial number, so they are told "
    "apart by the USB port they are plugged into."
)
_QUECTEL = "DIAG on if00, NMEA on if01, AT on if02, a second AT port on if03."

DEVICES: tuple[Device, ...] = (
    # --- Huawei -------------------------------------------------------------------------------
    Device(
        0x12D1, 0x1506, "Huawei E3372/E3131/E353 (stick firmware)", "huawei",
        _HUAWEI_AT, _HUAWEI_PPP,
        switches_from=((0x12D1, 0x1446), (0x12D1, 0x14FE), (0x12D1, 0x155B)),
        notes="One id for many sticks; the PCUI (AT) and modem (PPP) ports are told apart by "
        "interface class, as their number changes with the firmware's port layout.",
        sources=("mm-huawei", "usb-modeswitch"),
    ),
    Device(
        0x12D1, 0x14DC, "Huawei E3372/E353 (HiLink firmware)", "huawei", None, kind=HILINK,
        switches_from=((0x12D1, 0x1F01),), notes=_HILINK, sources=("usb-modeswitch",),
    ),
    Device(
        0x12D1, 0x14DB, "Huawei E3131/E3372 (HiLink firmware)", "huawei", None, kind=HILINK,
        switches_from=((0x12D1, 0x1F01),), notes=_HILINK, sources=("usb-modeswitch",),
    ),
    Device(
        0x12D1, 0x1436, "Huawei E173", "huawei", _if(0),
        switches_from=((0x12D1, 0x1446),), notes=_HUAWEI_OLD,
        sources=("mm-huawei-plugin", "usb-modeswitch"),
    ),
    Device(
        0x12D1, 0x1C05, "Huawei E173s", "huawei", _if(0),
        switches_from=((0x12D1, 0x1C0B),), notes=_HUAWEI_OLD,
        sources=("mm-huawei-plugin", "usb-modeswitch"),
    ),
    Device(
        0x12D1, 0x1001, "Huawei E1550/E1552/E169", "huawei", _if(0),
        switches_from=((0x12D1, 0x1446),), notes=_HUAWEI_OLD,
        sources=("mm-huawei-plugin", "usb-modeswitch"),
    ),
    # --- SIMCom -------------------------------------------------------------------------------
    Device(
        0x1E0E, 0x9001, "SIMCom SIM7600/SIM7000/SIM7100", "simcom", _if(2), _if(3),
        notes="QCDM on if00, NMEA on if01, AT on if02, a second AT port on if03, audio on if04.",
        sources=("mm-simtech",),
    ),
    Device(
        0x1E0E, 0x9011, "SIMCom A7600E-H/A7602E-H (RNDIS)", "simcom", _if(4), _if(5),
        sources=("mm-simtech",),
    ),
    Device(
        0x1E0E, 0x9205, "SIMCom SIM7070/SIM7080/SIM7090", "simcom", _if(2), _if(3),
        sources=("mm-simtech",),
    ),
    Device(
        0x1E0E, 0x9206, "SIMCom SIM7070/SIM7080/SIM7090 (second layout)", "simcom",
        _if(2), _if(5), sources=("mm-simtech",),
    ),
    # --- Quectel ------------------------------------------------------------------------------
    Device(0x2C7C, 0x0125, "Quectel EC25/EG25", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    Device(0x2C7C, 0x0121, "Quectel EC21", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    Device(0x2C7C, 0x0296, "Quectel BG96", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    Device(0x2C7C, 0x0191, "Quectel EG91", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    Device(0x2C7C, 0x0195, "Quectel EG95", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    Device(0x2C7C, 0x0306, "Quectel EG06/EP06", "quectel", _if(2), _if(3), notes=_QUECTEL,
           sources=("mm-quectel",)),
    # --- Sierra Wireless ----------------------------------------------------------------------
    Device(
        0x1199, 0x9071, "Sierra Wireless MC7455/MC74xx", None, _if(3),
        notes="Often ships with only MBIM enabled: the AT port appears after a USB "
        "composition change (AT!USBCOMP). Data goes over QMI/MBIM, not PPP.",
        sources=("mm-sierra",),
    ),
    Device(0x1199, 0x9079, "Sierra Wireless EM7455", None, _if(3),
           notes="Data goes over QMI/MBIM, not PPP.", sources=("mm-sierra",)),
    Device(0x1199, 0x9091, "Sierra Wireless EM7565", None, _if(3),
           notes="Data goes over QMI/MBIM, not PPP.", sources=("mm-sierra",)),
    # --- Telit --------------------------------------------------------------------------------
    Device(0x1BC7, 0x1201, "Telit LE910C1 (default composition)", "telit", _if(4), _if(5),
           sources=("mm-telit",)),
    Device(0x1BC7, 0x1031, "Telit LE910C1-EUX", "telit", _if(1), _if(2),
           sources=("mm-telit",)),
    Device(0x1BC7, 0x1033, "Telit LE910C1-EUX (ECM composition)", "telit", _if(1), _if(2),
           sources=("mm-telit",)),
    # --- ZTE ----------------------------------------------------------------------------------
    Device(
        0x19D2, 0x0117, "ZTE MF190", "zte", _if(2), _if(1),
        switches_from=((0x19D2, 0x2000),), sources=("mm-zte", "usb-modeswitch"),
    ),
    Device(
        0x19D2, 0x0031, "ZTE MF626/MF636", "zte", _if(3), _if(1),
        switches_from=((0x19D2, 0x2000),), sources=("mm-zte", "usb-modeswitch"),
    ),
    # --- u-blox -------------------------------------------------------------------------------
    Device(0x1546, 0x1102, "u-blox LISA-U2/SARA-U2", "ublox", _if(0), _if(2),
           sources=("mm-ublox",)),
    Device(0x1546, 0x1107, "u-blox TOBY-R2", "ublox", _if(0), _if(2), sources=("mm-ublox",)),
    Device(0x1546, 0x110A, "u-blox LARA-R2", "ublox", _if(0), _if(2), sources=("mm-ublox",)),
    # --- USB-serial bridges carrying a UART modem ---------------------------------------------
    Device(0x1A86, 0x7523, "CH340 USB-serial bridge", None, _if(0), kind=BRIDGE,
           notes=_BRIDGE, sources=("linux-usb-serial",)),
    Device(0x10C4, 0xEA60, "CP2102 USB-serial bridge", None, _if(0), kind=BRIDGE,
           notes=_BRIDGE, sources=("linux-usb-serial",)),
    Device(0x0403, 0x6001, "FT232 USB-serial bridge", None, _if(0), kind=BRIDGE,
           notes=_BRIDGE, sources=("linux-usb-serial",)),
    Device(0x067B, 0x2303, "PL2303 USB-serial bridge", None, _if(0), kind=BRIDGE,
           notes=_BRIDGE, sources=("linux-usb-serial",)),
)  # fmt: skip

_BY_ID: dict[tuple[int, int], Device] = {(d.vid, d.pid): d for d in DEVICES}
_STORAGE: dict[tuple[int, int], tuple[Device, ...]] = {}
for _device in DEVICES:
    for _ids in _device.switches_from:
        _STORAGE[_ids] = (*_STORAGE.get(_ids, ()), _device)


def lookup(vid: int, pid: int) -> Device | None:
    """The row for this USB product, or None when the table does not know it."""
    return _BY_ID.get((vid, pid))


def storage_mode(vid: int, pid: int) -> tuple[Device, ...]:
    """The products a stick seen with these storage-mode (CD-ROM) ids may switch to; () when
    the ids are not a storage mode the table knows."""
    return _STORAGE.get((vid, pid), ())


def vendor_ids(profile: str) -> tuple[int, ...]:
    """The USB vendor ids of the products that speak `profile`'s dialect, in table order."""
    return tuple(dict.fromkeys(d.vid for d in DEVICES if d.profile == profile))


def usb_ports(profile: str) -> tuple[UsbPort, ...]:
    """The products of `profile` as the profile lists them, with their AT interface number
    (None where the AT port is found by interface class, or there is none)."""
    return tuple(
        UsbPort(d.vid, d.pid, d.at.number if d.at is not None else None, d.model)
        for d in DEVICES
        if d.profile == profile
    )
