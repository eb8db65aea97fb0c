"""The vendor profiles: only what each differs in from generic 3GPP (research sms.md §3).

Sources per entry: gammu (F_HUAWEI_INIT, F_ZTE_INIT, F_ENCODED_USSD), ModemManager plugins
and udev rules (AT interfaces, Qualcomm CNMI notes), smstools hardware notes, vendor AT
manuals, and the issue threads named in the research notes. The USB fields (`usb`,
`usb_vendors`) come from the table of known modems in devices.py, which names its sources.
"""

from __future__ import annotations

from modem.at.urcs import UrcSpec
from modem.profiles.base import Profile
from modem.profiles.devices import usb_ports, vendor_ids

__all__ = ["GENERIC", "HUAWEI", "PROFILES", "QUECTEL", "SIMCOM", "TELIT", "UBLOX", "ZTE"]


# --- each vendor's unsolicited result codes (vendor manuals, gammu's SpecialAnswers) ---------

# Huawei (gammu at.c SpecialAnswers; ModemManager huawei plugin; Huawei AT manual).
_HUAWEI_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("^RSSI"),
    UrcSpec("^HCSQ", response=True),
    UrcSpec("^BOOT"),
    UrcSpec("^MODE"),
    UrcSpec("^SRVST"),
    UrcSpec("^SIMST"),
    UrcSpec("^NWTIME"),
    UrcSpec("^DSFLOWRPT"),
    UrcSpec("^CEND"),
    UrcSpec("^ORIG"),
    UrcSpec("^CONF"),
    UrcSpec("^CONN"),
    UrcSpec("^STIN"),
    UrcSpec("^CSNR", response=True),
    UrcSpec("^RSSILVL"),
    UrcSpec("^HRSSILVL"),
    UrcSpec("^NDISSTAT", response=True),
    UrcSpec("^EONS"),
    UrcSpec("^SMMEMFULL"),
)

# Quectel EC2x/EG2x/BG9x AT manuals: +QIND (SMS DONE, PB DONE, csq...), +QUSIM, sockets.
_QUECTEL_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("+QIND"),
    UrcSpec("+QUSIM"),
    UrcSpec("+QIURC"),
    UrcSpec("+QSTK"),
    UrcSpec("RDY"),
    UrcSpec("POWERED DOWN"),
)

# SIMCom SIM800/SIM900/SIM7600 manuals: boot and power URCs.
_SIMCOM_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("SMS Ready"),
    UrcSpec("Call Ready"),
    UrcSpec("PB DONE"),
    UrcSpec("NORMAL POWER DOWN"),
    UrcSpec("UNDER-VOLTAGE POWER DOWN"),
    UrcSpec("UNDER-VOLTAGE WARNNING"),  # sic, as the modules print it
    UrcSpec("OVER-VOLTAGE POWER DOWN"),
    UrcSpec("OVER-VOLTAGE WARNNING"),
    UrcSpec("+PSUTTZ"),
    UrcSpec("*PSUTTZ"),
    UrcSpec("DST"),
    UrcSpec("+STIN"),
    UrcSpec("+CPBREADY", bare=True),
)

# Telit: #STN SIM toolkit notification (gammu#355), #QSS SIM status.
_TELIT_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("#STN"),
    UrcSpec("#QSS", response=True),
)

# u-blox SARA/LARA/TOBY: +UU... URCs (temperature, sockets, SIM state, PSD).
_UBLOX_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("+UUSTS"),
    UrcSpec("+UUSIMSTAT"),
    UrcSpec("+UUSORD"),
    UrcSpec("+UUSORF"),
    UrcSpec("+UUSOCL"),
    UrcSpec("+UUPSDA"),
    UrcSpec("+UUPSDD"),
    UrcSpec("+UUHTTPCR"),
    UrcSpec("+UMWI"),
)

# ZTE MF-series sticks (gammu F_ZTE_INIT notes): service and SIM state.
_ZTE_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("+ZPASR"),
    UrcSpec("+ZUSIMR"),
    UrcSpec("+ZPAS", response=True),
    UrcSpec("+ZEND"),
    UrcSpec("+ZDONR"),
)

# Wavecom/Sierra, Cinterion and others seen in the field, with no profile of their own: the
# generic profile knows them (a rebadged module may print any of them).
_OTHER_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("+WIND", response=True),  # Wavecom/Sierra general indications
    UrcSpec("+KSUP"),  # Sierra HL start-up
    UrcSpec("^SYSLOADING"),  # Cinterion
    UrcSpec("+PACSP"),  # SIMCom/Telit PLMN mode bit
    UrcSpec("^SYSSTART", bare=True),  # Cinterion boot
    UrcSpec("+PBREADY", bare=True),
)


# --- the profiles -----------------------------------------------------------------------------

GENERIC = Profile(name="generic", urcs=_OTHER_URCS, notes="3GPP TS 27.005/27.007 as written")

HUAWEI = Profile(
    name="huawei",
    urcs=_HUAWEI_URCS,
    manufacturers=("huawei",),
    usb_vendors=vendor_ids("huawei"),
    usb=usb_ports("huawei"),
    # ^CURC=0 stops the ^RSSI/^HCSQ/^BOOT/^MODE flood (gammu F_HUAWEI_INIT); ^PORTSEL=1 puts
    # URCs on the port we talk on.
    init=("AT^CURC=0", "AT^PORTSEL=1"),
    ignore_urcs=frozenset(
        {
            "^BOOT",
            "^MODE",
            "^DSFLOWRPT",
            "^SRVST",
            "^SIMST",
            "^NWTIME",
            "^CSNR",
            "^HCSQ",
            "^RSSILVL",
            "^HRSSILVL",
            "^EONS",
            "^STIN",
        }
    ),
    rssi_urcs=("^RSSI", "+CSQ"),
    ussd_packed=True,
    iccid_command="AT^ICCID?",
    notes="indexes from 0; unknown commands end with COMMAND NOT SUPPORT",
)

SIMCOM = Profile(
    name="simcom",
    urcs=_SIMCOM_URCS,
    manufacturers=("simcom",),
    usb_vendors=vendor_ids("simcom"),
    usb=usb_ports("simcom"),
    # SMS commands fail until "SMS Ready" (Seeed GPRS_SIM900#39).
    ready_urcs=("SMS Ready",),
    ignore_urcs=frozenset({"Call Ready", "+CFUN", "PB DONE", "+CPBREADY", "DST"}),
    notes="no AT+CLAC; extended +CMTI",
)

QUECTEL = Profile(
    name="quectel",
    urcs=_QUECTEL_URCS,
    manufacturers=("quectel",),
    usb_vendors=vendor_ids("quectel"),
    usb=usb_ports("quectel"),
    # URCs on the port we talk on (serialport-gsm#12).
    init=('AT+QURCCFG="urcport","usbat"',),
    # EC25/EG25 announce stored status reports as +CDSI: "SM",n although they are in SR
    # (asterisk-chan-quectel PR #75): have reports routed as +CDS instead (ds=1).
    cnmi_store="2,1,0,1,0",
    ready_urcs=("+QIND",),
    ignore_urcs=frozenset({"+CFUN", "+QUSIM", "+QIND"}),
    iccid_command="AT+QCCID",
)

TELIT = Profile(
    name="telit",
    urcs=_TELIT_URCS,
    manufacturers=("telit",),
    usb_vendors=vendor_ids("telit"),
    usb=usb_ports("telit"),
    # #STN SIM-toolkit noise stalled gammu 23 s per SMS (gammu#355): ours is table-driven,
    # and it is dropped quietly. Reports need ds=1 (gammu#272).
    cnmi_store="2,1,0,1,0",
    ignore_urcs=frozenset({"#STN", "#QSS"}),
    iccid_command="AT#CCID",
)

UBLOX = Profile(
    name="ublox",
    urcs=_UBLOX_URCS,
    manufacturers=("u-blox", "ublox"),
    usb_vendors=vendor_ids("ublox"),
    usb=usb_ports("ublox"),
    ignore_urcs=frozenset({"+UUSTS", "+UUSIMSTAT"}),
    notes="+CME ERROR 14 (SIM busy) after power-up: init retries it (ubxlib#287)",
)

ZTE = Profile(
    name="zte",
    urcs=_ZTE_URCS,
    manufacturers=("zte",),
    usb_vendors=vendor_ids("zte"),
    usb=usb_ports("zte"),
    # Stop the CD-ROM autorun, go online (gammu F_ZTE_INIT).
    init=("AT+ZCDRUN=8", "AT+ZOPRT=5"),
    ignore_urcs=frozenset({"+ZUSIMR", "+ZPASR", "+ZEND", "+ZDONR", "+ZPAS"}),
    rssi_urcs=("+CSQ",),
    notes="+CMGR without <stat>",
)

PROFILES: dict[str, Profile] = {
    p.name: p for p in (GENERIC, HUAWEI, SIMCOM, QUECTEL, TELIT, UBLOX, ZTE)
}
