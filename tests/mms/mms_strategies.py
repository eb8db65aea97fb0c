"""Hypothesis strategies for MMS values: one per header value kind, and whole PDUs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from modem.mms import (
    AcknowledgeInd,
    DeliveryInd,
    MessageClass,
    NotificationInd,
    NotifyRespInd,
    OtherPdu,
    Part,
    Priority,
    ReadOrigInd,
    ReadRecInd,
    ReadStatus,
    ResponseStatus,
    RetrieveConf,
    RetrieveStatus,
    SendConf,
    SendReq,
    Status,
)
from modem.mms import enums as e
from modem.mms.enums import ContentClass, Field, MessageType, SenderVisibility
from modem.mms.headers import INSERT_ADDRESS
from modem.mms.wsp_content import ContentType

# Text-string: no NUL; surrogates cannot be UTF-8 encoded.
text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
ascii_text = st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=40)
token = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-."), min_size=1, max_size=20)
dates = st.integers(0, 253402300799).map(lambda s: datetime.fromtimestamp(s, UTC))
deltas = st.integers(0, 2**32).map(lambda s: timedelta(seconds=s))
times = st.one_of(dates, deltas)
phones = st.from_regex(r"\+?[0-9]{3,15}", fullmatch=True).map(lambda n: n + "/TYPE=PLMN")
emails = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(com|org)", fullmatch=True)
addresses = st.one_of(phones, emails, text.filter(bool))
addr_lists = st.lists(addresses, max_size=3).map(tuple)
versions = st.sampled_from(["1.0", "1.1", "1.2", "1.3"])
tids = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30)
maybe = st.none().__or__

media_types = st.sampled_from(
    ["text/plain", "image/jpeg", "image/png", "image/gif", "audio/amr", "video/3gpp",
     "application/smil", "application/octet-stream", "text/x-vCard", "audio/mpeg"]
)  # fmt: skip
param_values = st.one_of(token, st.integers(0, 2**20))
params = st.lists(
    st.one_of(
        st.tuples(
            st.just("charset"), st.sampled_from(["utf-8", "us-ascii", "iso-8859-1", "utf-16"])
        ),
        st.tuples(st.just("name"), token),
        st.tuples(st.just("filename"), token),
        st.tuples(st.just("start"), token.map(lambda t: f"<{t}>")),
        st.tuples(st.just("type"), media_types),
        st.tuples(token.map(lambda t: "x-" + t), token),
    ),
    max_size=3,
).map(tuple)
content_types = st.builds(ContentType, media_types, params)

dispositions = st.one_of(
    st.just((None, ())),
    st.tuples(
        st.sampled_from(["attachment", "inline", "x-other"]),
        st.one_of(st.just(()), st.tuples(st.tuples(st.just("filename"), token))),
    ),
)
parts = st.builds(
    lambda ct, data, cid, loc, disp: Part(ct, data, cid, loc, disp[0], disp[1]),
    content_types,
    st.binary(max_size=300),
    maybe(token.map(lambda t: f"<{t}>")),
    maybe(token),
    dispositions,
)
part_lists = st.lists(parts, min_size=1, max_size=4).map(tuple)
multipart_types = st.sampled_from(
    [ContentType("application/vnd.wap.multipart.mixed"),
     ContentType("application/vnd.wap.multipart.related",
                 (("start", "<smil>"), ("type", "application/smil")))]
)  # fmt: skip


def _enum(kind):  # an enum member, or an unknown value kept as int
    return st.sampled_from(list(kind))


send_reqs = st.builds(
    SendReq,
    transaction_id=tids,
    mms_version=versions,
    date=maybe(dates),
    sender=st.one_of(st.just(INSERT_ADDRESS), addresses),
    to=addr_lists.filter(bool),
    cc=addr_lists,
    bcc=addr_lists,
    subject=maybe(text),
    content_class=maybe(_enum(ContentClass)),
    message_class=maybe(st.one_of(_enum(MessageClass), token)),
    expiry=maybe(times),
    delivery_time=maybe(times),
    priority=maybe(_enum(Priority)),
    sender_visibility=maybe(_enum(SenderVisibility)),
    delivery_report=maybe(st.booleans()),
    read_report=maybe(st.booleans()),
    content_type=multipart_types,
    parts=part_lists,
)
send_confs = st.builds(
    SendConf,
    transaction_id=tids,
    mms_version=versions,
    response_status=st.one_of(_enum(ResponseStatus), st.integers(0x80, 0xFF)),
    response_text=maybe(text),
    message_id=maybe(tids),
    content_location=maybe(tids),
)
notification_inds = st.builds(
    NotificationInd,
    transaction_id=tids,
    mms_version=versions,
    sender=maybe(addresses),
    subject=maybe(text),
    delivery_report=maybe(st.booleans()),
    message_class=st.one_of(_enum(MessageClass), token),
    priority=maybe(_enum(Priority)),
    message_size=st.integers(0, 2**31),
    expiry=times,
    content_location=tids,
    reply_charging_size=maybe(st.integers(0, 2**24)),
    distribution_indicator=maybe(st.booleans()),
    content_class=maybe(_enum(ContentClass)),
)
notify_resps = st.builds(
    NotifyRespInd,
    transaction_id=tids,
    mms_version=versions,
    status=_enum(Status),
    report_allowed=maybe(st.booleans()),
)
retrieve_confs = st.builds(
    RetrieveConf,
    transaction_id=maybe(tids),
    mms_version=versions,
    message_id=maybe(tids),
    date=dates,
    sender=maybe(addresses),
    previously_sent_by=st.lists(st.tuples(st.integers(0, 300), addresses), max_size=2).map(tuple),
    previously_sent_date=st.lists(st.tuples(st.integers(0, 300), dates), max_size=2).map(tuple),
    to=addr_lists,
    cc=addr_lists,
    subject=maybe(text),
    message_class=maybe(_enum(MessageClass)),
    priority=maybe(_enum(Priority)),
    retrieve_status=maybe(_enum(RetrieveStatus)),
    retrieve_text=maybe(text),
    content_type=multipart_types,
    parts=part_lists,
)
acknowledge_inds = st.builds(
    AcknowledgeInd, transaction_id=tids, mms_version=versions, report_allowed=maybe(st.booleans())
)
delivery_inds = st.builds(
    DeliveryInd,
    mms_version=versions,
    message_id=tids,
    to=addr_lists.filter(bool),
    date=dates,
    status=_enum(Status),
    status_text=maybe(text),
)
read_rec_inds = st.builds(
    ReadRecInd,
    mms_version=versions,
    message_id=tids,
    to=addr_lists.filter(bool),
    sender=st.one_of(st.just(INSERT_ADDRESS), addresses),
    date=maybe(dates),
    read_status=_enum(ReadStatus),
)
read_orig_inds = st.builds(
    ReadOrigInd,
    mms_version=versions,
    message_id=tids,
    to=addr_lists.filter(bool),
    sender=addresses,
    date=dates,
    read_status=_enum(ReadStatus),
)
ALL_PDUS = {
    "M-Send.req": send_reqs,
    "M-Send.conf": send_confs,
    "M-Notification.ind": notification_inds,
    "M-NotifyResp.ind": notify_resps,
    "M-Retrieve.conf": retrieve_confs,
    "M-Acknowledge.ind": acknowledge_inds,
    "M-Delivery.ind": delivery_inds,
    "M-Read-Rec.ind": read_rec_inds,
    "M-Read-Orig.ind": read_orig_inds,
}


# --- one strategy per header field (OMA-TS-MMS-ENC-V1_3 §7.4) ---------------------------

TEXT = {Field.CONTENT_LOCATION, Field.MESSAGE_ID, Field.TRANSACTION_ID, Field.REPLY_CHARGING_ID,
        Field.APPLIC_ID, Field.REPLY_APPLIC_ID, Field.AUX_APPLIC_INFO, Field.REPLACE_ID,
        Field.CANCEL_ID}  # fmt: skip
ENCODED = {Field.BCC, Field.CC, Field.TO, Field.SUBJECT, Field.RESPONSE_TEXT,
           Field.RETRIEVE_TEXT, Field.STORE_STATUS_TEXT, Field.STATUS_TEXT,
           Field.RECOMMENDED_RETRIEVAL_MODE_TEXT}  # fmt: skip
BOOL = {Field.DELIVERY_REPORT, Field.READ_REPORT, Field.REPORT_ALLOWED, Field.STORE, Field.STORED,
        Field.TOTALS, Field.QUOTAS, Field.DISTRIBUTION_INDICATOR, Field.DRM_CONTENT,
        Field.ADAPTATION_ALLOWED}  # fmt: skip
ENUMS = {Field.MESSAGE_TYPE: e.MessageType, Field.PRIORITY: e.Priority,
         Field.RESPONSE_STATUS: e.ResponseStatus, Field.SENDER_VISIBILITY: e.SenderVisibility,
         Field.STATUS: e.Status, Field.RETRIEVE_STATUS: e.RetrieveStatus,
         Field.READ_STATUS: e.ReadStatus, Field.REPLY_CHARGING: e.ReplyCharging,
         Field.MM_STATE: e.MmState, Field.STORE_STATUS: e.StoreStatus,
         Field.RECOMMENDED_RETRIEVAL_MODE: e.RecommendedRetrievalMode,
         Field.CONTENT_CLASS: e.ContentClass, Field.CANCEL_STATUS: e.CancelStatus}  # fmt: skip
printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=30)
generic = st.one_of(st.integers(0, 127), st.binary(max_size=40), printable)


def values_for(field: Field) -> st.SearchStrategy:
    if field in TEXT:
        return text
    if field in ENCODED:
        return addresses if field in (Field.TO, Field.CC, Field.BCC) else text
    if field in BOOL:
        return st.booleans()
    if field in ENUMS:
        return st.one_of(st.sampled_from(list(ENUMS[field])), st.integers(0x80, 0xFF))
    return {
        Field.CONTENT_TYPE: content_types,
        Field.DATE: dates,
        Field.DELIVERY_TIME: times,
        Field.EXPIRY: times,
        Field.REPLY_CHARGING_DEADLINE: times,
        Field.FROM: st.one_of(st.just(INSERT_ADDRESS), addresses),
        Field.MESSAGE_CLASS: st.one_of(st.sampled_from(list(e.MessageClass)), token),
        Field.MMS_VERSION: st.sampled_from(["1.0", "1.1", "1.2", "1.3", "2", "7.15", "1.2.3", "v"]),
        Field.MESSAGE_SIZE: st.integers(0, 2**64),
        Field.REPLY_CHARGING_SIZE: st.integers(0, 2**40),
        Field.PREVIOUSLY_SENT_BY: st.tuples(st.integers(0, 2**16), addresses),
        Field.PREVIOUSLY_SENT_DATE: st.tuples(st.integers(0, 2**16), dates),
        Field.MM_FLAGS: st.tuples(st.sampled_from(list(e.MmFlagsToken)), text),
        Field.ATTRIBUTES: st.sampled_from(list(Field)),
        Field.MBOX_TOTALS: st.tuples(st.sampled_from(["messages", "bytes"]), st.integers(0, 2**31)),
        Field.MBOX_QUOTAS: st.tuples(st.sampled_from(["messages", "bytes"]), st.integers(0, 2**31)),
        Field.MESSAGE_COUNT: st.integers(0, 2**31),
        Field.START: st.integers(0, 2**31),
        Field.LIMIT: st.integers(0, 2**31),
        Field.CONTENT: generic,
        Field.ADDITIONAL_HEADERS: generic,
        Field.ELEMENT_DESCRIPTOR: generic,
    }[field]


_BODYLESS = [f for f in Field if f not in (Field.MESSAGE_TYPE, Field.TRANSACTION_ID,
                                           Field.MMS_VERSION, Field.CONTENT_TYPE)]  # fmt: skip
other_pdus = st.builds(
    OtherPdu,
    kind=st.sampled_from([k for k in MessageType if k >= MessageType.M_FORWARD_REQ]),
    transaction_id=maybe(tids),
    mms_version=versions,
    fields=st.lists(
        st.sampled_from(_BODYLESS).flatmap(lambda f: st.tuples(st.just(f), values_for(f))),
        max_size=6,
    ).map(tuple),
)
ALL_PDUS["M-Forward.req and MMBox"] = other_pdus
