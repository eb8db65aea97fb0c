"""MMS PDUs as values (OMA-TS-MMS-ENC-V1_3 §6, the field table of each PDU).

One frozen dataclass per PDU the client side needs, with the fields of its table in the spec's
order; every other PDU (forward, MMBox, delete, cancel) decodes to `OtherPdu`, whose headers
are typed all the same. All arguments are keywords:

    NotificationInd(transaction_id="T1", content_location="http://mmsc/x", message_size=29696,
                    expiry=timedelta(days=3), message_class=MessageClass.PERSONAL).encode()

Encoding writes X-Mms-Message-Type, X-Mms-Transaction-ID and X-Mms-MMS-Version first and
Content-Type last, then the body (§7), and refuses a PDU without its mandatory fields. Decoding
(pdu_reader.py) is lenient: missing mandatory fields are None and a PDU cut short decodes as far
as it goes, with `warnings` (`strict=True` refuses both); repeated or unknown headers land in
`extra` and are written back. `notification.response()` and
`retrieved.acknowledgement()` build what the client answers (OMA-TS-MMS-CTR §8.2).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from modem.errors import MmsError
from modem.mms.enums import (
    ContentClass,
    Field,
    MessageClass,
    MessageType,
    Priority,
    ReadStatus,
    ResponseStatus,
    RetrieveStatus,
    SenderVisibility,
    Status,
)
from modem.mms.headers import INSERT_ADDRESS, HeaderKey
from modem.mms.pdu_base import DEFAULT_VERSION, SPECIAL, PduBase, PduWithBody, Time, field_of

__all__ = [
    "AcknowledgeInd",
    "DeliveryInd",
    "NotificationInd",
    "NotifyRespInd",
    "OtherPdu",
    "Pdu",
    "ReadOrigInd",
    "ReadRecInd",
    "RetrieveConf",
    "SendConf",
    "SendReq",
    "decode_pdu",
]


@dataclass(frozen=True, kw_only=True)
class SendReq(PduWithBody):
    """M-Send.req (§6.1): client to MMSC, by HTTP POST."""

    MESSAGE_TYPE = MessageType.M_SEND_REQ
    MANDATORY = ("transaction_id", "sender")

    date: datetime | None = None
    sender: str = INSERT_ADDRESS
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str | None = None
    content_class: ContentClass | int | None = None
    message_class: MessageClass | str | int | None = None
    expiry: Time | None = None
    delivery_time: Time | None = None
    priority: Priority | int | None = None
    sender_visibility: SenderVisibility | int | None = None
    delivery_report: bool | None = None
    read_report: bool | None = None
    store: bool | None = None
    mm_state: tuple[int, ...] = ()
    mm_flags: tuple[tuple[int, str], ...] = ()
    reply_charging: int | None = None
    reply_charging_deadline: Time | None = None
    reply_charging_size: int | None = None
    reply_charging_id: str | None = None
    drm_content: bool | None = None
    adaptation_allowed: bool | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None

    def missing(self) -> list[str]:
        return super().missing() + ([] if self.to or self.cc or self.bcc else ["to"])


@dataclass(frozen=True, kw_only=True)
class SendConf(PduBase):
    """M-Send.conf (§6.1): the MMSC's answer to M-Send.req."""

    MESSAGE_TYPE = MessageType.M_SEND_CONF
    MANDATORY = ("transaction_id", "response_status")

    response_status: ResponseStatus | int | None = None
    response_text: str | None = None
    message_id: str | None = None
    content_location: str | None = None
    store_status: int | None = None
    store_status_text: str | None = None


@dataclass(frozen=True, kw_only=True)
class NotificationInd(PduBase):
    """M-Notification.ind (§6.2): "a message waits at this URL", by WAP push."""

    MESSAGE_TYPE = MessageType.M_NOTIFICATION_IND
    MANDATORY = ("transaction_id", "message_class", "message_size", "expiry", "content_location")

    sender: str | None = None
    subject: str | None = None
    delivery_report: bool | None = None
    stored: bool | None = None
    message_class: MessageClass | str | int | None = MessageClass.PERSONAL
    priority: Priority | int | None = None
    message_size: int | None = None
    expiry: Time | None = None
    reply_charging: int | None = None
    reply_charging_deadline: Time | None = None
    reply_charging_size: int | None = None
    reply_charging_id: str | None = None
    content_location: str | None = None
    distribution_indicator: bool | None = None
    element_descriptor: tuple[Any, ...] = ()
    recommended_retrieval_mode: int | None = None
    recommended_retrieval_mode_text: str | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None
    content_class: ContentClass | int | None = None
    drm_content: bool | None = None
    replace_id: str | None = None

    def expires_at(self, received_at: datetime) -> datetime | None:
        """When the MMSC drops the message: absolute expiry, or relative to `received_at`
        (the caller's clock: the codec has none)."""
        if isinstance(self.expiry, timedelta):
            return received_at + self.expiry
        return self.expiry

    def response(
        self, status: Status = Status.RETRIEVED, *, report_allowed: bool | None = None
    ) -> NotifyRespInd:
        """The M-NotifyResp.ind that answers this notification (§6.2, CTR §8.2): Retrieved
        after an immediate fetch, Deferred to fetch later, Rejected to refuse."""
        return NotifyRespInd(
            transaction_id=self.transaction_id,
            mms_version=self.mms_version or DEFAULT_VERSION,
            status=status,
            report_allowed=report_allowed,
        )


@dataclass(frozen=True, kw_only=True)
class NotifyRespInd(PduBase):
    """M-NotifyResp.ind (§6.2): headers only, never a body."""

    MESSAGE_TYPE = MessageType.M_NOTIFYRESP_IND
    MANDATORY = ("transaction_id", "status")

    status: Status | int | None = None
    report_allowed: bool | None = None


@dataclass(frozen=True, kw_only=True)
class RetrieveConf(PduWithBody):
    """M-Retrieve.conf (§6.3): the message itself, the answer to the HTTP GET."""

    MESSAGE_TYPE = MessageType.M_RETRIEVE_CONF
    MANDATORY = ("date",)

    message_id: str | None = None
    date: datetime | None = None
    sender: str | None = None
    previously_sent_by: tuple[tuple[int, str], ...] = ()
    previously_sent_date: tuple[tuple[int, datetime], ...] = ()
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str | None = None
    mm_state: tuple[int, ...] = ()
    mm_flags: tuple[tuple[int, str], ...] = ()
    message_class: MessageClass | str | int | None = None
    priority: Priority | int | None = None
    delivery_report: bool | None = None
    read_report: bool | None = None
    reply_charging: int | None = None
    reply_charging_deadline: Time | None = None
    reply_charging_size: int | None = None
    reply_charging_id: str | None = None
    retrieve_status: RetrieveStatus | int | None = None
    retrieve_text: str | None = None
    distribution_indicator: bool | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None
    content_class: ContentClass | int | None = None
    drm_content: bool | None = None
    replace_id: str | None = None

    def acknowledgement(self, *, report_allowed: bool | None = None) -> AcknowledgeInd:
        """The M-Acknowledge.ind for a deferred retrieval (§6.4); needs this PDU's TID."""
        if self.transaction_id is None:
            raise MmsError("M-Retrieve.conf without X-Mms-Transaction-ID cannot be acknowledged")
        return AcknowledgeInd(
            transaction_id=self.transaction_id,
            mms_version=self.mms_version or DEFAULT_VERSION,
            report_allowed=report_allowed,
        )

    def read_receipt(
        self, status: ReadStatus = ReadStatus.READ, *, date: datetime | None = None
    ) -> ReadRecInd:
        """The M-Read-Rec.ind telling the originator this message was read (§6, read
        reporting); send it only when the sender asked for one (`read_report` is True)."""
        if self.message_id is None or not self.sender or self.sender == INSERT_ADDRESS:
            raise MmsError("a read report needs the message's Message-ID and From")
        return ReadRecInd(
            mms_version=self.mms_version or DEFAULT_VERSION,
            message_id=self.message_id,
            to=(self.sender,),
            date=date,
            read_status=status,
        )


@dataclass(frozen=True, kw_only=True)
class AcknowledgeInd(PduBase):
    """M-Acknowledge.ind (§6.4)."""

    MESSAGE_TYPE = MessageType.M_ACKNOWLEDGE_IND
    MANDATORY = ("transaction_id",)

    report_allowed: bool | None = None


@dataclass(frozen=True, kw_only=True)
class DeliveryInd(PduBase):
    """M-Delivery.ind (§6, delivery reporting): delivery report, by WAP push."""

    MESSAGE_TYPE = MessageType.M_DELIVERY_IND
    MANDATORY = ("message_id", "to", "date", "status")

    message_id: str | None = None
    to: tuple[str, ...] = ()
    date: datetime | None = None
    status: Status | int | None = None
    status_text: str | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadRecInd(PduBase):
    """M-Read-Rec.ind (§6, read reporting, 1.2+): the recipient's read report, to the MMSC."""

    MESSAGE_TYPE = MessageType.M_READ_REC_IND
    MANDATORY = ("message_id", "to", "sender", "read_status")

    message_id: str | None = None
    to: tuple[str, ...] = ()
    sender: str | None = INSERT_ADDRESS
    date: datetime | None = None
    read_status: ReadStatus | int | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadOrigInd(PduBase):
    """M-Read-Orig.ind (§6, read reporting, 1.2+): a read report for the originator, by WAP push."""

    MESSAGE_TYPE = MessageType.M_READ_ORIG_IND
    MANDATORY = ("message_id", "to", "sender", "date", "read_status")

    message_id: str | None = None
    to: tuple[str, ...] = ()
    sender: str | None = None
    date: datetime | None = None
    read_status: ReadStatus | int | None = None
    applic_id: str | None = None
    reply_applic_id: str | None = None
    aux_applic_info: str | None = None


@dataclass(frozen=True, kw_only=True)
class OtherPdu(PduWithBody):
    """Any other PDU (M-Forward.req/.conf, M-Mbox-*, M-Delete-*, M-Cancel-*, rest of §6): its
    type and its headers, typed by the same codecs, in wire order."""

    MESSAGE_TYPE = MessageType.M_FORWARD_REQ
    kind: MessageType | int = MessageType.M_FORWARD_REQ
    fields: tuple[tuple[HeaderKey, Any], ...] = field(default=())

    @property
    def message_type(self) -> MessageType | int:  # type: ignore[override]
        return self.kind

    def headers(self) -> list[tuple[HeaderKey, Any]]:
        out: list[tuple[HeaderKey, Any]] = [(Field.MESSAGE_TYPE, self.kind)]
        if self.transaction_id is not None:
            out.append((Field.TRANSACTION_ID, self.transaction_id))
        if self.mms_version is not None:
            out.append((Field.MMS_VERSION, self.mms_version))
        out += self.fields
        out += self.extra
        content_type = self.body_content_type()
        if content_type is not None:
            out.append((Field.CONTENT_TYPE, content_type))
        return out

    def missing(self) -> list[str]:
        return ["mms_version"] if self.mms_version is None else []

    def get(self, key: Field) -> Any:
        return next((v for k, v in self.fields if k == key), None)


Pdu = (
    SendReq | SendConf | NotificationInd | NotifyRespInd | RetrieveConf | AcknowledgeInd
    | DeliveryInd | ReadRecInd | ReadOrigInd | OtherPdu
)  # fmt: skip
# X-Mms-Message-Type -> class, and per class header -> field name: what the reader sorts by.
PDU_CLASSES: dict[int, type[PduBase]] = {
    cls.MESSAGE_TYPE: cls
    for cls in (SendReq, SendConf, NotificationInd, NotifyRespInd, RetrieveConf,
                AcknowledgeInd, DeliveryInd, ReadRecInd, ReadOrigInd)
}  # fmt: skip
HEADER_ATTRS: dict[type[PduBase], dict[Field, str]] = {
    cls: {field_of(f.name): f.name for f in dataclasses.fields(cls) if f.name not in SPECIAL}
    for cls in PDU_CLASSES.values()
}


def decode_pdu(data: bytes | bytearray | memoryview | str, *, strict: bool = False) -> Pdu:
    """An MMS PDU from its bytes (or hex): see `modem.mms.pdu_reader.decode_pdu`, which reads
    the values this module defines (hence the import here, not at the top)."""
    from modem.mms.pdu_reader import decode_pdu as read

    return read(data, strict=strict)
