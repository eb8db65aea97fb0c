"""The one JSON vocabulary: type strings, state words, outcome words, times and ids.

Every view of the product speaks these words: the CLI's `--json`, the HTTP API, webhooks, SSE
and (later) MQTT. They are defined here once and nowhere else, so a consumer written against
one view understands the others. The words are part of the public contract: a word may be
added, never renamed; `VERSION` counts incompatible changes (none so far).

- `"type"`: every JSON object the product emits on its own (not a nested value) carries one,
  a dotted lower-case string naming what it is ("sms.received", "message.delivered").
- States: the life of an outgoing message and of each of its parts, and "received" for
  incoming ones (`MessageState`, `PartState`); the same words in the store, the API, the
  webhooks, the CLI and the metrics labels.
- Outcomes: what one send attempt did (`SendOutcome`) and what a status report says
  (`ReportOutcome`, from TP-ST, TS 23.040 §9.2.3.15).
- Times: ISO 8601 with a "T" (`iso()`), UTC as "Z"; SMSC time stamps keep their own offset.
- Concatenation: {"ref", "seq", "total"} wherever a part of a long SMS is shown.
- Spec tokens as the specs write them ("M-Send.req", "Personal"), never Python enum names.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from enum import StrEnum

__all__ = [
    "VERSION",
    "EventType",
    "ItemType",
    "MessageState",
    "MmsFailure",
    "PartState",
    "ReportOutcome",
    "ResourceType",
    "RetrievalState",
    "SendOutcome",
    "concat_json",
    "iso",
    "new_id",
    "parse_iso",
]

VERSION = 1


class ItemType(StrEnum):
    """What the driver and the CLI emit (`"type"` of their JSON)."""

    SMS_RECEIVED = "sms.received"  # one SMS-DELIVER part, with its ack token
    STATUS_REPORT = "sms.status_report"  # one SMS-STATUS-REPORT, with its ack token
    UNDECODABLE = "sms.undecodable"  # a PDU the codec refused, kept raw with its error
    SMS_MESSAGE = "sms.message"  # a whole (reassembled) incoming SMS
    STORED = "sms.stored"  # a message listed from a modem's storage (`modem inbox`)
    SEND_RESULT = "sms.send_result"  # what `send_sms` returns
    SENT_PART = "sms.sent_part"  # one part handed to the network (or unknown)
    SMS_PLAN = "sms.plan"  # the SMS-SUBMIT PDUs planned for one message to one recipient
    SMS_COUNT = "sms.count"  # what a text costs (`modem sms count`): encoding, parts, room
    SMS_TPDU = "sms.tpdu"  # one decoded SMS TPDU (`modem pdu decode`), "message_type" says which
    USSD_REPLY = "ussd.reply"
    MODEM_STATE = "modem.state"  # a snapshot of a modem's state
    MODEM_INFO = "modem.info"
    AT_RESPONSE = "at.response"  # a raw AT command's answer (`modem at`)
    MMS_NOTIFICATION = "mms.notification"  # a WAP push M-Notification.ind
    MMS_PDU = "mms.pdu"  # one decoded MMS PDU (`modem mms decode`), "message_type" says which
    PUSH = "wap.push"  # another WAP push (SI, SL, OMA CP, ...)
    MMS_SENT = "mms.sent"  # an MMS the MMSC accepted (M-Send.conf Ok), with its Message-ID
    MMS_REPORT = "mms.report"  # a delivery or read report (M-Delivery.ind, M-Read-Orig.ind)
    MMS_RETRIEVED = "mms.retrieved"  # an incoming MMS fetched from the MMSC
    SERIAL_PORT = "serial.port"  # a port of this machine (`modem ports`)
    DOCTOR_REPORT = "doctor.report"  # the checks of `modem doctor`
    SETUP_RESULT = "setup.result"  # what `modem setup` found, wrote and installed
    SMS_DELETED = "sms.deleted"  # the stored parts `modem inbox delete` deleted
    SIM_MODEM = "sim.modem"  # a simulated modem `modem sim` serves: its pty and socket URL
    SIM_PLUG = "sim.plug"  # a simulated modem unplugged or plugged back in (`modem sim`)
    DEMO_STEP = "demo.step"  # one step of `modem demo`


class EventType(StrEnum):
    """Events of the gateway's outbox: what webhooks, SSE and MQTT carry."""

    MESSAGE_SCHEDULED = "message.scheduled"
    MESSAGE_QUEUED = "message.queued"
    MESSAGE_SENDING = "message.sending"
    MESSAGE_SENT = "message.sent"
    MESSAGE_DELIVERED = "message.delivered"
    MESSAGE_PARTIALLY_DELIVERED = "message.partially_delivered"
    MESSAGE_UNDELIVERED = "message.undelivered"
    MESSAGE_FAILED = "message.failed"
    MESSAGE_EXPIRED = "message.expired"
    MESSAGE_CANCELED = "message.canceled"
    MESSAGE_RECEIVED = "message.received"
    MESSAGE_REPORT_OVERDUE = "message.report_overdue"
    MODEM_ONLINE = "modem.online"
    MODEM_OFFLINE = "modem.offline"

    @classmethod
    def for_state(cls, state: MessageState) -> EventType:
        """The event a change to `state` emits."""
        return cls(f"message.{state.value}")


class ResourceType(StrEnum):
    """What the gateway's store holds and its API shows (`"type"` of each resource's JSON)."""

    MESSAGE = "message"  # an outgoing or incoming message, with recipients and parts
    MODEM = "modem"  # a modem as the gateway's registry knows it (any node's)
    WEBHOOK_DELIVERY = "webhook.delivery"  # one event's delivery to one webhook endpoint


class MessageState(StrEnum):
    """The state of an outgoing message (per recipient and aggregated) or an incoming one.

    scheduled: waits for its `send_at`. queued: accepted, waits for a modem and its allowance.
    sending: a modem claimed it and parts are going out. sent: every part was accepted by the
    network (a +CMGS reference each). delivered: every part has a successful status report.
    partially_delivered: every part has a final report, some delivered and some not.
    undelivered: the final reports say no part arrived. failed: the network never accepted
    it (+CMS error, no modem could take it); `error` says why. expired: its validity ended
    before it could be sent. canceled: canceled before it was sent. received: incoming.
    """

    SCHEDULED = "scheduled"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    PARTIALLY_DELIVERED = "partially_delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELED = "canceled"
    RECEIVED = "received"

    @property
    def final(self) -> bool:
        """No further change can come (a sent message may still get its reports)."""
        return self in _FINAL


_FINAL = frozenset(
    {
        MessageState.DELIVERED,
        MessageState.PARTIALLY_DELIVERED,
        MessageState.UNDELIVERED,
        MessageState.FAILED,
        MessageState.EXPIRED,
        MessageState.CANCELED,
        MessageState.RECEIVED,
    }
)


class PartState(StrEnum):
    """One SMS part of one recipient. `unknown`: its body was written but no result came
    (a timeout, a cancel, a crash with at-most-once semantics): it may have gone out, so it is
    never sent again by itself; a status report can still settle it."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    CANCELED = "canceled"


class SendOutcome(StrEnum):
    """What one attempt to send one part did (the driver's word for `SentPart.outcome` and
    `SendError.outcome`)."""

    SENT = "sent"  # accepted by the network, with a reference
    FAILED = "failed"  # certainly not sent (refused, or no prompt): safe to send again
    UNKNOWN = "unknown"  # may have been sent: never resent by itself


class ReportOutcome(StrEnum):
    """What an SMS-STATUS-REPORT says (TP-ST, TS 23.040 §9.2.3.15): 0x00-0x1F delivered,
    0x20-0x3F pending (the SMSC still tries), 0x40-0x7F undelivered (it gave up)."""

    DELIVERED = "delivered"
    PENDING = "pending"
    UNDELIVERED = "undelivered"


class MmsFailure(StrEnum):
    """Why one MMS transaction (an HTTP exchange with the MMSC over a bearer) did not succeed:
    the `kind` of its error, wherever it is shown or stored.

    bearer_down: the data connection could not be brought up (pppd failed, no interface).
    dns: the MMSC or proxy name did not resolve (on the bearer's own DNS servers).
    refused / unreachable / reset / timeout: the connection was refused, had no route, was
    closed or reset before a whole answer came, or an answer took too long.
    truncated: the body ended before its Content-Length (or its last chunk).
    too_large: the body went past the size limit. protocol: not HTTP as the client knows it.
    http_status: the MMSC (or its proxy) answered with an HTTP error status.
    mms_status: X-Mms-Response-Status or X-Mms-Retrieve-Status says it failed.
    undecodable: the body is not the MMS PDU that was expected.
    expired: the notification expired before the message could be fetched."""

    BEARER_DOWN = "bearer_down"
    DNS = "dns"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    RESET = "reset"
    TIMEOUT = "timeout"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    PROTOCOL = "protocol"
    HTTP_STATUS = "http_status"
    MMS_STATUS = "mms_status"
    UNDECODABLE = "undecodable"
    EXPIRED = "expired"


class RetrievalState(StrEnum):
    """Where an incoming MMS notification stands (OMA MMS CTR §8, retrieval).

    pending: to be fetched (now, or at its next attempt). deferred: the MMSC was told the
    client fetches later (M-NotifyResp.ind Deferred); fetched when asked. retrieved: the
    message is kept. rejected: refused by policy (M-NotifyResp.ind Rejected). expired: its
    expiry passed before it could be fetched. failed: fetching failed for good."""

    PENDING = "pending"
    DEFERRED = "deferred"
    RETRIEVED = "retrieved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self not in (RetrievalState.PENDING, RetrievalState.DEFERRED)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with "T": UTC as "...Z" with milliseconds (our own clocks), any other offset
    kept as the SMSC gave it, to the second. None stays None. A naive datetime is taken as
    UTC (the store keeps UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    offset = value.utcoffset()
    if offset is not None and not offset:
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value.isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """The inverse of `iso()` (and any ISO 8601 time with an offset or "Z"); a time without
    an offset is UTC. ValueError for anything else."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def concat_json(reference: int, sequence: int, total: int) -> dict[str, int]:
    """The one shape of a concatenated part's place, everywhere."""
    return {"ref": reference, "seq": sequence, "total": total}


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(prefix: str) -> str:
    """A new id like "msg_01JEXAMPLE...": the prefix, then 26 characters of Crockford base32
    holding 48 bits of milliseconds and 80 random bits (ULID layout). Ids sort by creation
    time, so "newest first" is "largest id first", and several hosts can make them without
    asking each other. Within one process they also sort in the order they were made: in the
    same millisecond (or if the clock steps back) the previous id's random part plus one is
    used, as the ULID spec's monotonic mode does."""
    global _last
    with _id_lock:
        millis = time.time_ns() // 1_000_000
        value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
        if value <= _last:
            value = _last + 1
        _last = value
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return f"{prefix}_{''.join(reversed(chars))}"


_id_lock = threading.Lock()
_last = 0
