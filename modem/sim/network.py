"""The simulated network: an SMSC that carries SMS between simulated modems, and a USSD menu.

An SMS-SUBMIT from one modem becomes an SMS-DELIVER at the modem with that number: same user
data, UDH (so concatenated parts stay intact), DCS and PID; TP-OA the sender's number; TP-SCTS
the time the SMSC took it (TS 23.040 §9.2.2.1). When TP-SRR asked for it, SMS-STATUS-REPORTs go
back with TP-MR = the +CMGS reference and TP-ST (23.040 §9.2.3.15):
    0x00 received by the SME;
    0x25 error in SME, SC still trying: the recipient's storage is full (sent once);
    0x40 remote procedure error: lost on the way (FaultSpec.undeliverable_rate);
    0x43 not obtainable: no simulated modem has that number;
    0x46 SM validity period expired: still not delivered when the validity ended;
    0x65 error in SME, SC gave up: storage full and the sender asked for one attempt only.
What the SMSC cannot deliver at once (recipient switched off, unplugged, unregistered, its
storage full, a routed message refused) it keeps and retries, in order, until the validity
ends: forward.py. The clock is injectable (tests), times have whole seconds like TP-SCTS.

USSD menus are a dict: code -> reply text, or code -> {"text": ..., "options": {"1": ...}} for a
session the user continues (+CUSD: 1). "{number}" in a reply is the asking modem's number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from modem.errors import ModemError
from modem.sim import incoming
from modem.sim.forward import ST_NOT_OBTAINABLE, ST_REMOTE_ERROR, Forwarder, Transfer

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter, Timer

DEFAULT_VALIDITY = 86400.0  # seconds an SC keeps a message that names no validity period

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
        validity: float = DEFAULT_VALIDITY,
    ) -> None:
        self.number = number
        self.call_later = call_later
        self.clock = clock or (lambda: datetime.now(UTC))
        self.menu = DEFAULT_USSD if ussd is None else ussd
        self.scale = latency_scale
        self.report_delay = report_delay  # modem seconds from delivery to the status report
        self.validity = timedelta(seconds=validity)  # the default validity period
        self.modems: dict[str, Interpreter] = {}
        self.forward = Forwarder(
            self.modems, call_later=call_later, clock=self.now, scale=latency_scale
        )
        self.sessions: dict[str, dict[str, Any]] = {}
        self.reports: list[tuple[str, int, int]] = []  # (sender, mr, TP-ST), for tests

    def attach(self, modem: Interpreter) -> None:
        self.modems[digits(modem.number)] = modem

    def close(self) -> None:
        self.forward.close()

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def held(self, number: str) -> list[Transfer]:
        """What the SMSC keeps for `number` until it can deliver it, in order."""
        return self.forward.held(digits(number))

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
        target = digits(submit.recipient.number)
        expires, single_shot = self._validity(submit.validity, received)

        def report(status: int) -> None:
            self.reports.append((modem.name, reference, status))
            if submit.status_report_request:
                self.call_later(
                    self.report_delay * self.scale,
                    lambda: self._report(modem, submit.recipient, reference, received, status),
                )

        if modem.faults.undeliverable():  # FaultSpec.undeliverable_rate: lost on the way
            report(ST_REMOTE_ERROR)
            return
        transfer = Transfer(
            incoming.SMS, encode_pdu(deliver, smsc=True), expires, report, single_shot
        )
        delay = modem.faults.spec.sms_latency * self.scale
        self.call_later(delay, lambda: self._accept(target, transfer))

    def _validity(self, validity: Any, received: datetime) -> tuple[datetime, bool]:
        """When a message stops being worth delivering (TP-VP, §9.2.3.12), and whether the
        sender wants a single attempt (enhanced format)."""
        from modem.sms.timestamp import EnhancedValidity

        if isinstance(validity, datetime):
            return validity, False
        if isinstance(validity, timedelta):
            return received + validity, False
        if isinstance(validity, EnhancedValidity):
            return received + (validity.period or self.validity), validity.single_shot
        return received + self.validity, False

    def _accept(self, target: str, transfer: Transfer) -> None:
        if target not in self.modems:
            if transfer.report is not None:
                transfer.report(ST_NOT_OBTAINABLE)
            return
        self.forward.hold(target, transfer)

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
        pdu = encode_pdu(report, smsc=True)
        self._accept(
            digits(modem.number), Transfer(incoming.REPORT, pdu, self.now() + self.validity)
        )

    # --- what modems tell the network -------------------------------------------------------

    def acknowledged(self, modem: Interpreter, *, accepted: bool, memory_exceeded: bool) -> None:
        """RP-ACK or RP-ERROR for the routed message in flight to `modem` (AT+CNMA, its
        deadline, or power lost meanwhile)."""
        self.forward.acknowledged(
            digits(modem.number), accepted=accepted, memory_exceeded=memory_exceeded
        )

    def memory_available(self, modem: Interpreter) -> None:
        """RP-SMMA: the modem has room again; what waited for it is offered now (the delivery
        itself comes a moment later, not inside the AT command that freed the room)."""
        self.call_later(0.0, lambda: self.forward.alert(digits(modem.number)))

    def back_online(self, modem: Interpreter) -> None:
        """A modem is registered again: deliver what waited for it, as an SMSC's retry would."""
        self.forward.alert(digits(modem.number))

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
        expires = self.now() + self.validity
        for part in parts:
            self.forward.hold(target, Transfer(incoming.SMS, part, expires))
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
