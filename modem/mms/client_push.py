"""What a WAP push on port 2948 carries when it is not an MMS notification.

The same port brings Service Indications and Service Loading (WAP-167, WAP-168), OMA Client
Provisioning (connectivity documents), OMA DM and DS notifications, and DRM rights. They are
recognised by their content type (or, failing that, their X-Wap-Application-Id) and reported
as `OtherPush` items (`"type": "wap.push"`), never handed to the MMS client as a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from modem.mms.push import PushMessage
from modem.vocabulary import ItemType, iso

__all__ = ["OtherPush", "push_kind"]

_BY_TYPE = {
    "application/vnd.wap.sic": "si",
    "text/vnd.wap.si": "si",
    "application/vnd.wap.slc": "sl",
    "text/vnd.wap.sl": "sl",
    "application/vnd.wap.connectivity-wbxml": "provisioning",
    "text/vnd.wap.connectivity-xml": "provisioning",
    "application/vnd.syncml.notification": "device_management",
    "application/vnd.syncml.dm+wbxml": "device_management",
    "application/vnd.syncml.dm+xml": "device_management",
    "application/vnd.syncml.ds.notification": "data_sync",
    "application/vnd.oma.drm.rights+xml": "drm",
    "application/vnd.oma.drm.rights+wbxml": "drm",
    "application/vnd.oma.drm.roap-trigger+xml": "drm",
    "application/vnd.oma.drm.roap-trigger+wbxml": "drm",
    "application/vnd.wap.mms-message": "mms",
}
_BY_APPLICATION = {
    "x-wap-application:push.sia": "si",
    "x-wap-application:wml.ua": "si",
    "x-wap-application:syncml.dm": "device_management",
    "x-wap-application:push.syncml": "data_sync",
    "x-wap-application:drm.ua": "drm",
    "x-wap-application:mms.ua": "mms",
}


def push_kind(push: PushMessage) -> str:
    """ "mms", "si", "sl", "provisioning", "device_management", "data_sync", "drm" or
    "other"."""
    kind = _BY_TYPE.get(push.content_type.media_type.lower())
    if kind is None:
        app = push.application_id
        kind = _BY_APPLICATION.get(app.lower(), "other") if isinstance(app, str) else "other"
    return kind


@dataclass(frozen=True, slots=True)
class OtherPush:
    """A push that is not for the MMS client."""

    kind: str
    content_type: str
    application_id: str | int | None
    body: bytes
    modem_id: str
    received_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "type": ItemType.PUSH.value,
            "kind": self.kind,
            "content_type": self.content_type,
            "application_id": self.application_id,
            "body": self.body.hex(),
            "modem_id": self.modem_id,
            "received_at": iso(self.received_at),
        }
