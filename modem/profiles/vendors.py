"""The vendor profiles: only what each differs in from generic 3GPP (research sms.md §3).

Sources per entry: gammu (F_HUAWEI_INIT, F_ZTE_INIT, F_ENCODED_USSD), ModemManager plugins
and udev rules (AT interfaces, Qualcomm CNMI notes), smstools hardware notes, vendor AT
manuals, and the issue threads named in the research notes. USB ids are those products'
published VID:PID; an AT interface is given only where a source names it.
"""

from __future__ import annotations

from modem.profiles.base import Profile, UsbPort

__all__ = ["GENERIC", "HUAWEI", "PROFILES", "QUECTEL", "SIMCOM", "TELIT", "UBLOX", "ZTE"]

GENERIC = Profile(name="generic", notes="3GPP TS 27.005/27.007 as written")

HUAWEI = Profile(
    name="huawei",
    manufacturers=("huawei",),
    usb_vendors=(0x12D1,),
    usb=(
        UsbPort(0x12D1, 0x1001, 0, "E1550/E169"),
        UsbPort(0x12D1, 0x1003, 0, "E220"),
        UsbPort(0x12D1, 0x1506, 2, "E3372 (stick mode)"),
        UsbPort(0x12D1, 0x1C05, 2, "E173"),
        UsbPort(0x12D1, 0x14DC, None, "HiLink: no AT port (network interface only)"),
    ),
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
    manufacturers=("simcom",),
    usb_vendors=(0x1E0E,),
    usb=(UsbPort(0x1E0E, 0x9001, 2, "SIM7600"), UsbPort(0x1E0E, 0x9011, 2, "SIM7600 (RNDIS)")),
    # SMS commands fail until "SMS Ready" (Seeed GPRS_SIM900#39).
    ready_urcs=("SMS Ready",),
    ignore_urcs=frozenset({"Call Ready", "+CFUN", "PB DONE", "+CPBREADY", "DST"}),
    notes="no AT+CLAC; extended +CMTI",
)

QUECTEL = Profile(
    name="quectel",
    manufacturers=("quectel",),
    usb_vendors=(0x2C7C,),
    usb=(
        UsbPort(0x2C7C, 0x0125, 2, "EC25"),
        UsbPort(0x2C7C, 0x0121, 2, "EC21"),
        UsbPort(0x2C7C, 0x0306, 2, "EP06"),
        UsbPort(0x2C7C, 0x0296, 2, "BG96"),
    ),
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
    manufacturers=("telit",),
    usb_vendors=(0x1BC7,),
    usb=(UsbPort(0x1BC7, 0x1201, None, "LE910C1"), UsbPort(0x1BC7, 0x0021, None, "HE910")),
    # #STN SIM-toolkit noise stalled gammu 23 s per SMS (gammu#355): ours is table-driven,
    # and it is dropped quietly. Reports need ds=1 (gammu#272).
    cnmi_store="2,1,0,1,0",
    ignore_urcs=frozenset({"#STN", "#QSS"}),
    iccid_command="AT#CCID",
)

UBLOX = Profile(
    name="ublox",
    manufacturers=("u-blox", "ublox"),
    usb_vendors=(0x1546,),
    usb=(
        UsbPort(0x1546, 0x1102, None, "SARA-U2/LISA-U2"),
        UsbPort(0x1546, 0x110A, None, "SARA-R4"),
    ),
    ignore_urcs=frozenset({"+UUSTS", "+UUSIMSTAT"}),
    notes="+CME ERROR 14 (SIM busy) after power-up: init retries it (ubxlib#287)",
)

ZTE = Profile(
    name="zte",
    manufacturers=("zte",),
    usb_vendors=(0x19D2,),
    usb=(UsbPort(0x19D2, 0x0031, 1, "MF626/MF636"), UsbPort(0x19D2, 0x0117, 1, "MF667")),
    # Stop the CD-ROM autorun, go online (gammu F_ZTE_INIT).
    init=("AT+ZCDRUN=8", "AT+ZOPRT=5"),
    ignore_urcs=frozenset({"+ZUSIMR", "+ZPASR", "+ZEND", "+ZDONR", "+ZPAS"}),
    rssi_urcs=("+CSQ",),
    notes="+CMGR without <stat>",
)

PROFILES: dict[str, Profile] = {
    p.name: p for p in (GENERIC, HUAWEI, SIMCOM, QUECTEL, TELIT, UBLOX, ZTE)
}
