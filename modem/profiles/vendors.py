"""The vendor profiles: only what each differs in from generic 3GPP (research sms.md §3).

Sources per entry: gammu (F_HUAWEI_INIT, F_ZTE_INIT, F_ENCODED_USSD), ModemManager plugins
and udev rules (AT interfaces, Qualcomm CNMI notes), smstools hardware notes, vendor AT
manuals, and the issue threads named in the research notes. The USB fields (`usb`,
`usb_vendors`) come from the table of known modems in devices.py, which names its sources.
"""

from __future__ import annotations

from modem.profiles.base import Profile
from modem.profiles.devices import usb_ports, vendor_ids

__all__ = ["GENERIC", "HUAWEI", "PROFILES", "QUECTEL", "SIMCOM", "TELIT", "UBLOX", "ZTE"]


GENERIC = Profile(name="generic", notes="3GPP TS 27.005/27.007 as written")

HUAWEI = Profile(
    name="huawei",
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
    manufacturers=("u-blox", "ublox"),
    usb_vendors=vendor_ids("ublox"),
    usb=usb_ports("ublox"),
    ignore_urcs=frozenset({"+UUSTS", "+UUSIMSTAT"}),
    notes="+CME ERROR 14 (SIM busy) after power-up: init retries it (ubxlib#287)",
)

ZTE = Profile(
    name="zte",
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
