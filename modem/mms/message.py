"""`MmsMessage`: an MMS as a user thinks of it (recipients, subject, text, files), and the
M-Send.req that carries it (OMA-TS-MMS-ENC-V1_3 §6.1, OMA-TS-MMS-CONF §8 for SMIL).

    msg = MmsMessage.build("+4712345678", text="Hi", subject="Photo")
    msg = msg.add_file(jpeg_bytes, "cat.jpg")
    pdu_bytes = msg.encode(transaction_id="T1", limit=300 * 1024)

Parts get a Content-ID and a Content-Location (SMIL refers to them by location); a SMIL part is
generated when the message has none (one slide per image with its text), or taken as given. The
size is checked against a carrier limit: Android's default is 300 KiB
(`KEY_MMS_MAX_MESSAGE_SIZE_INT`), many US carriers take about 1 MB. Too large raises
`MmsTooLarge`, saying by how much.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from modem.errors import MmsError, MmsTooLarge
from modem.mms.body import Part
from modem.mms.enums import MessageClass, Priority
from modem.mms.headers import INSERT_ADDRESS
from modem.mms.pdu import RetrieveConf, SendReq
from modem.mms.pdu_base import DEFAULT_VERSION
from modem.mms.smil import generate_smil
from modem.mms.wsp_content import ContentType

__all__ = [
    "DEFAULT_LIMIT",
    "MmsMessage",
    "check_size",
    "guess_content_type",
    "new_transaction_id",
    "phone_address",
    "plain_address",
]

DEFAULT_LIMIT = 300 * 1024
"""Android's default carrier limit (CarrierConfigManager KEY_MMS_MAX_MESSAGE_SIZE_INT)."""

_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".bmp": "image/bmp", ".wbmp": "image/vnd.wap.wbmp", ".webp": "image/webp",
    ".heic": "image/heic", ".amr": "audio/amr", ".awb": "audio/amr-wb", ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg", ".wav": "audio/wav",
    ".mid": "audio/midi", ".midi": "audio/midi", ".3gp": "video/3gpp", ".3g2": "video/3gpp2",
    ".mp4": "video/mp4", ".txt": "text/plain", ".vcf": "text/x-vCard", ".vcs": "text/x-vCalendar",
    ".smil": "application/smil", ".smi": "application/smil", ".pdf": "application/pdf",
}  # fmt: skip
_PLMN = re.compile(r"^\+?[0-9*#]+$")


def guess_content_type(filename: str) -> str:
    """The media type for a file name, from the types phones send in MMS."""
    return _TYPES.get(posixpath.splitext(filename.lower())[1], "application/octet-stream")


def phone_address(address: str) -> str:
    """An address as MMS writes it (ENC §8): `+4712345678` -> `+4712345678/TYPE=PLMN`; e-mail
    addresses and already typed ones unchanged."""
    cleaned = re.sub(r"[\s().-]", "", address)
    if _PLMN.match(cleaned):
        return cleaned + "/TYPE=PLMN"
    return address


def plain_address(address: str) -> str:
    """The address without its `/TYPE=...` suffix, as a user would write it."""
    head, sep, tail = address.rpartition("/TYPE=")
    return head if sep and tail.isalnum() else address


def _location(name: str) -> str:
    """A Content-Location (and Content-ID) for a file name: ASCII letters, digits, `.`, `_`
    and `-` only. The header carries no charset and SMIL names the part by it as a URI, so
    `Bilde på hytta.jpg` becomes `Bilde_p__hytta.jpg`; the name parameter keeps the original."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return safe or "file"


def new_transaction_id() -> str:
    """A fresh X-Mms-Transaction-ID: unique per transaction (not python-messaging's "1234")."""
    return secrets.token_hex(8)


def check_size(size: int | bytes, limit: int = DEFAULT_LIMIT) -> None:
    """Raise MmsTooLarge when `size` (octets, or the encoded PDU) exceeds `limit`."""
    size = len(size) if isinstance(size, bytes | bytearray) else size
    if size > limit:
        raise MmsTooLarge(size, limit)


@dataclass(frozen=True)
class MmsMessage:
    """An MMS to send or one received: addresses, subject, media parts, optional SMIL."""

    to: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    subject: str | None = None
    sender: str = INSERT_ADDRESS
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    smil: str | None = None
    """Explicit SMIL; None generates one unless a part is already application/smil."""
    date: datetime | None = None
    expiry: datetime | timedelta | None = None
    delivery_report: bool | None = None
    read_report: bool | None = None
    priority: Priority | None = None
    message_class: MessageClass | None = MessageClass.PERSONAL

    def __post_init__(self) -> None:
        for name in ("to", "cc", "bcc"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(phone_address(a) for a in value))

    @classmethod
    def build(
        cls,
        to: str | tuple[str, ...] | list[str],
        *,
        text: str | None = None,
        attachments: tuple[tuple[bytes, str], ...] | list[tuple[bytes, str]] = (),
        **options: Any,
    ) -> MmsMessage:
        """A message to `to` with an optional text and (data, filename) attachments."""
        message = cls(to=tuple([to] if isinstance(to, str) else to), **options)
        if text:
            message = message.add_text(text)
        for data, filename in attachments:
            message = message.add_file(data, filename)
        return message

    def _unique(self, name: str) -> str:
        taken = {p.content_location for p in self.parts}
        stem, ext = posixpath.splitext(name)
        candidate, n = name, 1
        while candidate in taken:
            candidate, n = f"{stem}_{n}{ext}", n + 1
        return candidate

    def add_text(self, text: str) -> MmsMessage:
        location = self._unique(f"text_{len(self.parts)}.txt")
        part = Part.from_text(text, content_location=location, content_id=f"<{location}>")
        return dataclasses.replace(self, parts=(*self.parts, part))

    def add_file(self, data: bytes, filename: str, content_type: str | None = None) -> MmsMessage:
        """An image, audio, video (or any) file; the type is guessed from its name if not given."""
        name = posixpath.basename(filename.replace("\\", "/")) or "file"
        location = self._unique(_location(name))
        media = content_type or guess_content_type(name)
        params: tuple[tuple[str, str], ...] = (("name", name),)
        if media.startswith("text/"):
            params = (("charset", "utf-8"), *params)
        part = Part(ContentType(media, params), bytes(data), f"<{location}>", location)
        return dataclasses.replace(self, parts=(*self.parts, part))

    add_image = add_audio = add_video = add_file

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.parts if p.media_type == "text/plain")

    @property
    def attachments(self) -> tuple[Part, ...]:
        """Parts that are neither text nor the SMIL."""
        return tuple(p for p in self.parts if not p.is_text)

    def body_parts(self) -> tuple[Part, ...]:
        """The parts as sent: the SMIL first (it is the root of multipart.related)."""
        if any(p.media_type == "application/smil" for p in self.parts):
            smil = [p for p in self.parts if p.media_type == "application/smil"]
            return (*smil, *(p for p in self.parts if p.media_type != "application/smil"))
        if not self.parts:
            return ()
        source = self.smil if self.smil is not None else generate_smil(self.parts)
        smil_part = Part(
            ContentType("application/smil", (("charset", "utf-8"),)),
            source.encode("utf-8"),
            content_id="<smil>",
            content_location="smil.xml",
        )
        return (smil_part, *self.parts)

    def to_send_req(self, transaction_id: str, *, version: str = DEFAULT_VERSION) -> SendReq:
        if not (self.to or self.cc or self.bcc):
            raise MmsError("an MMS needs at least one recipient")
        return SendReq(
            transaction_id=transaction_id,
            mms_version=version,
            date=self.date,
            sender=self.sender,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            subject=self.subject,
            message_class=self.message_class,
            expiry=self.expiry,
            priority=self.priority,
            delivery_report=self.delivery_report,
            read_report=self.read_report,
            parts=self.body_parts(),
        )

    def encode(self, transaction_id: str | None = None, *, limit: int | None = DEFAULT_LIMIT,
               version: str = DEFAULT_VERSION) -> bytes:  # fmt: skip
        """The M-Send.req bytes; MmsTooLarge if they exceed `limit` (None: no check)."""
        data = self.to_send_req(transaction_id or new_transaction_id(), version=version).encode()
        if limit is not None:
            check_size(data, limit)
        return data

    @classmethod
    def from_pdu(cls, pdu: SendReq | RetrieveConf) -> MmsMessage:
        """The message inside a received M-Retrieve.conf (or a decoded M-Send.req)."""
        smil = pdu.smil
        return cls(
            to=pdu.to,
            cc=pdu.cc,
            bcc=getattr(pdu, "bcc", ()),
            parts=tuple(p for p in pdu.parts if p is not smil),
            subject=pdu.subject,
            sender=pdu.sender or "",
            smil=None if smil is None else smil.text,
            date=pdu.date,
            expiry=getattr(pdu, "expiry", None),
            delivery_report=pdu.delivery_report,
            read_report=pdu.read_report,
            priority=pdu.priority if isinstance(pdu.priority, Priority) else None,
            message_class=pdu.message_class
            if isinstance(pdu.message_class, MessageClass)
            else None,
        )
