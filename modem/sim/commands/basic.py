"""General commands: V.250 basics, identification, PIN, error reporting, functionality.

ITU-T V.250 §6.2 (E, V, Q, Z, &F, I, S-registers), TS 27.007 §5 (+CGMI, +CGMM, +CGMR, +CGSN,
+CSCS, +CIMI, +CLAC), §8.2 (+CFUN), §8.3 (+CPIN), §8.65 (+CPINR), §9.1 (+CMEE), and the few
vendor commands real clients send during their init (research sms.md §2.1: Huawei ^CURC and
^PORTSEL, ZTE +ZCDRUN/+ZOPRT/+ZPAS, Quectel +QURCCFG, the ICCID variants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modem.sim.commands import command
from modem.sim.parse import Command, Form
from modem.sim.results import CmeError, PlainError
from modem.sim.state import Settings, SimStatus

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter


def _flag(m: Interpreter, cmd: Command, attr: str) -> list[str]:
    value = cmd.int_param(0, 0) if cmd.form is Form.SET else 0
    if value not in (0, 1):
        raise PlainError(cmd.name)
    setattr(m.settings, attr, bool(value))
    return []


@command("E")
def echo(m: Interpreter, cmd: Command) -> list[str]:
    return _flag(m, cmd, "echo")


@command("V")
def verbose(m: Interpreter, cmd: Command) -> list[str]:
    return _flag(m, cmd, "verbose")


@command("Q")
def quiet(m: Interpreter, cmd: Command) -> list[str]:
    return _flag(m, cmd, "quiet")


@command("Z", "&F")
def reset_profile(m: Interpreter, cmd: Command) -> list[str]:
    """ATZ / AT&F: settings back to the profile (factory defaults here); SIM and storages stay."""
    m.settings = Settings()
    return []


@command("X", "&C", "&D", "&W", "&K", "\\Q", "H", "L", "M")
def accepted(m: Interpreter, cmd: Command) -> list[str]:
    """Basic commands about data calls and the serial line: accepted, nothing to do here."""
    return []


@command("S0", "S3", "S4", "S5", "S7", "S8", "S10")
def s_register(m: Interpreter, cmd: Command) -> list[str]:
    defaults = {"S0": 0, "S3": 13, "S4": 10, "S5": 8, "S7": 50, "S8": 2, "S10": 2}
    if cmd.form is Form.READ:
        return [f"{defaults[cmd.name]:03d}"]
    return []


@command("I")
def identify(m: Interpreter, cmd: Command) -> list[str]:
    return list(m.personality.ati_lines())


def _ident(value: str, m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    if cmd.form is not Form.EXEC:
        raise PlainError(cmd.name)
    return [value]


@command("+CGMI", "+GMI")
def manufacturer(m: Interpreter, cmd: Command) -> list[str]:
    return _ident(m.personality.manufacturer, m, cmd)


@command("+CGMM", "+GMM")
def model(m: Interpreter, cmd: Command) -> list[str]:
    return _ident(m.personality.model, m, cmd)


@command("+CGMR", "+GMR")
def revision(m: Interpreter, cmd: Command) -> list[str]:
    return _ident(m.personality.revision, m, cmd)


@command("+CGSN", "+GSN")
def serial_number(m: Interpreter, cmd: Command) -> list[str]:
    return _ident(m.imei, m, cmd)


@command("+CIMI", sim=True)
def imsi(m: Interpreter, cmd: Command) -> list[str]:
    return _ident(m.sim.imsi, m, cmd)


@command("+CCID", "+ICCID", sim=False)
def iccid(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    if m.sim.status is SimStatus.ABSENT:
        raise CmeError(10)
    return [f"+CCID: {m.sim.iccid}"]


@command("^ICCID", vendor="huawei")
def huawei_iccid(m: Interpreter, cmd: Command) -> list[str]:
    return [f"^ICCID: {m.sim.iccid}"] if cmd.form is Form.READ else []


@command("+QCCID", vendor="quectel")
def quectel_iccid(m: Interpreter, cmd: Command) -> list[str]:
    return [f"+QCCID: {m.sim.iccid}"] if cmd.form is Form.EXEC else []


@command("+CMEE")
def cmee(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return ["+CMEE: (0-2)"]
    if cmd.form is Form.READ:
        return [f"+CMEE: {m.settings.cmee}"]
    value = cmd.int_param(0, 0)
    if value not in (0, 1, 2):
        raise PlainError(cmd.name)
    m.settings.cmee = value
    return []


@command("+CPIN")
def cpin(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    if cmd.form is Form.READ:
        if m.sim_busy:
            raise CmeError(14)
        if m.sim.status in (SimStatus.ABSENT, SimStatus.BLOCKED):
            m.sim.require_ready()
        return [f"+CPIN: {m.sim.status.value}"]
    if cmd.form is not Form.SET or cmd.param(0) is None:
        raise PlainError(cmd.name)
    m.sim.enter(cmd.param(0) or "", cmd.param(1))
    if m.cfun == 1:
        from modem.sim.commands.network import set_registration

        set_registration(m, 1)  # the SIM is unlocked: the modem registers
    return []


@command("+CPINR")
def cpinr(m: Interpreter, cmd: Command) -> list[str]:
    """Remaining attempts, 27.007 §8.65: +CPINR: <code>,<retries>,<default_retries>."""
    if cmd.form is Form.TEST:
        return []
    return [
        f"+CPINR: SIM PIN,{m.sim.pin_attempts},3",
        f"+CPINR: SIM PUK,{m.sim.puk_attempts},10",
    ]


@command("+CFUN")
def cfun(m: Interpreter, cmd: Command) -> list[str]:
    from modem.sim.commands.network import set_registration

    if cmd.form is Form.TEST:
        return ["+CFUN: (0,1,4),(0-1)"]
    if cmd.form is Form.READ:
        return [f"+CFUN: {m.cfun}"]
    fun, rst = cmd.int_param(0, 1), cmd.int_param(1, 0)
    if fun not in (0, 1, 4) or rst not in (0, 1):
        raise CmeError(50) if m.settings.cmee else PlainError(cmd.name)
    if rst == 1:
        m.later(0.05 * m.scale, m.reboot)
        return []
    m.cfun = fun
    set_registration(m, 1 if fun == 1 and m.sim.status is SimStatus.READY else 0)
    return []


@command("+CLAC")
def clac(m: Interpreter, cmd: Command) -> list[str]:
    """27.007 §8.37: the commands this modem knows, one a line."""
    if not m.personality.clac:
        raise PlainError(cmd.name)
    if cmd.form is Form.TEST:
        return []
    if cmd.form is not Form.EXEC:
        raise PlainError(cmd.name)  # action and test forms only
    names = [
        spec.name
        for spec in m.table.values()
        if spec.vendor is None or spec.vendor in m.personality.command_sets
    ]
    return [f"AT{name}" for name in sorted(names)]


CHARSETS = ("IRA", "GSM", "UCS2", "8859-1", "PCCP437")


@command("+CSCS")
def cscs(m: Interpreter, cmd: Command) -> list[str]:
    """27.007 §5.5: the character set of text parameters (text mode SMS, +CSCA, USSD)."""
    if cmd.form is Form.TEST:
        return ["+CSCS: (" + ",".join(f'"{c}"' for c in CHARSETS[:4]) + ")"]
    if cmd.form is Form.READ:
        return [f'+CSCS: "{m.settings.cscs}"']
    value = (cmd.param(0) or "").upper()
    if value not in CHARSETS[:4]:
        raise CmeError(4) if m.settings.cmee else PlainError(cmd.name)
    m.settings.cscs = value
    return []


def _setting(attr: str, name: str, allowed: tuple[int, ...]):
    def handler(m: Interpreter, cmd: Command) -> list[str]:
        if cmd.form is Form.TEST:
            return [f"{name}: ({','.join(map(str, allowed))})"]
        if cmd.form is Form.READ:
            return [f"{name}: {getattr(m.settings, attr)}"]
        value = cmd.int_param(0, 0)
        if value not in allowed:
            raise PlainError(name)
        setattr(m.settings, attr, value)
        return []

    return handler


command("+CLIP")(_setting("clip", "+CLIP", (0, 1)))
command("+CRC")(_setting("crc", "+CRC", (0, 1)))
command("+CVHU")(_setting("cvhu", "+CVHU", (0, 1)))


@command("+CHUP", "+CMUX")
def chup(m: Interpreter, cmd: Command) -> list[str]:
    return []


# --- vendor commands clients send during their init ------------------------------------------


@command("^CURC", vendor="huawei")
def curc(m: Interpreter, cmd: Command) -> list[str]:
    """Huawei: ^CURC=0 stops the periodic ^RSSI/^HCSQ/^BOOT/^MODE reports."""
    if cmd.form is Form.TEST:
        return ["^CURC: (0-1)"]
    if cmd.form is Form.READ:
        return [f"^CURC: {int(m.noise_on)}"]
    value = cmd.int_param(0, 1)
    was = m.noise_on
    m.noise_on = value == 1 and bool(m.personality.noise_urcs)
    if m.noise_on and not was:
        m.later(m.noise_interval, m._tick_noise)
    return []


@command("^PORTSEL", vendor="huawei")
def huawei_accepted(m: Interpreter, cmd: Command) -> list[str]:
    return [f"{cmd.name}: 0"] if cmd.form is Form.READ else []


@command("^USSDMODE", vendor="huawei")
def ussdmode(m: Interpreter, cmd: Command) -> list[str]:
    """Huawei: ^USSDMODE=0 sends and shows USSD as plain text, 1 (default) as packed 7-bit."""
    if cmd.form is Form.TEST:
        return ["^USSDMODE: (0-1)"]
    if cmd.form is Form.READ:
        return [f"^USSDMODE: {int(m.ussd_packed)}"]
    value = cmd.int_param(0, 1)
    if value not in (0, 1):
        raise PlainError(cmd.name)
    m.ussd_packed = value == 1
    return []


@command("+ZCDRUN", "+ZOPRT", vendor="zte")
def zte_accepted(m: Interpreter, cmd: Command) -> list[str]:
    return []


@command("+ZPAS", vendor="zte")
def zpas(m: Interpreter, cmd: Command) -> list[str]:
    return ['+ZPAS: "LTE","CS_PS"'] if cmd.form is Form.READ else []


@command("+QURCCFG", "+QCFG", vendor="quectel")
def quectel_cfg(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.SET and len(cmd.params) == 1:
        return [f'{cmd.name}: "{cmd.params[0]}","usbat"']
    return []


@command("#SIMDET", "#QSS", vendor="telit")
def telit_accepted(m: Interpreter, cmd: Command) -> list[str]:
    return [f"{cmd.name}: 0,1"] if cmd.form is Form.READ else []
