"""The retrieval half of the MMS client (OMA MMS CTR §8.1-§8.2): one step of work on one
notification at a time, each step committed to the `MmsStore` before the next begins.

    pending  --GET Content-Location--> M-Retrieve.conf kept (retrieved, answer due)
             --POST M-NotifyResp.ind Retrieved (or M-Acknowledge.ind after a deferral)--> done
    deferred --POST M-NotifyResp.ind Deferred--> waits until asked to fetch
    rejected --POST M-NotifyResp.ind Rejected--> done

The message is committed before the MMSC is told it arrived (the MMSC may delete it when the
answer comes). A failed step is tried again on the `RetryPolicy`'s schedule while it can
help and the notification has not expired; `BearerError.retryable` and the MMS status class
(0xC0-0xDF transient, 0xE0-0xFF permanent, OMA-TS-MMS-ENC §7.3) say whether it can.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from modem.errors import BearerError, MmsError
from modem.mms.client_state import Notification, TransferError
from modem.mms.enums import Status
from modem.mms.pdu import AcknowledgeInd, NotifyRespInd, RetrieveConf, decode_pdu
from modem.mms.pdu_base import DEFAULT_VERSION
from modem.vocabulary import RetrievalState

if TYPE_CHECKING:
    from modem.mms.client import MmsClient

__all__ = ["answer", "fetch", "step"]

log = logging.getLogger("modem.mms.client")

NOTIFY_RESP, ACKNOWLEDGE = "notify_resp", "acknowledge"


async def step(client: MmsClient, n: Notification) -> Notification:
    """Do the work that is due on `n` (a fetch, else an answer); return the record saved."""
    now = client.now()
    if n.state is RetrievalState.PENDING:
        if now >= n.expires_at:
            n = n.but(
                state=RetrievalState.EXPIRED,
                next_attempt_at=None,
                error=TransferError("expired", _expired_words(n)),
            )
            await client.store.save_notification(n)
            return n
        n = await fetch(client, n)
    if n.answer is not None and (n.next_attempt_at is None or n.next_attempt_at <= client.now()):
        n = await answer(client, n)
    return n


async def fetch(client: MmsClient, n: Notification) -> Notification:
    n = n.but(attempts=n.attempts + 1)
    try:
        body = await client.mmsc.get(n.location, max_body=client.max_retrieve_size)
        conf = _retrieve_conf(body)
    except BearerError as exc:
        return await _failed(
            client, n, TransferError(exc.kind, str(exc), exc.status), exc.retryable
        )
    except _MmsRefusal as exc:
        return await _failed(client, n, exc.error, exc.retryable)
    n = n.but(
        state=RetrievalState.RETRIEVED,
        retrieved=body,
        retrieved_at=client.now(),
        message_id=conf.message_id,
        error=None,
        next_attempt_at=None,
        answer=ACKNOWLEDGE if n.deferred else NOTIFY_RESP,
        answer_status=int(Status.RETRIEVED),
        answer_attempts=0,
    )
    await client.store.save_notification(n)  # kept before the MMSC hears of it
    log.info("%s: fetched %s (%d bytes)", client.modem_id, n.location, len(body))
    return n


async def answer(client: MmsClient, n: Notification) -> Notification:
    """POST the M-NotifyResp.ind or M-Acknowledge.ind `n` still owes the MMSC."""
    try:
        pdu = _answer_pdu(n)
    except MmsError as exc:  # nothing to answer against: give up on the answer, say why
        log.warning("%s: cannot answer %s: %s", client.modem_id, n.location, exc)
        n = n.but(answer=None, next_attempt_at=None)
        await client.store.save_notification(n)
        return n
    url = n.location if client.mmsc.carrier.notify_to_content_location else None
    try:
        await client.mmsc.post(pdu, url=url)
    except BearerError as exc:
        tries = n.answer_attempts + 1
        when = client.now() + timedelta(seconds=client.retry.delay(tries))
        if not exc.retryable or when >= n.expires_at:
            log.warning(
                "%s: giving up telling the MMSC about %s: %s", client.modem_id, n.location, exc
            )
            n = n.but(answer=None, answer_attempts=tries, next_attempt_at=None)
        else:
            n = n.but(answer_attempts=tries, next_attempt_at=when)
        await client.store.save_notification(n)
        return n
    n = n.but(answer=None, answer_attempts=n.answer_attempts + 1, next_attempt_at=None)
    await client.store.save_notification(n)
    return n


def _answer_pdu(n: Notification) -> bytes:
    notification = decode_pdu(n.pdu)
    version = notification.mms_version or DEFAULT_VERSION  # None: the push had no version
    if n.answer == ACKNOWLEDGE:
        conf = decode_pdu(n.retrieved) if n.retrieved else None
        # OMA-TS-MMS-ENC §6.4: the M-Retrieve.conf's transaction id; some MMSCs leave it
        # out (mmsd's rc_3 vector), then the notification's is the one the MMSC knows.
        tid = getattr(conf, "transaction_id", None) or n.transaction_id
        return AcknowledgeInd(transaction_id=tid, mms_version=version).encode()
    status = Status(n.answer_status) if n.answer_status is not None else Status.RETRIEVED
    return NotifyRespInd(
        transaction_id=n.transaction_id, mms_version=version, status=status
    ).encode()


class _MmsRefusal(Exception):
    def __init__(self, error: TransferError, retryable: bool) -> None:
        self.error, self.retryable = error, retryable
        super().__init__(error.message)


def _retrieve_conf(body: bytes) -> RetrieveConf:
    try:
        pdu = decode_pdu(body)
    except MmsError as exc:
        raise _MmsRefusal(TransferError("undecodable", f"not an MMS PDU: {exc}"), True) from None
    if not isinstance(pdu, RetrieveConf):
        name = type(pdu).__name__
        raise _MmsRefusal(
            TransferError("undecodable", f"expected M-Retrieve.conf, got {name}"), True
        )
    status = pdu.retrieve_status
    if status is not None and not getattr(status, "ok", status == 0x80):
        text = f": {pdu.retrieve_text}" if pdu.retrieve_text else ""
        name = getattr(status, "name", str(status))
        error = TransferError("mms_status", f"X-Mms-Retrieve-Status {name}{text}", int(status))
        raise _MmsRefusal(error, bool(getattr(status, "transient", False)))
    return pdu


async def _failed(
    client: MmsClient, n: Notification, error: TransferError, retryable: bool
) -> Notification:
    when = client.now() + timedelta(seconds=client.retry.delay(n.attempts))
    if not retryable:
        n = n.but(state=RetrievalState.FAILED, error=error, next_attempt_at=None)
        log.warning("%s: cannot fetch %s: %s", client.modem_id, n.location, error.message)
    elif when >= n.expires_at:
        words = f"{_expired_words(n)} after {n.attempts} attempts; last: {error.message}"
        n = n.but(
            state=RetrievalState.EXPIRED,
            next_attempt_at=None,
            error=TransferError("expired", words, error.status),
        )
        log.warning("%s: %s", client.modem_id, words)
    else:
        n = n.but(error=error, next_attempt_at=when)
        log.info(
            "%s: fetching %s failed (%s); next try at %s",
            client.modem_id,
            n.location,
            error.message,
            when.isoformat(),
        )
    await client.store.save_notification(n)
    return n


def _expired_words(n: Notification) -> str:
    return f"the notification expired at {_show(n.expires_at)}"


def _show(when: datetime) -> str:
    return when.isoformat(timespec="seconds")
