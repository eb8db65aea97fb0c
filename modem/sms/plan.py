"""Planning a message apart from sending it: the SMS-SUBMIT PDUs a text (or 8-bit data) becomes.

A gateway stores a message's planned parts when it queues it and sends them one by one later,
perhaps after a restart, perhaps through another modem; so the plan is plain data (hex PDUs
and their AT+CMGS lengths) and is made without a modem. Each PDU starts with the SMSC field
"00" (the modem uses its AT+CSCA) and carries TP-MR 0 (the modem assigns the reference and
reports it as +CMGS: <mr>), so the same plan is valid on any modem.

Pure functions, except one thing: when a long message gets no `reference`, a random
concatenation reference is drawn, so two long messages to the same number do not share one.
A caller that keeps a counter per recipient passes its own.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from modem.errors import EncodeError, TooManyParts
from modem.sms.address import Address
from modem.sms.dcs import MessageClass
from modem.sms.national import Language
from modem.sms.pdu import Submit, encode_pdu
from modem.sms.segment import Segment, SmsCount, segment_counted, segment_data_counted
from modem.sms.timestamp import EnhancedValidity
from modem.sms.udh import Ports
from modem.vocabulary import ItemType

__all__ = ["Plan", "PlannedPart", "TooManyParts", "plan_data", "plan_sms"]

Validity = timedelta | datetime | EnhancedValidity


@dataclass(frozen=True, slots=True)
class PlannedPart:
    """One SMS-SUBMIT ready for AT+CMGS: `pdu` in upper-case hex (SMSC field "00" in front,
    TP-MR 0) and `length`, the TPDU octets AT+CMGS=<length> states."""

    pdu: str
    length: int

    def to_json(self) -> dict[str, Any]:
        return {"pdu": self.pdu, "length": self.length}


@dataclass(frozen=True, slots=True)
class Plan:
    """The parts of one message to one recipient, in sending order.

    `encoding` is the word for what the parts carry: "gsm7", "ucs2", "8bit", or the national
    language whose shift tables the GSM 7-bit parts use ("turkish"). `concat_reference` is the
    reference the parts share (None for a single part), `count` what the message costs, and
    `recipient` the number as it goes on the wire ("+4712345678").
    """

    parts: tuple[PlannedPart, ...]
    encoding: str
    concat_reference: int | None
    count: SmsCount
    recipient: str = ""

    def to_json(self) -> dict[str, Any]:
        c = self.count
        return {
            "type": ItemType.SMS_PLAN.value,
            "recipient": self.recipient,
            "encoding": self.encoding,
            "concat_reference": self.concat_reference,
            "parts": [p.to_json() for p in self.parts],
            "count": {"parts": c.parts, "units": c.units, "per_part": c.per_part,
                      "remaining": c.remaining, "encoding": c.encoding,
                      "language": c.language},
        }  # fmt: skip


def plan_sms(
    to: str | Address,
    text: str,
    *,
    encoding: str = "auto",
    status_report: bool = False,
    validity: Validity | None = None,
    message_class: MessageClass | int | None = None,
    reference: int | None = None,
    max_parts: int | None = None,
    language: Language | str | None = None,
    concat_bits: int = 8,
) -> Plan:
    """The SMS-SUBMITs that send `text` to `to`.

    `encoding` is "auto", "gsm7", "ucs2" or a national language ("turkish"; its shift tables
    are then required), `language` the national language "auto" may use. `status_report` sets
    TP-SRR, `validity` is TP-VP (a timedelta: relative; a datetime: absolute), `message_class`
    the DCS class (0: flash). `reference` is the concatenation reference (8-bit unless
    `concat_bits` is 16; random when None). Raises EncodeError for an empty or blank text, a
    character the encoding lacks or a bad address; TooManyParts (an EncodeError naming the
    count) for more than `max_parts` parts (never more than 255).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise EncodeError("the text is empty" if not text else "the text is only white space")
    recipient = _recipient(to)
    parts, cost = segment_counted(
        text, encoding=encoding, language=language, reference=_reference(reference, concat_bits),
        concat_bits=concat_bits, message_class=_class(message_class), max_parts=max_parts,
    )  # fmt: skip
    word = cost.language or cost.encoding
    return _plan(recipient, parts, cost, word, status_report, validity)


def plan_data(
    to: str | Address,
    data: bytes,
    *,
    ports: Ports | tuple[int, int] | None = None,
    status_report: bool = False,
    validity: Validity | None = None,
    message_class: MessageClass | int | None = None,
    reference: int | None = None,
    max_parts: int | None = None,
    concat_bits: int = 8,
) -> Plan:
    """The SMS-SUBMITs that send 8-bit `data` to `to`, the same shape as `plan_sms`.

    `ports` are the application ports, a Ports or (destination, source): (2948, 9200) for a
    WAP push; 16-bit port numbers unless a Ports says otherwise. Raises EncodeError for empty
    data, TooManyParts beyond `max_parts`.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    if not len(data):
        raise EncodeError("the data is empty")
    recipient = _recipient(to)
    parts, cost = segment_data_counted(
        bytes(data), reference=_reference(reference, concat_bits), concat_bits=concat_bits,
        ports=_ports(ports), message_class=_class(message_class), max_parts=max_parts,
    )  # fmt: skip
    return _plan(recipient, parts, cost, cost.encoding, status_report, validity)


def _plan(
    recipient: Address,
    parts: Sequence[Segment],
    cost: SmsCount,
    word: str,
    status_report: bool,
    validity: Validity | None,
) -> Plan:
    planned = []
    for part in parts:
        submit = Submit(
            recipient, text=part.text, data=part.data, dcs=part.dcs, udh=part.udh,
            validity=validity, status_report_request=bool(status_report),
        )  # fmt: skip
        raw = encode_pdu(submit)
        planned.append(PlannedPart(raw.hex().upper(), len(raw) - 1))  # "00": one SMSC octet
    concat = parts[0].udh.concat if parts[0].udh is not None else None
    reference = None if concat is None else concat.reference
    return Plan(tuple(planned), word, reference, cost, str(recipient))


def _recipient(to: str | Address) -> Address:
    if isinstance(to, Address):
        return to
    if not isinstance(to, str):
        raise TypeError(f"a recipient is a str or an Address, not {type(to).__name__}")
    return Address.parse(to)


#: The concatenation reference only has to differ between a recipient's recent messages, not
#: be unpredictable: a generator seeded once from the system, not a system call per message
#: (os.urandom cost a tenth of a millisecond per call on the machines the bridge was measured
#: on, a fifth of what accepting a message over HTTP costs).
_references = random.Random()


def _reference(reference: int | None, concat_bits: int) -> int:
    if reference is not None:
        return reference
    return _references.randrange(0x100 if concat_bits == 8 else 0x10000)


def _class(value: MessageClass | int | None) -> MessageClass | None:
    if value is None or isinstance(value, MessageClass):
        return value
    try:
        return MessageClass(value)
    except ValueError:
        raise EncodeError(f"message class is 0-3, not {value!r}") from None


def _ports(value: Ports | tuple[int, int] | None) -> Ports | None:
    if value is None or isinstance(value, Ports):
        return value
    destination, source = value
    if not all(type(p) is int and 0 <= p <= 0xFFFF for p in (destination, source)):
        raise EncodeError(f"application ports are 0-65535, not {destination!r}/{source!r}")
    return Ports(destination, source, 16)
