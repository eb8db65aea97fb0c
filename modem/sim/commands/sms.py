"""SMS configuration commands: service, format, SMSC, text parameters, storages, indications.

TS 27.005 §3.2.1 (+CSMS), §3.2.2 (+CPMS), §3.2.3 (+CMGF), §3.3.1 (+CSCA), §3.3.2 (+CSMP),
§3.3.3 (+CSDH), §3.4.1 (+CNMI), §3.4.4 (+CNMA), §3.5.6 (+CMMS). Sending, reading and deleting
messages are in `storage.py`; what happens when a message arrives is in `incoming.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modem.sim import charset, incoming
from modem.sim.commands import Prompt, command
from modem.sim.parse import Command, Form
from modem.sim.results import CmsError

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter

READ_MEMS = ("SM", "ME", "SR")  # <mem1>: read and delete
WRITE_MEMS = ("SM", "ME")  # <mem2>, <mem3>: write/send, receive


def _int_in(cmd: Command, index: int, allowed: range | tuple[int, ...], default: int) -> int:
    value = cmd.int_param(index, default)
    if value not in allowed:
        raise CmsError(302)
    return value


@command("+CSMS", sms=True)
def csms(m: Interpreter, cmd: Command) -> list[str]:
    """<service> 0: phase 2 (the ME acks routed messages); 1: phase 2+ (the TE must +CNMA)."""
    if cmd.form is Form.TEST:
        return ["+CSMS: (0,1)"]
    if cmd.form is Form.READ:
        return [f"+CSMS: {m.settings.csms},1,1,1"]
    m.settings.csms = _int_in(cmd, 0, (0, 1), 0)
    return ["+CSMS: 1,1,1"]


@command("+CMGF", sms=True)
def cmgf(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return ["+CMGF: (0,1)"]
    if cmd.form is Form.READ:
        return [f"+CMGF: {m.settings.cmgf}"]
    m.settings.cmgf = _int_in(cmd, 0, (0, 1), 0)
    return []


@command("+CSCA", sms=True, sim=True)
def csca(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    if cmd.form is Form.READ:
        number = charset.encode_text(m.csca, m.settings.cscs)
        return [f'+CSCA: "{number}",{145 if m.csca.startswith("+") else 129}']
    if not cmd.params:
        raise CmsError(304 if m.settings.cmgf == 0 else 305)
    m.csca = charset.decode_text(cmd.params[0], m.settings.cscs)
    return []


@command("+CSMP", sms=True)
def csmp(m: Interpreter, cmd: Command) -> list[str]:
    """Text mode parameters: <fo>,<vp>,<pid>,<dcs> (fo 17 = SUBMIT + relative VP, 49 + SRR)."""
    if cmd.form is Form.TEST:
        return []
    if cmd.form is Form.READ:
        return ["+CSMP: " + ",".join(map(str, m.settings.csmp))]
    current = m.settings.csmp
    values = tuple(_int_in(cmd, i, range(256), current[i]) for i in range(4))  # type: ignore[assignment]
    m.settings.csmp = values  # type: ignore[assignment]
    return []


@command("+CSDH", sms=True)
def csdh(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return ["+CSDH: (0,1)"]
    if cmd.form is Form.READ:
        return [f"+CSDH: {m.settings.csdh}"]
    m.settings.csdh = _int_in(cmd, 0, (0, 1), 0)
    return []


@command("+CMMS", sms=True)
def cmms(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return ["+CMMS: (0-2)"]
    if cmd.form is Form.READ:
        return [f"+CMMS: {m.settings.cmms}"]
    m.settings.cmms = _int_in(cmd, 0, (0, 1, 2), 0)
    return []


@command("+CPMS", sms=True, sim=True)
def cpms(m: Interpreter, cmd: Command) -> list[str]:
    """Preferred storages: mem1 (read/delete), mem2 (write/send), mem3 (receive)."""

    def quoted(names: tuple[str, ...]) -> str:
        return "(" + ",".join(f'"{n}"' for n in names) + ")"

    if cmd.form is Form.TEST:
        return [f"+CPMS: {quoted(READ_MEMS)},{quoted(WRITE_MEMS)},{quoted(WRITE_MEMS)}"]
    if cmd.form is Form.READ:
        fields = [
            f'"{name}",{m.storages[name].used},{m.storages[name].capacity}'
            for name in m.settings.mems
        ]
        return ["+CPMS: " + ",".join(fields)]
    if cmd.form is not Form.SET or not cmd.params or len(cmd.params) > 3:
        raise CmsError(302)
    mems = list(m.settings.mems)
    for i, value in enumerate(cmd.params):
        name = value.strip().upper()
        if not name:
            continue
        if name not in (READ_MEMS if i == 0 else WRITE_MEMS):
            raise CmsError(302)
        mems[i] = name
    m.settings.mems = (mems[0], mems[1], mems[2])
    incoming.memory_freed(m)  # another <mem3> may have room
    counts = [f"{m.storages[n].used},{m.storages[n].capacity}" for n in m.settings.mems]
    return ["+CPMS: " + ",".join(counts)]


@command("+CNMI", sms=True)
def cnmi(m: Interpreter, cmd: Command) -> list[str]:
    """<mode>,<mt>,<bm>,<ds>,<bfr>: how new messages and status reports are indicated."""
    if cmd.form is Form.TEST:
        return ["+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"]
    if cmd.form is Form.READ:
        return ["+CNMI: " + ",".join(map(str, m.settings.cnmi))]
    limits = (range(4), range(4), (0, 2), range(3), range(2))
    values = [_int_in(cmd, i, limits[i], 0) for i in range(5)]
    if len(cmd.params) > 5:
        raise CmsError(302)
    m.settings.cnmi = (values[0], values[1], values[2], values[3], values[4])
    incoming.cnmi_changed(m)
    return []


@command("+CNMA", sms=True)
def cnma(m: Interpreter, cmd: Command) -> list[str] | Prompt:
    """Acknowledge a routed +CMT/+CDS (only with AT+CSMS=1). PDU mode: =0 or =1 acknowledge,
    =2 reject (RP-ERROR); with a <length> a TPDU follows after "> "."""
    if cmd.form is Form.TEST:
        return ["+CNMA: (0-2)"] if m.settings.cmgf == 0 else []
    if cmd.form is Form.READ:
        raise CmsError(302)
    n = cmd.int_param(0, 0) if cmd.form is Form.SET else 0
    if n not in (0, 1, 2) or (n and m.settings.cmgf == 1):
        raise CmsError(302)
    if m.settings.csms != 1 or m.awaiting_ack is None:
        raise CmsError(340)
    length = cmd.int_param(1, 0) if cmd.form is Form.SET else 0
    if length:

        def after_body(body: str) -> list[str]:
            text = body.strip()
            if not charset.is_hex(text) or len(text) % 2:
                raise CmsError(304)
            # The SMS-DELIVER-REPORT TPDU: its TP-FCS (second octet) may say "memory full".
            incoming.acknowledge(m, accepted=n != 2, report=bytes.fromhex(text))
            return []

        return Prompt(after_body)
    incoming.acknowledge(m, accepted=n != 2)
    return []
