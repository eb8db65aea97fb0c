"""What every MMS PDU class shares (OMA-TS-MMS-ENC-V1_3 §7): fields are header values,
named after their header (`sender` is From), in the order of the spec's tables.

`PduBase.encode()` writes X-Mms-Message-Type, X-Mms-Transaction-ID and X-Mms-MMS-Version first,
the fields in declaration order, the kept unknown headers (`extra`), and for PDUs with a body
Content-Type last, then the body (§7 puts Content-Type after every other header). A PDU
missing a field its table marks mandatory is refused, so nothing non-conformant goes out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from modem.errors import MmsError
from modem.mms.body import Part, encode_multipart
from modem.mms.enums import Field, MessageType
from modem.mms.headers import MULTI_VALUED, HeaderKey, encode_header
from modem.mms.wsp_content import ContentType

__all__ = ["DEFAULT_VERSION", "SPECIAL", "Extra", "PduBase", "PduWithBody", "Time", "field_of"]

Time = datetime | timedelta
Extra = tuple[tuple[HeaderKey, Any], ...]
SPECIAL = frozenset(
    {"transaction_id", "mms_version", "extra", "parts", "content_type", "kind", "fields",
     "warnings"}
)  # fmt: skip
_ATTR_FIELD = {"sender": Field.FROM}
DEFAULT_VERSION = "1.2"
"""Version written by default: 1.2, what Android writes (AOSP PduHeaders.CURRENT_MMS_VERSION),
so what MMSCs are used to; pass mms_version="1.3" for 1.3-only fields."""


def field_of(attr: str) -> Field:
    """The header a dataclass field stands for: `message_size` -> X-Mms-Message-Size."""
    return _ATTR_FIELD.get(attr) or Field[attr.upper()]


@dataclass(frozen=True, kw_only=True)
class PduBase:
    """Fields and encoding common to every PDU; subclasses declare their header fields."""

    MESSAGE_TYPE: ClassVar[MessageType]
    MANDATORY: ClassVar[tuple[str, ...]] = ()
    HAS_BODY: ClassVar[bool] = False

    transaction_id: str | None = None
    mms_version: str | None = DEFAULT_VERSION  # None: a decoded PDU without the header
    extra: Extra = ()
    # What a lenient decode found odd (see modem.mms.pdu_reader.decode_pdu); not part of the value.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if f.name in SPECIAL:
                continue
            value = getattr(self, f.name)
            if field_of(f.name) in MULTI_VALUED and not isinstance(value, tuple):
                value = () if value is None else (value,) if isinstance(value, str) else value
                object.__setattr__(self, f.name, tuple(value))

    @property
    def message_type(self) -> MessageType:
        return self.MESSAGE_TYPE

    def missing(self) -> list[str]:
        """Mandatory fields (§6 tables) that are not set; X-Mms-MMS-Version is in every table."""
        absent = [name for name in self.MANDATORY if getattr(self, name) in (None, ())]
        return absent + (["mms_version"] if self.mms_version is None else [])

    def headers(self) -> list[tuple[HeaderKey, Any]]:
        """The headers in wire order, Content-Type included (last)."""
        out: list[tuple[HeaderKey, Any]] = [(Field.MESSAGE_TYPE, self.message_type)]
        if self.transaction_id is not None:
            out.append((Field.TRANSACTION_ID, self.transaction_id))
        if self.mms_version is not None:
            out.append((Field.MMS_VERSION, self.mms_version))
        for f in dataclasses.fields(self):
            if f.name in SPECIAL:
                continue
            value = getattr(self, f.name)
            key = field_of(f.name)
            if key in MULTI_VALUED:
                out += [(key, v) for v in value]
            elif value is not None:
                out.append((key, value))
        out += self.extra
        if self.HAS_BODY:
            content_type = self.body_content_type()
            if content_type is not None:
                out.append((Field.CONTENT_TYPE, content_type))
        return out

    def body_content_type(self) -> ContentType | None:
        return None

    def encode(self) -> bytes:
        """The PDU on the wire. Raises MmsError naming missing mandatory fields."""
        missing = self.missing()
        if missing:
            name = self.message_type.pdu_name
            raise MmsError(f"{name} needs {', '.join(missing)}")
        head = b"".join(encode_header(key, value) for key, value in self.headers())
        return head + self._body()

    def _body(self) -> bytes:
        return b""


@dataclass(frozen=True, kw_only=True)
class PduWithBody(PduBase):
    """A PDU that carries a message body: M-Send.req, M-Retrieve.conf and the MMBox ones."""

    HAS_BODY: ClassVar[bool] = True
    content_type: ContentType | None = None
    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.content_type is None and self.parts:  # so decode(encode(pdu)) == pdu
            object.__setattr__(self, "content_type", self.body_content_type())

    def body_content_type(self) -> ContentType | None:
        """The Content-Type written: the one given, else multipart.related with the SMIL as
        its root (start and type, §7.3.11) when there is a SMIL part, else multipart.mixed."""
        if self.content_type is not None:
            return self.content_type
        if not self.parts:
            return None
        smil = next((p for p in self.parts if p.media_type == "application/smil"), None)
        if smil is None:
            return ContentType("application/vnd.wap.multipart.mixed")
        params: list[tuple[str, str]] = []
        if smil.content_id:
            params.append(("start", smil.content_id))
        params.append(("type", "application/smil"))
        return ContentType("application/vnd.wap.multipart.related", tuple(params))

    def _body(self) -> bytes:
        content_type = self.body_content_type()
        if content_type is None:
            return b""
        if content_type.is_multipart:
            return encode_multipart(self.parts)
        return b"".join(p.data for p in self.parts)

    def missing(self) -> list[str]:
        return super().missing() + ([] if self.body_content_type() else ["content_type"])

    @property
    def text(self) -> str:
        """All text/plain parts joined by newlines: what a phone would show."""
        return "\n".join(p.text for p in self.parts if p.media_type == "text/plain")

    @property
    def smil(self) -> Part | None:
        return next((p for p in self.parts if p.media_type == "application/smil"), None)
