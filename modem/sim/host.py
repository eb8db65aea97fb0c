"""What the sans-IO interpreter needs from the world around it, as protocols.

A `Host` writes the modem's output (after a latency) and runs its timers: the asyncio layer
(serve.py) and the manual-clock bench (testing.py) are hosts. A `NetworkPort` is the network
side the modem talks to: the simulated SMSC (network.py). Keeping these as protocols is what
lets the interpreter run without asyncio and without a clock of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from modem.sim.interpreter import Interpreter


class Timer(Protocol):
    def cancel(self) -> None: ...


class Host(Protocol):
    """What the interpreter needs from the world around it."""

    def write(self, data: bytes, delay: float = 0.0) -> None: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer: ...


class NetworkPort(Protocol):
    """What the interpreter asks of the simulated network (see network.py)."""

    def submit(self, modem: Interpreter, pdu: bytes, reference: int) -> None: ...

    def ussd(self, modem: Interpreter, request: str) -> tuple[int, str]: ...

    def ussd_cancel(self, modem: Interpreter) -> None: ...

    def acknowledged(
        self, modem: Interpreter, *, accepted: bool, memory_exceeded: bool
    ) -> None: ...

    def memory_available(self, modem: Interpreter) -> None: ...

    def back_online(self, modem: Interpreter) -> None: ...
