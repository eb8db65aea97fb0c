"""The MMS client transactions (OMA MMS CTR), over a bearer, for one modem's line.

    client = MmsClient(MmscHttp(bearer, carrier, own_number="+15551234567"), modem_id="usb0")
    received = await client.receive(push_bytes)     # a WAP push from the SMS path
    await client.run_due()                          # fetch, answer, retry what is due
    sent = await client.send(MmsMessage.build("+15557654321", text="Hi"))

Receiving: `receive()` sorts a push (an M-Notification.ind, a delivery or read report, or a
push that is not MMS at all: SI, SL, OMA CP, DRM) and records a notification at once, without
network I/O; a notification the network sends again is recognised by its location and fetched
once. The fetching and answering happen in `run_due()` / `serve()` (see `client_retrieve`),
persisted in an `MmsStore` so a restart goes on where it stopped, retried on the
`RetryPolicy` until the notification expires. Sending: `send()` POSTs an M-Send.req and reads
the M-Send.conf; the accepted message is kept under its Message-ID, so the M-Delivery.ind and
M-Read-Orig.ind that come later by push are matched to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from modem.bearer.mmsc import MmscHttp
from modem.errors import (
    BearerError,
    ConfigError,
    MmsError,
    MmsSendError,
    MmsSendUnknown,
    MmsTooLarge,
)
from modem.mms import client_retrieve
from modem.mms.client_policy import RetrievalPolicy, RetryPolicy
from modem.mms.client_push import OtherPush, push_kind
from modem.mms.client_send import confirmed, send_req_bytes
from modem.mms.client_state import (
    MemoryMmsStore,
    MmsReport,
    MmsStore,
    Notification,
    SentMms,
)
from modem.mms.enums import ReadStatus, Status
from modem.mms.message import MmsMessage
from modem.mms.pdu import DeliveryInd, NotificationInd, ReadOrigInd, SendReq, decode_pdu
from modem.mms.push import PushMessage, decode_push
from modem.vocabulary import ReportOutcome, RetrievalState

if TYPE_CHECKING:
    from modem.bearer.carriers import CarrierSettings
    from modem.bearer.ppp import AtCommand
    from modem.config.driver import ModemConfig

__all__ = ["MmsClient", "Received", "client_from_config"]

log = logging.getLogger("modem.mms.client")

STATUS_WORDS = {
    Status.EXPIRED: "Expired",
    Status.RETRIEVED: "Retrieved",
    Status.REJECTED: "Rejected",
    Status.DEFERRED: "Deferred",
    Status.UNRECOGNISED: "Unrecognised",
    Status.INDETERMINATE: "Indeterminate",
    Status.FORWARDED: "Forwarded",
    Status.UNREACHABLE: "Unreachable",
}
"""X-Mms-Status as OMA-TS-MMS-ENC §7.3.54 names its values."""
_OUTCOMES = {
    Status.RETRIEVED: ReportOutcome.DELIVERED,
    Status.FORWARDED: ReportOutcome.DELIVERED,
    Status.DEFERRED: ReportOutcome.PENDING,
    Status.INDETERMINATE: ReportOutcome.PENDING,
}
_READ_WORDS = {
    ReadStatus.READ: "Read",
    ReadStatus.DELETED_WITHOUT_BEING_READ: "Deleted without being read",
}


@dataclass(frozen=True, slots=True)
class Received:
    """What `receive()` made of a push. kind: "notification" (`notification`; `new` is False
    for one the network sent again), "report" (`report`; `sent` is the message it belongs to,
    None when none matches), "push" (`push`: not MMS), or "unexpected" (an MMS PDU that does
    not come by push; `detail` says which)."""

    kind: str
    notification: Notification | None = None
    new: bool = False
    report: MmsReport | None = None
    sent: SentMms | None = None
    push: OtherPush | None = None
    detail: str = ""


class MmsClient:
    """One modem's MMS transactions. `clock` gives aware UTC datetimes (injectable)."""

    def __init__(
        self,
        mmsc: MmscHttp,
        *,
        modem_id: str,
        store: MmsStore | None = None,
        retrieval: RetrievalPolicy | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
        default_expiry: timedelta = timedelta(days=7),
        max_retrieve_size: int = 4 * 1024 * 1024,
    ) -> None:
        self.mmsc = mmsc
        self.modem_id = modem_id
        self.store: MmsStore = store if store is not None else MemoryMmsStore()
        self.retrieval = retrieval or RetrievalPolicy()
        self.retry = retry or RetryPolicy()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.default_expiry = default_expiry
        self.max_retrieve_size = max_retrieve_size
        self._wake = asyncio.Event()

    def now(self) -> datetime:
        return self.clock()

    # --- receiving ----------------------------------------------------------------------------

    async def receive(
        self, push: PushMessage | bytes, *, received_at: datetime | None = None
    ) -> Received:
        """Sort one WAP push and record what it says. MmsError when it is not a WAP push, or
        its MMS PDU cannot be decoded (the caller keeps it as undecodable)."""
        when = received_at or self.now()
        if not isinstance(push, PushMessage):
            push = decode_push(bytes(push))
        kind = push_kind(push)
        if kind != "mms":
            other = OtherPush(
                kind, str(push.content_type), push.application_id, push.body, self.modem_id, when
            )
            log.info("%s: WAP push for %s (%s), not MMS", self.modem_id, kind, push.content_type)
            return Received("push", push=other)
        pdu = decode_pdu(push.body)
        if isinstance(pdu, NotificationInd):
            return await self._notification(pdu, push.body, when)
        if isinstance(pdu, DeliveryInd | ReadOrigInd):
            return await self._report(pdu, when)
        detail = f"{pdu.message_type.pdu_name} does not come by push"
        log.warning("%s: %s; ignored", self.modem_id, detail)
        return Received("unexpected", detail=detail)

    async def _notification(self, ind: NotificationInd, raw: bytes, when: datetime) -> Received:
        if not ind.content_location or not ind.transaction_id:
            raise MmsError("M-Notification.ind without X-Mms-Content-Location or Transaction-ID")
        expires = ind.expires_at(when) or when + self.default_expiry
        decision = self.retrieval.decide(ind)
        record = Notification(
            id=Notification.new_id(),
            modem_id=self.modem_id,
            transaction_id=ind.transaction_id,
            location=self.mmsc.carrier.content_location(ind.content_location, ind.transaction_id),
            pdu=raw,
            received_at=when,
            expires_at=expires,
            sender=ind.sender,
            subject=ind.subject,
            size=ind.message_size,
        )
        if decision is Status.DEFERRED:
            record = record.but(
                state=RetrievalState.DEFERRED,
                deferred=True,
                answer=client_retrieve.NOTIFY_RESP,
                answer_status=int(decision),
            )
        elif decision is Status.REJECTED:
            record = record.but(
                state=RetrievalState.REJECTED,
                answer=client_retrieve.NOTIFY_RESP,
                answer_status=int(decision),
            )
        kept, new = await self.store.add_notification(record)
        if not new:
            kept = await self._seen_again(kept)
        self._wake.set()
        return Received("notification", notification=kept, new=new)

    async def _seen_again(self, kept: Notification) -> Notification:
        """The network sent a notification again: it has not heard our answer. Answer again
        (a retrieved message is not fetched twice); otherwise the work already planned stands."""
        log.info(
            "%s: notification for %s came again (%d times)", self.modem_id, kept.location, kept.seen
        )
        if kept.answer is None and kept.state in (
            RetrievalState.RETRIEVED,
            RetrievalState.REJECTED,
        ):
            again = client_retrieve.ACKNOWLEDGE if kept.deferred else client_retrieve.NOTIFY_RESP
            if kept.state is RetrievalState.REJECTED:
                again = client_retrieve.NOTIFY_RESP
            kept = kept.but(answer=again, next_attempt_at=None, answer_attempts=0)
            await self.store.save_notification(kept)
        return kept

    async def _report(self, pdu: DeliveryInd | ReadOrigInd, when: datetime) -> Received:
        if isinstance(pdu, DeliveryInd):
            status = Status(pdu.status) if pdu.status is not None else None
            report = MmsReport(
                kind="delivery",
                message_id=pdu.message_id or "",
                recipient=pdu.to[0] if pdu.to else None,
                status=int(status) if status is not None else None,
                status_text=STATUS_WORDS.get(status, str(status)) if status else "",
                outcome=_OUTCOMES.get(status, ReportOutcome.UNDELIVERED).value if status else None,
                date=pdu.date,
                received_at=when,
            )
        else:
            read = pdu.read_status
            report = MmsReport(
                kind="read",
                message_id=pdu.message_id or "",
                recipient=pdu.sender,
                status=int(read) if read is not None else None,
                status_text=_READ_WORDS.get(read, str(read)) if read is not None else "",  # type: ignore[call-overload]
                outcome=None,
                date=pdu.date,
                received_at=when,
            )
        sent = await self.store.add_report(self.modem_id, report) if report.message_id else None
        if sent is None:
            log.info(
                "%s: %s report for unknown message %r",
                self.modem_id,
                report.kind,
                report.message_id,
            )
        return Received("report", report=report, sent=sent)

    # --- the work loop ------------------------------------------------------------------------

    async def process(self, notification_id: str) -> Notification:
        """Do what is due on one notification now (fetch, or the answer it still owes)."""
        n = await self.store.get_notification(notification_id)
        if n is None:
            raise KeyError(notification_id)
        return await client_retrieve.step(self, n)

    async def run_due(self) -> list[Notification]:
        """Every fetch and answer due now, one at a time, oldest first."""
        done = []
        for n in await self.store.due_notifications(self.modem_id, self.now()):
            done.append(await client_retrieve.step(self, n))
        return done

    async def serve(self, *, idle: float = 60.0) -> None:
        """Run due work until cancelled: wake for a new notification or at the next due time
        (at least every `idle` seconds, to notice a clock change)."""
        while True:
            self._wake.clear()
            await self.run_due()
            due = await self.store.next_due(self.modem_id)
            wait = idle if due is None else max(0.0, (due - self.now()).total_seconds())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(wait, idle))

    async def retrieve(self, notification_id: str) -> Notification:
        """Fetch a deferred (or failed) message now; the MMSC is then sent M-Acknowledge.ind
        (after a deferral) and further tries follow the retry schedule."""
        n = await self.store.get_notification(notification_id)
        if n is None:
            raise KeyError(notification_id)
        if n.state in (RetrievalState.RETRIEVED, RetrievalState.REJECTED):
            return n
        n = n.but(state=RetrievalState.PENDING, attempts=0, next_attempt_at=None, error=None)
        await self.store.save_notification(n)
        return await client_retrieve.step(self, n)

    # --- sending --------------------------------------------------------------------------------

    async def send(
        self, message: MmsMessage | SendReq | bytes, *, reference: str | None = None
    ) -> SentMms:
        """POST an M-Send.req and read the M-Send.conf. Returns the accepted message (kept
        for its reports); raises MmsSendError (outcome "failed", `.retryable`) or
        MmsSendUnknown (the request went out, no answer: it may have been accepted)."""
        pdu, tid, recipients = send_req_bytes(message)
        try:
            body = await self.mmsc.post(pdu)
        except MmsTooLarge as exc:
            raise MmsSendError(str(exc), kind="too_large", retryable=False, cause=exc) from None
        except BearerError as exc:
            if exc.request_sent and exc.kind in ("timeout", "reset", "truncated"):
                raise MmsSendUnknown(
                    f"M-Send.req may have been accepted: {exc}; it is not resent by itself",
                    kind=exc.kind,
                    retryable=False,
                    cause=exc,
                ) from None
            raise MmsSendError(
                f"M-Send.req not accepted: {exc}", kind=exc.kind, retryable=exc.retryable, cause=exc
            ) from None
        sent = confirmed(body, tid)
        record = SentMms(
            message_id=sent.message_id or "",
            transaction_id=tid,
            modem_id=self.modem_id,
            recipients=recipients,
            sent_at=self.now(),
            reference=reference,
            response_text=sent.response_text,
        )
        await self.store.add_sent(record)
        log.info("%s: MMS accepted as %s", self.modem_id, record.message_id)
        return record


def client_from_config(
    modem: ModemConfig,
    table: Mapping[str, CarrierSettings],
    *,
    store: MmsStore | None = None,
    imsi: str | None = None,
    own_number: str | None = None,
    at_command: AtCommand | None = None,
    clock: Callable[[], datetime] | None = None,
) -> MmsClient:
    """The MMS client of a configured modem (its `mms:` section; ConfigError without one).
    `table` is `Config.carrier_table()`; `store` the gateway's MmsStore."""
    from modem.bearer.factory import make_mmsc

    if modem.mms is None:
        raise ConfigError(f"modems.{modem.name}.mms: not configured")
    settings = modem.mms
    mmsc = make_mmsc(
        settings, table, imsi=imsi, own_number=own_number, at_command=at_command, name=modem.name
    )
    retrieval = RetrievalPolicy(
        settings.retrieval,
        max_size=settings.max_retrieve_size,
        reject_classes=settings.reject_classes,
    )
    return MmsClient(
        mmsc,
        modem_id=modem.name,
        store=store,
        retrieval=retrieval,
        clock=clock,
        max_retrieve_size=settings.max_retrieve_size,
    )
