"""Sending: SMS text and binary parts, one AT+CMGS each (TS 27.005 §3.5.1, PDU mode).

A part is "failed" only when it certainly did not go out: refused with a +CMS code
(`PartRejected`, retried here when the AT layer's tables call the code retryable, since the
network never took it), or no "> " prompt came / the port vanished before the body was written
(`PartNotSent`). Once the body is written, any failure is "unknown" (`SendUnknown`): the part
may have reached the network, so it is never sent again by the driver; a status report, if
requested, settles it. Every error carries the references of the parts sent before it and the
concatenation reference, so a caller can resume with the remaining parts only.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from modem.at import Response
from modem.at.info import parse_cmgs
from modem.device.events import SendResult, SentPart
from modem.errors import (
    AddressError,
    CommandError,
    EncodeError,
    ModemGone,
    PartNotSent,
    PartRejected,
    SendError,
    SendUnknown,
)

__all__ = ["PartCallback", "Sending", "check_number"]

log = logging.getLogger("modem.device")

#: The longest relative validity period TP-VP can carry (255: 63 weeks, TS 23.040 §9.2.3.12.1).
MAX_VALIDITY = timedelta(weeks=63)

#: Called with each part as soon as the network took it (a store records its reference before
#: the next part goes: a crash mid-message then leaves nothing unaccounted for).
PartCallback = Callable[[SentPart], Awaitable[None] | None]


class Sending:
    """Mixin of `Modem`: send_sms, send_data and the AT+CMGS exchange."""

    if TYPE_CHECKING:  # provided by ModemCore / Modem
        from modem.at import AtProtocol
        from modem.config import SendDefaults, Timeouts

        send_defaults: SendDefaults
        timeouts: Timeouts
        _concat_ref: int
        _lock: asyncio.Lock
        _protocol: AtProtocol
        _waiter: asyncio.Future[Response] | None
        _prompt: asyncio.Future[Any] | None

        def _check_open(self) -> None: ...
        async def _write(self, data: bytes) -> None: ...
        async def _after_timeout(self) -> None: ...

    async def send_sms(
        self,
        to: str,
        text: str,
        *,
        status_report: bool | None = None,
        validity: timedelta | None = None,
        message_class: int | None = None,
        encoding: str | None = None,
        smsc: str | None = None,
        concat_reference: int | None = None,
        skip_parts: int = 0,
        retries: int = 2,
        retry_delay: float = 0.5,
        on_part: PartCallback | None = None,
    ) -> SendResult:
        """Send `text` to `to` (segmented as needed); the TP-MR of every part.

        Raises AddressError/EncodeError for bad input before anything is sent; for a part
        that fails: PartRejected (a CommandError with the +CMS code; `retryable`),
        PartNotSent (no prompt / port gone before the body: safe to retry) or SendUnknown
        (may have gone out: never resent). Each carries the references of the parts sent
        before it. Retryable refusals are retried `retries` times, `retry_delay` seconds
        apart, doubling.

        `on_part(part)` (sync or async) runs as soon as each part is accepted, before the next
        one goes. Resuming a message whose part k failed: pass the same text and options, the
        `concat_reference` the first call used (the error's `concat_reference`) and
        `skip_parts=k`, so the recipient can join the old parts and the new.
        """
        from modem.sms import submits

        recipient = check_number(to)
        options = self._submit_options(status_report, validity, message_class, smsc)
        options["encoding"] = encoding or self.send_defaults.encoding
        parts = submits(
            recipient, text, reference=self._next_reference(concat_reference), **options
        )
        return await self._send_parts(to, parts, skip_parts, retries, retry_delay, on_part)

    async def send_data(
        self,
        to: str,
        data: bytes,
        *,
        ports: tuple[int, int] | None = None,
        status_report: bool | None = None,
        validity: timedelta | None = None,
        message_class: int | None = None,
        smsc: str | None = None,
        concat_reference: int | None = None,
        skip_parts: int = 0,
        retries: int = 2,
        retry_delay: float = 0.5,
        on_part: PartCallback | None = None,
    ) -> SendResult:
        """Send 8-bit data (a binary SMS); `ports` = (destination, source) application ports
        (TS 23.040 §9.2.3.24.4, e.g. (2948, 9200) for a WAP push). As `send_sms` otherwise."""
        from modem.sms import MessageClass, Ports, Submit, segment_data

        options = self._submit_options(status_report, validity, None, smsc)
        port_header = None
        if ports is not None:
            bits = 16 if max(ports) > 255 else 8
            port_header = Ports(destination=ports[0], source=ports[1], bits=bits)
        recipient = check_number(to)
        segments = segment_data(
            data,
            reference=self._next_reference(concat_reference),
            ports=port_header,
            message_class=None if message_class is None else MessageClass(message_class),
        )
        parts = [
            Submit(recipient, data=seg.data, dcs=seg.dcs, udh=seg.udh, **options)
            for seg in segments
        ]
        return await self._send_parts(to, parts, skip_parts, retries, retry_delay, on_part)

    def _submit_options(
        self,
        status_report: bool | None,
        validity: timedelta | None,
        message_class: int | None,
        smsc: str | None,
    ) -> dict[str, Any]:
        from modem.sms import MessageClass

        defaults = self.send_defaults
        options: dict[str, Any] = {
            "status_report_request": defaults.status_report
            if status_report is None
            else status_report,
        }
        validity = validity if validity is not None else defaults.validity
        if validity is not None:
            if validity > MAX_VALIDITY or validity <= timedelta(0):
                # The codec caps a relative TP-VP at 63 weeks without a word; a user who
                # asked for more should hear it (TS 23.040 §9.2.3.12.1).
                raise EncodeError(f"validity {validity}: a relative validity is at most 63 weeks")
            options["validity"] = validity
        message_class = message_class if message_class is not None else defaults.message_class
        if message_class is not None:
            options["message_class"] = MessageClass(message_class)
        if smsc:
            options["smsc"] = check_number(smsc, "SMSC")
        return options

    def _next_reference(self, given: int | None) -> int:
        if given is not None:
            return given
        self._concat_ref = (self._concat_ref + 1) % 256
        return self._concat_ref

    async def _send_parts(
        self,
        to: str,
        parts: list[Any],
        skip: int,
        retries: int,
        retry_delay: float,
        on_part: PartCallback | None,
    ) -> SendResult:
        concat = parts[0].udh.concat if parts and parts[0].udh else None
        concat_reference = concat.reference if concat else None
        sent: list[SentPart] = []
        try:
            await self._send_each(parts, skip, retries, retry_delay, sent, on_part)
        except SendError as exc:
            exc.concat_reference = concat_reference  # what a resume passes back
            raise
        return SendResult(to, tuple(sent), concat_reference)

    async def _send_each(
        self,
        parts: list[Any],
        skip: int,
        retries: int,
        retry_delay: float,
        sent: list[SentPart],
        on_part: PartCallback | None,
    ) -> None:
        from modem.sms import encode_pdu, tpdu_length

        for number, submit in enumerate(parts):
            if number < skip:
                continue
            pdu = encode_pdu(submit, smsc=True)
            hexed = pdu.hex().upper()
            length = tpdu_length(pdu, smsc=True)
            context = {
                "part": number,
                "total": len(parts),
                "references": tuple(p.reference for p in sent),
            }
            attempt = 0
            while True:
                try:
                    reference = await self._send_part(length, hexed, context)
                    break
                except CommandError as exc:
                    if exc.retryable and attempt < retries:
                        attempt += 1
                        await asyncio.sleep(retry_delay * 2 ** (attempt - 1))
                        continue
                    raise PartRejected(exc, **context) from exc
            part = SentPart(number, reference, hexed)
            sent.append(part)
            if on_part is not None:
                outcome = on_part(part)
                if inspect.isawaitable(outcome):
                    await outcome

    async def _send_part(self, length: int, pdu: str, context: dict[str, Any]) -> int | None:
        """One AT+CMGS: prompt, body, result. Raises CommandError (refused), PartNotSent or
        SendUnknown (see send_sms)."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            try:
                self._check_open()
                waiter = self._waiter = loop.create_future()
                prompt = self._prompt = loop.create_future()
                await self._write(self._protocol.send(f"AT+CMGS={length}", prompt=True))
                try:
                    async with asyncio.timeout(self.timeouts.prompt):
                        await asyncio.wait({waiter, prompt}, return_when=asyncio.FIRST_COMPLETED)
                except TimeoutError:
                    await self._after_timeout()  # ESC out of the prompt, AT until OK
                    raise PartNotSent(
                        f"no '> ' prompt within {self.timeouts.prompt:g} s", **context
                    ) from None
                if waiter.done():  # refused before the prompt (+CMS ERROR 304, 302, ...)
                    self._waiter = None
                    return _reference(waiter.result())
                prompt.result()  # ModemGone if the port went away meanwhile
                # A transport that cannot take the body raises before writing any of it.
                await self._write(self._protocol.send_body(pdu))
            except ModemGone as exc:
                self._waiter = None
                raise PartNotSent(str(exc), **context) from exc
            finally:
                self._prompt = None
            # The body is out: from here on a failure is "unknown", never "failed".
            try:
                async with asyncio.timeout(self.timeouts.send):
                    response = await waiter
            except TimeoutError:
                await self._after_timeout()
                raise SendUnknown(
                    f"no result within {self.timeouts.send:g} s after the body", **context
                ) from None
            except ModemGone as exc:
                raise SendUnknown(f"the port went away ({exc})", **context) from exc
            finally:
                self._waiter = None
            return _reference(response)


def check_number(to: str, what: str = "recipient") -> Any:
    """The Address of a number to send to; AddressError for text that is no phone number.

    Address.parse reads "12ab34" or "MyBank" as an alphanumeric address, which is right for a
    sender (TS 23.040 §9.1.2.5) but no network routes an SMS-SUBMIT to one: a typo would
    cost a send and come back as a +CMS error, or vanish."""
    from modem.sms import Address, TypeOfNumber

    address = Address.parse(to)
    if address.ton is TypeOfNumber.ALPHANUMERIC:
        raise AddressError(
            f"{what} {to!r} is not a phone number (digits, optionally with a leading +)"
        )
    return address


def _reference(response: Response) -> int | None:
    """The TP-MR of "+CMGS: <mr>"; None when the modem said OK without a readable one (a
    garbled line): the part went out, but its status report cannot be matched."""
    response.raise_for_error()
    for line in response.lines:
        if line.upper().startswith("+CMGS"):
            try:
                return parse_cmgs(line)
            except ValueError:
                break
    log.warning("%s: sent, but no +CMGS reference in %r", response.command, response.lines)
    return None
