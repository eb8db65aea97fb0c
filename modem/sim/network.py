"""The simulated network: an SMSC that carries SMS between simulated modems, and a USSD menu.

An SMS-SUBMIT from one modem becomes an SMS-DELIVER at the modem with that number: same user
data, UDH (so concatenated parts stay intact), DCS and PID; TP-OA the sender's number; TP-SCTS
the time the SMSC took it (TS 23.040 §9.2.2.1). When TP-SRR asked for it, an SMS-STATUS-REPORT
goes back with TP-MR = the +CMGS reference and TP-ST (23.040 §9.2.3.15):
    0x00 received by the SME;
    0x43 not obtainable: no simulated modem has that number;
    0x65 error in SME, SC gives up: the recipient's storage is full.
A recipient that is switched off or unplugged gets its messages when it is back, as an SMSC
retries. The clock is injectable (tests), times have whole seconds like TP-SCTS.

USSD menus are a dict: code -> reply text, or code -> {"text": ..., "options": {"1": ...}} for a
session the user continues (+CUSD: 1). "{number}" in a reply is the asking modem's number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from modem.errors import ModemError
from modem.sim import incoming

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter, Timer

ST_DELIVERED = 0x00
ST_NOT_OBTAINABLE = 0x43
ST_SME_ERROR = 0x65

DEFAULT_USSD: dict[str, Any] = {
    "*100#": "Your balance is 10.00 EUR, valid until 31.12.2026.",
    "*101#": {
        "text": "1. Balance\n2. Data left\n3. Own number",
        "options": {
            "1": "Your balance is 10.00 EUR.",
            "2": "You have 1024 MB left.",
            "3": "Your number is {number}.",
        },
    },
    "*#100#": "{number}",
}


def digits(number: str) -> str:
    """The comparable form of a phone number: "+1 555-0001" -> "15550001"."""
    return "".join(c for c in number if c.isdigit())


class Smsc:
    """Routes SMS and USSD between the interpreters attached to it."""

    def __init__(
        self,
        *,
        number: str = "+15550000000",
        call_later: Callable[[float, Callable[[], None]], Timer],
        clock: Callable[[], datetime] | None = None,
        ussd: dict[str, Any] | None = None,
        latency_scale: float = 1.0,
        report_delay: float = 0.0,
    ) -> None:
        self.number = number
        self.call_later = call_later
        self.clock = clock or (lambda: datetime.now(UTC))
        self.menu = DEFAULT_USSD if ussd is None else ussd
        self.scale = latency_scale
        self.report_delay = report_delay  # modem seconds from delivery to the status report
        self.retry_delay = 30.0  # modem seconds before a refused (AT+CNMA=2) message comes again
        self.modems: dict[str, Interpreter] = {}
        self.pending: dict[str, list[Callable[[], None]]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.reports: list[tuple[str, int, int]] = []  # (sender, mr, TP-ST), for tests

    def attach(self, modem: Interpreter) -> None:
        self.modems[digits(modem.number)] = modem

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    # --- SMS --------------------------------------------------------------------------------

    def submit(self, modem: Interpreter, pdu: bytes, reference: int) -> None:
        """A modem sent an SMS-SUBMIT (SMSC field included) with TP-MR `reference`."""
        from modem.sms import Address, Deliver, decode_pdu, encode_pdu

        submit = decode_pdu(pdu, smsc=True, strict=True)  # an SMSC refuses a malformed SUBMIT
        received = self.now()
        deliver = Deliver(
            sender=Address.parse(modem.number),
            timestamp=received,
            text=submit.text,
            data=submit.data,
            dcs=submit.dcs,
            pid=submit.pid,
            udh=submit.udh,
            status_report_indication=submit.status_report_request,
            smsc=Address.parse(self.number),
        )
        out = encode_pdu(deliver, smsc=True)
        target = digits(submit.recipient.number)

        def report(status: int) -> None:
            self.reports.append((modem.name, reference, status))
            if submit.status_report_request:
                self.call_later(
                    self.report_delay * self.scale,
                    lambda: self._report(modem, submit.recipient, reference, received, status),
                )

        delay = modem.faults.spec.sms_latency * self.scale
        self.call_later(delay, lambda: self._carry(target, out, report))

    def _carry(self, target: str, pdu: bytes, report: Callable[[int], None] | None) -> None:
        modem = self.modems.get(target)
        if modem is None:
            if report:
                report(ST_NOT_OBTAINABLE)
            return
        outcome = incoming.deliver_sms(modem, pdu)
        if outcome == incoming.ABSENT:
            self.pending.setdefault(target, []).append(lambda: self._carry(target, pdu, report))
        elif outcome == incoming.REJECTED:
            self.call_later(self._retry(), lambda: self._carry(target, pdu, report))
        elif report:
            report(ST_DELIVERED if outcome == incoming.DELIVERED else ST_SME_ERROR)

    def _report(
        self, modem: Interpreter, recipient: Any, reference: int, sent: datetime, status: int
    ) -> None:
        from modem.sms import Address, StatusReport, encode_pdu

        report = StatusReport(
            reference=reference,
            recipient=recipient,
            timestamp=sent,
            discharge_time=self.now(),
            status=status,
            smsc=Address.parse(self.number),
        )
        self._send_report(modem, encode_pdu(report, smsc=True))

    def _send_report(self, modem: Interpreter, pdu: bytes) -> None:
        outcome = incoming.deliver_report(modem, pdu)
        if outcome == incoming.ABSENT:
            key = digits(modem.number)
            self.pending.setdefault(key, []).append(lambda: self._send_report(modem, pdu))
        elif outcome == incoming.REJECTED:
            self.call_later(self._retry(), lambda: self._send_report(modem, pdu))

    def _retry(self) -> float:
        """Delay before offering a refused message again; never 0, so a modem that keeps its
        link reserved (a "> " prompt open) cannot make the SMSC spin."""
        return max(self.retry_delay * self.scale, 0.05)

    def redeliver(self, modem: Interpreter, kind: str, pdu: bytes) -> None:
        """The recipient refused a routed +CMT/+CDS with AT+CNMA=2 (RP-ERROR, TS 24.011 §7.3.4):
        the SMSC keeps the message and offers it again `retry_delay` modem seconds later (when
        and how often a real SC retries is its own policy)."""
        deliver = incoming.deliver_sms if kind == "+CMT" else incoming.deliver_report
        key = digits(modem.number)

        def retry() -> None:
            if deliver(modem, pdu) == incoming.ABSENT:
                self.pending.setdefault(key, []).append(retry)

        self.call_later(self.retry_delay * self.scale, retry)

    def back_online(self, modem: Interpreter) -> None:
        """A modem is on again: deliver what waited for it, as an SMSC's retry would."""
        for retry in self.pending.pop(digits(modem.number), []):
            retry()

    def inject(
        self,
        to: str,
        *,
        text: str | None = None,
        pdu: str | bytes | None = None,
        sender: str = "+15559990000",
        **options: Any,
    ) -> int:
        """An SMS from outside the simulated modems (any sender, alphanumeric too), or a raw
        SMS-DELIVER PDU (hex or bytes, SMSC field included). Returns the number of parts."""
        from modem.sms import Address, decode_pdu, delivers, encode_pdu

        target = digits(to)
        if target not in self.modems:
            raise ModemError(f"no simulated modem has the number {to}")
        if pdu is not None:
            raw = bytes.fromhex(pdu) if isinstance(pdu, str) else pdu
            decode_pdu(raw, smsc=True)  # PduError if it is not one
            parts = [raw]
        else:
            options.setdefault("smsc", Address.parse(self.number))
            parts = [
                encode_pdu(d, smsc=True)
                for d in delivers(sender, text or "", self.now(), **_delivers_options(options))
            ]
        for part in parts:
            self._carry(target, part, None)
        return len(parts)

    # --- USSD -------------------------------------------------------------------------------

    def ussd(self, modem: Interpreter, request: str) -> tuple[int, str | None]:
        """(<m>, text): 0 no further action, 1 further action required, 4 not supported."""
        session = self.sessions.get(modem.name)
        if session is not None and not request.startswith(("*", "#")):
            node = session.get("options", {}).get(request.strip())
        else:
            node = self.menu.get(request.strip())
        self.sessions.pop(modem.name, None)
        if node is None:
            return 4, None
        if isinstance(node, dict):
            self.sessions[modem.name] = node
            return 1, str(node.get("text", "")).replace("{number}", modem.number)
        return 0, str(node).replace("{number}", modem.number)

    def ussd_cancel(self, modem: Interpreter) -> None:
        self.sessions.pop(modem.name, None)


def _delivers_options(options: dict[str, Any]) -> dict[str, Any]:
    """delivers() takes segment() options; keep `smsc` only if it accepts it."""
    import inspect

    from modem.sms import delivers

    params = inspect.signature(delivers).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return options
    return {k: v for k, v in options.items() if k in params}
