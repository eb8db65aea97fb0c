"""The Modem's engine room: one reader per port, one command at a time, resync, reopen.

Theory of operation
===================

Rule 1: one reader per port: the transport hands every chunk to `_on_data` as it arrives (no
task in between). Every byte goes into the sans-IO `modem.at.AtProtocol`; the events that
come out are dispatched by what they are: a `Response` completes the command
waiting for it, a `Prompt` lets AT+CMGS write its body, an `Urc` goes to `_on_urc` (which
never waits: it records work for the receiver task). A URC therefore can neither end nor
lengthen a command (the failure of python-gsmmodem and, before 2026, gammu).

Rule 2: one command at a time, under `_lock`, with an absolute deadline per kind of command
(`Timeouts`). A deadline that passes resynchronises the port (resync.py: ESC out of a stuck
prompt, then probes whose answers a late one cannot fake) before the error is raised; if
even that fails the modem counts as hung and is treated like an unplugged one.

Rule 3: a port that vanishes (EOF, write error, hung modem) fails the waiting command with
ModemGone, emits `ModemLost`, and a reconnect task reopens it with backoff by its URL or the
alternatives given (udev-stable paths), initialises it again and emits `ModemReady`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Sequence
from typing import Any

from modem.at import AtProtocol, Prompt, Response, Urc
from modem.at.urcs import DEFAULT_URCS
from modem.config import Timeouts
from modem.device.events import Event, ModemLost, ModemReady
from modem.device.resync import Resyncing
from modem.errors import CommandTimeout, ModemGone
from modem.profiles import GENERIC, Profile
from modem.transport import Transport, open_transport

__all__ = ["ModemCore"]

log = logging.getLogger("modem.device")


class ModemCore(Resyncing):
    """Port ownership, the reader, command execution and recovery (see module docstring).

    Subclasses (`Modem`) add initialisation, SMS, receiving and queries on top of
    `command()` / `_command()` and `_on_urc()`.
    """

    def __init__(
        self,
        port: str,
        *,
        alt_ports: Sequence[str] = (),
        profile: Profile | None = None,
        timeouts: Timeouts | None = None,
        baudrate: int = 115200,
        reconnect: bool = True,
        queue_size: int = 64,
    ) -> None:
        self.port = port
        self.alt_ports = tuple(alt_ports)
        self.profile: Profile = profile or GENERIC
        self._auto_profile = profile is None
        self.timeouts = timeouts or Timeouts()
        self.baudrate = baudrate
        self.reconnect = reconnect
        self._lock = asyncio.Lock()
        self._transport: Transport | None = None
        self._protocol = AtProtocol(urcs=DEFAULT_URCS)
        self._waiter: asyncio.Future[Response] | None = None
        self._prompt: asyncio.Future[Prompt] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._events: asyncio.Queue[Event] = asyncio.Queue(queue_size)
        self._backlog: deque[tuple[str, Any]] = deque()
        self._work = asyncio.Event()
        self._stray = asyncio.Event()
        self._strays: list[str] = []
        self._ready = False
        self._opened = False  # open() succeeded once: from then on a lost port is reopened
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None
        self.current_port = port
        self.stats = {"written": 0, "read": 0, "resyncs": 0, "reopens": 0}

    # --- opening and closing -----------------------------------------------------------------

    async def _connect(self, url: str) -> None:
        """Open `url` and start reading it (no AT yet)."""
        transport = await open_transport(url, baudrate=self.baudrate)
        self._protocol = AtProtocol(urcs=DEFAULT_URCS + self.profile.urcs)
        self._transport = transport
        self.current_port = url

        def on_data(data: bytes) -> None:
            if transport is self._transport:
                self._on_data(data)

        def on_eof() -> None:
            if transport is self._transport:
                self._lost("the port closed (modem unplugged or restarted?)")

        transport.start(on_data, on_eof)

    async def _disconnect(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            with contextlib.suppress(Exception):
                await transport.close()

    async def close(self) -> None:
        """Stop every task and close the port. Unacknowledged messages stay on the modem."""
        self._closing = True
        self._ready = False
        tasks = [t for t in (*self._tasks, self._reconnecting) if t is not None]
        for task in tasks:
            if task is not asyncio.current_task():
                task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._fail_waiters(ModemGone(f"{self.current_port}: closed"))
        await self._disconnect()

    def _spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --- reading -------------------------------------------------------------------------------

    def _on_data(self, data: bytes) -> None:
        """Bytes from the port (the transport's callback: runs in the event loop, never
        waits). The AT protocol cuts them into events; each is dispatched at once."""
        self.stats["read"] += len(data)
        protocol = self._protocol
        try:
            protocol.receive_data(data)
            while (event := protocol.next_event()) is not None:
                self._dispatch(event)
        except Exception as exc:  # a bug of ours must not kill the port's callback
            log.exception("%s: reading failed", self.current_port)
            self._lost(f"reading failed: {exc}")

    def _dispatch(self, event: Response | Urc | Prompt) -> None:
        if isinstance(event, Urc):
            if not event.known:
                self._on_stray(event)
            try:
                self._on_urc(event)
            except Exception:  # a malformed URC must never stop the reader
                log.warning("%s: cannot handle %r", self.current_port, event, exc_info=True)
        elif isinstance(event, Response):
            waiter = self._waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(event)
            else:
                log.debug("%s: late result %r ignored", self.current_port, event.text)
        elif isinstance(event, Prompt):
            prompt = self._prompt
            if prompt is not None and not prompt.done():
                prompt.set_result(event)

    def _on_urc(self, urc: Urc) -> None:  # overridden by the receiving side
        log.debug("%s: URC %s", self.current_port, urc.line)

    def _push(self, kind: str, value: Any) -> None:
        """Hand work to the receiver task (called from the reader: never waits)."""
        self._backlog.append((kind, value))
        self._work.set()

    # --- commands ------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._transport is None:
            state = "reconnecting" if self._reconnecting else "not open"
            raise ModemGone(f"{self.current_port}: modem {state}")

    async def command(
        self,
        line: str,
        *,
        timeout: float | None = None,
        expects: str | None = None,
        check: bool = True,
    ) -> Response:
        """Run one AT command; its Response (CommandError if it failed and `check`).

        `timeout` is an absolute deadline (default `timeouts.command`); when it passes the
        port is resynchronised and CommandTimeout raised."""
        async with self._lock:
            if not self._ready:
                self._check_open()
            return await self._command(line, timeout=timeout, expects=expects, check=check)

    async def _command(
        self,
        line: str,
        *,
        timeout: float | None = None,
        expects: str | None = None,
        check: bool = True,
    ) -> Response:
        """`command()` with the lock already held."""
        self._check_open()
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        await self._write(self._protocol.send(line, expects=expects))
        deadline = self.timeouts.command if timeout is None else timeout
        try:
            async with asyncio.timeout(deadline):
                response = await waiter
        except TimeoutError:
            await self._after_timeout()
            raise CommandTimeout(
                f"{line}: no answer within {deadline:g} s (port resynchronised)"
            ) from None
        finally:
            self._waiter = None
        return response.raise_for_error() if check else response

    async def _write(self, data: bytes) -> None:
        transport = self._transport
        if transport is None:
            raise ModemGone(f"{self.current_port}: modem not open")
        try:
            await transport.write(data)
        except ModemGone as exc:
            self._lost(str(exc))
            raise
        self.stats["written"] += len(data)

    def _fail_waiters(self, exc: BaseException) -> None:
        for fut in (self._waiter, self._prompt):
            if fut is not None and not fut.done():
                fut.set_exception(exc)
                fut.exception()  # mark retrieved: the command may already have given up

    # --- losing and reopening ------------------------------------------------------------------

    def _lost(self, reason: str) -> None:
        """The port is gone or useless: fail the waiter, tell consumers, start reopening."""
        url = self.current_port
        self._ready = False
        self._fail_waiters(ModemGone(f"{url}: {reason}"))
        transport, self._transport = self._transport, None
        if transport is not None:
            self._spawn(transport.close(), "close")
        if self._closing or not self._opened or self._reconnecting is not None:
            return
        log.warning("%s: modem lost: %s", url, reason)
        self._emit_nowait(ModemLost(url, reason))
        self._on_lost()
        if self.reconnect and self._reconnecting is None:
            self._reconnecting = asyncio.create_task(self._reopen(), name=f"reopen {url}")

    def _on_lost(self) -> None:  # overridden: forget work that needs the old port
        pass

    async def _reopen(self) -> None:
        """Reopen with exponential backoff, by the URL or its alternatives, and re-init."""
        delay = 0.05
        silent = 0
        try:
            while not self._closing:
                for url in (self.port, *self.alt_ports):
                    try:
                        await self._disconnect()
                        await self._connect(url)
                        async with self._lock:
                            await self._initialise()
                    except Exception as exc:
                        log.info("%s: reopen failed: %s", url, exc)
                        if isinstance(exc, CommandTimeout):
                            silent += 1
                            if silent % 3 == 0:
                                await self._blind_reset()
                        await self._disconnect()
                        continue
                    self.stats["reopens"] += 1
                    self._reconnecting = None
                    self._ready = True
                    log.warning("%s: modem back", url)
                    self._emit_nowait(ModemReady(url, reopened=True))
                    self._after_ready()
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.timeouts.reopen_max)
        finally:
            if self._reconnecting is asyncio.current_task():
                self._reconnecting = None

    async def _blind_reset(self) -> None:
        """The port opens but the modem stays silent: write the profile's reset command
        without waiting (a half-hung firmware may still act on it; then USB re-enumerates)."""
        transport = self._transport
        if transport is None or not self.profile.reset:
            return
        log.warning("%s: silent modem, writing %s", self.current_port, self.profile.reset[0])
        with contextlib.suppress(Exception):
            await transport.write(b"\x1b" + self.profile.reset[0].encode("ascii") + b"\r")

    async def wait_ready(self, timeout: float | None = None) -> None:
        """Wait until a reopen (if one runs) has finished."""
        task = self._reconnecting
        if task is not None:
            async with asyncio.timeout(timeout):
                await asyncio.shield(task)

    async def _initialise(self) -> None:  # overridden: the init sequence
        await self._command("AT")

    def _after_ready(self) -> None:  # overridden: rescan storage after (re)init
        pass

    # --- watchdog ------------------------------------------------------------------------------

    async def _watchdog(self) -> None:
        """Every `timeouts.watchdog` seconds, when no command runs: `_health_check()`. A
        modem that does not answer is resynced, then reopened (the command path does it)."""
        while True:
            await asyncio.sleep(self.timeouts.watchdog)
            if self._ready and not self._lock.locked():
                try:
                    await self._health_check()
                except ModemGone:
                    pass  # ModemLost is out; the reopen takes over
                except Exception as exc:  # the next round tries again
                    log.warning("%s: health check failed: %s", self.current_port, exc)

    async def _health_check(self) -> None:  # overridden: also checks the modem's settings
        await self.command("AT", timeout=self.timeouts.probe)

    # --- events --------------------------------------------------------------------------------

    async def _emit(self, event: Event) -> None:
        await self._events.put(event)

    def _emit_nowait(self, event: Event) -> None:
        """For state events (signal, registration, lost): dropped when the queue is full; the
        state can be asked for again (`info()`), unlike a message."""
        try:
            self._events.put_nowait(event)
        except asyncio.QueueFull:
            log.debug("%s: event queue full, %r dropped", self.current_port, event)
