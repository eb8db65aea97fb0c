"""The sans-IO SMS codec: GSM 7-bit alphabets, TPDUs, UDH, segmentation and reassembly.

Values in, bytes out, and back (3GPP TS 23.040, TS 23.038); no I/O, no clocks. The names
below are the public API; the submodules may be imported directly too:

    from modem.sms import decode_pdu, encode_pdu, submits, Reassembler
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> submodule. Imported on first use: importing one submodule (say gsm7) must not drag
# in, or depend on, all the others.
_EXPORTS = {
    "Address": "address", "NumberingPlan": "address", "TypeOfNumber": "address",
    "Alphabet": "dcs", "DataCoding": "dcs", "MessageClass": "dcs", "MessageWaiting": "dcs",
    "Language": "national",
    "Deliver": "pdu", "StatusReport": "pdu", "Submit": "pdu", "Tpdu": "pdu",
    "decode_pdu": "pdu", "encode_pdu": "pdu", "tpdu_length": "pdu",
    "Plan": "plan", "PlannedPart": "plan", "plan_data": "plan", "plan_sms": "plan",
    "TooManyParts": "plan",
    "report_outcome": "status", "status_text": "status",
    "Reassembled": "reassembly", "Reassembler": "reassembly", "ReassemblerState": "reassembly",
    "Segment": "segment", "SmsCount": "segment", "count": "segment", "delivers": "compose",
    "segment": "segment", "segment_data": "segment", "submits": "compose",
    "EnhancedFormat": "timestamp", "EnhancedValidity": "timestamp",
    "Concat": "udh", "InformationElement": "udh", "Ports": "udh", "UserDataHeader": "udh",
    "summary": "view", "to_dict": "view",
}  # fmt: skip

if TYPE_CHECKING:
    from modem.sms.address import Address, NumberingPlan, TypeOfNumber
    from modem.sms.compose import delivers, submits
    from modem.sms.dcs import Alphabet, DataCoding, MessageClass, MessageWaiting
    from modem.sms.national import Language
    from modem.sms.pdu import (
        Deliver,
        StatusReport,
        Submit,
        Tpdu,
        decode_pdu,
        encode_pdu,
        tpdu_length,
    )
    from modem.sms.plan import Plan, PlannedPart, TooManyParts, plan_data, plan_sms
    from modem.sms.reassembly import Reassembled, Reassembler, ReassemblerState
    from modem.sms.segment import Segment, SmsCount, count, segment, segment_data
    from modem.sms.status import report_outcome, status_text
    from modem.sms.timestamp import EnhancedFormat, EnhancedValidity
    from modem.sms.udh import Concat, InformationElement, Ports, UserDataHeader
    from modem.sms.view import summary, to_dict


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modem.sms' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"modem.sms.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Address",
    "Alphabet",
    "Concat",
    "DataCoding",
    "Deliver",
    "EnhancedFormat",
    "EnhancedValidity",
    "InformationElement",
    "Language",
    "MessageClass",
    "MessageWaiting",
    "NumberingPlan",
    "Plan",
    "PlannedPart",
    "Ports",
    "Reassembled",
    "Reassembler",
    "ReassemblerState",
    "Segment",
    "SmsCount",
    "StatusReport",
    "Submit",
    "TooManyParts",
    "Tpdu",
    "TypeOfNumber",
    "UserDataHeader",
    "count",
    "decode_pdu",
    "delivers",
    "encode_pdu",
    "plan_data",
    "plan_sms",
    "report_outcome",
    "segment",
    "segment_data",
    "status_text",
    "submits",
    "summary",
    "to_dict",
    "tpdu_length",
]
