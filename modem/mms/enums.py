"""Code tables of the MMS encapsulation (OMA-TS-MMS-ENC-V1_3 §7.3, §7.4), named as the spec
names them. Unknown values are kept as plain ints by the decoder, never refused."""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "CancelStatus",
    "ContentClass",
    "Field",
    "MessageClass",
    "MessageType",
    "MmFlagsToken",
    "MmState",
    "Priority",
    "ReadStatus",
    "RecommendedRetrievalMode",
    "ReplyCharging",
    "ResponseStatus",
    "RetrieveStatus",
    "SenderVisibility",
    "Status",
    "StoreStatus",
    "spec_token",
    "type_name",
]


class Field(IntEnum):
    """Header field assignments, §7.4 (written on the wire as 0x80 | code)."""

    BCC = 0x01
    CC = 0x02
    CONTENT_LOCATION = 0x03
    CONTENT_TYPE = 0x04
    DATE = 0x05
    DELIVERY_REPORT = 0x06
    DELIVERY_TIME = 0x07
    EXPIRY = 0x08
    FROM = 0x09
    MESSAGE_CLASS = 0x0A
    MESSAGE_ID = 0x0B
    MESSAGE_TYPE = 0x0C
    MMS_VERSION = 0x0D
    MESSAGE_SIZE = 0x0E
    PRIORITY = 0x0F
    READ_REPORT = 0x10
    REPORT_ALLOWED = 0x11
    RESPONSE_STATUS = 0x12
    RESPONSE_TEXT = 0x13
    SENDER_VISIBILITY = 0x14
    STATUS = 0x15
    SUBJECT = 0x16
    TO = 0x17
    TRANSACTION_ID = 0x18
    RETRIEVE_STATUS = 0x19
    RETRIEVE_TEXT = 0x1A
    READ_STATUS = 0x1B
    REPLY_CHARGING = 0x1C
    REPLY_CHARGING_DEADLINE = 0x1D
    REPLY_CHARGING_ID = 0x1E
    REPLY_CHARGING_SIZE = 0x1F
    PREVIOUSLY_SENT_BY = 0x20
    PREVIOUSLY_SENT_DATE = 0x21
    STORE = 0x22
    MM_STATE = 0x23
    MM_FLAGS = 0x24
    STORE_STATUS = 0x25
    STORE_STATUS_TEXT = 0x26
    STORED = 0x27
    ATTRIBUTES = 0x28
    TOTALS = 0x29
    MBOX_TOTALS = 0x2A
    QUOTAS = 0x2B
    MBOX_QUOTAS = 0x2C
    MESSAGE_COUNT = 0x2D
    CONTENT = 0x2E
    START = 0x2F
    ADDITIONAL_HEADERS = 0x30
    DISTRIBUTION_INDICATOR = 0x31
    ELEMENT_DESCRIPTOR = 0x32
    LIMIT = 0x33
    RECOMMENDED_RETRIEVAL_MODE = 0x34
    RECOMMENDED_RETRIEVAL_MODE_TEXT = 0x35
    STATUS_TEXT = 0x36
    APPLIC_ID = 0x37
    REPLY_APPLIC_ID = 0x38
    AUX_APPLIC_INFO = 0x39
    CONTENT_CLASS = 0x3A
    DRM_CONTENT = 0x3B
    ADAPTATION_ALLOWED = 0x3C
    REPLACE_ID = 0x3D
    CANCEL_ID = 0x3E
    CANCEL_STATUS = 0x3F

    @property
    def wire_name(self) -> str:
        """The header's name as the spec prints it, e.g. `X-Mms-Message-Type`."""
        return _WIRE_NAMES.get(self, "X-Mms-" + self.name.title().replace("_", "-"))


_WIRE_NAMES = {
    Field.BCC: "Bcc",
    Field.CC: "Cc",
    Field.CONTENT_TYPE: "Content-Type",
    Field.DATE: "Date",
    Field.FROM: "From",
    Field.MESSAGE_ID: "Message-ID",
    Field.SUBJECT: "Subject",
    Field.TO: "To",
    Field.MMS_VERSION: "X-Mms-MMS-Version",
    Field.TRANSACTION_ID: "X-Mms-Transaction-ID",
    Field.MM_STATE: "X-Mms-MM-State",
    Field.MM_FLAGS: "X-Mms-MM-Flags",
    Field.DRM_CONTENT: "X-Mms-DRM-Content",
    Field.REPLY_CHARGING_ID: "X-Mms-Reply-Charging-ID",
    Field.REPLACE_ID: "X-Mms-Replace-ID",
    Field.CANCEL_ID: "X-Mms-Cancel-ID",
    Field.APPLIC_ID: "X-Mms-Applic-ID",
    Field.REPLY_APPLIC_ID: "X-Mms-Reply-Applic-ID",
    Field.CONTENT: "Content",
    Field.ADDITIONAL_HEADERS: "Additional-headers",
}


class MessageType(IntEnum):
    """X-Mms-Message-Type, §7.3.30."""

    M_SEND_REQ = 128
    M_SEND_CONF = 129
    M_NOTIFICATION_IND = 130
    M_NOTIFYRESP_IND = 131
    M_RETRIEVE_CONF = 132
    M_ACKNOWLEDGE_IND = 133
    M_DELIVERY_IND = 134
    M_READ_REC_IND = 135
    M_READ_ORIG_IND = 136
    M_FORWARD_REQ = 137
    M_FORWARD_CONF = 138
    M_MBOX_STORE_REQ = 139
    M_MBOX_STORE_CONF = 140
    M_MBOX_VIEW_REQ = 141
    M_MBOX_VIEW_CONF = 142
    M_MBOX_UPLOAD_REQ = 143
    M_MBOX_UPLOAD_CONF = 144
    M_MBOX_DELETE_REQ = 145
    M_MBOX_DELETE_CONF = 146
    M_MBOX_DESCR = 147
    M_DELETE_REQ = 148
    M_DELETE_CONF = 149
    M_CANCEL_REQ = 150
    M_CANCEL_CONF = 151

    @property
    def pdu_name(self) -> str:
        """`M-Send.req`, `M-NotifyResp.ind`, ... as the spec writes it."""
        _, *words, kind = self.name.split("_")
        stem = "-".join(w.title() for w in words).replace("Notifyresp", "NotifyResp")
        return f"M-{stem}.{kind.lower()}"


def type_name(kind: int) -> str:
    """`M-Send.req` for a known X-Mms-Message-Type, `M-Unknown-0xNN` otherwise."""
    try:
        return MessageType(kind).pdu_name
    except ValueError:
        return f"M-Unknown-0x{kind:02X}"


class MessageClass(IntEnum):
    """X-Mms-Message-Class, §7.3.27 (a Token-text class is kept as str)."""

    PERSONAL = 128
    ADVERTISEMENT = 129
    INFORMATIONAL = 130
    AUTO = 131


class Priority(IntEnum):
    """X-Mms-Priority, §7.3.35."""

    LOW = 128
    NORMAL = 129
    HIGH = 130


class SenderVisibility(IntEnum):
    """X-Mms-Sender-Visibility, §7.3.52."""

    HIDE = 128
    SHOW = 129


class Status(IntEnum):
    """X-Mms-Status, §7.3.54: what the recipient did with a message."""

    EXPIRED = 128
    RETRIEVED = 129
    REJECTED = 130
    DEFERRED = 131
    UNRECOGNISED = 132
    INDETERMINATE = 133
    FORWARDED = 134
    UNREACHABLE = 135


class _Outcome(IntEnum):
    """A status octet whose class is its meaning: 0x80 ok, 0xC0-0xDF transient, 0xE0-0xFF
    permanent (OMA-TS-MMS-ENC §7.3: a client treats an unknown value as the generic failure
    of its class). An unknown value therefore still decodes to a member, `UNKNOWN_0xC5`,
    which keeps its own value on the wire and answers `.transient` / `.permanent`."""

    @classmethod
    def _missing_(cls, value: object) -> _Outcome | None:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 0xFF:
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_0x{value:02X}"
        member._value_ = value
        return member

    @property
    def ok(self) -> bool:
        return self == 128

    @property
    def transient(self) -> bool:
        """0xC0-0xDF: try again later (the spec treats unknown values by their class)."""
        return 0xC0 <= self <= 0xDF

    @property
    def permanent(self) -> bool:
        return not self.ok and not self.transient


class ResponseStatus(_Outcome):
    """X-Mms-Response-Status, §7.3. 0x81-0x88 are the obsolete MMS 1.0 codes."""

    OK = 0x80
    ERROR_UNSPECIFIED = 0x81
    ERROR_SERVICE_DENIED = 0x82
    ERROR_MESSAGE_FORMAT_CORRUPT = 0x83
    ERROR_SENDING_ADDRESS_UNRESOLVED = 0x84
    ERROR_MESSAGE_NOT_FOUND = 0x85
    ERROR_NETWORK_PROBLEM = 0x86
    ERROR_CONTENT_NOT_ACCEPTED = 0x87
    ERROR_UNSUPPORTED_MESSAGE = 0x88
    ERROR_TRANSIENT_FAILURE = 0xC0
    ERROR_TRANSIENT_SENDING_ADDRESS_UNRESOLVED = 0xC1
    ERROR_TRANSIENT_MESSAGE_NOT_FOUND = 0xC2
    ERROR_TRANSIENT_NETWORK_PROBLEM = 0xC3
    ERROR_TRANSIENT_PARTIAL_SUCCESS = 0xC4
    ERROR_PERMANENT_FAILURE = 0xE0
    ERROR_PERMANENT_SERVICE_DENIED = 0xE1
    ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT = 0xE2
    ERROR_PERMANENT_SENDING_ADDRESS_UNRESOLVED = 0xE3
    ERROR_PERMANENT_MESSAGE_NOT_FOUND = 0xE4
    ERROR_PERMANENT_CONTENT_NOT_ACCEPTED = 0xE5
    ERROR_PERMANENT_REPLY_CHARGING_LIMITATIONS_NOT_MET = 0xE6
    ERROR_PERMANENT_REPLY_CHARGING_REQUEST_NOT_ACCEPTED = 0xE7
    ERROR_PERMANENT_REPLY_CHARGING_FORWARDING_DENIED = 0xE8
    ERROR_PERMANENT_REPLY_CHARGING_NOT_SUPPORTED = 0xE9
    ERROR_PERMANENT_ADDRESS_HIDING_NOT_SUPPORTED = 0xEA
    ERROR_PERMANENT_LACK_OF_PREPAID = 0xEB


class RetrieveStatus(_Outcome):
    """X-Mms-Retrieve-Status, §7.3.50."""

    OK = 0x80
    ERROR_TRANSIENT_FAILURE = 0xC0
    ERROR_TRANSIENT_MESSAGE_NOT_FOUND = 0xC1
    ERROR_TRANSIENT_NETWORK_PROBLEM = 0xC2
    ERROR_PERMANENT_FAILURE = 0xE0
    ERROR_PERMANENT_SERVICE_DENIED = 0xE1
    ERROR_PERMANENT_MESSAGE_NOT_FOUND = 0xE2
    ERROR_PERMANENT_CONTENT_UNSUPPORTED = 0xE3


class StoreStatus(_Outcome):
    """X-Mms-Store-Status, §7.3 (MMBox, 1.2+)."""

    SUCCESS = 0x80
    ERROR_TRANSIENT_FAILURE = 0xC0
    ERROR_TRANSIENT_NETWORK_PROBLEM = 0xC1
    ERROR_PERMANENT_FAILURE = 0xE0
    ERROR_PERMANENT_SERVICE_DENIED = 0xE1
    ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT = 0xE2
    ERROR_PERMANENT_MESSAGE_NOT_FOUND = 0xE3
    ERROR_PERMANENT_MMBOX_FULL = 0xE4


class ReadStatus(IntEnum):
    """X-Mms-Read-Status, §7.3.38."""

    READ = 128
    DELETED_WITHOUT_BEING_READ = 129


class ReplyCharging(IntEnum):
    """X-Mms-Reply-Charging, §7.3.43."""

    REQUESTED = 128
    REQUESTED_TEXT_ONLY = 129
    ACCEPTED = 130
    ACCEPTED_TEXT_ONLY = 131


class MmState(IntEnum):
    """X-Mms-MM-State, §7.3 (MMBox, 1.2+)."""

    DRAFT = 128
    SENT = 129
    NEW = 130
    RETRIEVED = 131
    FORWARDED = 132


class MmFlagsToken(IntEnum):
    """The operation of an X-Mms-MM-Flags value, §7.3 (MMBox, 1.2+)."""

    ADD = 128
    REMOVE = 129
    FILTER = 130


class ContentClass(IntEnum):
    """X-Mms-Content-Class, §7.3.9."""

    TEXT = 128
    IMAGE_BASIC = 129
    IMAGE_RICH = 130
    VIDEO_BASIC = 131
    VIDEO_RICH = 132
    MEGAPIXEL = 133
    CONTENT_BASIC = 134
    CONTENT_RICH = 135


class RecommendedRetrievalMode(IntEnum):
    """X-Mms-Recommended-Retrieval-Mode, §7.3 (1.3)."""

    MANUAL = 128


class CancelStatus(IntEnum):
    """X-Mms-Cancel-Status, §7.3.7."""

    CANCEL_REQUEST_SUCCESSFULLY_RECEIVED = 128
    CANCEL_REQUEST_CORRUPTED = 129


# Tokens the spec writes other than as its first word capitalised and the rest joined by "-"
# (§7.3: "Error-permanent-service-denied", "Personal"): with spaces, in lower case, or
# abbreviated in capitals.
_TOKENS: dict[type[IntEnum], dict[int, str]] = {
    ContentClass: {
        ContentClass.TEXT: "text", ContentClass.IMAGE_BASIC: "image-basic",
        ContentClass.IMAGE_RICH: "image-rich", ContentClass.VIDEO_BASIC: "video-basic",
        ContentClass.VIDEO_RICH: "video-rich", ContentClass.MEGAPIXEL: "megapixel",
        ContentClass.CONTENT_BASIC: "content-basic", ContentClass.CONTENT_RICH: "content-rich",
    },
    ReadStatus: {ReadStatus.DELETED_WITHOUT_BEING_READ: "Deleted without being read"},
    ReplyCharging: {
        ReplyCharging.REQUESTED_TEXT_ONLY: "Requested text only",
        ReplyCharging.ACCEPTED_TEXT_ONLY: "Accepted text only",
    },
    StoreStatus: {StoreStatus.ERROR_PERMANENT_MMBOX_FULL: "Error-permanent-MMBOX-full"},
    MmFlagsToken: {
        MmFlagsToken.ADD: "Add-token", MmFlagsToken.REMOVE: "Remove-token",
        MmFlagsToken.FILTER: "Filter-token",
    },
    CancelStatus: {
        CancelStatus.CANCEL_REQUEST_SUCCESSFULLY_RECEIVED: "Cancel Request Successfully received",
        CancelStatus.CANCEL_REQUEST_CORRUPTED: "Cancel Request corrupted",
    },
}  # fmt: skip


def spec_token(value: IntEnum) -> str:
    """A token as OMA-TS-MMS-ENC §7.3 writes it: `Personal`, `Error-transient-failure`,
    `M-Send.req`, `image-basic`, `Deleted without being read`. A status value the tables do
    not name (kept by its class, see `_Outcome`) reads `Error-0xC5`."""
    if isinstance(value, MessageType):
        return value.pdu_name
    special = _TOKENS.get(type(value), {}).get(int(value))
    if special is not None:
        return special
    name = value.name
    if name.startswith("UNKNOWN_0x"):
        return f"Error-{name.removeprefix('UNKNOWN_')}"
    return name.capitalize().replace("_", "-")
