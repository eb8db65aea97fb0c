"""Unsolicited result codes as data: which lines are URCs, how many lines each spans.

The protocol pulls URCs out of the line stream *before* a command sees it (the idea of
warthog618/modem's indications and ModemManager's unsolicited handlers), so a `+CMTI` that
arrives in the middle of a reply is never swallowed into it. The table below holds facts from
TS 27.005 §3.4.1 / §3.4.3 (SMS indications) and TS 27.007 (§6.11 +CRING, §7.2 +CREG, §7.15
+CUSD, §8.10 +CIEV, §10.1.19 +CGEV, §10.1.20 +CGREG, §10.1.22 +CEREG). Vendor codes live with
their vendor's profile (`modem.profiles`); a table is `STANDARD_URCS + vendor specs`, a later
spec with the same prefix replacing an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_URCS", "NAME_MARKS", "STANDARD_URCS", "UrcSpec"]

#: First characters of extended result code names (V.250 §5.7.2 and vendors' own).
NAME_MARKS = frozenset("+^#$%*")


@dataclass(frozen=True, slots=True)
class UrcSpec:
    """How to recognise one unsolicited result code.

    `prefix`: the name. A name starting with + ^ # $ % or * matches lines "NAME:..." (a bare
    "+CREG" line, as AT+CLAC lists it, is not a URC); any other name ("RING", "SMS Ready")
    matches the whole line, or "NAME: value".
    `lines`: 2 when a second line (the PDU in hex, or the text in text mode) follows.
    `pdu_only`: the second line comes only when the value is just a <length> (PDU mode); +CDS
    is one line in text mode (TS 27.005 §3.4.1).
    `response`: the same line can also answer a command (AT+CREG? answers "+CREG: 0,1"). When
    the command in flight expects this prefix, the line is the command's; otherwise a URC.
    `quoted`: a quoted string in the value may span lines until its closing quote (+CUSD).
    `bare`: a named code that also comes as the bare name alone ("+PBREADY", "^SYSSTART").
    `answer`: for `response` codes whose answer and URC differ in shape, a regular expression
    the value of an answer matches (AT+CREG? answers "<n>,<stat>", the URC is "<stat>[,<lac>
    ...]"); an expected line that does not match it is the URC after all.
    """

    prefix: str
    lines: int = 1
    response: bool = False
    quoted: bool = False
    pdu_only: bool = False
    bare: bool = False
    answer: str | None = None

    @property
    def named(self) -> bool:
        """True for "+NAME: value" codes, False for whole-line codes like RING."""
        return self.prefix[:1] in NAME_MARKS


# Read answers "<n>,<stat>[,...]" and test answers "(0-2)" versus URCs "<stat>[,"<lac>",...]".
_REG_ANSWER = r"\(|\d+\s*,\s*\d"
# Read answers "<n>,<m>" versus URCs that start with the quoted number.
_NUMBER_FIRST = r"\(|\d"

# TS 27.005 §3.4.1 (new message indications), TS 27.007 (registration, calls, USSD, events).
STANDARD_URCS: tuple[UrcSpec, ...] = (
    UrcSpec("+CMTI"),  # "SM",3 : SMS stored (27.005 §3.4.1)
    UrcSpec("+CMT", lines=2),  # [<alpha>],<length> / PDU ; or text mode header / text
    UrcSpec("+CBMI"),
    UrcSpec("+CBM", lines=2),
    UrcSpec("+CDSI"),  # "SR",5 : status report stored
    UrcSpec("+CDS", lines=2, pdu_only=True),  # <length> / PDU ; text mode: one line
    UrcSpec("+CREG", response=True, answer=_REG_ANSWER),  # 27.007 §7.2
    UrcSpec("+CGREG", response=True, answer=_REG_ANSWER),  # §10.1.20
    UrcSpec("+CEREG", response=True, answer=_REG_ANSWER),  # §10.1.22
    UrcSpec("+C5GREG", response=True, answer=_REG_ANSWER),  # §10.1.42
    UrcSpec("+CUSD", response=True, quoted=True),  # §7.15: m,"text",dcs ; text may hold CR LF
    UrcSpec("+CPIN", response=True),  # "+CPIN: READY" at boot (SIMCom, Quectel)
    UrcSpec("+CFUN", response=True),  # "+CFUN: 1" at boot (SIMCom)
    UrcSpec("+CSQ", response=True),  # ZTE and some others report it unsolicited
    UrcSpec("RING"),  # V.250 §6.3.1 incoming call
    UrcSpec("+CRING"),  # 27.007 §6.11 extended ring
    UrcSpec("+CLIP", response=True, answer=_NUMBER_FIRST),  # §7.6: URC starts with "number"
    UrcSpec("+CCWA", response=True, answer=_NUMBER_FIRST),  # §7.12 call waiting
    UrcSpec("+CSSI"),
    UrcSpec("+CSSU"),
    UrcSpec("+CIEV"),  # §8.10 indicator event
    UrcSpec("+CTZV"),  # §8.41 time zone reporting
    UrcSpec("+CTZE"),
    UrcSpec("+CTZEU"),
    UrcSpec("+CGEV"),  # §10.1.19 packet domain events
    UrcSpec("+CMTE"),  # thermal (TS 27.007 §8.62)
    UrcSpec("+CUSATP"),  # §12.2.x USAT proactive command
    UrcSpec("+CUSATEND"),
    UrcSpec("+CCCM"),
    UrcSpec("NO CARRIER"),  # between commands: a call or data session ended
)

#: What the AT layer knows without a profile: the standard codes. Each vendor profile adds its
#: own (modem/profiles/vendors.py: one place per vendor), and the driver gives the protocol
#: every vendor's until the profile is known.
DEFAULT_URCS: tuple[UrcSpec, ...] = STANDARD_URCS
