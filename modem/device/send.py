"""Sending: one part per AT+CMGS (TS 27.005 §3.5.1, PDU mode), and whole messages on top.

`send_pdu` sends one planned part and does nothing else: no retry, no second try after a
timeout (the pool owns retries and failover). What happened is always said:

- `SentPart` (outcome "sent"): the network took it; `reference` is its TP-MR.
- `PartRejected`: refused with a +CMS code; it did not go out. `retryable` (this modem may
  take it later) and `permanent` (nothing can help) come from the AT layer's tables.
- `PartNotSent`: no "> " prompt came, or the port went away before the body was written;
  nothing went out. `cause` is the CommandTimeout or ModemGone.
- `SendUnknown`: the body was written and no result came (timeout, port gone). It may have
  gone out: never sent again by the driver; a status report, if requested, settles it.
- A cancellation propagates as CancelledError; `on_written` (called synchronously the moment
  the body is written) tells a caller whether the part may have gone out.

`send_sms`/`send_data` plan the parts and send them with `send_pdu`, retrying a refusal the
tables call retryable `retries` times (a convenience for one-shot callers; the pool passes 0
or calls `send_pdu` itself). `on_part(part)` runs for each part before the next goes, also
with outcome "unknown" when the send is cancelled or times out after a body was written.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from modem.at import Response
from modem.at.info import parse_cmgs
from modem.device.channel import NoPrompt
from modem.device.events import SendResult, SentPart
from modem.device.storage import tpdu_octets
from modem.errors import (
    AddressError,
    CommandTimeout,
    EncodeError,
    ModemGone,
    PartNotSent,
    PartRejected,
    SendError,
    SendUnknown,
)
from modem.vocabulary import SendOutcome

if TYPE_CHECKING:
    from modem.config import SendDefaults
    from modem.device.channel import Channel

__all__ = ["MAX_VALIDITY", "PartCallback", "Sender", "check_number"]

log = logging.getLogger("modem.device")

#: The longest relative validity period TP-VP can carry (255: 63 weeks, TS 23.040 §9.2.3.12.1).
MAX_VALIDITY = timedelta(weeks=63)

#: Called with each part as soon as its outcome is known (a store records its reference
#: before the next part goes: a crash mid-message then leaves nothing unaccounted for).
PartCallback = Callable[[SentPart], Awaitable[None] | None]


class Sender:
    """AT+CMGS on a channel; `modem_id()` names the modem in each SentPart."""

    def __init__(
        self, channel: Channel, *, modem_id: Callable[[], str], defaults: SendDefaults
    ) -> None:
        self.channel = channel
        self.modem_id = modem_id
        self.defaults = defaults

    # --- one part ----------------------------------------------------------------------------

    async def send_pdu(
        self,
        pdu: str,
        length: int,
        *,
        recipient: str | None = None,
        on_written: Callable[[], None] | None = None,
        sequence: int = 0,
    ) -> SentPart:
        """Send one PDU (hex, SMSC field first: "00" for the modem's AT+CSCA) whose TPDU is
        `length` octets, with one AT+CMGS. See the module docstring for what it raises.
        `recipient` and `sequence` (the part's place in its message, from 0) are only
        recorded in the SentPart. ValueError for a PDU that is no hex or does not have
        `length` octets after its SMSC field."""
        text = pdu.strip().upper()
        if tpdu_octets(text) != length or isinstance(length, bool):
            raise ValueError(
                f"PDU of {tpdu_octets(text)} TPDU octets (hex after its SMSC field) "
                f"does not match length {length!r}"
            )
        context = {"part": sequence, "total": 1, "references": ()}
        return await self._send(text, length, recipient, sequence, on_written, context)

    async def _send(
        self,
        pdu: str,
        length: int,
        recipient: str | None,
        sequence: int,
        on_written: Callable[[], None] | None,
        context: dict[str, Any],
    ) -> SentPart:
        written = False

        def mark() -> None:
            nonlocal written
            written = True
            if on_written is not None:
                on_written()

        try:
            async with self.channel.hold():
                response = await self.channel.run_prompted(
                    f"AT+CMGS={length}", pdu, on_written=mark
                )
        except NoPrompt as exc:
            raise PartNotSent(str(exc), cause=exc, **context) from exc
        except (CommandTimeout, ModemGone) as exc:
            if written:
                raise SendUnknown(_reason(exc), cause=exc, **context) from exc
            raise PartNotSent(_reason(exc), cause=exc, **context) from exc
        error = response.error()
        if error is not None:
            raise PartRejected(error, **context) from error
        return SentPart(
            sequence, _reference(response), self.modem_id(), recipient,
            datetime.now(UTC), pdu, SendOutcome.SENT,
        )  # fmt: skip

    # --- whole messages ----------------------------------------------------------------------

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
        max_parts: int | None = None,
        on_part: PartCallback | None = None,
    ) -> SendResult:
        """Plan `text` to `to` (`modem.sms.plan_sms`) and send it; see `Modem.send_sms`."""
        from modem.sms import plan_sms

        recipient = check_number(to)
        report, period, cls, center = self._options(status_report, validity, message_class, smsc)
        plan = plan_sms(
            recipient, text, encoding=encoding or self.defaults.encoding, status_report=report,
            validity=period, message_class=cls, reference=concat_reference, max_parts=max_parts,
        )  # fmt: skip
        return await self._send_plan(to, plan, center, skip_parts, retries, retry_delay, on_part)

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
        max_parts: int | None = None,
        on_part: PartCallback | None = None,
    ) -> SendResult:
        """Plan 8-bit `data` (`modem.sms.plan_data`) and send it; see `Modem.send_data`."""
        from modem.sms import Ports, plan_data

        recipient = check_number(to)
        report, period, cls, center = self._options(status_report, validity, message_class, smsc)
        port_header = None
        if ports is not None:  # 8-bit port numbers when both fit (TS 23.040 §9.2.3.24.3)
            bits = 16 if max(ports) > 255 else 8
            port_header = Ports(destination=ports[0], source=ports[1], bits=bits)
        plan = plan_data(
            recipient, data, ports=port_header, status_report=report, validity=period,
            message_class=cls, reference=concat_reference, max_parts=max_parts,
        )  # fmt: skip
        return await self._send_plan(to, plan, center, skip_parts, retries, retry_delay, on_part)

    def _options(
        self,
        status_report: bool | None,
        validity: timedelta | None,
        message_class: int | None,
        smsc: str | None,
    ) -> tuple[bool, timedelta | None, int | None, str]:
        """(TP-SRR, TP-VP, class, the SMSC field in hex) from the call and the defaults."""
        from modem.sms.address import encode_smsc

        defaults = self.defaults
        report = defaults.status_report if status_report is None else status_report
        validity = validity if validity is not None else defaults.validity
        if validity is not None and (validity > MAX_VALIDITY or validity <= timedelta(0)):
            # The codec caps a relative TP-VP at 63 weeks without a word; a user who asked
            # for more should hear it (TS 23.040 §9.2.3.12.1).
            raise EncodeError(f"validity {validity}: a relative validity is at most 63 weeks")
        cls = message_class if message_class is not None else defaults.message_class
        center = encode_smsc(check_number(smsc, "SMSC")).hex().upper() if smsc else "00"
        return bool(report), validity, cls, center

    async def _send_plan(
        self,
        to: str,
        plan: Any,
        center: str,
        skip: int,
        retries: int,
        retry_delay: float,
        on_part: PartCallback | None,
    ) -> SendResult:
        """Each planned part with `send_pdu`'s exchange, in order; `center` replaces the
        plan's "00" SMSC field (AT+CMGS=<length> does not count it)."""
        sent: list[SentPart] = []
        total = len(plan.parts)
        for number, planned in enumerate(plan.parts):
            if number < skip:
                continue
            pdu = center + planned.pdu[2:]
            context = {
                "part": number,
                "total": total,
                "references": tuple(p.reference for p in sent),
            }
            try:
                part = await self._send_with_retries(
                    pdu, planned.length, plan.recipient, number, context, retries, retry_delay,
                    on_part,
                )  # fmt: skip
            except SendError as exc:
                exc.concat_reference = plan.concat_reference  # what a resume passes back
                raise
            sent.append(part)
            await _call(on_part, part)
        return SendResult(to, tuple(sent), plan.concat_reference, self.modem_id())

    async def _send_with_retries(
        self,
        pdu: str,
        length: int,
        recipient: str,
        number: int,
        context: dict[str, Any],
        retries: int,
        retry_delay: float,
        on_part: PartCallback | None,
    ) -> SentPart:
        attempt = 0
        written = False

        def mark() -> None:
            nonlocal written
            written = True

        while True:
            written = False
            try:
                return await self._send(pdu, length, recipient, number, mark, context)
            except PartRejected as exc:
                if not exc.retryable or attempt >= retries:
                    raise
                attempt += 1
                await asyncio.sleep(retry_delay * 2 ** (attempt - 1))
            except (SendUnknown, asyncio.CancelledError):
                if written:  # the caller hears of it before the error goes on
                    unknown = SentPart(
                        number, None, self.modem_id(), recipient, datetime.now(UTC), pdu,
                        SendOutcome.UNKNOWN,
                    )  # fmt: skip
                    await _call(on_part, unknown)
                raise


async def _call(on_part: PartCallback | None, part: SentPart) -> None:
    if on_part is not None:
        outcome = on_part(part)
        if inspect.isawaitable(outcome):
            await outcome


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


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ModemGone):
        return f"the port went away ({exc})"
    return str(exc)


def _reference(response: Response) -> int | None:
    """The TP-MR of "+CMGS: <mr>"; None when the modem said OK without a readable one (a
    garbled line): the part went out, but its status report cannot be matched."""
    line = response.first("+CMGS")
    if line is not None:
        try:
            return parse_cmgs(line)
        except ValueError:
            pass
    log.warning("%s: sent, but no +CMGS reference in %r", response.command, response.lines)
    return None
