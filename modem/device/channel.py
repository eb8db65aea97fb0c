"""The channel: one AT port, its sans-IO protocol, and the one exchange primitive.

Theory of operation
===================

Rule 1: one reader per port. The transport hands every chunk to `_on_data` as it arrives; the
bytes go into `modem.at.AtProtocol` and the events that come out are dispatched by what they
are: a `Response` completes the exchange waiting for it, a `Prompt` lets a prompted exchange
write its body, an `Urc` goes to the `on_urc` callback (which never waits). A URC can neither
end nor lengthen an exchange.

Rule 2: one exchange at a time, by whoever holds the channel (`hold()`); `exchange()` holds it
for one command. Every exchange has an absolute deadline (`Timeouts`). The primitive,
`_exchange`, marks the port dirty before it writes and clean only when the final result came:
a deadline that passes resynchronises the port at once (resync.py) before CommandTimeout is
raised; a caller's cancellation (a task cancelled, an outer `asyncio.timeout`) at any await
leaves the port dirty, and it is resynchronised in the background and, at the latest, before
the next command. A port that cannot be resynchronised counts as lost.

Rule 3: a prompted exchange (AT+CMGS) calls `on_written()` synchronously the moment its body
has been handed to the port, before anything can be cancelled: from then on its caller knows
the part may have gone out, whatever happens next.

Rule 4: a port that vanishes (EOF, write error, hung modem) fails the waiting exchange with
ModemGone, calls `on_lost`, and a reopen task reopens it with backoff by its URL or the
alternatives (udev-stable paths), runs `initialise` under the channel, then calls `on_ready`.

Bounds: lines and responses are bounded by the protocol (`modem.at.protocol`); stray lines
kept for the resync probes by `MAX_STRAYS`; nothing else here grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from typing import Any

from modem.at import AtProtocol, Prompt, Response, State, Urc, UrcSpec
from modem.config import Timeouts
from modem.device import resync
from modem.errors import CommandTimeout, ModemGone
from modem.profiles import urc_table
from modem.transport import Transport, open_transport

__all__ = ["Channel", "NoPrompt"]

log = logging.getLogger("modem.device")

#: Stray lines (answers nobody waited for, noise) remembered for the resync probes.
MAX_STRAYS = 64

UrcHandler = Callable[[Urc], None]
Initialiser = Callable[[], Awaitable[None]]


class NoPrompt(CommandTimeout):
    """A prompted command got no "> " in time; ESC left the prompt: nothing was sent."""


class Channel:
    """One AT port (see the module docstring). `on_urc(urc)` runs in the reader and must not
    wait; `on_lost(reason)`, `on_ready(reopened)` and `on_fault()` (the port was
    resynchronised: what the driver knew of the modem's settings may be stale) likewise."""

    def __init__(
        self,
        port: str,
        *,
        alt_ports: Sequence[str] = (),
        baudrate: int = 115200,
        timeouts: Timeouts,
        reconnect: bool = True,
        on_urc: UrcHandler,
        on_lost: Callable[[str], None],
        on_ready: Callable[[bool], None],
        on_fault: Callable[[], None],
    ) -> None:
        self.port = port
        self.alt_ports = tuple(alt_ports)
        self.baudrate = baudrate
        self.timeouts = timeouts
        self.reconnect = reconnect
        self.current_port = port
        self.stats = {"written": 0, "read": 0, "resyncs": 0, "reopens": 0, "cancelled": 0}
        self._on_urc = on_urc
        self._on_lost = on_lost
        self._on_ready = on_ready
        self._on_fault = on_fault
        self._urcs: tuple[UrcSpec, ...] = urc_table(None)  # the profile is not known yet
        self._protocol = AtProtocol(urcs=self._urcs)
        self._transport: Transport | None = None
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None
        self._waiter: asyncio.Future[Response] | None = None
        self._prompt: asyncio.Future[Prompt] | None = None
        self._dirty = False  # an exchange did not end cleanly: resync before the next one
        self._strays: deque[str] = deque(maxlen=MAX_STRAYS)
        self._stray = asyncio.Event()
        self._initialise: Initialiser | None = None
        self._opened = False  # open() succeeded once: from then on a lost port is reopened
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # --- state -------------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """The port is open (the modem may still be initialising)."""
        return self._transport is not None

    @property
    def reconnecting(self) -> bool:
        return self._reconnecting is not None

    def set_urcs(self, urcs: Iterable[UrcSpec]) -> None:
        """The URC table to use from now on (the profile's, once it is known), also after a
        reopen."""
        self._urcs = tuple(urcs)
        self._protocol.set_urcs(self._urcs)

    # --- opening and closing -----------------------------------------------------------------

    async def open(self, initialise: Initialiser) -> None:
        """Open the port and run `initialise()` holding the channel; on failure the port is
        closed again and the error raised. `initialise` runs again after every reopen."""
        self._closing = False
        self._initialise = initialise
        await self._connect(self.port)
        try:
            async with self.hold():
                await initialise()
        except BaseException:
            self._closing = True
            await self._disconnect()
            raise
        self._opened = True

    async def close(self) -> None:
        """Stop reopening, fail the exchange in flight, close the port."""
        self._closing = True
        tasks = [t for t in (*self._tasks, self._reconnecting) if t is not None]
        for task in tasks:
            if task is not asyncio.current_task():
                task.cancel()
        for task in tasks:
            if task is not asyncio.current_task():
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._fail_waiters(ModemGone(f"{self.current_port}: closed"))
        await self._disconnect()

    async def _connect(self, url: str) -> None:
        transport = await open_transport(url, baudrate=self.baudrate)
        self._protocol = AtProtocol(urcs=self._urcs)
        self._dirty = False
        self._transport = transport
        self.current_port = url

        def on_data(data: bytes) -> None:
            if transport is self._transport:
                self._on_data(data)

        def on_eof() -> None:
            if transport is self._transport:
                self.lost("the port closed (modem unplugged or restarted?)")

        transport.start(on_data, on_eof)

    async def _disconnect(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            with contextlib.suppress(Exception):
                await transport.close()

    def spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        """A task that `close()` cancels and waits for."""
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --- reading -----------------------------------------------------------------------------

    def _on_data(self, data: bytes) -> None:
        """Bytes from the port (the transport's callback: never waits)."""
        self.stats["read"] += len(data)
        protocol = self._protocol
        try:
            protocol.receive_data(data)
            while (event := protocol.next_event()) is not None:
                self._dispatch(event)
        except Exception as exc:  # a bug of ours must not kill the port's callback
            log.exception("%s: reading failed", self.current_port)
            self.lost(f"reading failed: {exc}")

    def _dispatch(self, event: Response | Urc | Prompt) -> None:
        if isinstance(event, Urc):
            if not event.known:
                self._strays.append(event.line.upper())
                self._stray.set()
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

    # --- holding and exchanging --------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[Channel]:
        """Hold the channel for a sequence of exchanges no other may come between (init; a
        storage switch and the read that needs it)."""
        async with self._lock:
            self._holder = asyncio.current_task()
            try:
                yield self
            finally:
                self._holder = None

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    async def exchange(
        self,
        line: str,
        *,
        timeout: float | None = None,
        expects: str | None = None,
        check: bool = True,
        max_lines: int | None = None,
    ) -> Response:
        """`run()` holding the channel for just this command."""
        async with self.hold():
            return await self.run(
                line, timeout=timeout, expects=expects, check=check, max_lines=max_lines
            )

    async def run(
        self,
        line: str,
        *,
        timeout: float | None = None,
        expects: str | None = None,
        check: bool = True,
        max_lines: int | None = None,
    ) -> Response:
        """One command (the channel held by the caller): its Response, CommandError if it
        failed and `check`, CommandTimeout when `timeout` (default `timeouts.command`)
        passed (the port is then resynchronised), ModemGone when the port is not there."""
        deadline = self.timeouts.command if timeout is None else timeout
        response = await self._exchange(line, deadline, expects=expects, max_lines=max_lines)
        return response.raise_for_error() if check else response

    async def run_prompted(
        self, line: str, body: str, *, on_written: Callable[[], None] | None = None
    ) -> Response:
        """A prompted command (AT+CMGS=<length>), the channel held by the caller: wait for
        "> " (`timeouts.prompt`; NoPrompt when none came: ESC left it, nothing was sent),
        write `body` and Ctrl-Z, call `on_written()` at once, wait for the final result
        (`timeouts.send`). A refusal before the prompt is returned as the Response."""
        return await self._exchange(line, self.timeouts.send, body=body, on_written=on_written)

    async def _exchange(
        self,
        line: str,
        deadline: float,
        *,
        expects: str | None = None,
        max_lines: int | None = None,
        body: str | None = None,
        on_written: Callable[[], None] | None = None,
    ) -> Response:
        """The one exchange primitive (see the module docstring, rules 2 and 3)."""
        if self._holder is not asyncio.current_task():
            raise RuntimeError("an exchange needs the channel held (use hold() or exchange())")
        reopening = self._reconnecting
        if reopening is not None and asyncio.current_task() is not reopening:
            raise ModemGone(f"{self.current_port}: modem lost; reconnecting")
        if self._transport is None:
            raise ModemGone(f"{self.current_port}: modem not open")
        if self._dirty:
            await self._recover()
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        prompt = self._prompt = loop.create_future() if body is not None else None
        self._dirty = True
        clean = False
        try:
            data = self._protocol.send(
                line, expects=expects, prompt=body is not None, max_lines=max_lines
            )
            await self._write(data)
            if body is not None and prompt is not None:
                if not await self._await_prompt(line, waiter, prompt):
                    clean = True  # refused before the prompt: the final result came
                    return waiter.result()
                await self._write_body(body, on_written)
            try:
                async with asyncio.timeout(deadline):
                    response = await waiter
            except TimeoutError:
                what = await self._recover_after_timeout()
                raise CommandTimeout(f"{line}: no answer within {deadline:g} s ({what})") from None
            clean = True
            return response
        except asyncio.CancelledError:
            self.stats["cancelled"] += 1
            if not self._closing:  # resync now, not only when the next command comes
                self.spawn(self._heal(), "resync after a cancel")
            raise
        finally:
            self._waiter = self._prompt = None
            if clean:
                self._dirty = False

    async def _await_prompt(
        self, line: str, waiter: asyncio.Future[Response], prompt: asyncio.Future[Prompt]
    ) -> bool:
        """True when "> " came; False when the final result came first (a refusal);
        NoPrompt after `timeouts.prompt` (the prompt is left with ESC)."""
        try:
            async with asyncio.timeout(self.timeouts.prompt):
                await asyncio.wait({waiter, prompt}, return_when=asyncio.FIRST_COMPLETED)
        except TimeoutError:
            await self._recover_after_timeout()  # ESC out of the prompt, then the probes
            raise NoPrompt(f"no '> ' prompt within {self.timeouts.prompt:g} s") from None
        if waiter.done():
            return False
        prompt.result()  # ModemGone if the port went away meanwhile
        return True

    async def _write_body(self, body: str, on_written: Callable[[], None] | None) -> None:
        """Write the body; `on_written()` as soon as it may have left. A transport that
        cannot take it raises ModemGone before writing any of it (then nothing was sent);
        anything else after the write began counts as written."""
        data = self._protocol.send_body(body)
        try:
            await self._write(data)
        except ModemGone:
            raise
        except BaseException:
            if on_written is not None:
                on_written()
            raise
        if on_written is not None:
            on_written()

    async def _write(self, data: bytes) -> None:
        transport = self._transport
        if transport is None:
            raise ModemGone(f"{self.current_port}: modem not open")
        try:
            await transport.write(data)
        except ModemGone as exc:
            self.lost(str(exc))
            raise
        self.stats["written"] += len(data)

    def _fail_waiters(self, exc: BaseException) -> None:
        for fut in (self._waiter, self._prompt):
            if fut is not None and not fut.done():
                fut.set_exception(exc)
                fut.exception()  # mark retrieved: the exchange may already have given up

    # --- recovering --------------------------------------------------------------------------

    async def _recover(self) -> None:
        """Resynchronise (channel held): ESC out of a prompt, then probes until the modem
        answers one of its own (resync.py). ModemGone, and the port counts as lost, when
        it does not. `on_fault` tells the driver its knowledge of the modem may be stale."""
        self.stats["resyncs"] += 1
        if self._transport is None:
            raise ModemGone(f"{self.current_port}: modem not open")
        if self._protocol.state in (State.WAITING_PROMPT, State.SENDING_BODY):
            await self.write_raw(b"\x1b")
        self._protocol.reset()
        if not await resync.synchronise(self, 3):
            self.lost("the modem stopped answering (resync failed)")
            raise ModemGone(f"{self.current_port}: the modem stopped answering")
        self._dirty = False
        try:
            self._on_fault()
        except Exception:
            log.exception("%s: on_fault failed", self.current_port)

    async def _recover_after_timeout(self) -> str:
        """`_recover()` for an exchange whose deadline passed; says what became of the port
        (the exchange's own CommandTimeout is raised either way)."""
        try:
            await self._recover()
        except ModemGone:
            return "the modem stopped answering: reopening"
        return "port resynchronised"

    async def _heal(self) -> None:
        """After a cancelled exchange: resynchronise as soon as the channel is free."""
        with contextlib.suppress(ModemGone, CommandTimeout):
            async with self.hold():
                if self._dirty and self._transport is not None:
                    await self._recover()

    # What resync.py needs: a probe, raw writes, the stray lines since the last probe.

    async def probe(self, line: str, marker: str | None, timeout: float) -> Response | None:
        """One probe command (channel held, no resync of its own): its Response, or None on
        silence (the protocol is then reset for the next try)."""
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        self._strays.clear()
        try:
            await self._write(self._protocol.send(line, expects=marker or ""))
            async with asyncio.timeout(timeout):
                return await waiter
        except TimeoutError:
            self._protocol.reset()
            return None
        finally:
            self._waiter = None

    async def write_raw(self, data: bytes) -> None:
        """Bytes that are no command (ESC); ModemGone when the port is gone."""
        await self._write(data)

    async def wait_stray(self, prefix: str, timeout: float) -> bool:
        """Wait (at most `timeout`) for a stray line starting with `prefix` since the last
        probe was sent (often it came in the same chunk as the late answer)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not any(line.startswith(prefix) for line in self._strays):
            self._stray.clear()
            try:
                async with asyncio.timeout_at(deadline):
                    await self._stray.wait()
            except TimeoutError:
                return False
        return True

    async def synchronise_first(self) -> bool:
        """Probe a port just opened until the modem answers its own probe (the port's
        previous user may have left a late answer, or a "> " prompt: ESC after silence)."""
        return await resync.synchronise(self, 4, escape=True)

    # --- losing and reopening ----------------------------------------------------------------

    def lost(self, reason: str) -> None:
        """The port is gone or useless: fail the exchange, tell the driver, start reopening."""
        url = self.current_port
        self._fail_waiters(ModemGone(f"{url}: {reason}"))
        transport, self._transport = self._transport, None
        self._dirty = False
        if transport is not None:
            self.spawn(transport.close(), "close")
        if self._closing or not self._opened or self._reconnecting is not None:
            return
        log.warning("%s: modem lost: %s", url, reason)
        try:
            self._on_lost(reason)
        except Exception:
            log.exception("%s: on_lost failed", url)
        if self.reconnect:
            self._reconnecting = asyncio.create_task(self._reopen(), name=f"reopen {url}")

    async def _reopen(self) -> None:
        """Reopen with exponential backoff, by the URL or its alternatives, and initialise."""
        delay = 0.05
        silent = 0
        try:
            while not self._closing:
                for url in (self.port, *self.alt_ports):
                    outcome = await self._try_reopen(url)
                    if outcome is True:
                        return
                    if outcome == "silent":
                        silent += 1
                        if silent % 3 == 0:
                            await self._blind_reset()
                    await self._disconnect()
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.timeouts.reopen_max)
        finally:
            if self._reconnecting is asyncio.current_task():
                self._reconnecting = None

    async def _try_reopen(self, url: str) -> bool | str:
        """True when `url` opened and initialised; "silent" when it opened but the modem did
        not answer (the port is left open for a blind reset); False otherwise."""
        assert self._initialise is not None
        try:
            await self._disconnect()
            await self._connect(url)
            async with self.hold():
                await self._initialise()
        except Exception as exc:  # whatever a reopen meets, the next round tries again
            log.info("%s: reopen failed: %s", url, exc)
            if isinstance(exc, CommandTimeout):
                return "silent"
            await self._disconnect()
            return False
        self.stats["reopens"] += 1
        self._reconnecting = None
        log.warning("%s: modem back", url)
        try:
            self._on_ready(True)
        except Exception:
            log.exception("%s: on_ready failed", url)
        return True

    async def _blind_reset(self) -> None:
        """Hook for a silent modem: set by the driver (the profile's reset command)."""
        if self.blind_reset is not None and self._transport is not None:
            with contextlib.suppress(Exception):
                await self._transport.write(self.blind_reset)

    #: Bytes written, without waiting, to a port that opens but stays silent (ESC and the
    #: profile's reset command: a half-hung firmware may still act on it).
    blind_reset: bytes | None = None

    async def wait_reopened(self, timeout: float | None = None) -> None:
        """Wait until a reopen (if one runs) has finished."""
        task = self._reconnecting
        if task is not None:
            async with asyncio.timeout(timeout):
                await asyncio.shield(task)
