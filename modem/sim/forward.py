"""Store and forward: how the simulated SMSC keeps a message it cannot deliver yet.

A service centre keeps a short message until it is delivered or its validity period ends
(TS 23.040 §3.1 and §9.2.3.12), and retries on its own schedule; how often is its own policy.
Theory of operation:

- One mailbox per recipient, first in, first out, one transfer at a time: the network runs one
  RP-DATA transaction per mobile at a time (TS 24.011 §5), so a routed +CMT/+CDS waits for its
  AT+CNMA before the next message is offered, and a message held for a recipient holds back
  those that came after it (the order the sender sent them in is kept).
- An attempt hands the head of the mailbox to the modem (`incoming.deliver`); the outcome says
  what next:
    delivered             the sender's status report says so (TP-ST 0x00); the next one goes.
    awaiting ack          shown as +CMT/+CDS; `acknowledged()` decides (RP-ACK or RP-ERROR).
    absent                switched off, unplugged, radio off, not registered: wait until the
                          modem registers again (`alert()`, as the HLR alerts the SC).
    rejected              the link is reserved (CNMI <mode> 1 and a "> " prompt): shortly again.
    memory full           the storage is full (TS 24.011 RP-ERROR cause 22, "memory capacity
                          exceeded"). The sender learns once that the SC is still trying
                          (TP-ST 0x25, "error in SME", the temporary twin of the 0x65 the SC
                          gives when it stops); the SC retries with a capped backoff, and at
                          once when the modem signals memory available (RP-SMMA, TS 24.011
                          §7.3.2: it does after AT+CMGD freed space, see incoming.memory_freed).
  A routed message refused with AT+CNMA=2 is retried `retry_delay` later; if the refusal names
  memory (TP-FCS 0xD0/0xD3 in the SMS-DELIVER-REPORT) it is treated as memory full.
- Validity: a message still held when its validity period ends is dropped and the sender gets
  a permanent report (TP-ST 0x46, "SM validity period expired"). A message with no TP-VP has
  the SC's default validity. A single-shot message (enhanced TP-VP, §9.2.3.12.3) gets one
  attempt: if the memory is full the sender gets 0x65 ("error in SME", SC not trying any more).

Times: retry delays are modem seconds, multiplied by the latency scale (never below 50 ms, so
a modem that keeps refusing cannot make the SC spin); validity is the SMSC clock's own time
(wall clock, or the manual clock of the test bench), since the sender states it as a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from modem.sim import incoming

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter, Timer

ST_DELIVERED = 0x00
ST_STILL_TRYING = 0x25  # temporary error, SC still trying: error in SME
ST_REMOTE_ERROR = 0x40  # permanent error: remote procedure error
ST_NOT_OBTAINABLE = 0x43
ST_EXPIRED = 0x46  # permanent error: SM validity period expired
ST_GAVE_UP = 0x65  # temporary error, SC not making any more attempts: error in SME

MIN_RETRY = 0.05  # real seconds


@dataclass(eq=False)
class Transfer:
    """One message (an SMS-DELIVER or a status report) on its way to one recipient."""

    kind: str  # incoming.SMS or incoming.REPORT
    pdu: bytes
    expires: datetime
    report: Callable[[int], None] | None = None  # tells the sender (TP-SRR) a TP-ST
    single_shot: bool = False
    deferred: bool = False  # the sender was told the SC is still trying
    expiry: Timer | None = None


@dataclass(eq=False)
class Mailbox:
    """What waits for one recipient."""

    queue: deque[Transfer] = field(default_factory=deque)
    in_flight: Transfer | None = None  # shown as +CMT/+CDS, waiting for AT+CNMA
    retry: Timer | None = None
    failures: int = 0  # memory-full attempts in a row, for the backoff


class Forwarder:
    """The SMSC's store: mailboxes, retries, validity. `modems` maps numbers (digits only) to
    the interpreters attached to the network."""

    def __init__(
        self,
        modems: dict[str, Interpreter],
        *,
        call_later: Callable[[float, Callable[[], None]], Timer],
        clock: Callable[[], datetime],
        scale: float,
        retry_delay: float = 30.0,
        retry_cap: float = 1800.0,
    ) -> None:
        self.modems = modems
        self.call_later = call_later
        self.clock = clock
        self.scale = scale
        self.retry_delay = retry_delay  # modem seconds before the first retry
        self.retry_cap = retry_cap  # modem seconds between retries at most
        self.mailboxes: dict[str, Mailbox] = {}

    def close(self) -> None:
        """The network stops: cancel every timer, forget what was held."""
        for box in self.mailboxes.values():
            if box.retry is not None:
                box.retry.cancel()
            for transfer in box.queue:
                if transfer.expiry is not None:
                    transfer.expiry.cancel()
        self.mailboxes.clear()

    def held(self, target: str) -> list[Transfer]:
        """What waits for `target` (digits), in order."""
        box = self.mailboxes.get(target)
        return list(box.queue) if box else []

    # --- what the network does ------------------------------------------------------------

    def hold(self, target: str, transfer: Transfer) -> None:
        """Take a message for `target` and try to deliver it (after those already waiting)."""
        box = self.mailboxes.setdefault(target, Mailbox())
        box.queue.append(transfer)
        delay = max((transfer.expires - self.clock()).total_seconds(), 0.0)
        transfer.expiry = self.call_later(delay, lambda: self._expire(target, transfer))
        self._pump(target)

    def alert(self, target: str) -> None:
        """The recipient can take messages again (it registered, or sent RP-SMMA): try now."""
        box = self.mailboxes.get(target)
        if box is None:
            return
        if box.retry is not None:
            box.retry.cancel()
            box.retry = None
        self._pump(target)

    def acknowledged(self, target: str, *, accepted: bool, memory_exceeded: bool) -> None:
        """The recipient answered the routed message in flight: RP-ACK (AT+CNMA, =0, =1) or
        RP-ERROR (AT+CNMA=2, the +CNMA deadline passed, or it was switched off meanwhile)."""
        box = self.mailboxes.get(target)
        if box is None or box.in_flight is None:
            return
        transfer, box.in_flight = box.in_flight, None
        if accepted:
            self._finish(target, box, transfer, ST_DELIVERED)
            self._pump(target)
        elif memory_exceeded:
            self._memory_full(target, box, transfer)
            self._pump(target)
        elif self._expired(target, box, transfer):
            self._pump(target)
        else:
            self._retry_in(target, box, self.retry_delay)

    # --- inside ------------------------------------------------------------------------------

    def _pump(self, target: str) -> None:
        box = self.mailboxes.get(target)
        modem = self.modems.get(target)
        while box is not None and modem is not None and box.queue:
            if box.in_flight is not None or box.retry is not None:
                return
            transfer = box.queue[0]
            if self._expired(target, box, transfer):
                continue
            outcome = incoming.deliver(modem, transfer.kind, transfer.pdu)
            if outcome == incoming.DELIVERED:
                box.failures = 0
                self._finish(target, box, transfer, ST_DELIVERED)
            elif outcome == incoming.AWAITING_ACK:
                box.in_flight = transfer
            elif outcome == incoming.REJECTED:
                self._retry_in(target, box, self.retry_delay)
            elif outcome == incoming.MEMORY_FULL:
                self._memory_full(target, box, transfer)
            else:  # ABSENT: alert() when it is back
                return
        if box is not None and not box.queue and box.retry is None:
            self.mailboxes.pop(target, None)

    def _memory_full(self, target: str, box: Mailbox, transfer: Transfer) -> None:
        if transfer.single_shot:
            self._finish(target, box, transfer, ST_GAVE_UP)
            return
        if not transfer.deferred and transfer.report is not None:
            transfer.deferred = True
            transfer.report(ST_STILL_TRYING)
        box.failures += 1
        self._retry_in(target, box, min(self.retry_cap, self.retry_delay * 2 ** (box.failures - 1)))

    def _retry_in(self, target: str, box: Mailbox, modem_seconds: float) -> None:
        def retry() -> None:
            box.retry = None
            self._pump(target)

        if box.retry is not None:
            box.retry.cancel()
        box.retry = self.call_later(max(modem_seconds * self.scale, MIN_RETRY), retry)

    def _expired(self, target: str, box: Mailbox, transfer: Transfer) -> bool:
        """Drop `transfer` with a permanent report if its validity has ended."""
        if self.clock() < transfer.expires:
            return False
        self._finish(target, box, transfer, ST_EXPIRED)
        return True

    def _expire(self, target: str, transfer: Transfer) -> None:
        box = self.mailboxes.get(target)
        if box is None or transfer not in box.queue or box.in_flight is transfer:
            return  # delivered, or in flight (its acknowledgement decides)
        self._finish(target, box, transfer, ST_EXPIRED)
        self._pump(target)

    def _finish(self, target: str, box: Mailbox, transfer: Transfer, status: int) -> None:
        if transfer in box.queue:
            box.queue.remove(transfer)
        if transfer.expiry is not None:
            transfer.expiry.cancel()
        if transfer.report is not None:
            transfer.report(status)
