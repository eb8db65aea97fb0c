"""What a modem does with an SMS or a status report the network hands it: TS 27.005 §3.4.1.

AT+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr> decides. <mt> 0: store silently; 1: store and announce
"+CMTI: <mem3>,<index>"; 2: route it to the terminal as "+CMT: ,<length>" + PDU (class 2 is
stored as with 1); 3: route class 3 only. <ds> 0: status reports are not announced (stored in
SR here); 1: routed as "+CDS: <length>" + PDU; 2: stored in SR and announced as
"+CDSI: "SR",<index>". <mode> 0 buffers the indications in the modem until a later AT+CNMI with
<mode> 1..3 and <bfr> 0 flushes them (<bfr> 1 clears them).

With AT+CSMS=1 every routed +CMT/+CDS must be acknowledged with AT+CNMA before `ack_timeout`
(27.005 §3.4.4); until then the network offers nothing else (forward.py: one transfer at a
time). AT+CNMA (=0, =1) is RP-ACK: delivered. AT+CNMA=2 is RP-ERROR (TS 24.011 §7.3.4): the
SMSC keeps the message and offers it again later; an SMS-DELIVER-REPORT after it whose TP-FCS
says the memory is full (0xD0, 0xD3) makes the SMSC wait as for a full storage. No AT+CNMA in
time: the modem sends RP-ERROR itself and sets <mt> and <ds> back to 0, so a driver that forgets
AT+CNMA sees its indications stop, and the message comes again later, stored silently.

A full storage refuses the message (RP-ERROR, cause 22 "memory capacity exceeded") and the
modem notes it in the SIM's memory capacity exceeded flag (TS 31.102 EF SMSS); once AT+CMGD
frees space it clears the flag and tells the network (RP-SMMA, TS 24.011 §7.3.2), which then
delivers what it held (`memory_freed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modem.sim import smsformat
from modem.sim.results import CmsError
from modem.sim.state import Stat, StoredMessage

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter, Timer

SMS, REPORT = "sms", "report"  # what is delivered: an SMS-DELIVER or an SMS-STATUS-REPORT

DELIVERED, MEMORY_FULL, ABSENT = "delivered", "memory full", "absent"
REJECTED = "rejected"  # <mode> 1 and the link reserved: refused now, the SMSC tries again
AWAITING_ACK = "awaiting ack"  # routed with AT+CSMS=1: AT+CNMA (or its deadline) decides

# TP-FCS values of an SMS-DELIVER-REPORT that mean "no room" (TS 23.040 §9.2.3.22).
MEMORY_FCS = (0xD0, 0xD3)  # (U)SIM SMS storage full, memory capacity exceeded


def _indicate(m: Interpreter, lines: list[str]) -> None:
    mode = m.settings.cnmi[0]
    if mode == 0:
        m.cnmi_buffer.append(lines)
    elif mode == 1 and m.link_reserved:
        return  # <mode> 1: discarded while the link is reserved
    else:
        m.urc(*lines, block=True)


def cnmi_changed(m: Interpreter) -> None:
    """A new AT+CNMI: flush (<bfr> 0) or clear (<bfr> 1) what <mode> 0 buffered."""
    mode, _, _, _, bfr = m.settings.cnmi
    if mode == 0 or not m.cnmi_buffer:
        return
    buffered, m.cnmi_buffer = m.cnmi_buffer, []
    if bfr == 0:
        for lines in buffered:
            m.urc(*lines, block=True)


def reachable(m: Interpreter) -> bool:
    """The network can reach the modem: powered, answering, radio on, registered."""
    return m.powered and not m.hung and m.cfun == 1 and m.reg_stat in (1, 5)


def deliver(m: Interpreter, kind: str, pdu: bytes) -> str:
    """The network delivers an SMS-DELIVER (`kind` SMS) or a status report (REPORT), SMSC
    field included. Returns what happened: DELIVERED, AWAITING_ACK, REJECTED, MEMORY_FULL or
    ABSENT (switched off, unplugged, hung, radio off, not registered)."""
    if not reachable(m):
        return ABSENT
    outcome = (deliver_sms if kind == SMS else deliver_report)(m, pdu)
    if outcome == MEMORY_FULL:
        m.sim.memory_exceeded = True
    return outcome


def deliver_sms(m: Interpreter, pdu: bytes) -> str:
    """An SMS-DELIVER for a reachable modem: routed or stored as AT+CNMI says."""
    _, mt, _, _, _ = m.settings.cnmi
    message_class = _class_of(pdu)
    routed = (mt == 2 and message_class != 2) or (mt == 3 and message_class == 3)
    if routed:
        return _route(m, "+CMT", pdu)
    mem3 = m.settings.mems[2]
    try:
        index = m.storages[mem3].store(StoredMessage(Stat.REC_UNREAD, pdu))
    except CmsError:
        return MEMORY_FULL
    if mt in (1, 2, 3):
        _indicate(m, [f'+CMTI: "{mem3}",{index}'])
    return DELIVERED


def deliver_report(m: Interpreter, pdu: bytes) -> str:
    """An SMS-STATUS-REPORT for a message this reachable modem sent."""
    ds = m.settings.cnmi[3]
    if ds == 1:
        return _route(m, "+CDS", pdu)
    try:
        index = m.storages["SR"].store(StoredMessage(Stat.REC_UNREAD, pdu))
    except CmsError:
        return MEMORY_FULL
    if ds == 2:
        memory = m.personality.cdsi_memory or "SR"
        _indicate(m, [f'+CDSI: "{memory}",{index}'])
    return DELIVERED


def _class_of(pdu: bytes) -> int | None:
    try:
        tpdu = smsformat.decode(pdu)
    except Exception:
        return None
    dcs = getattr(tpdu, "dcs", None)
    cls = getattr(dcs, "message_class", None)
    return None if cls is None else int(cls)


def _route_lines(m: Interpreter, kind: str, pdu: bytes) -> list[str]:
    if m.settings.cmgf == 0:
        header = f"+CMT: ,{smsformat.tpdu_length(pdu)}" if kind == "+CMT" else ""
        if kind == "+CDS":
            header = f"+CDS: {smsformat.tpdu_length(pdu)}"
        return [header, pdu.hex().upper()]
    return smsformat.text_lines(
        f"{kind}: ", None, pdu, cscs=m.settings.cscs, csdh=m.settings.csdh, full=True
    )


class _Pending:
    """A routed indication waiting for AT+CNMA."""

    def __init__(self, kind: str, timer: Timer) -> None:
        self.kind, self.timer = kind, timer


def _route(m: Interpreter, kind: str, pdu: bytes) -> str:
    """Show a routed message. With <mode> 1 and the link reserved the TA may not show it, and
    a routed message exists nowhere else: it is refused (REJECTED) and the network offers it
    again later, instead of being lost. With AT+CSMS=1 the network waits for AT+CNMA."""
    if m.settings.cnmi[0] == 1 and m.link_reserved:
        return REJECTED
    if m.settings.csms != 1:
        _indicate(m, _route_lines(m, kind, pdu))
        return DELIVERED  # phase 2: the ME acknowledges by itself
    if m.awaiting_ack is not None:
        return REJECTED  # one at a time; the network paces itself, this is only a guard
    _indicate(m, _route_lines(m, kind, pdu))
    m.awaiting_ack = _Pending(kind, m.later(m.ack_timeout, lambda: _ack_timeout(m)))
    return AWAITING_ACK


def acknowledge(m: Interpreter, *, accepted: bool, report: bytes = b"") -> None:
    """AT+CNMA: the terminal took (or, with =2, refused) the routed message. `report` is the
    SMS-DELIVER-REPORT TPDU typed after "> ", if any (its TP-FCS may say the memory is full)."""
    pending = m.awaiting_ack
    if not isinstance(pending, _Pending):
        raise CmsError(340)
    pending.timer.cancel()
    m.awaiting_ack = None
    m.acked += 1
    full = not accepted and len(report) >= 2 and report[1] in MEMORY_FCS
    if m.network is not None:
        m.network.acknowledged(m, accepted=accepted, memory_exceeded=full)


def _ack_timeout(m: Interpreter) -> None:
    """No AT+CNMA in time: RP-ERROR to the network, and <mt> and <ds> back to 0."""
    pending = m.awaiting_ack
    if not isinstance(pending, _Pending):
        return
    m.awaiting_ack = None
    m.ack_timeouts += 1
    mode, _, bm, _, bfr = m.settings.cnmi
    m.settings.cnmi = (mode, 0, bm, 0, bfr)
    if m.network is not None:
        m.network.acknowledged(m, accepted=False, memory_exceeded=False)


def abandon(m: Interpreter) -> None:
    """The modem loses power with a routed message unacknowledged: the network never gets
    its RP-ACK and keeps the message."""
    pending = m.awaiting_ack
    if not isinstance(pending, _Pending):
        return
    pending.timer.cancel()
    m.awaiting_ack = None
    if m.network is not None:
        m.network.acknowledged(m, accepted=False, memory_exceeded=False)


def memory_freed(m: Interpreter) -> None:
    """Space may have been freed (AT+CMGD, AT+CPMS): if the modem refused a message for want
    of memory, it clears the SIM's flag and sends RP-SMMA (TS 24.011 §7.3.2), and the network
    delivers what it held."""
    if m.sim.memory_exceeded and m.network is not None:
        m.sim.memory_exceeded = False
        m.network.memory_available(m)
