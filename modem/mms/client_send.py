"""The sending half of the MMS client: the M-Send.req to POST (from a message, a PDU or its
bytes), and what the M-Send.conf says (OMA-TS-MMS-ENC §6.1; X-Mms-Response-Status 0xC0-0xDF
transient, 0xE0-0xFF permanent, §7.3)."""

from __future__ import annotations

import dataclasses
import logging

from modem.errors import MmsError, MmsSendError, MmsSendUnknown
from modem.mms.message import MmsMessage, new_transaction_id
from modem.mms.pdu import SendConf, SendReq, decode_pdu

__all__ = ["confirmed", "send_req_bytes"]

log = logging.getLogger("modem.mms.client")


def send_req_bytes(message: MmsMessage | SendReq | bytes) -> tuple[bytes, str, tuple[str, ...]]:
    if isinstance(message, MmsMessage):
        tid = new_transaction_id()
        req = message.to_send_req(tid)
    elif isinstance(message, SendReq):
        req = message if message.transaction_id else _with_tid(message)
    else:
        decoded = decode_pdu(bytes(message))
        if not isinstance(decoded, SendReq):
            raise ValueError("send() takes an M-Send.req")
        return (
            bytes(message),
            decoded.transaction_id or "",
            (*decoded.to, *decoded.cc, *decoded.bcc),
        )
    assert req.transaction_id is not None
    return req.encode(), req.transaction_id, (*req.to, *req.cc, *req.bcc)


def _with_tid(req: SendReq) -> SendReq:
    return dataclasses.replace(req, transaction_id=new_transaction_id())


def confirmed(body: bytes, tid: str) -> SendConf:
    try:
        conf = decode_pdu(body)
    except MmsError as exc:
        raise MmsSendUnknown(
            f"the MMSC's answer is not an MMS PDU ({exc})", kind="undecodable", retryable=False
        ) from None
    if not isinstance(conf, SendConf):
        raise MmsSendUnknown(
            f"the MMSC answered {conf.message_type.pdu_name}, not M-Send.conf",
            kind="undecodable",
            retryable=False,
        )
    if conf.transaction_id not in (None, tid):
        log.warning("M-Send.conf for transaction %r answers %r", conf.transaction_id, tid)
    status = conf.response_status
    if status is None or getattr(status, "ok", False):
        if not conf.message_id:
            log.warning("M-Send.conf Ok without a Message-ID: reports cannot be matched")
        return conf
    name = getattr(status, "name", str(status))
    text = f": {conf.response_text}" if conf.response_text else ""
    transient = bool(getattr(status, "transient", False))
    raise MmsSendError(
        f"the MMSC refused the message: X-Mms-Response-Status {name} (0x{int(status):02X}, "
        f"{'transient' if transient else 'permanent'}){text}",
        kind="mms_status",
        retryable=transient,
        response_status=int(status),
    )
