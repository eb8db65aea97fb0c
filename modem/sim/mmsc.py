"""A simulated MMSC over HTTP on 127.0.0.1 (aiohttp), for the MMS client and its tests.

It accepts M-Send.req (POST to `/mms`), keeps the message, and pushes an M-Notification.ind by
SMS to each recipient that is a simulated modem: a WAP push through the simulated network's
SMSC, split over several SMS when it is long (`modem.mms.push.push_delivers`). It serves
M-Retrieve.conf at the content location (GET `/mms/<location>`), takes M-NotifyResp.ind and
M-Acknowledge.ind, and sends M-Delivery.ind back to the sender when the sender asked for one
(and M-Read-Orig.ind for an M-Read-Rec.ind). It answers requests in origin form and in absolute
form alike, so it also stands for the carrier's MMS proxy.

Who sent a message: as a real network knows a PDP context's address, the MMSC knows a line
by the address its request comes from (`add_line(ip, number)`; in a `SimNetwork` each modem's
data connection is 127.0.0.<2+index>, see `address_of`), else by an X-MDN or X-MSISDN header,
else by a From that is not the insert-address token. A sender it cannot place gets
X-Mms-Response-Status 0xE3 (sending address unresolved).

The faults of `MmscFaults` are applied as requests come and counted down.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from modem.errors import MmsError, ModemError
from modem.mms.body import Part
from modem.mms.enums import ResponseStatus, RetrieveStatus, Status
from modem.mms.headers import INSERT_ADDRESS
from modem.mms.mmsc import confirm, delivery_report, notification_for, retrieve_conf_for
from modem.mms.pdu import (
    AcknowledgeInd,
    NotifyRespInd,
    ReadOrigInd,
    ReadRecInd,
    RetrieveConf,
    SendReq,
    decode_pdu,
)
from modem.mms.push import push_delivers
from modem.sim.mmsc_config import MmscFaults, MmscSpec
from modem.sim.mmsc_http import close, lying, mms_response, slowly
from modem.sim.mmsc_store import Copy, SeenRequest, StoredMms

__all__ = ["SimMmsc", "start_for_network"]

log = logging.getLogger("modem.sim.mmsc")
_LINE_HEADERS = ("X-MDN", "X-MSISDN")


class SimMmsc:
    """The simulated MMSC. `network` is the simulated network's Smsc (None: pushes are only
    recorded in `pushes`); `clock` gives aware datetimes."""

    def __init__(
        self,
        spec: MmscSpec | None = None,
        *,
        network: Any = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.spec = spec or MmscSpec()
        self.network = network
        self.clock = clock or (lambda: datetime.now(UTC))
        self.messages: dict[str, StoredMms] = {}
        self.copies: dict[str, Copy] = {}
        self.requests: list[SeenRequest] = []
        self.pushes: list[tuple[str, Any]] = []  # (number, PDU) for every push sent
        self.lines: dict[str, str] = {}
        self.url = ""
        self._faults = self.spec.faults
        self._left: dict[str, Any] = {}
        self.faults = self.spec.faults
        self._runner: web.AppRunner | None = None
        self._push_ref = secrets.randbelow(1 << 16)

    # --- life -------------------------------------------------------------------------------

    async def start(self, sock: socket.socket | None = None) -> str:
        """Listen (on `sock` if given: e.g. one made inside a network namespace); the URL."""
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        if sock is not None:
            site: web.BaseSite = web.SockSite(self._runner, sock)
        else:
            site = web.TCPSite(self._runner, self.spec.host, self.spec.port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        public = self.spec.public_host or (f"[{host}]" if ":" in host else host)
        self.url = f"http://{public}:{port}{self.spec.path}"
        log.info("simulated MMSC at %s", self.url)
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SimMmsc:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- what tests look at and do ------------------------------------------------------------

    @property
    def faults(self) -> MmscFaults:
        return self._faults

    @faults.setter
    def faults(self, faults: MmscFaults) -> None:
        self._faults = faults
        self._left = {f.name: getattr(faults, f.name) for f in dataclasses.fields(faults)}
        for key in ("send_status", "retrieve_status"):
            self._left[key] = list(self._left[key])

    def add_line(self, address: str, number: str) -> None:
        """Requests from `address` come from the line `number`."""
        self.lines[address] = number

    def address_of(self, number: str) -> str | None:
        digits = _digits(number)
        return next((ip for ip, n in self.lines.items() if _digits(n) == digits), None)

    def expire(self, message_id: str | None = None) -> None:
        """Drop a message (every message when None) as its expiry would: 404 from now on."""
        for copy in self.copies.values():
            if message_id is None or copy.message.message_id == message_id:
                copy.expires_at = self.clock()

    def seen(self, kind: type) -> list[Any]:
        """The decoded PDUs of that type POSTed so far (e.g. NotifyRespInd)."""
        return [r.pdu for r in self.requests if isinstance(r.pdu, kind)]

    # --- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        seen = SeenRequest(
            request.method, request.raw_path, tuple(request.headers.items()), body, request.remote
        )
        fault = self._fault_before(request)
        if fault is not None:
            self.requests.append(seen)
            return fault
        if not request.path.startswith(self.spec.path):
            self.requests.append(seen)
            return web.Response(status=404, text="not an MMSC path\n")
        if request.method == "GET":
            self.requests.append(seen)
            return await self._get(request)
        if request.method != "POST":
            self.requests.append(seen)
            return web.Response(status=405, text="GET or POST\n")
        try:
            pdu = decode_pdu(body)
        except MmsError as exc:
            self.requests.append(seen)
            return web.Response(status=400, text=f"not an MMS PDU: {exc}\n")
        self.requests.append(dataclasses.replace(seen, pdu=pdu))
        return await self._post(request, pdu)

    def _fault_before(self, request: web.Request) -> web.StreamResponse | None:
        left = self._left
        if left["close_early"] > 0:
            left["close_early"] -= 1
            close(request)
            return web.Response(status=500)
        if left["server_errors"] > 0:
            left["server_errors"] -= 1
            return web.Response(status=self._faults.server_error_status, text="try later\n")
        if self._faults.require_user_agent and not request.headers.get("User-Agent", "").strip():
            return web.Response(status=412, reason="Precondition Failed", text="User-Agent\n")
        return None

    async def _post(self, request: web.Request, pdu: Any) -> web.StreamResponse:
        if isinstance(pdu, SendReq):
            return mms_response(self._send(request, pdu).encode())
        if isinstance(pdu, NotifyRespInd):
            self._notify_resp(pdu)
        elif isinstance(pdu, AcknowledgeInd):
            self._acknowledged(pdu)
        elif isinstance(pdu, ReadRecInd):
            self._read_report(pdu)
        return web.Response(status=200)  # OMA MMS CTR: the client ignores this body

    def _send(self, request: web.Request, req: SendReq) -> Any:
        sender = self._sender(request, req)
        status = self._left["send_status"].pop(0) if self._left["send_status"] else None
        if status is not None and status != ResponseStatus.OK:
            return confirm(req, message_id=None, status=ResponseStatus(status))
        if sender is None:
            return confirm(
                req,
                message_id=None,
                status=ResponseStatus.ERROR_PERMANENT_SENDING_ADDRESS_UNRESOLVED,
            )
        now = self.clock()
        message_id = secrets.token_hex(10)
        stored = retrieve_conf_for(
            req, message_id=message_id, date=now.replace(microsecond=0), sender=_typed(sender)
        )
        message = StoredMms(message_id, req, sender, now, stored)
        self.messages[message_id] = message
        for recipient in (*req.to, *req.cc, *req.bcc):
            self._notify(message, _plain(recipient))
        return confirm(req, message_id=message_id)

    def _sender(self, request: web.Request, req: SendReq) -> str | None:
        peer = request.remote or ""
        if peer in self.lines:
            return self.lines[peer]
        for name in _LINE_HEADERS:
            value = request.headers.get(name, "").strip()
            if value:
                return value if value.startswith("+") else f"+{value}"
        if req.sender and req.sender != INSERT_ADDRESS:
            return _plain(req.sender)
        return None

    def _notify(self, message: StoredMms, recipient: str) -> None:
        copy = Copy(
            message,
            recipient,
            Copy.new_location(),
            secrets.token_hex(6),
            self.clock() + self.spec.expiry,
        )
        message.copies.append(copy)
        self.copies[copy.location] = copy
        stored = dataclasses.replace(message.stored, transaction_id=copy.transaction_id)
        ind = notification_for(
            stored,
            transaction_id=copy.transaction_id,
            content_location=f"{self.url}/{copy.location}",
            expiry=self.spec.expiry,
        )
        if not self._push(recipient, ind):
            copy.state = "unreachable"
            if message.delivery_report:
                self._report(copy, Status.UNREACHABLE)

    def _push(self, number: str, pdu: Any) -> bool:
        """Send `pdu` to `number` by WAP push SMS; False if no simulated modem has it."""
        self.pushes.append((number, pdu))
        if self.network is None:
            return True
        from modem.sms import encode_pdu

        self._push_ref = (self._push_ref + 1) & 0xFFFF
        parts = push_delivers(
            pdu,
            sender=self.spec.number,
            timestamp=self.clock().replace(microsecond=0),
            reference=self._push_ref,
            concat_bits=16,
        )
        try:
            for part in parts:
                self.network.inject(number, pdu=encode_pdu(part, smsc=True))
        except ModemError:
            return False
        return True

    async def _get(self, request: web.Request) -> web.StreamResponse:
        location = request.path[len(self.spec.path) :].strip("/")
        if not location:  # Verizon's form: <mmsc>?message-id=<id>
            location = request.query.get("message-id", "")
        copy = self.copies.get(location)
        if self._left["not_found"] > 0:
            self._left["not_found"] -= 1
            copy = None
        if copy is None or self.clock() >= copy.expires_at:
            return web.Response(status=404, reason="Not Found", text="no such message\n")
        copy.fetches += 1
        conf = dataclasses.replace(copy.message.stored, transaction_id=copy.transaction_id)
        if self._left["retrieve_status"]:
            status = RetrieveStatus(self._left["retrieve_status"].pop(0))
            conf = RetrieveConf(
                transaction_id=copy.transaction_id,
                date=conf.date,
                retrieve_status=status,
                retrieve_text="simulated fault",
                parts=(Part.from_text("The message cannot be retrieved now."),),
            )
        body = conf.encode()
        if self._left["lying_length"] > 0:
            self._left["lying_length"] -= 1
            return await lying(request, body)
        if self._faults.slow_body > 0:
            return await slowly(request, body, self._faults.slow_body)
        return mms_response(body)

    # --- answers from recipients ----------------------------------------------------------------

    def _copy_by_tid(self, tid: str | None) -> Copy | None:
        return next((c for c in self.copies.values() if c.transaction_id == tid), None)

    def _notify_resp(self, pdu: NotifyRespInd) -> None:
        copy = self._copy_by_tid(pdu.transaction_id)
        if copy is None:
            return
        words = {
            Status.RETRIEVED: "retrieved",
            Status.DEFERRED: "deferred",
            Status.REJECTED: "rejected",
        }
        state = words.get(pdu.status, copy.state)  # type: ignore[call-overload]
        if state != copy.state and state in ("retrieved", "rejected"):
            copy.state = state
            if copy.message.delivery_report:
                self._report(copy, Status(pdu.status))  # type: ignore[arg-type]
        else:
            copy.state = state

    def _acknowledged(self, pdu: AcknowledgeInd) -> None:
        copy = self._copy_by_tid(pdu.transaction_id)
        if copy is not None and copy.state != "retrieved":
            copy.state = "retrieved"
            if copy.message.delivery_report:
                self._report(copy, Status.RETRIEVED)

    def _report(self, copy: Copy, status: Status) -> None:
        report = delivery_report(
            copy.message.stored,
            recipient=_typed(copy.recipient),
            date=self.clock().replace(microsecond=0),
            status=status,
        )
        self._push(copy.message.sender, report)

    def _read_report(self, pdu: ReadRecInd) -> None:
        message = self.messages.get(pdu.message_id or "")
        if message is None or not message.read_report:
            return
        reader = next((c.recipient for c in message.copies if c.state == "retrieved"), None)
        self._push(
            message.sender,
            ReadOrigInd(
                message_id=message.message_id,
                to=(_typed(message.sender),),
                sender=_typed(reader or "+0"),
                date=self.clock().replace(microsecond=0),
                read_status=pdu.read_status,
            ),
        )


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


def _plain(address: str) -> str:
    head, sep, _ = address.rpartition("/TYPE=")
    return head if sep else address


def _typed(number: str) -> str:
    return number if "/TYPE=" in number or "@" in number else f"{number}/TYPE=PLMN"


async def start_for_network(network: Any) -> SimMmsc:
    """The MMSC of a running SimNetwork (its `mmsc:` setting): pushes go through its SMSC,
    modem i's data connection is 127.0.0.<2+i>."""
    mmsc = SimMmsc(network.config.mmsc, network=network.smsc)
    for index, modem in enumerate(network.modems):
        mmsc.add_line(f"127.0.0.{2 + index}", modem.number)
    await mmsc.start()
    return mmsc
