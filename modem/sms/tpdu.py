"""SMS TPDU values: SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.2).

Frozen dataclasses only; reading them from bytes is in pdu_reader.py, writing them in
pdu_writer.py, and modem/sms/pdu.py puts the three together as the public API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from modem.sms.address import Address
from modem.sms.dcs import DataCoding, MessageClass
from modem.sms.status import report_outcome, status_text
from modem.sms.timestamp import Validity
from modem.sms.udh import Concat, Ports, UserDataHeader
from modem.vocabulary import ReportOutcome

__all__ = ["DEFAULT_DCS", "Deliver", "StatusReport", "Submit", "Tpdu"]

DEFAULT_DCS = DataCoding()


class _UserDataMixin:
    """Shortcuts to what the UDH and DCS say, shared by the three TPDU types."""

    __slots__ = ()
    udh: UserDataHeader | None
    dcs: DataCoding | None

    @property
    def concat(self) -> Concat | None:
        return None if self.udh is None else self.udh.concat

    @property
    def ports(self) -> Ports | None:
        return None if self.udh is None else self.udh.ports

    @property
    def message_class(self) -> MessageClass | None:
        return None if self.dcs is None else self.dcs.message_class


@dataclass(frozen=True, slots=True)
class Deliver(_UserDataMixin):
    """SMS-DELIVER (TP-MTI 00): a message from the network to the phone.

    `text` holds GSM 7-bit or UCS-2 user data, `data` 8-bit (or compressed) user data; the UDH,
    if any, is in `udh`, never in `text`/`data`. `more_messages` is TP-MMS with its inverted
    wire meaning undone: True means the SC has more messages waiting. `warnings` says what the
    decoder found odd in the PDU (see modem/sms/lenient.py); it takes no part in equality.
    """

    sender: Address
    timestamp: datetime
    text: str = ""
    data: bytes = b""
    dcs: DataCoding = DEFAULT_DCS
    pid: int = 0
    udh: UserDataHeader | None = None
    more_messages: bool = False
    reply_path: bool = False
    status_report_indication: bool = False
    smsc: Address | None = None
    loop_prevention: bool = False  # TP-LP: forwarded/spawned message (§9.2.3.28)
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Submit(_UserDataMixin):
    """SMS-SUBMIT (TP-MTI 01): a message from the phone to the network.

    `reference` is TP-MR; with AT+CMGS the modem fills in its own and reports it as +CMGS: <mr>.
    `validity` is a timedelta (relative TP-VP), a datetime (absolute) or an EnhancedValidity.
    """

    recipient: Address
    text: str = ""
    data: bytes = b""
    dcs: DataCoding = DEFAULT_DCS
    pid: int = 0
    udh: UserDataHeader | None = None
    reference: int = 0
    validity: Validity | None = None
    status_report_request: bool = False
    reject_duplicates: bool = False
    reply_path: bool = False
    smsc: Address | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class StatusReport(_UserDataMixin):
    """SMS-STATUS-REPORT (TP-MTI 10): what became of a submitted message with TP-SRR set.

    `reference` is the TP-MR of that SUBMIT, `timestamp` when the SC took it (TP-SCTS),
    `discharge_time` when it was delivered or the SC gave up (TP-DT), `status` TP-ST.
    `pid`, `dcs` and the user data are optional (TP-PI says which are present). A time stamp
    whose digits cannot be read is None (and said so in `warnings`): the report still counts.
    """

    reference: int
    recipient: Address
    timestamp: datetime | None
    discharge_time: datetime | None
    status: int
    more_messages: bool = False
    qualifier: bool = False  # TP-SRQ: True when reporting on an SMS-COMMAND
    pid: int | None = None
    dcs: DataCoding | None = None
    udh: UserDataHeader | None = None
    text: str = ""
    data: bytes = b""
    smsc: Address | None = None
    loop_prevention: bool = False  # TP-LP (§9.2.3.28)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def outcome(self) -> ReportOutcome:
        """What TP-ST says by its range (§9.2.3.15): delivered (0x00-0x1F), pending (0x20-0x3F,
        the SC is still trying) or undelivered (0x40-0x7F, it gave up; reserved values above
        0x7F too)."""
        return report_outcome(self.status)

    @property
    def status_text(self) -> str:
        """TP-ST in words ("validity period expired; permanent error, the SC gave up")."""
        return status_text(self.status)


Tpdu = Deliver | Submit | StatusReport
