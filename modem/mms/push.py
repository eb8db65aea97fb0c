"""WAP push over SMS: the connectionless WSP Push PDU (WAP-230-WSP §8.2.4.1, WAP-251-PushMessage)
carried in SMS parts addressed to WDP port 2948 (WAP-259-WDP §6.5, TS 23.040 §9.2.3.24.4).

    TID(1) | PDU type (0x06 Push, 0x07 ConfirmedPush) | HeadersLen (uintvar) |
    Content-Type | Headers | Data (the MMS PDU)

Receiving: `push_from_sms(parts)` puts SMS-DELIVER parts back together, checks the port and
unwraps the push; `PushMessage.mms()` decodes the M-Notification.ind (or M-Delivery.ind, ...)
inside. The push content type arrives as the well-known code 0xBE or as the full text; both
work. Sending (the simulator's MMSC): `push_delivers(pdu, sender, timestamp)` wraps an MMS PDU in
a push and splits it into SMS-DELIVERs with port and concatenation IEs. `describe_push` gives a
JSON-ready summary for `modem pdu decode`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from modem.errors import MmsError, ModemError
from modem.mms.enums import type_name
from modem.mms.pdu import Pdu
from modem.mms.pdu_reader import decode_head, decode_pdu
from modem.mms.view import Described, pdu_lines, pdu_to_dict
from modem.mms.wsp import (
    GenericValue,
    decode_generic,
    decode_integer,
    decode_text_string,
    decode_uintvar,
    encode_generic,
    encode_integer,
    encode_text_string,
    encode_uintvar,
)
from modem.mms.wsp_content import ContentType, decode_content_type, encode_content_type
from modem.mms.wsp_types import HEADER_FIELD_CODES, HEADER_FIELDS, PUSH_APPLICATIONS
from modem.sms.address import Address
from modem.sms.pdu import Deliver, StatusReport, Submit
from modem.sms.reassembly import Reassembled
from modem.sms.segment import segment_data
from modem.sms.udh import Ports

__all__ = [
    "MMS_CONTENT_TYPE",
    "PUSH_PORT",
    "WSP_PORT",
    "PushMessage",
    "decode_push",
    "describe_push",
    "encode_push",
    "is_push_part",
    "push_delivers",
    "push_from_sms",
]

PUSH_PORT = 2948  # WAP-259-WDP Appendix B: WAP Push connectionless session service (client)
SECURE_PUSH_PORT = 2949
WSP_PORT = 9200  # WSP connectionless (the sender's port in every real MMS push)
MMS_CONTENT_TYPE = "application/vnd.wap.mms-message"
PUSH, CONFIRMED_PUSH = 0x06, 0x07
_PUSH_PORTS = (PUSH_PORT, SECURE_PUSH_PORT)
_APP_ID, _PUSH_FLAG, _CONTENT_LENGTH = 0x2F, 0x34, 0x0D


@dataclass(frozen=True, slots=True)
class PushMessage:
    """A decoded WSP push: its transaction id, type, content type, headers and body."""

    content_type: ContentType
    body: bytes
    transaction_id: int = 0
    pdu_type: int = PUSH
    headers: tuple[tuple[str, GenericValue], ...] = ()

    @property
    def application_id(self) -> str | int | None:
        """X-Wap-Application-Id as a URN (`x-wap-application:mms.ua`), or the code if unknown."""
        for name, value in self.headers:
            if name == "X-Wap-Application-Id":
                if isinstance(value, int):
                    return PUSH_APPLICATIONS.get(value, value)
                return value if isinstance(value, str) else value.hex()
        return None

    @property
    def is_mms(self) -> bool:
        return self.content_type.media_type.lower() == MMS_CONTENT_TYPE

    def mms(self, *, strict: bool = False) -> Pdu:
        """The MMS PDU inside (see `decode_pdu` for `strict`); MmsError if this push carries
        something else (SI, SL, OTA)."""
        if not self.is_mms:
            raise MmsError(f"WAP push carries {self.content_type.media_type}, not an MMS PDU")
        return decode_pdu(self.body, strict=strict)


def decode_push(data: bytes) -> PushMessage:
    """A connectionless push PDU. A push without the TID octet (some firmwares strip it, as
    AOSP's `config_valid_wappush_index` works around) is recognised by its type in octet 0."""
    data = bytes(data)
    if len(data) < 3:
        raise MmsError("WAP push shorter than 3 octets", 0)
    if data[1] in (PUSH, CONFIRMED_PUSH):
        tid, pos = data[0], 1
    elif data[0] in (PUSH, CONFIRMED_PUSH):
        tid, pos = 0, 0
    else:
        raise MmsError(f"not a WSP push: PDU type 0x{data[1]:02X}", 1)
    pdu_type = data[pos]
    try:
        length, start = decode_uintvar(data, pos + 1)
        end = start + length
        if end > len(data):
            raise MmsError(f"push headers claim {length} octets, {len(data) - start} left", pos + 1)
        content_type, p = decode_content_type(data, start)
        headers: list[tuple[str, GenericValue]] = []
        while p < end:
            name, value, p = _decode_push_header(data, p)
            headers.append((name, value))
    except IndexError:
        raise MmsError("WAP push headers end early", len(data)) from None
    if p != end:
        raise MmsError("push headers overrun their length", end)
    return PushMessage(content_type, data[end:], tid, pdu_type, tuple(headers))


def _decode_push_header(data: bytes, pos: int) -> tuple[str, GenericValue, int]:
    octet = data[pos]
    if octet < 0x80:  # Application-header: Token-text Text-string
        name, p = decode_text_string(data, pos)
        text, p = decode_text_string(data, p)
        return name, text, p
    code = octet & 0x7F
    name = HEADER_FIELDS.get(code, f"0x{code:02X}")
    if code in (_APP_ID, _CONTENT_LENGTH) and (data[pos + 1] >= 0x80 or data[pos + 1] <= 30):
        number, p = decode_integer(data, pos + 1)
        return name, number, p
    value, p = decode_generic(data, pos + 1)
    return name, value, p


def encode_push(
    body: bytes,
    *,
    transaction_id: int = 0,
    content_type: ContentType | str = MMS_CONTENT_TYPE,
    application_id: int | str | None = 0x04,
    headers: Sequence[tuple[str, GenericValue]] = (),
) -> bytes:
    """A connectionless push of `body` (by default an MMS PDU for `mms.ua`, app id 0x04)."""
    fields = [encode_content_type(content_type)]
    if application_id is not None:
        app = (
            encode_integer(application_id)
            if isinstance(application_id, int)
            else encode_text_string(application_id)
        )
        fields.append(bytes((0x80 | _APP_ID,)) + app)
    for name, value in headers:
        code = HEADER_FIELD_CODES.get(name.lower())
        if code is None:
            fields.append(encode_text_string(name) + encode_text_string(str(value)))
        else:
            fields.append(bytes((0x80 | code,)) + encode_generic(value))
    head = b"".join(fields)
    return bytes((transaction_id & 0xFF, PUSH)) + encode_uintvar(len(head)) + head + body


# --- SMS transport ----------------------------------------------------------------------------


def is_push_part(part: Deliver | Submit | StatusReport) -> bool:
    """Whether an SMS part carries WDP datagram for the push port (16-bit 2948/2949), or for an
    8-bit port with a push PDU in it (the 8-bit WDP addressing form)."""
    ports = part.ports
    if ports is None:
        return False
    if ports.bits == 16:
        return ports.destination in _PUSH_PORTS
    concat = part.concat
    if concat is not None and concat.sequence != 1:
        return True  # only the first part shows the push header; trust the port IE
    return len(part.data) >= 2 and part.data[1] in (PUSH, CONFIRMED_PUSH)


def push_from_sms(parts: Reassembled | Sequence[Deliver] | Deliver) -> PushMessage:
    """The push carried by SMS parts (any order; duplicates ignored) or a `Reassembled`."""
    if isinstance(parts, Reassembled):
        if not parts.complete:
            raise MmsError(f"WAP push is missing SMS parts {list(parts.missing)}")
        return decode_push(parts.data)
    if isinstance(parts, Deliver):
        parts = (parts,)
    if not parts:
        raise MmsError("no SMS parts")
    by_seq: dict[int, Deliver] = {}
    first = parts[0]
    key = (first.sender, first.concat and (first.concat.reference, first.concat.total))
    total = first.concat.total if first.concat else 1
    for part in parts:
        if not is_push_part(part):
            raise MmsError("SMS part is not addressed to the WAP push port 2948")
        concat = part.concat
        if (part.sender, concat and (concat.reference, concat.total)) != key:
            raise MmsError("SMS parts of different messages (sender or concatenation differ)")
        by_seq.setdefault(concat.sequence if concat else 1, part)
    missing = [n for n in range(1, total + 1) if n not in by_seq]
    if missing:
        raise MmsError(f"WAP push is missing SMS parts {missing} of {total}")
    return decode_push(b"".join(by_seq[n].data for n in range(1, total + 1)))


def push_delivers(
    pdu: bytes | Pdu,
    *,
    sender: str | Address,
    timestamp: datetime,
    reference: int = 0,
    transaction_id: int = 0,
    concat_bits: int = 8,
    smsc: Address | None = None,
) -> list[Deliver]:
    """SMS-DELIVERs carrying `pdu` (an M-Notification.ind or M-Delivery.ind, encoded or not)
    as a WAP push from port 9200 to 2948, as an MMSC's push proxy would send them."""
    data = pdu if isinstance(pdu, bytes | bytearray) else pdu.encode()
    push = encode_push(bytes(data), transaction_id=transaction_id)
    origin = sender if isinstance(sender, Address) else Address.parse(sender)
    ports = Ports(PUSH_PORT, WSP_PORT, 16)
    try:
        segments = segment_data(push, reference=reference, concat_bits=concat_bits, ports=ports)
    except ModemError as exc:
        raise MmsError(f"cannot split the push into SMS: {exc}") from None
    return [
        Deliver(origin, timestamp, data=s.data, dcs=s.dcs, udh=s.udh, smsc=smsc) for s in segments
    ]


def describe_push(
    item: Deliver | Submit | StatusReport | Reassembled | bytes,
) -> Described | None:
    """A summary of a WAP push, or None when `item` is not one: a JSON-ready dict whose str()
    is readable text (see `view.Described`), for `modem pdu decode`. Any TPDU with ports will
    do: a SUBMIT to the push port (a phone's stored outgoing push) reads like a DELIVER.

    For a complete push: its headers and the decoded MMS PDU (or the error that stopped
    decoding). For the first SMS part of a longer push: the headers that part holds, marked
    incomplete (the Content-Location usually ends in the next part); for a later part, which
    part it is."""
    if isinstance(item, Deliver | Submit | StatusReport):
        if not is_push_part(item):
            return None
        concat, ports = item.concat, item.ports
        summary: dict[str, Any] = {"wap_push": True}
        if ports is not None:
            summary["ports"] = [ports.destination, ports.source]
        if concat is not None and concat.total > 1:
            summary.update(part=concat.sequence, of=concat.total, complete=False)
            head = f"part {concat.sequence} of {concat.total} of a WAP push"
            if concat.sequence != 1:
                return Described(summary, [f"{head}: the rest of the push PDU, see part 1"])
            return _describe(item.data, summary, head, partial=True)
        data = item.data
    elif isinstance(item, Reassembled):
        ports = item.ports
        if ports is None or (ports.bits == 16 and ports.destination not in _PUSH_PORTS):
            return None
        if not item.complete:
            summary = {"wap_push": True, "complete": False, "missing": list(item.missing)}
            return Described(summary, [f"incomplete WAP push: parts {item.missing} missing"])
        summary, data = {"wap_push": True}, item.data
    elif isinstance(item, bytes | bytearray | memoryview):
        summary, data = {"wap_push": True}, bytes(item)
        if len(data) < 2 or (PUSH not in (data[0], data[1]) and CONFIRMED_PUSH not in data[:2]):
            return None
    else:
        return None
    return _describe(data, summary, "WAP push", partial=False)


def _describe(data: bytes, summary: dict[str, Any], head: str, *, partial: bool) -> Described:
    try:
        push = decode_push(data)
    except MmsError as exc:
        summary["error"] = str(exc)
        return Described(summary, [f"{head}: {exc}"])
    summary.update(
        transaction_id=push.transaction_id,
        content_type=str(push.content_type),
        application_id=push.application_id,
        headers={name: _plain(value) for name, value in push.headers},
    )
    target = f" for {push.application_id}" if push.application_id is not None else ""
    lines = [f"{head}: {push.content_type.media_type}{target}"]
    if not push.is_mms:
        summary["body"] = push.body.hex()
        return Described(summary, [*lines, f"  {len(push.body)} octets, not an MMS PDU"])
    try:
        pdu = push.mms() if not partial else _leading_headers(push.body)
    except MmsError as exc:
        summary["error"] = str(exc)
        return Described(summary, [*lines, f"  MMS PDU: {exc}"])
    summary["mms"] = pdu_to_dict(pdu)
    kind = type_name(pdu.message_type)
    lines.append(f"  {kind}, the headers in this part:" if partial else f"  {kind}")
    lines += [f"    {line}" for line in pdu_lines(pdu, skip_type=True)]
    lines += [f"    warning: {warning}" for warning in pdu.warnings]
    return Described(summary, lines)


def _leading_headers(body: bytes) -> Pdu:
    """The MMS headers that fit whole in the first SMS part of a push: the longest prefix that
    decodes, which ends where the part cuts a header (every MMS value is bounded by a length,
    a NUL or its single octet, so a cut header never decodes)."""
    try:
        return decode_head(body)
    except MmsError as exc:
        error = exc
    for end in range(min(error.offset or 0, len(body)), 2, -1):
        with contextlib.suppress(MmsError):
            return decode_head(body[:end])
    raise error


def _plain(value: GenericValue) -> str | int:
    return value.hex() if isinstance(value, bytes) else value
