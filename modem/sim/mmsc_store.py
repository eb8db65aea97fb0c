"""What the simulated MMSC holds: messages, each recipient's copy, and the requests it saw.

A message accepted from an M-Send.req gets a Message-ID; each recipient gets a copy with its
own transaction id and location (`/mms/<location>`), a state that follows the recipient's
answers (notified, retrieved, rejected, deferred, expired), and a deadline after which the
location answers 404 (OMA MMS CTR: the MMSC drops a message at its expiry).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from modem.mms.pdu import RetrieveConf, SendReq

__all__ = ["Copy", "SeenRequest", "StoredMms"]


@dataclass
class StoredMms:
    """One accepted message: the request as sent, its sender, and a copy per recipient."""

    message_id: str
    request: SendReq
    sender: str
    received_at: datetime
    stored: RetrieveConf
    copies: list[Copy] = field(default_factory=list)

    @property
    def delivery_report(self) -> bool:
        return bool(self.request.delivery_report)

    @property
    def read_report(self) -> bool:
        return bool(self.request.read_report)


@dataclass
class Copy:
    """One recipient's copy. `state`: notified, retrieved, deferred, rejected, unreachable."""

    message: StoredMms
    recipient: str
    location: str
    transaction_id: str
    expires_at: datetime
    state: str = "notified"
    fetches: int = 0

    @staticmethod
    def new_location() -> str:
        return secrets.token_hex(8)


@dataclass(frozen=True)
class SeenRequest:
    """A request as the MMSC saw it: `target` is the request line's target as sent (the
    absolute URL when it came through a proxy), `pdu` the decoded MMS PDU of a POST."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    peer: str | None
    pdu: Any = None

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)
