"""The MMSC as one modem sees it: a bearer, the carrier's settings and the line's own number.

`MmscHttp.get(url)` and `post(pdu)` send the carrier's headers (User-Agent, UAProf, extras
such as X-MDN), go through the MMS proxy when the carrier has one, enforce the size limits,
and turn any HTTP status but 2xx into a `BearerError` of kind http_status whose message says
what the status usually means at an MMSC. Bodies are `application/vnd.wap.mms-message`
(OMA-TS-MMS-ENC §5, the MIME type of every MMS PDU over HTTP).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from modem.bearer.base import Bearer, HttpRequest, HttpResponse, Limits
from modem.bearer.carriers import CarrierSettings
from modem.errors import BearerError, MmsTooLarge

__all__ = ["MMS_MEDIA_TYPE", "MmscHttp"]

log = logging.getLogger("modem.bearer")

MMS_MEDIA_TYPE = "application/vnd.wap.mms-message"

_HINTS = {
    401: "the proxy wants credentials",
    403: "the MMSC refuses this line (MMS not provisioned on the SIM?)",
    404: "no message there: it expired or was already fetched",
    407: "the proxy wants credentials",
    412: "the proxy refuses the request headers; AT&T answers this to a missing User-Agent",
    413: "the message is larger than the MMSC accepts",
}


class MmscHttp:
    """HTTP to one carrier's MMSC over one bearer, on behalf of one line (`own_number`)."""

    def __init__(
        self,
        bearer: Bearer,
        carrier: CarrierSettings,
        *,
        own_number: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        if not carrier.mmsc:
            raise ValueError(f"carrier {carrier.name!r} has no MMSC URL")
        self.bearer = bearer
        self.carrier = carrier
        self.own_number = own_number
        self.limits = limits or Limits()

    @property
    def url(self) -> str:
        assert self.carrier.mmsc is not None
        return self.carrier.mmsc

    async def get(self, url: str, *, max_body: int | None = None) -> bytes:
        """The body at `url` (a notification's Content-Location)."""
        limits = self.limits if max_body is None else replace(self.limits, max_body=max_body)
        request = HttpRequest("GET", url, tuple(self.carrier.request_headers(self.own_number)))
        return _body(await self._send(request, limits))

    async def post(self, pdu: bytes, *, url: str | None = None) -> bytes:
        """POST an MMS PDU to the MMSC (or `url`); the answer's body. An M-Send.req larger
        than the carrier's `max_size` is refused before anything is sent (MmsTooLarge)."""
        if len(pdu) > self.carrier.max_size:
            raise MmsTooLarge(len(pdu), self.carrier.max_size)
        headers = (*self.carrier.request_headers(self.own_number), ("Content-Type", MMS_MEDIA_TYPE))
        request = HttpRequest("POST", url or self.url, headers, pdu)
        return _body(await self._send(request, self.limits))

    async def _send(self, request: HttpRequest, limits: Limits) -> HttpResponse:
        log.debug("%s %s over %s", request.method, request.url, self.bearer.kind)
        return await self.bearer.exchange(request, proxy=self.carrier.proxy, limits=limits)


def _body(response: HttpResponse) -> bytes:
    if response.ok:
        return response.body
    hint = _HINTS.get(response.status) or (
        "the MMSC has trouble; try again later" if response.status >= 500 else ""
    )
    words = f"{response.status} {response.reason}".strip()
    raise BearerError(
        "http_status",
        f"the MMSC answered {words}" + (f": {hint}" if hint else ""),
        status=response.status,
        request_sent=True,
    )
