"""Sans-IO MMS codec: WSP primitives, MMS encapsulation (OMA-TS-MMS-ENC v1.3), the multipart
body, SMIL, and WAP push over SMS. Values in, bytes out, and back; no I/O, no clocks.

    from modem.mms import decode_pdu, NotificationInd, MmsMessage, push_from_sms

    pdu = push_from_sms(sms_parts).mms()            # M-Notification.ind from SMS parts
    answer = pdu.response().encode()                # M-NotifyResp.ind to POST back
    retrieved = decode_pdu(http_body)               # M-Retrieve.conf
    send_req = MmsMessage.build("+4712345678", text="Hi").encode(transaction_id="T1")
"""

from modem.mms.body import Part
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
from modem.mms.headers import INSERT_ADDRESS
from modem.mms.message import (
    DEFAULT_LIMIT,
    MmsMessage,
    check_size,
    new_transaction_id,
    phone_address,
    plain_address,
)
from modem.mms.pdu import (
    AcknowledgeInd,
    DeliveryInd,
    NotificationInd,
    NotifyRespInd,
    OtherPdu,
    Pdu,
    ReadOrigInd,
    ReadRecInd,
    RetrieveConf,
    SendConf,
    SendReq,
)
from modem.mms.pdu_reader import decode_pdu
from modem.mms.push import (
    PushMessage,
    decode_push,
    describe_push,
    encode_push,
    push_delivers,
    push_from_sms,
)
from modem.mms.smil import generate_smil
from modem.mms.view import pdu_to_dict
from modem.mms.wsp_content import ContentType

__all__ = [
    "DEFAULT_LIMIT",
    "INSERT_ADDRESS",
    "AcknowledgeInd",
    "ContentClass",
    "ContentType",
    "DeliveryInd",
    "Field",
    "MessageClass",
    "MessageType",
    "MmsMessage",
    "NotificationInd",
    "NotifyRespInd",
    "OtherPdu",
    "Part",
    "Pdu",
    "Priority",
    "PushMessage",
    "ReadOrigInd",
    "ReadRecInd",
    "ReadStatus",
    "ResponseStatus",
    "RetrieveConf",
    "RetrieveStatus",
    "SendConf",
    "SendReq",
    "SenderVisibility",
    "Status",
    "check_size",
    "decode_pdu",
    "decode_push",
    "describe_push",
    "encode_push",
    "generate_smil",
    "new_transaction_id",
    "pdu_to_dict",
    "phone_address",
    "plain_address",
    "push_delivers",
    "push_from_sms",
]
