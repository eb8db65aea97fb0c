"""`Pool`: several modems, one queue, and the Python API the HTTP bridge and the CLI use.

    pool = Pool(store, [modem_a, modem_b], config=config.pool, node="pi", send=config.send)
    await pool.start()
    message = await pool.submit(SendRequest(to="+4712345678", text="hi"))
    await pool.get(message.id); await pool.cancel(message.id)
    await pool.modems(); await pool.ussd("usb0", "*100#"); await pool.reset("usb0")
    await pool.stop()

The pool does not open or close modems (the gateway does: modem/service.py); it takes them
as they are and follows their state. Per modem it runs a `Worker` (sending) and a `Receiver`
(receiving); one `Dispatcher` offers new work to idle modems; `Housekeeping` runs what is due
by the clock; an outbox watcher notices messages queued by other processes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from modem.config import RetentionConfig, SendDefaults
from modem.config.pool import PoolConfig
from modem.pool.context import Context, durably, utcnow
from modem.pool.dispatch import Dispatcher
from modem.pool.errors import ModemUnavailable, UnknownModem
from modem.pool.housekeeping import Clockwork
from modem.pool.receiver import Receiver
from modem.pool.registry import Registry
from modem.pool.request import Estimate, SendRequest, estimate_request, plan_request
from modem.pool.routing import Router
from modem.pool.status import ModemStatus, status_of
from modem.pool.worker import Worker
from modem.store.records import HistoryEntry, Message
from modem.vocabulary import EventType

if TYPE_CHECKING:
    from modem.device import Modem, UssdReply
    from modem.store import Store

__all__ = ["Pool"]

log = logging.getLogger("modem.pool")

#: How long a graceful stop waits for the AT+CMGS in flight (the driver's own send deadline
#: ends it sooner).
STOP_GRACE = 90.0


class Pool:
    """Several modems sending from one queue and receiving into one store."""

    def __init__(
        self,
        store: Store,
        modems: Iterable[Modem] = (),
        *,
        config: PoolConfig | None = None,
        node: str = "local",
        send: SendDefaults | None = None,
        retention: RetentionConfig | None = None,
        clock: Callable[[], datetime] = utcnow,
        tick: float = 1.0,
    ) -> None:
        self.ctx = Context(store, config or PoolConfig(), node, send or SendDefaults(), clock=clock)
        self.retention = retention
        self.dispatcher = Dispatcher(self.ctx, lambda: tuple(self._workers.values()))
        self.ctx.wake = self.dispatcher.wake
        self.router = Router(self.ctx.config)
        self.housekeeping = Clockwork(
            self.ctx, tick=tick, retention=lambda: self.retention, refresh=self._refresh
        )
        self._workers: dict[str, Worker] = {}
        self._receivers: dict[str, Receiver] = {}
        self._modems: list[Modem] = list(modems)
        self._tasks: list[asyncio.Task[Any]] = []
        self._ready: dict[str, bool] = {}
        self.registry = Registry(self.ctx, lambda: self._workers, lambda: self._receivers)
        self._started = False

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def config(self) -> PoolConfig:
        return self.ctx.config

    @property
    def node(self) -> str:
        return self.ctx.node

    @property
    def workers(self) -> Sequence[Worker]:
        return tuple(self._workers.values())

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Take back this node's claims from before a crash (at-least-once: parts in flight
        go back to the queue; at-most-once: they become unknown), then start every modem's
        worker and receiver, the dispatcher and the clockwork."""
        store = self.ctx.store
        recovery = await durably(
            "recovering claims",
            lambda: store.recover(self.node, self.config.crash_semantics, self.ctx.now()),
        )
        if recovery.recipients:
            log.info(
                "recovered %d claims of this node (%d parts requeued, %d unknown)",
                len(recovery.recipients),
                recovery.requeued_parts,
                recovery.unknown_parts,
            )
        await self._refresh_known()
        self._started = True
        for modem in self._modems:
            self._add(modem)
        # In the registry before any claim: a recipient begun on one of these modems before
        # a restart is left to it (one sender for all its parts) only if it is known healthy.
        for worker in self._workers.values():
            await self._write_record(worker)
        for modem_id in list(self._workers):
            self._start(modem_id)
        self.dispatcher.start()
        self.housekeeping.start()
        self._tasks.append(asyncio.create_task(self.registry.run(), name="registry"))
        self._tasks.append(asyncio.create_task(self._watch_outbox(), name="outbox watcher"))
        self.dispatcher.wake()

    async def stop(self, timeout: float = STOP_GRACE) -> None:
        """Stop claiming; let each modem finish the part in flight and release the rest of
        its recipient; stop receiving (the item being kept is kept and acknowledged); mark
        the modems closed in the registry. The modems stay open (their owner closes them)."""
        if not self._started:
            return
        self._started = False
        await self.dispatcher.stop()
        workers = list(self._workers.values())
        await asyncio.gather(*(w.stop(timeout) for w in workers))
        await asyncio.gather(*(r.stop() for r in self._receivers.values()))
        await self.housekeeping.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for worker in workers:
            await self._write_record(worker, closed=True)

    async def add_modem(self, modem: Modem) -> None:
        """A modem joins (at start, or on reload)."""
        if modem.modem_id in self._workers:
            raise ValueError(f"modem {modem.modem_id} is already in the pool")
        self._modems.append(modem)
        if self._started:
            self._add(modem)
            self._start(modem.modem_id)
            self.router.known_modems.add(modem.modem_id)
            self.dispatcher.wake()

    async def remove_modem(self, modem_id: str, timeout: float = STOP_GRACE) -> Modem:
        """A modem leaves: its worker finishes the part in flight and releases the rest, its
        receiver stops, its registry entry says closed. Returns the modem (still open)."""
        worker = self._workers.pop(modem_id, None)
        if worker is None:
            for modem in self._modems:
                if modem.modem_id == modem_id and not self._started:
                    self._modems.remove(modem)
                    return modem
            raise UnknownModem(f"no modem {modem_id!r} in this pool")
        receiver = self._receivers.pop(modem_id, None)
        await worker.stop(timeout)
        if receiver is not None:
            await receiver.stop()
        self._modems.remove(worker.modem)
        await self._write_record(worker, closed=True)
        return worker.modem

    def reconfigure(self, config: PoolConfig, send: SendDefaults | None = None) -> None:
        """New routing, limits, retries, health and timeouts, from now on (SIGHUP)."""
        self.ctx.config = config
        if send is not None:
            self.ctx.send = send
        known = self.router.known_modems
        self.router = Router(config, known)
        for worker in self._workers.values():
            worker.reconfigure()
            self.registry.changed(worker.modem_id)
        self.dispatcher.wake()

    def _add(self, modem: Modem) -> None:
        worker = Worker(self.ctx, modem, self.dispatcher.others_waiting)
        worker.on_change = self._changed
        self._workers[modem.modem_id] = worker
        self._receivers[modem.modem_id] = Receiver(self.ctx, modem)

    def _start(self, modem_id: str) -> None:
        worker = self._workers[modem_id]
        worker.start()
        self._receivers[modem_id].start()
        self._changed(worker)

    def _changed(self, worker: Worker) -> None:
        self.registry.changed(worker.modem_id)
        ready = worker.modem.ready
        if ready and not self._ready.get(worker.modem_id):
            # (Back) in service: acknowledge what was kept while it was away or before a crash.
            receiver = self._receivers.get(worker.modem_id)
            if receiver is not None:
                self._spawn(receiver.sweep(), f"ack sweep {worker.modem_id}")
        self._ready[worker.modem_id] = ready

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.append(task)
        task.add_done_callback(lambda t: self._tasks.remove(t) if t in self._tasks else None)

    # --- the Python API ---------------------------------------------------------------------

    async def submit(self, request: SendRequest, *, idempotency_key: str | None = None) -> Message:
        """Validate and plan `request` (`modem.sms.plan_sms` per recipient), route it, and
        commit it queued (or scheduled). InvalidRequest names every field at fault;
        IdempotencyConflict when `idempotency_key` came before with another request (the
        same request: the first message, as it stands now)."""
        message, _ = await self.create(request, idempotency_key=idempotency_key)
        return message

    async def create(
        self, request: SendRequest, *, idempotency_key: str | None = None
    ) -> tuple[Message, bool]:
        """`submit`, also saying whether the message is new (False: an idempotent repeat)."""
        new = plan_request(request, self.ctx.send, self.router, self.ctx.now())
        fingerprint = request.fingerprint() if idempotency_key is not None else None
        async with self.dispatcher.gate.submit():
            message, created = await self.ctx.store.create_message(
                new, idempotency_key=idempotency_key, fingerprint=fingerprint
            )
        if created:
            self.dispatcher.wake()
        return message, created

    async def estimate(self, request: SendRequest) -> Estimate:
        """What `request` would cost (encoding, parts, room left), nothing sent or stored;
        InvalidRequest as `submit` would raise it."""
        return estimate_request(request, self.ctx.send, self.router)

    async def get(self, message_id: str) -> Message:
        """The message with its recipients, parts and reports; NotFound."""
        return await self.ctx.store.get_message(message_id)

    async def history(self, message_id: str) -> list[HistoryEntry]:
        """Every recorded change of the message, oldest first; NotFound."""
        return await self.ctx.store.history(message_id)

    async def cancel(self, message_id: str) -> Message:
        """Cancel a message nothing of which was sent or claimed; NotFound; Conflict (naming
        its state) otherwise."""
        return await self.ctx.store.cancel_message(message_id)

    async def modems(self) -> list[ModemStatus]:
        """Every modem: this node's live, then other nodes' as the registry has them."""
        now = self.ctx.now()
        statuses = []
        for worker in self._workers.values():
            depth = await self.ctx.store.queue_depth(worker.modem_id)
            statuses.append(
                status_of(worker, self._receivers.get(worker.modem_id), self.node, now, depth)
            )
        for record in await self.ctx.store.list_modems():
            if record.modem_id not in self._workers:
                depth = await self.ctx.store.queue_depth(record.modem_id)
                statuses.append(ModemStatus.from_record(record, depth))
        return statuses

    async def modem(self, modem_id: str) -> ModemStatus:
        """One modem (this node's or another's); UnknownModem."""
        for status in await self.modems():
            if status.modem_id == modem_id:
                return status
        raise UnknownModem(f"no modem {modem_id!r}")

    async def ussd(self, modem_id: str, code: str, *, timeout: float | None = None) -> UssdReply:
        """Send a USSD code ("*100#", or a menu answer) on a modem of this node and return the
        network's reply. UnknownModem; ModemUnavailable when it is not ready; CommandTimeout
        when no reply comes; ValueError for a code that is not USSD."""
        modem = self._local(modem_id)
        return await modem.ussd(code, timeout=timeout)

    async def reset(self, modem_id: str) -> None:
        """Restart a modem of this node (the profile's reset command): it goes lost, its
        claim is released, and it rejoins when it is back. UnknownModem; ModemUnavailable."""
        modem = self._local(modem_id)
        log.info("%s: reset on request", modem_id)
        await modem.reset()

    def _local(self, modem_id: str) -> Modem:
        worker = self._workers.get(modem_id)
        if worker is None:
            raise UnknownModem(f"no modem {modem_id!r} on node {self.node}")
        state = worker.modem.state
        if not state.ready:
            raise ModemUnavailable(modem_id, state.status, state.reason)
        return worker.modem

    # --- the registry, and what other processes queue ---------------------------------------

    async def _write_record(self, worker: Worker, *, closed: bool = False) -> None:
        receiver = self._receivers.get(worker.modem_id)
        await self.registry.write(worker, receiver, closed=closed)

    async def _refresh(self) -> None:
        """Every half minute: the modems other nodes have (for requests naming one), and
        acks left pending (a modem that was away)."""
        await self._refresh_known()
        for receiver in list(self._receivers.values()):
            await receiver.sweep()

    async def _refresh_known(self) -> None:
        records = await self.ctx.store.list_modems()
        self.router.known_modems = {m.modem_id for m in self._modems} | {
            r.modem_id for r in records
        }

    async def _watch_outbox(self) -> None:
        """Wake the dispatcher when another process queued a message (this process's own
        submits wake it directly)."""
        store = self.ctx.store
        seq = await store.last_event_seq()
        while True:
            await store.wait_events(seq, 30.0)
            latest = await store.last_event_seq()
            if latest > seq and any(w.idle for w in self._workers.values()):
                queued = await store.events_after(seq, 1, types=[EventType.MESSAGE_QUEUED])
                if queued:
                    self.dispatcher.wake()
            seq = latest
            await asyncio.sleep(0.05)  # at most 20 looks a second, however busy the outbox
