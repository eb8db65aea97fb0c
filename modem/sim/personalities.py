"""Personalities: what makes a simulated modem look like one vendor's product.

Each personality is a declaration (identity strings and quirks as values), never a branch in the
interpreter. The quirks are the ones real modems of each vendor are reported to show in the
field:

- huawei: ^RSSI/^HCSQ/^BOOT/^MODE flood until AT^CURC=0, SMS indexes from 0, "COMMAND NOT
  SUPPORT" as the final result of unknown commands, USSD as packed GSM 7-bit hex.
- simcom: RDY, +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready after boot; SMS commands fail until
  SMS Ready; no AT+CLAC.
- quectel: +QIND: SMS DONE at boot; status reports stored in SR but announced as +CDSI: "SM",n.
- zte: +CMGR without the <stat> field.
- telit: #STN SIM-toolkit noise after every SMS sent.
- ublox: +CME ERROR: SIM busy (14) for a moment after power-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modem.errors import ConfigError


@dataclass(frozen=True)
class Personality:
    """One vendor's identity and quirks. Times are in modem seconds (scaled by latency_scale)."""

    name: str
    manufacturer: str = "SimModem"
    model: str = "SM-1"
    revision: str = "1.0.0"
    # ATI: 27.007 §5.1 leaves the text to the vendor; most print manufacturer, model, revision.
    ati: tuple[str, ...] = ()
    # Lines sent once at power-on, and the delay after which they come.
    boot_urcs: tuple[str, ...] = ()
    boot_delay: float = 0.1
    # SMS commands fail with `sms_not_ready` until `sms_ready_urcs` have been sent.
    sms_ready_urcs: tuple[str, ...] = ()
    sms_ready_delay: float = 0.0
    sms_not_ready: str = "+CMS ERROR: 302"
    # Periodic unsolicited noise, one line every ModemSpec.noise_interval seconds from boot;
    # AT^CURC=0 (the "huawei" command set) stops it, AT^CURC=1 starts it again.
    noise_urcs: tuple[str, ...] = ()
    # Lines sent after each SMS the modem submits (Telit #STN).
    after_send_urcs: tuple[str, ...] = ()
    # First index of SMS storages (Huawei counts from 0; 27.005 leaves it to the ME).
    index_base: int = 1
    # Final result of a command the modem does not know.
    unsupported: str = "ERROR"
    # The memory +CDSI names for a stored status report (Quectel: "SM" although stored in SR).
    cdsi_memory: str | None = None
    # +CMGR carries <stat> (ZTE firmware leaves it out).
    cmgr_stat: bool = True
    # USSD strings as packed GSM 7-bit hex (Huawei) or as text in the AT+CSCS character set.
    ussd_packed: bool = False
    # +CMS ERROR as text with CMEE=2 (SIMCom) instead of always numeric.
    verbose_cms: bool = False
    # AT+CLAC is implemented (SIMCom has none).
    clac: bool = True
    # Vendor command sets the modem understands besides 27.007/27.005.
    command_sets: frozenset[str] = frozenset()
    # +CME ERROR code answered by SIM commands for `sim_busy_time` after power-up.
    sim_busy_time: float = 0.0
    # Storage capacities (27.005 §3.2.2: <total1..3> of AT+CPMS).
    capacity: dict[str, int] = field(
        default_factory=lambda: {"SM": 30, "ME": 100, "SR": 20},
    )

    def ati_lines(self) -> tuple[str, ...]:
        if self.ati:
            return self.ati
        return (
            f"Manufacturer: {self.manufacturer}",
            f"Model: {self.model}",
            f"Revision: {self.revision}",
        )


GENERIC = Personality(name="generic")

HUAWEI = Personality(
    name="huawei",
    manufacturer="huawei",
    model="E3372",
    revision="22.315.01.00.00",
    boot_urcs=("^BOOT:20328356,0,0,0,75", "^MODE:5,4"),
    noise_urcs=("^RSSI:19", '^HCSQ:"LTE",52,44,158,30', "^BOOT:20328356,0,0,0,75", "^MODE:5,4"),
    index_base=0,
    unsupported="COMMAND NOT SUPPORT",
    ussd_packed=True,
    command_sets=frozenset({"huawei"}),
    capacity={"SM": 20, "ME": 500, "SR": 20},
)

SIMCOM = Personality(
    name="simcom",
    manufacturer="SIMCOM_Ltd",
    model="SIMCOM_SIM800L",
    revision="Revision:1418B04SIM800L24",
    boot_urcs=("RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready"),
    sms_ready_urcs=("SMS Ready",),
    sms_ready_delay=2.0,
    sms_not_ready="ERROR",
    verbose_cms=True,
    clac=False,
    command_sets=frozenset({"simcom"}),
    capacity={"SM": 50, "ME": 50, "SR": 20},
)

QUECTEL = Personality(
    name="quectel",
    manufacturer="Quectel",
    model="EC25",
    revision="EC25EFAR06A06M4G",
    boot_urcs=("RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE"),
    cdsi_memory="SM",
    command_sets=frozenset({"quectel"}),
    capacity={"SM": 50, "ME": 255, "SR": 50},
)

ZTE = Personality(
    name="zte",
    manufacturer="ZTE INCORPORATED",
    model="MF626",
    revision="BD_MF626V1.0.0B06",
    boot_urcs=("+ZUSIMR:2",),
    cmgr_stat=False,
    command_sets=frozenset({"zte"}),
)

TELIT = Personality(
    name="telit",
    manufacturer="Telit",
    model="LE910C1-EU",
    revision="25.21.660",
    boot_urcs=("#QSS: 1",),
    after_send_urcs=('#STN: 150,1,""',),
    command_sets=frozenset({"telit"}),
)

UBLOX = Personality(
    name="ublox",
    manufacturer="u-blox",
    model="SARA-U201",
    revision="23.60",
    sim_busy_time=0.5,
    command_sets=frozenset({"ublox"}),
)

PERSONALITIES: dict[str, Personality] = {
    p.name: p for p in (GENERIC, HUAWEI, SIMCOM, QUECTEL, ZTE, TELIT, UBLOX)
}


def personality(name: str) -> Personality:
    """The personality called `name`; ConfigError listing the known ones otherwise."""
    try:
        return PERSONALITIES[name.lower()]
    except KeyError:
        known = ", ".join(sorted(PERSONALITIES))
        raise ConfigError(f"personality: unknown {name!r} (known: {known})") from None
