"""A few AT questions asked of a port, for `modem ports --probe`, `modem setup` and `modem doctor`.

Not the driver: the driver opens a modem to use it and refuses one whose SIM is locked or
missing, while these commands must look at exactly such a modem and say what is wrong. A
`Probe` opens the port (locked, like the driver: one owner per port), runs single commands
through the sans-IO `AtProtocol` with a deadline each, and closes. Unsolicited lines are
ignored; a command that times out resets the protocol so the next one starts clean. It never
enters a PIN on its own: `enter_pin()` is called only by a command that asked the user.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from modem.at import AtProtocol, Response, parse_params

__all__ = ["Probe", "SimState", "probe_port"]


@dataclass(frozen=True, slots=True)
class SimState:
    """What AT+CPIN? said: "READY", "SIM PIN", "SIM PUK", ... or "absent" (+CME ERROR 10),
    "blocked" (+CME 13 after the PUK attempts), "unknown" (no answer)."""

    state: str
    pin_attempts: int | None = None  # left before the SIM wants its PUK, if the modem says

    @property
    def ready(self) -> bool:
        return self.state == "READY"


class Probe:
    """An open AT port: `ask()` one command at a time. Use `async with Probe.open(url)`."""

    def __init__(self, transport: Any, timeout: float) -> None:
        self._transport = transport
        self._protocol = AtProtocol()
        self.timeout = timeout
        self.answered = False  # the port answered ATE0 (with anything) when it was opened
        self._silent = False  # a command went unanswered: ask nothing more (see ask())

    @classmethod
    async def open(cls, url: str, *, timeout: float = 2.0, baudrate: int = 115200) -> Probe:
        """Open `url` (ModemGone naming why it cannot be); ATE0 so answers carry no echo,
        AT+CMEE=1 so errors carry their number."""
        from modem.transport import open_transport

        probe = cls(await open_transport(url, baudrate=baudrate, trace=False), timeout)
        probe.answered = await probe.ask("ATE0") is not None
        if probe.answered:
            await probe.ask("AT+CMEE=1")  # numeric +CME ERROR codes: 10 is "no SIM"
        return probe

    @property
    def silent(self) -> bool:
        """A command went unanswered (or the port went away): nothing more is asked."""
        return self._silent

    async def __aenter__(self) -> Probe:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.close()

    async def ask(self, line: str, *, timeout: float | None = None) -> Response | None:
        """The modem's response to `line`, or None when none came within the deadline (or
        the port went away). After one unanswered command every later one is None at once:
        its late answer could otherwise be taken for the next command's (the driver resyncs
        for that; a probe of a modem that stops answering has learnt enough)."""
        from modem.errors import ModemError

        if self._silent:
            return None
        protocol = self._protocol
        try:
            await self._transport.write(protocol.send(line))
            async with asyncio.timeout(self.timeout if timeout is None else timeout):
                while True:
                    event = protocol.next_event()
                    if isinstance(event, Response):
                        return event
                    if event is not None:
                        continue  # an unsolicited line: not what was asked
                    data = await self._transport.read()
                    if not data:
                        self._silent = True  # the port went away
                        return None
                    protocol.receive_data(data)
        except (TimeoutError, ModemError):
            protocol.reset()
            self._silent = True
            return None

    async def value(self, line: str, index: int = 0) -> Any:
        """Parameter `index` of the first information line of a successful answer, or None."""
        response = await self.ask(line)
        if response is None or not response.ok or not response.lines:
            return None
        values = parse_params(response.lines[0])
        return values[index] if len(values) > index else None

    async def text(self, line: str) -> str | None:
        """The information lines of a successful answer joined, without a "+XYZ: " echo."""
        response = await self.ask(line)
        if response is None or not response.ok or not response.lines:
            return None
        first = response.lines[0]
        name = line.removeprefix("AT").split("=")[0]
        if first.upper().startswith(name.upper() + ":"):
            first = first[len(name) + 1 :].strip()
        return " ".join((first, *response.lines[1:])).strip().strip('"') or None

    async def sim(self) -> SimState:
        """The SIM's state from AT+CPIN? (and AT+CPINR for the attempts left)."""
        response = await self.ask("AT+CPIN?")
        if response is None:
            return SimState("unknown")
        if not response.ok:
            code = response.code
            if code == 10:
                return SimState("absent")
            if code == 13:
                return SimState("blocked")
            if code in (11, 12):  # some modems answer the state as an error
                return SimState("SIM PIN" if code == 11 else "SIM PUK")
            return SimState("unknown")
        values = parse_params(response.lines[0]) if response.lines else ()
        state = str(values[0]).upper() if values else "READY"
        attempts = await self._attempts(state) if state in ("SIM PIN", "SIM PUK") else None
        return SimState(state, attempts)

    async def _attempts(self, state: str) -> int | None:
        response = await self.ask("AT+CPINR")
        for line in response.lines if response is not None and response.ok else ():
            values = parse_params(line)
            if len(values) > 1 and str(values[0]).upper() == state and isinstance(values[1], int):
                return values[1]
        return None

    async def enter_pin(self, pin: str) -> bool:
        """AT+CPIN=<pin>: True when the SIM took it. Called only with a PIN the user gave."""
        response = await self.ask(f'AT+CPIN="{pin}"', timeout=max(self.timeout, 10.0))
        return response is not None and response.ok


async def probe_port(url: str, timeout: float) -> tuple[bool, str | None]:
    """(answers AT, why it could not be opened): a port another program holds is told
    apart from one that is silent."""
    from modem.errors import ModemError

    try:
        probe = await Probe.open(url, timeout=timeout)
    except ModemError as exc:
        reason = str(exc)
        return False, reason.split("cannot open (", 1)[-1].removesuffix(")") or reason
    async with probe:
        if not probe.answered:
            return False, None
        response = await probe.ask("AT")
    return response is not None and response.ok, None
