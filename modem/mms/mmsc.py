"""The MMSC's side of the transactions (OMA-TS-MMS-CTR §6-§8, PDUs of OMA-TS-MMS-ENC §6), as
pure functions for the simulator's MMSC and for tests: values in, PDUs out, no I/O, no clock.

    conf = confirm(send_req, message_id="M1")                    # answer to the POST
    stored = retrieve_conf_for(send_req, message_id="M1", date=now, sender="+1555/TYPE=PLMN")
    note = notification_for(stored, transaction_id="N1", content_location=url,
                            expiry=timedelta(days=3))            # push to the recipient
    report = delivery_report(stored, recipient="+1666/TYPE=PLMN", date=now)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from modem.errors import MmsError
from modem.mms.enums import MessageClass, ResponseStatus, Status
from modem.mms.headers import INSERT_ADDRESS
from modem.mms.pdu import DeliveryInd, NotificationInd, RetrieveConf, SendConf, SendReq
from modem.mms.pdu_base import DEFAULT_VERSION

__all__ = ["confirm", "delivery_report", "notification_for", "retrieve_conf_for"]


def confirm(
    request: SendReq,
    *,
    message_id: str | None,
    status: ResponseStatus = ResponseStatus.OK,
    text: str | None = None,
) -> SendConf:
    """The M-Send.conf for `request`: same transaction, a Message-ID when accepted."""
    if status == ResponseStatus.OK and not message_id:
        raise MmsError("an accepted M-Send.req needs a Message-ID in its M-Send.conf")
    return SendConf(
        transaction_id=request.transaction_id,
        mms_version=request.mms_version or DEFAULT_VERSION,
        response_status=status,
        response_text=text,
        message_id=message_id if status == ResponseStatus.OK else None,
    )


def retrieve_conf_for(
    request: SendReq,
    *,
    message_id: str,
    date: datetime,
    sender: str | None = None,
    transaction_id: str | None = None,
) -> RetrieveConf:
    """The M-Retrieve.conf a recipient will fetch: the request's content and addresses, with
    the insert-address token replaced by the sender's real address (ENC §6.1, From)."""
    origin = request.sender
    if origin == INSERT_ADDRESS:
        if sender is None:
            raise MmsError("the M-Send.req asks the MMSC to insert the sender: give `sender`")
        origin = sender
    return RetrieveConf(
        transaction_id=transaction_id,
        mms_version=request.mms_version or DEFAULT_VERSION,
        message_id=message_id,
        date=request.date or date,
        sender=origin,
        to=request.to,
        cc=request.cc,
        subject=request.subject,
        message_class=request.message_class,
        priority=request.priority,
        delivery_report=request.delivery_report,
        read_report=request.read_report,
        content_type=request.content_type,
        parts=request.parts,
    )


def notification_for(
    message: RetrieveConf,
    *,
    transaction_id: str,
    content_location: str,
    expiry: datetime | timedelta,
) -> NotificationInd:
    """The M-Notification.ind announcing `message`; its size is that of the PDU to fetch."""
    return NotificationInd(
        transaction_id=transaction_id,
        mms_version=message.mms_version or DEFAULT_VERSION,
        sender=message.sender,
        subject=message.subject,
        delivery_report=message.delivery_report,
        message_class=message.message_class or MessageClass.PERSONAL,
        priority=message.priority,
        message_size=len(message.encode()),
        expiry=expiry,
        content_location=content_location,
    )


def delivery_report(
    message: RetrieveConf,
    *,
    recipient: str,
    date: datetime,
    status: Status = Status.RETRIEVED,
) -> DeliveryInd:
    """The M-Delivery.ind telling the originator what `recipient` did with `message`."""
    if message.message_id is None:
        raise MmsError("a delivery report needs the message's Message-ID")
    return DeliveryInd(
        mms_version=message.mms_version or DEFAULT_VERSION,
        message_id=message.message_id,
        to=(recipient,),
        date=date,
        status=status,
    )
