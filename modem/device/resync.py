"""Resynchronising a port after a command's deadline passed: a mixin of `ModemCore`.

A timed-out command may still be answered later (a slow network, a modem catching up), and
its late final result must never pass for the answer of a later command: every answer after
it would be one behind (the resync risk of any AT driver that "sends AT until OK"). So the
port is probed with read commands whose answers carry a line of their own (TS 27.007 §9.1
+CMEE, TS 27.005 §3.2.3 +CMGF, TS 27.007 §5.5 +CSCS, TS 27.005 §3.2.1 +CSMS), a different one
for each try; a probe ended without its line was ended by a late answer, and its own answer
is waited for (it then arrives between commands, as a stray line) before the next try. ESC
first gets a port out of a "> " prompt (TS 27.005 §3.5.1).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from modem.at import State, Urc
from modem.errors import ModemGone

__all__ = ["Resyncing"]

log = logging.getLogger("modem.device")

_PROMPT_STATES = (State.WAITING_PROMPT, State.SENDING_BODY)

# Resync probes and the line only each one's answer has: read commands every modem has
# (TS 27.007 §9.1, §5.5; TS 27.005 §3.2.1, §3.2.3), a different one for each try, so a late
# answer to an earlier try cannot pass for a later one.
_MARKERS = (
    ("AT+CMEE?", "+CMEE:"),
    ("AT+CMGF?", "+CMGF:"),
    ("AT+CSCS?", "+CSCS:"),
    ("AT+CSMS?", "+CSMS:"),
)


class Resyncing:
    """The resync half of `ModemCore` (which provides the port, the protocol and `_lost`)."""

    if TYPE_CHECKING:
        from modem.at import AtProtocol, Response
        from modem.config import Timeouts

        _protocol: AtProtocol
        _waiter: asyncio.Future[Response] | None
        _transport: Any
        timeouts: Timeouts
        current_port: str
        stats: dict[str, int]

        async def _write(self, data: bytes) -> None: ...
        def _lost(self, reason: str) -> None: ...

    _stray: asyncio.Event
    _strays: list[str]  # stray lines since the last probe was sent (upper case)

    async def _after_timeout(self) -> None:
        """A command's deadline passed: resync, or declare the modem hung."""
        if self._transport is None:
            return
        if not await self._resync():
            self._lost("the modem stopped answering (resync failed)")

    async def _resync(self, attempts: int = 3) -> bool:
        """Get the port back to a known state: ESC out of a prompt, then probe until the
        modem answers *this* probe.

        The command that timed out may still be answered later (a slow network, a modem
        catching up): that late OK must not be taken for the probe's, or the probe's own OK
        would then complete the next command and every answer after it would be one behind.
        So the probe is a read command (AT+CMEE?, then AT+CMGF?, ...: one per try) whose answer
        carries a line no late answer can have; a probe completed without it was completed by
        a late answer: its real answer is still to come, and is waited for (it arrives
        between commands, as a stray line) before the next try. A modem that answers the
        probes but never with their lines gets plain AT as a last try.
        """
        self.stats["resyncs"] += 1
        try:
            if self._protocol.state in _PROMPT_STATES:
                await self._write(b"\x1b")
            self._protocol.reset()
            return await self._synchronise(attempts)
        except ModemGone:
            return False

    async def _synchronise(self, attempts: int, *, escape: bool = False) -> bool:
        """Probe until the modem answers the probe itself (see `_resync`); True when it did.
        `escape`: after a silent first try, write ESC (a port left in a "> " prompt by
        someone else, as gammu does on open)."""
        answered = False
        for attempt in range(attempts):
            if escape and attempt == 1 and not answered:
                await self._write(b"\x1b\r")
            line, marker = _MARKERS[attempt % len(_MARKERS)]
            outcome = await self._probe(line, marker)
            if outcome is True:
                return True
            if outcome is None:  # a late answer ended it: let the probe's own answer pass
                answered = True
                await self._await_stray(marker, self.timeouts.probe)
        if answered:  # it answers, but never AT+CMEE?: plain AT as the last resort
            return bool(await self._probe())
        return False

    async def _probe(self, line: str = "AT", marker: str | None = None) -> bool | None:
        """One probe command with the short `probe` deadline: True when it was answered (for
        a marked probe: with its marker line), None when a final result came without the
        marker (a late answer of an earlier command), False on silence (the protocol is then
        reset for the next try). No resync of its own."""
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        self._strays.clear()
        try:
            await self._write(self._protocol.send(line, expects=(marker or "").rstrip(":")))
            async with asyncio.timeout(self.timeouts.probe):
                response = await waiter
        except TimeoutError:
            self._protocol.reset()
            return False
        finally:
            self._waiter = None
        if marker is None:
            return True
        if response.ok and any(x.upper().startswith(marker) for x in response.lines):
            return True
        log.debug("%s: probe ended by %r: a late answer", self.current_port, response)
        return None

    def _on_stray(self, urc: Urc) -> None:
        """A line nobody expected came between commands (a late answer, or noise)."""
        strays = self._strays
        strays.append(urc.line.upper())
        if len(strays) > 64:
            del strays[:32]
        self._stray.set()

    async def _await_stray(self, prefix: str, timeout: float) -> None:
        """Wait (at most `timeout`) for a stray line starting with `prefix` since the probe
        was sent (often it came in the same chunk as the late answer, before this runs)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not any(line.startswith(prefix) for line in self._strays):
            self._stray.clear()
            try:
                async with asyncio.timeout_at(deadline):
                    await self._stray.wait()
            except TimeoutError:
                return
