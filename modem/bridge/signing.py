"""Webhook signatures as the Standard Webhooks specification defines them (its "Signature
scheme" and "Webhook headers" sections).

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`: the event's id (the same on
every retry, so receivers drop duplicates), the attempt's Unix time in seconds (receivers
refuse stale ones, against replays), and the body bytes exactly as sent. The signature is
HMAC-SHA256 with the endpoint's secret, base64, as `v1,<signature>`; during a secret rotation
one signature per secret, space separated. Secrets are written `whsec_` + base64 of the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

__all__ = ["envelope_body", "sign", "signature_headers"]


def sign(key: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` signature."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    keys: tuple[bytes, ...], webhook_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three `webhook-*` headers of one attempt."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(k, webhook_id, timestamp, body) for k in keys),
    }


def envelope_body(envelope: dict[str, Any]) -> bytes:
    """The body bytes: compact JSON, UTF-8 (what is signed is what is sent)."""
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
