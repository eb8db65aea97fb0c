"""Network commands: signal, registration and its URCs, operator, own number, USSD.

TS 27.007 §8.5 (+CSQ), §7.2 (+CREG), §10.1.20 (+CGREG), §10.1.22 (+CEREG), §7.3 (+COPS), §7.1
(+CNUM), §7.15 (+CUSD). USSD strings travel as packed GSM 7-bit hex with <dcs> 15 on
personalities that do so (Huawei, gammu's F_ENCODED_USSD), else as text in the AT+CSCS
character set, which is what most other modems print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modem.sim import charset
from modem.sim.commands import command
from modem.sim.parse import Command, Form
from modem.sim.results import CmeError, PlainError

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter

ACT_EUTRAN = 7  # <AcT> 7: E-UTRAN, 27.007 §7.3


@command("+CSQ")
def csq(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return ["+CSQ: (0-31,99),(0-7,99)"]
    if cmd.form is not Form.EXEC:
        raise PlainError(cmd.name)  # 27.007 §8.5 defines no read or set form
    rssi = m.rssi if m.cfun == 1 else 99
    return [f"+CSQ: {rssi},99"]


def _reg_fields(m: Interpreter, n: int, area: str) -> str:
    fields = f"{m.reg_stat}"
    if n >= 2 and m.reg_stat in (1, 5):
        fields += f',"{area}","{m.cell}",{ACT_EUTRAN}'
    return fields


_REG = {"+CREG": ("creg", "lac"), "+CGREG": ("cgreg", "lac"), "+CEREG": ("cereg", "tac")}


def _area(m: Interpreter, kind: str) -> str:
    return m.lac if kind == "lac" else m.lac.rjust(4, "0")


@command("+CREG", "+CGREG", "+CEREG")
def registration(m: Interpreter, cmd: Command) -> list[str]:
    attr, kind = _REG[cmd.name]
    if cmd.form is Form.TEST:
        return [f"{cmd.name}: (0-2)"]
    if cmd.form is Form.READ:
        n = getattr(m.settings, attr)
        return [f"{cmd.name}: {n},{_reg_fields(m, n, _area(m, kind))}"]
    n = cmd.int_param(0, 0)
    if n not in (0, 1, 2):
        raise CmeError(50) if m.settings.cmee else PlainError(cmd.name)
    setattr(m.settings, attr, n)
    return []


def set_registration(m: Interpreter, stat: int) -> None:
    """Change the registration state (0 not, 1 home, 2 searching, 3 denied, 5 roaming) and
    send +CREG/+CGREG/+CEREG URCs to those enabled with n >= 1. Only a registered modem
    receives SMS; registering again lets the network deliver what waited."""
    if stat == m.reg_stat:
        return
    was_registered = m.reg_stat in (1, 5)
    m.reg_stat = stat
    for name, (attr, kind) in _REG.items():
        n = getattr(m.settings, attr)
        if n:
            m.urc(f"{name}: {_reg_fields(m, n, _area(m, kind))}")
    if stat in (1, 5) and not was_registered and m.network is not None:
        m.network.back_online(m)  # the SMSC delivers what it held while we were away


@command("+COPS")
def cops(m: Interpreter, cmd: Command) -> list[str]:
    sim = m.sim
    if cmd.form is Form.TEST:
        return [f'+COPS: (2,"{sim.operator}","{sim.operator[:8]}","{sim.mcc_mnc}",7),,(0-4),(0-2)']
    if cmd.form is Form.READ:
        if m.reg_stat not in (1, 5):
            return ["+COPS: 0"]
        fmt = m.settings.cops_format
        name = {0: sim.operator, 1: sim.operator[:8], 2: sim.mcc_mnc}[fmt]
        return [f'+COPS: 0,{fmt},"{name}",{ACT_EUTRAN}']
    mode = cmd.int_param(0, 0)
    if mode == 3:
        fmt = cmd.int_param(1, 0)
        if fmt not in (0, 1, 2):
            raise PlainError(cmd.name)
        m.settings.cops_format = fmt
        return []
    if mode in (0, 1, 4):
        m.sim.require_ready()
        oper = cmd.param(2)
        if mode == 1 and oper not in (None, sim.operator, sim.operator[:8], sim.mcc_mnc):
            raise CmeError(32)
        set_registration(m, 1 if m.cfun == 1 else 0)
        return []
    if mode == 2:
        set_registration(m, 0)
        return []
    raise PlainError(cmd.name)


@command("+CGATT")
def cgatt(m: Interpreter, cmd: Command) -> list[str]:
    """27.007 §10.1.9 packet domain attach: attached whenever registered."""
    if cmd.form is Form.TEST:
        return ["+CGATT: (0,1)"]
    if cmd.form is Form.READ:
        return [f"+CGATT: {int(m.reg_stat in (1, 5) and m.cgatt)}"]
    value = cmd.int_param(0, 1)
    if value not in (0, 1):
        raise PlainError(cmd.name)
    m.cgatt = bool(value)
    return []


@command("+CGDCONT")
def cgdcont(m: Interpreter, cmd: Command) -> list[str]:
    """27.007 §10.1.1 PDP contexts: remembered, listed, never connected."""
    if cmd.form is Form.TEST:
        return ['+CGDCONT: (1-16),"IP",,,(0-2),(0-4)', '+CGDCONT: (1-16),"IPV6",,,(0-2),(0-4)']
    if cmd.form is Form.READ:
        return [
            f'+CGDCONT: {cid},"{ptype}","{apn}","0.0.0.0",0,0'
            for cid, (ptype, apn) in sorted(m.contexts.items())
        ]
    cid = cmd.int_param(0)
    if cid is None or not 1 <= cid <= 16:
        raise PlainError(cmd.name)
    if len(cmd.params) == 1:
        m.contexts.pop(cid, None)
    else:
        m.contexts[cid] = (cmd.param(1, "IP") or "IP", cmd.param(2, "") or "")
    return []


@command("+CNUM", sim=True)
def cnum(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    toa = 145 if m.number.startswith("+") else 129
    return [f'+CNUM: "","{m.number}",{toa}']


@command("+CUSD", sim=True)
def cusd(m: Interpreter, cmd: Command) -> list[str]:
    """AT+CUSD=<n>[,<str>[,<dcs>]]: OK at once, the network's answer as +CUSD: <m>,<str>,<dcs>."""
    if cmd.form is Form.TEST:
        return ["+CUSD: (0-2)"]
    if cmd.form is Form.READ:
        return [f"+CUSD: {m.settings.cusd}"]
    n = cmd.int_param(0, 0)
    if n not in (0, 1, 2):
        raise PlainError(cmd.name)
    request = cmd.param(1)
    if n == 2:
        if m.network is not None:
            m.network.ussd_cancel(m)
        return []
    m.settings.cusd = n
    if request is None:
        return []
    if m.reg_stat not in (1, 5):
        raise CmeError(30)
    dcs = cmd.int_param(2, 15)
    text = decode_ussd(m, request, dcs)
    if m.network is None:
        raise CmeError(30)
    status, reply = m.network.ussd(m, text)

    def answer() -> None:
        if status == 4 or reply is None:
            m.urc(f"+CUSD: {status}")
        else:
            m.urc(f'+CUSD: {status},"{encode_ussd(m, reply)}",{ussd_dcs(m)}')

    m.later(m.latency(m.faults.spec.sms_latency) + 0.001, answer)
    return []


def ussd_dcs(m: Interpreter) -> int:
    if not m.ussd_packed and m.settings.cscs == "UCS2":
        return 72  # 23.038 §5: UCS2, language unspecified
    return 15  # 23.038 §5: GSM 7-bit, language unspecified


def decode_ussd(m: Interpreter, request: str, dcs: int) -> str:
    if m.ussd_packed and charset.is_hex(request) and len(request) % 2 == 0:
        return charset.unpack_gsm7_hex(request)
    return charset.decode_text(request, m.settings.cscs)


def encode_ussd(m: Interpreter, reply: str) -> str:
    if m.ussd_packed:
        return charset.pack_gsm7_hex(reply)
    return charset.encode_text(reply, m.settings.cscs)
