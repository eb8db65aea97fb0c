"""What a modem does with an SMS or a status report the network hands it: TS 27.005 §3.4.1.

AT+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr> decides. <mt> 0: store silently; 1: store and announce
"+CMTI: <mem3>,<index>"; 2: route it to the terminal as "+CMT: ,<length>" + PDU (class 2 is
stored as with 1); 3: route class 3 only. <ds> 0: status reports are not announced (stored in
SR here); 1: routed as "+CDS: <length>" + PDU; 2: stored in SR and announced as
"+CDSI: "SR",<index>". <mode> 0 buffers the indications in the modem until a later AT+CNMI with
<mode> 1..3 and <bfr> 0 flushes them (<bfr> 1 clears them).

With AT+CSMS=1 every routed +CMT/+CDS must be acknowledged with AT+CNMA before `ack_timeout`;
the next routed one waits until then (27.005 §3.4.4). Without an acknowledgement in time the
modem rejects the message (RP-ERROR), sets <mt> and <ds> back to 0 and stores what comes next
silently, so a driver that forgets AT+CNMA sees its indications stop. The message the network
will retry is stored here too: nothing is lost, but nothing more is announced. AT+CNMA=2 (a
negative acknowledgement, RP-ERROR) hands the message back to the SMSC, which offers it again
later (network.Smsc.redeliver), as a service centre retries a message the MS refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modem.sim import smsformat
from modem.sim.results import CmsError
from modem.sim.state import Stat, StoredMessage

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter, Timer

DELIVERED, MEMORY_FULL, ABSENT = "delivered", "memory full", "absent"
REJECTED = "rejected"  # <mode> 1 and the link reserved: refused now, the SMSC tries again


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


def deliver_sms(m: Interpreter, pdu: bytes) -> str:
    """The network delivers an SMS-DELIVER (SMSC field included). Returns what happened:
    DELIVERED, MEMORY_FULL or ABSENT (switched off, unplugged, hung, radio off, not
    registered: the SMSC keeps it until the modem registers again)."""
    if not reachable(m):
        return ABSENT
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
    """The network sends an SMS-STATUS-REPORT for a message this modem sent."""
    if not reachable(m):
        return ABSENT
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

    def __init__(self, kind: str, pdu: bytes, timer: Timer) -> None:
        self.kind, self.pdu, self.timer = kind, pdu, timer


def _route(m: Interpreter, kind: str, pdu: bytes) -> str:
    """Show a routed message, or queue it behind the one awaiting +CNMA. With <mode> 1 and the
    link reserved the TA may not show it, and a routed message exists nowhere else: it is
    refused (REJECTED) and the network offers it again later, instead of being lost."""
    if m.settings.cnmi[0] == 1 and m.link_reserved:
        return REJECTED
    if m.settings.csms != 1:
        _indicate(m, _route_lines(m, kind, pdu))
        return DELIVERED
    if m.awaiting_ack is not None:
        m.ack_queue.append((kind, pdu))
        return DELIVERED
    _indicate(m, _route_lines(m, kind, pdu))
    m.awaiting_ack = _Pending(kind, pdu, m.later(m.ack_timeout, lambda: _ack_timeout(m)))
    return DELIVERED


def acknowledge(m: Interpreter, *, accepted: bool) -> None:
    """AT+CNMA: the terminal took (or, with =2, refused) the routed message."""
    pending = m.awaiting_ack
    if not isinstance(pending, _Pending):
        raise CmsError(340)
    pending.timer.cancel()
    m.awaiting_ack = None
    m.acked += 1
    if not accepted and m.network is not None:
        m.network.redeliver(m, pending.kind, pending.pdu)  # RP-ERROR: the SC keeps it
    if m.ack_queue:
        kind, pdu = m.ack_queue.pop(0)
        if _route(m, kind, pdu) == REJECTED and m.network is not None:
            m.network.redeliver(m, kind, pdu)


def _ack_timeout(m: Interpreter) -> None:
    """No AT+CNMA in time: <mt> and <ds> back to 0, and what waited is stored silently."""
    pending = m.awaiting_ack
    if not isinstance(pending, _Pending):
        return
    m.awaiting_ack = None
    m.ack_timeouts += 1
    mode, _, bm, _, bfr = m.settings.cnmi
    m.settings.cnmi = (mode, 0, bm, 0, bfr)
    for kind, pdu in [(pending.kind, pending.pdu), *m.ack_queue]:
        (deliver_sms if kind == "+CMT" else deliver_report)(m, pdu)
    m.ack_queue.clear()
