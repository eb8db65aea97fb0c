"""How stored and incoming SMS read on the wire: +CMGL, +CMGR, +CMT and +CDS lines.

PDU mode (TS 27.005 §3.4.1, §4.1): a header `+CMGR: <stat>,[<alpha>],<length>` and the PDU in
hex, the SMSC address included, <length> counting the TPDU only. Text mode (27.005 §3.1, §3.4.1,
§4.1): the header carries <oa>/<da>, "<scts>" and, with AT+CSDH=1, the TP fields; the user data
follows in the AT+CSCS character set (UCS2 and 8-bit data in hex, as modems print them).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from modem.sim import charset
from modem.sim.state import Stat
from modem.sms.timestamp import encode_relative


def tpdu_length(pdu: bytes) -> int:
    """TPDU octets: the PDU minus its SMSC field (first octet = SMSC length in octets)."""
    return len(pdu) - 1 - pdu[0] if pdu else 0


def scts(stamp: datetime) -> str:
    """<scts> as 27.005 §3.1 prints it: "yy/MM/dd,hh:mm:ss±zz", zz in quarter hours."""
    offset = stamp.utcoffset() or timedelta(0)
    quarters = int(offset.total_seconds() // 900)
    sign = "-" if quarters < 0 else "+"
    return stamp.strftime("%y/%m/%d,%H:%M:%S") + f"{sign}{abs(quarters):02d}"


def toa(address: Any) -> int:
    """Type of address octet (23.040 §9.1.2.5): 1, TON (3 bits), NPI (4 bits)."""
    return 0x80 | (int(address.ton) << 4) | int(address.npi)


def decode(pdu: bytes) -> Any:
    from modem.sms import decode_pdu

    return decode_pdu(pdu, smsc=True)


def user_text(tpdu: Any, cscs: str) -> str:
    """The user data as text mode prints it."""
    from modem.sms.dcs import Alphabet

    alphabet = tpdu.dcs.alphabet if getattr(tpdu, "dcs", None) is not None else Alphabet.GSM7
    # 27.005 §3.1 <data>: 8-bit and UCS2 user data is printed as hex, the UDH (if any) included.
    header = tpdu.udh.encode().hex().upper() if tpdu.udh is not None else ""
    if alphabet is Alphabet.DATA_8BIT:
        return header + (tpdu.data or b"").hex().upper()
    if alphabet is Alphabet.UCS2 and (cscs != "UCS2" or header):
        return header + tpdu.text.encode("utf-16-be").hex().upper()
    return charset.encode_text(tpdu.text, cscs)


def _addr(address: Any, cscs: str) -> str:
    return charset.encode_text(str(address), cscs) if address is not None else ""


def _tp_fields(tpdu: Any, pdu: bytes) -> tuple[int, int, int]:
    first = pdu[1 + pdu[0]]
    return first, tpdu.pid, tpdu.dcs.encode()


def _sca(tpdu: Any, cscs: str) -> str:
    smsc = tpdu.smsc
    return f'"{_addr(smsc, cscs)}",{toa(smsc)}' if smsc is not None else '"",129'


def pdu_lines(header: str, stat: Stat | None, pdu: bytes, *, with_stat: bool = True) -> list[str]:
    """`+CMGR: 1,,23` / `+CMGL: 3,0,,23` and the hex PDU."""
    stat_field = str(int(stat)) if stat is not None and with_stat else ""
    return [f"{header}{stat_field},,{tpdu_length(pdu)}", pdu.hex().upper()]


def text_lines(
    header: str, stat: Stat | None, pdu: bytes, *, cscs: str, csdh: int, full: bool
) -> list[str]:
    """Text mode header and data. `full`: +CMGR (TP fields with CSDH=1 are the long form)."""
    from modem.sms import Deliver, StatusReport, Submit

    tpdu = decode(pdu)
    st = f'"{stat.text}",' if stat is not None else ""
    if isinstance(tpdu, StatusReport):
        first = pdu[1 + pdu[0]]
        recipient = tpdu.recipient
        return [
            f'{header}{st}{first},{tpdu.reference},"{_addr(recipient, cscs)}",{toa(recipient)},'
            f'"{scts(tpdu.timestamp)}","{scts(tpdu.discharge_time)}",{tpdu.status}'
        ]
    body = user_text(tpdu, cscs)
    length = len(body) if tpdu.dcs.encode() & 0x0C == 0 else len(body) // 2
    if isinstance(tpdu, Deliver):
        line = f'{header}{st}"{_addr(tpdu.sender, cscs)}",,"{scts(tpdu.timestamp)}"'
        if csdh:
            if full:
                fo, pid, dcs = _tp_fields(tpdu, pdu)
                line += f",{toa(tpdu.sender)},{fo},{pid},{dcs},{_sca(tpdu, cscs)},{length}"
            else:
                line += f",{toa(tpdu.sender)},{length}"
        return [line, body]
    assert isinstance(tpdu, Submit)
    line = f'{header}{st}"{_addr(tpdu.recipient, cscs)}",'
    if not full:
        line += ","
    if csdh:
        if full:
            fo, pid, dcs = _tp_fields(tpdu, pdu)
            vp = _relative_vp(tpdu.validity)
            line += f",{toa(tpdu.recipient)},{fo},{pid},{dcs},{vp},{_sca(tpdu, cscs)},{length}"
        else:
            line += f",{toa(tpdu.recipient)},{length}"
    return [line, body]


def _relative_vp(validity: Any) -> str:
    if not isinstance(validity, timedelta):
        return ""
    return str(encode_relative(validity))
