"""Sending, writing, listing, reading and deleting messages.

TS 27.005 §3.5.1 (+CMGS), §3.5.2 (+CMSS), §3.5.3 (+CMGW), §3.5.4 (+CMGD), §3.4.2 (+CMGL), §3.4.3
(+CMGR), in PDU mode (§4) and text mode (§3). In PDU mode <length> counts the TPDU octets only;
the PDU typed after "> " starts with the SMSC field ("00": use AT+CSCA). The modem, not the
terminal, assigns TP-MR: it overwrites the MR the PDU carries and answers "+CMGS: <mr>".
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from modem.errors import ModemError
from modem.sim import charset, incoming, smsformat
from modem.sim.commands import Prompt, command
from modem.sim.parse import Command, Form
from modem.sim.results import CmsError
from modem.sim.state import Stat, StoredMessage
from modem.sms.timestamp import decode_relative

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter

MAX_TPDU = 164  # 23.040 §9.2.2.2: FO, MR, DA (12), PID, DCS, VP (7), UDL, UD (140) at most


def _pdu_body(m: Interpreter, body: str, length: int) -> bytes:
    """The hex typed after "> " as bytes; +CMS ERROR 304 if it is not a PDU of that length."""
    text = body.strip()
    if not charset.is_hex(text) or len(text) % 2:
        raise CmsError(304)
    pdu = bytes.fromhex(text)
    if pdu[0] > 12 or smsformat.tpdu_length(pdu) != length:
        raise CmsError(304)
    return pdu


def _submit_of(pdu: bytes):
    from modem.sms import Submit

    try:
        tpdu = smsformat.decode(pdu)
    except ModemError:
        raise CmsError(304) from None
    if not isinstance(tpdu, Submit):
        raise CmsError(304)
    return tpdu


def _text_submit(m: Interpreter, da: str, body: str) -> bytes:
    """Text mode: build the SMS-SUBMIT from AT+CSMP's values and the typed text."""
    from modem.sms import Address, Submit, encode_pdu
    from modem.sms.dcs import Alphabet, DataCoding

    fo, vp, pid, dcs_octet = m.settings.csmp
    try:
        dcs = DataCoding.decode(dcs_octet)
        text = charset.decode_text(body, m.settings.cscs)
        fields: dict = {"text": text}
        if dcs.alphabet is Alphabet.DATA_8BIT:
            fields = {"data": bytes.fromhex(body)}
        validity: timedelta | None = decode_relative(vp) if fo & 0x18 == 0x10 else None
        submit = Submit(
            recipient=Address.parse(charset.decode_text(da, m.settings.cscs)),
            dcs=dcs,
            pid=pid,
            validity=validity,
            status_report_request=bool(fo & 0x20),
            reject_duplicates=bool(fo & 0x04),
            **fields,
        )
        return encode_pdu(submit, smsc=True)
    except (ModemError, ValueError):
        raise CmsError(305) from None


def send(m: Interpreter, pdu: bytes) -> int:
    """Hand a SUBMIT PDU to the network; return the TP-MR the modem gave it."""
    _submit_of(pdu)
    if pdu[0] == 0 and not m.csca:
        raise CmsError(330)
    if m.reg_stat not in (1, 5) or m.network is None:
        raise CmsError(331)
    m.extra_delay = m.faults.spec.sms_latency
    code = m.faults.send_error()
    if code is not None:
        raise CmsError(code)
    mr = m.next_mr
    m.next_mr = (m.next_mr + 1) % 256
    at = 1 + pdu[0]
    pdu = pdu[: at + 1] + bytes([mr]) + pdu[at + 2 :]
    m.sent.append(pdu)
    m.network.submit(m, pdu, mr)
    if m.personality.after_send_urcs:
        m.later(m.latency(m.faults.spec.sms_latency) + 0.01, lambda: m.urc(*_after(m)))
    return mr


def _after(m: Interpreter) -> tuple[str, ...]:
    return m.personality.after_send_urcs


@command("+CMGS", sms=True, sim=True)
def cmgs(m: Interpreter, cmd: Command) -> list[str] | Prompt:
    if cmd.form is Form.TEST:
        return []
    if cmd.form is not Form.SET:
        raise CmsError(302)
    if m.settings.cmgf == 0:
        length = cmd.int_param(0)
        if length is None or not 0 < length <= MAX_TPDU:
            raise CmsError(304)
        return Prompt(lambda body: [f"+CMGS: {send(m, _pdu_body(m, body, length))}"])
    da = cmd.param(0)
    if da is None:
        raise CmsError(305)
    return Prompt(
        lambda body: [f"+CMGS: {send(m, _text_submit(m, da, body))}"],
        text_mode=True,
    )


@command("+CMGW", sms=True, sim=True)
def cmgw(m: Interpreter, cmd: Command) -> list[str] | Prompt:
    if cmd.form is Form.TEST:
        return []
    storage = m.storages[m.settings.mems[1]]
    if m.settings.cmgf == 0:
        length = cmd.int_param(0)
        stat = Stat(cmd.int_param(1, 2))
        if length is None or not 0 < length <= MAX_TPDU:
            raise CmsError(304)

        def write_pdu(body: str) -> list[str]:
            pdu = _pdu_body(m, body, length)
            smsformat.decode(pdu)
            return [f"+CMGW: {storage.store(StoredMessage(stat, pdu))}"]

        return Prompt(write_pdu)
    da = cmd.param(0, "")
    stat = Stat.parse(cmd.param(2, "STO UNSENT") or "", text_mode=True)

    def write_text(body: str) -> list[str]:
        pdu = _text_submit(m, da or "", body)
        return [f"+CMGW: {storage.store(StoredMessage(stat, pdu))}"]

    return Prompt(write_text, text_mode=True)


@command("+CMSS", sms=True, sim=True)
def cmss(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    index = cmd.int_param(0)
    if cmd.form is not Form.SET or index is None:
        raise CmsError(302)
    storage = m.storages[m.settings.mems[1]]
    stored = storage.get(index)
    if stored is None:
        raise CmsError(321)
    pdu = stored.pdu
    da = cmd.param(1)
    if da is not None:
        from dataclasses import replace

        from modem.sms import Address, encode_pdu

        submit = replace(_submit_of(pdu), recipient=Address.parse(da))
        pdu = encode_pdu(submit, smsc=True)
    mr = send(m, pdu)
    stored.stat = Stat.STO_SENT
    return [f"+CMSS: {mr}"]


def _stat_filter(m: Interpreter, cmd: Command) -> Stat:
    text_mode = m.settings.cmgf == 1
    raw = cmd.param(0)
    if raw is None:
        return Stat.REC_UNREAD
    try:
        return Stat.parse(raw, text_mode=text_mode)
    except ValueError:
        raise CmsError(305 if text_mode else 304) from None


def render(m: Interpreter, header: str, stat: Stat, pdu: bytes, *, full: bool) -> list[str]:
    if m.settings.cmgf == 0:
        with_stat = m.personality.cmgr_stat or header != "+CMGR: "
        return smsformat.pdu_lines(header, stat, pdu, with_stat=with_stat)
    return smsformat.text_lines(
        header, stat, pdu, cscs=m.settings.cscs, csdh=m.settings.csdh, full=full
    )


@command("+CMGL", sms=True, sim=True)
def cmgl(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        if m.settings.cmgf == 0:
            return ["+CMGL: (0-4)"]
        return ['+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")']
    if cmd.form is Form.READ:
        raise CmsError(302)  # 27.005 §3.4.2: +CMGL[=<stat>] and +CMGL=? only
    wanted = _stat_filter(m, cmd)
    lines: list[str] = []
    for index, stored in m.storages[m.settings.mems[0]]:
        if wanted is not Stat.ALL and stored.stat is not wanted:
            continue
        lines += render(m, f"+CMGL: {index},", stored.stat, stored.pdu, full=False)
        if stored.stat is Stat.REC_UNREAD:
            stored.stat = Stat.REC_READ
    return lines


@command("+CMGR", sms=True, sim=True)
def cmgr(m: Interpreter, cmd: Command) -> list[str]:
    if cmd.form is Form.TEST:
        return []
    index = cmd.int_param(0)
    if cmd.form is not Form.SET or index is None:
        raise CmsError(302)
    stored = m.storages[m.settings.mems[0]].get(index)
    if stored is None:
        return []
    lines = render(m, "+CMGR: ", stored.stat, stored.pdu, full=True)
    if stored.stat is Stat.REC_UNREAD:
        stored.stat = Stat.REC_READ
    return lines


# <delflag> of AT+CMGD (27.005 §3.5.4): which <stat>s a bulk delete removes.
_DELFLAGS = {
    1: {Stat.REC_READ},
    2: {Stat.REC_READ, Stat.STO_SENT},
    3: {Stat.REC_READ, Stat.STO_SENT, Stat.STO_UNSENT},
    4: set(Stat),
}


@command("+CMGD", sms=True, sim=True)
def cmgd(m: Interpreter, cmd: Command) -> list[str]:
    storage = m.storages[m.settings.mems[0]]
    if cmd.form is Form.TEST:
        used = ",".join(str(index) for index, _ in storage)
        return [f"+CMGD: ({used}),(0-4)"]
    index, flag = cmd.int_param(0), cmd.int_param(1, 0)
    if cmd.form is not Form.SET or flag not in (0, 1, 2, 3, 4):
        raise CmsError(302)
    if flag == 0:
        if index is None:
            raise CmsError(302)
        storage.delete(index)
    else:
        for i, stored in list(storage):
            if stored.stat in _DELFLAGS[flag]:
                storage.delete(i)
    incoming.memory_freed(m)  # RP-SMMA if a message was refused for want of room
    return []
