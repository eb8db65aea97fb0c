"""Drive interpreters without asyncio: a manual clock and a bench of modems on one SMSC.

The interpreter is sans-IO, so tests can run it synchronously: `ManualHost` collects what the
modem writes and runs timers when the test moves the clock (`advance()`), latency included.

    bench = Bench(2)                       # sim0, sim1 on one Smsc, latency_scale 0
    assert bench.at("AT+CMGF=1") == "\\r\\nOK\\r\\n"
    bench.advance(20)                      # the +CNMA deadline passes
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from modem.sim.build import interpreter_for
from modem.sim.config import ModemSpec, SimConfig
from modem.sim.interpreter import Interpreter
from modem.sim.network import Smsc


class _Timer:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """A manual clock with a timer heap shared by the hosts of one bench."""

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, _Timer, Callable[[], None]]] = []
        self._seq = itertools.count()

    def call_later(self, delay: float, callback: Callable[[], None]) -> _Timer:
        timer = _Timer()
        heapq.heappush(self._heap, (self.now + delay, next(self._seq), timer, callback))
        return timer

    def advance(self, seconds: float = 0.0) -> None:
        """Move time on, running every timer due by then (in order)."""
        until = self.now + seconds
        while self._heap and self._heap[0][0] <= until:
            when, _, timer, callback = heapq.heappop(self._heap)
            self.now = max(self.now, when)
            if not timer.cancelled:
                callback()
        self.now = until


class ManualHost:
    """Collects output; `delay` is honoured by releasing output only when the clock passes it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.output = bytearray()

    def write(self, data: bytes, delay: float = 0.0) -> None:
        if delay <= 0:
            self.output += data
        else:
            self.clock.call_later(delay, lambda: self.output.extend(data))

    def call_later(self, delay: float, callback: Callable[[], None]) -> _Timer:
        return self.clock.call_later(delay, callback)

    def take(self) -> str:
        text = self.output.decode("latin-1")
        self.output.clear()
        return text


class Bench:
    """Simulated modems on one SMSC, driven by hand. `at()` talks to the first modem."""

    def __init__(
        self,
        count: int | list[ModemSpec] = 1,
        *,
        latency_scale: float = 0.0,
        seed: int = 1,
        ussd: dict[str, Any] | None = None,
        boot: bool = True,
    ) -> None:
        specs = (
            [ModemSpec(name=f"sim{i}") for i in range(count)] if isinstance(count, int) else count
        )
        self.config = SimConfig(modems=specs, latency_scale=latency_scale, seed=seed, ussd=ussd)
        self.clock = Clock()
        self.time = datetime(2026, 11, 25, 3, 0, 0, tzinfo=UTC)
        self.smsc = Smsc(
            call_later=self.clock.call_later,
            clock=self.now,
            ussd=ussd,
            latency_scale=latency_scale,
            report_delay=self.config.report_delay,
            validity=self.config.validity,
        )
        self.modems: dict[str, Interpreter] = {}
        self.hosts: dict[str, ManualHost] = {}
        for index, spec in enumerate(self.config.resolved()):
            host = ManualHost(self.clock)
            modem = interpreter_for(spec, self.config, index, host=host, network=self.smsc)
            self.smsc.attach(modem)
            self.modems[spec.name] = modem
            self.hosts[spec.name] = host
            if boot:
                modem.power_on()
        self.clock.advance(0)
        self.first = next(iter(self.modems))

    def now(self) -> datetime:
        """The SMSC's clock: `time` plus the seconds the manual clock has run."""
        return self.time + timedelta(seconds=self.clock.now)

    def modem(self, name: str | None = None) -> Interpreter:
        return self.modems[name or self.first]

    def host(self, name: str | None = None) -> ManualHost:
        return self.hosts[name or self.first]

    def advance(self, seconds: float = 0.0) -> None:
        self.clock.advance(seconds)

    def at(self, line: str, name: str | None = None, *, settle: float = 0.0) -> str:
        """Send a command line (CR appended) and return all output after the clock moved
        `settle` seconds (0: only what is due now)."""
        host = self.host(name)
        host.take()
        self.modem(name).receive_data(line.encode("latin-1") + b"\r")
        self.clock.advance(settle)
        return host.take()

    def send(self, data: bytes, name: str | None = None, *, settle: float = 0.0) -> str:
        host = self.host(name)
        self.modem(name).receive_data(data)
        self.clock.advance(settle)
        return host.take()

    def take(self, name: str | None = None) -> str:
        return self.host(name).take()
