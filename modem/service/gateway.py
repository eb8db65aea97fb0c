"""`Gateway`: the daemon's wiring, config -> store -> modems -> pool (-> the HTTP bridge).

    gateway = Gateway(config)
    gateway.add(component)          # e.g. the HTTP bridge: started after the pool, stopped first
    await gateway.start()
    ... gateway.pool.submit(...) ...
    await gateway.reload(new_config) # SIGHUP
    await gateway.stop()             # SIGTERM

Start: the store is opened and migrated; every configured modem gets a `Modem`, opened in the
background (a modem that is not plugged in yet is waited for, with backoff, while the others
work); the pool starts (taking back this node's claims from before a crash first); the
components start; systemd hears READY. Stop is the reverse: STOPPING, components, the pool
(no new claims; the AT+CMGS in flight finishes and is recorded; the rest of its recipient is
released), the modems closed, the store closed (every write committed).

Reload applies what can change while running: modems added, removed or changed (a changed
one is closed and opened again), the pool's routing, limits, retries and health settings, the
sending defaults, retention; what cannot (the store, the node's name) is said in the log and
waits for a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from modem import systemd
from modem.config import Config, ModemConfig
from modem.errors import ModemError

if TYPE_CHECKING:
    from modem.device import Modem
    from modem.pool import Pool
    from modem.store import Store

__all__ = ["Component", "Gateway"]

log = logging.getLogger("modem.service")

#: How often systemd's status line is refreshed.
STATUS_EVERY = 10.0


class Component(Protocol):
    """Something the gateway runs on top of the pool (the HTTP bridge, issue 17): started
    after the pool (`gateway.pool` and `gateway.store` are ready), stopped before it;
    `reload` gets the new configuration and returns what it could not apply (for the log)."""

    name: str

    async def start(self, gateway: Gateway) -> None: ...

    async def stop(self) -> None: ...

    async def reload(self, config: Config) -> Sequence[str]: ...


class Gateway:
    """One node of the gateway (see the module docstring)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store: Store | None = None
        self.pool: Pool | None = None
        self.modems: dict[str, Modem] = {}
        self.components: list[Component] = []
        self._opening: dict[str, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[Any]] = []
        self._started = False

    def add(self, component: Component) -> None:
        """Run `component` with the gateway (add before `start()`)."""
        self.components.append(component)

    # --- start and stop ----------------------------------------------------------------------

    async def start(self) -> None:
        """Start everything (see the module docstring); on a failure what was started is
        stopped again and the error raised (StoreError, ConfigError: one line for the user)."""
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        from modem.pool import Pool
        from modem.store import store_for

        config = self.config
        store = store_for(config.store.target, **config.store.options)
        await store.open()
        try:
            applied = await store.migrate()
        except BaseException:
            await store.close()
            raise
        if applied:
            log.info("store %s: schema migrated (%s)", config.store.target,
                     ", ".join(map(str, applied)))  # fmt: skip
        self.store = store
        for modem_config in config.modems.values():
            self.modems[modem_config.name] = self._modem(modem_config)
        self.pool = Pool(store, self.modems.values(), config=config.pool, node=config.node,
                         send=config.send, retention=config.retention)  # fmt: skip
        await self.pool.start()
        for name in self.modems:
            self._open(name)
        # The HTTP bridge (issue 17) is a component: it starts here, once the pool runs.
        for component in self.components:
            await component.start(self)
        self._started = True
        self._tasks.append(asyncio.create_task(systemd.keep_alive(self._alive), name="watchdog"))
        self._tasks.append(asyncio.create_task(self._status_loop(), name="status"))
        log.info(
            "gateway started on node %s with %d modems (%s); store %s",
            config.node,
            len(self.modems),
            ", ".join(self.modems) or "none",
            config.store.target,
        )
        systemd.ready(await self._status())

    async def stop(self) -> None:
        """Stop cleanly (see the module docstring). Safe to call twice."""
        if not self._started and self.store is None:
            return
        if self._started:
            systemd.stopping("stopping: finishing the SMS in flight")
            log.info("stopping: no new work; finishing what is in flight")
        self._started = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for component in reversed(self.components):
            try:
                await component.stop()
            except Exception:
                log.exception("%s: stopping failed", component.name)
        if self.pool is not None:
            await self.pool.stop()
            self.pool = None
        for task in self._opening.values():
            task.cancel()
        await asyncio.gather(*self._opening.values(), return_exceptions=True)
        self._opening.clear()
        await asyncio.gather(*(m.close() for m in self.modems.values()), return_exceptions=True)
        self.modems.clear()
        if self.store is not None:
            await self.store.close()
            self.store = None
            log.info("stopped")

    def _modem(self, config: ModemConfig) -> Modem:
        from modem.device import Modem

        return Modem.from_config(config, timeouts=self.config.timeouts,
                                 send_defaults=self.config.send)  # fmt: skip

    def _open(self, name: str) -> None:
        modem = self.modems[name]
        task = asyncio.create_task(self._open_modem(name, modem), name=f"open {name}")
        self._opening[name] = task
        task.add_done_callback(lambda t: self._opening.pop(name, None)
                               if self._opening.get(name) is t else None)  # fmt: skip

    async def _open_modem(self, name: str, modem: Modem) -> None:
        """Open a modem, waiting for it if it is not there yet. An error only a person can
        fix (a SIM wanting its PIN or PUK, a wrong PIN) is logged; the modem stays out of
        the pool's rotation until the configuration changes."""
        try:
            await modem.open(retry=True)
        except asyncio.CancelledError:
            raise
        except ModemError as exc:
            log.error("%s: cannot open: %s", name, exc)
            return
        except Exception:
            log.exception("%s: cannot open", name)
            return
        info = modem.state
        log.info("%s: ready on %s (IMSI %s)", name, info.port, info.imsi)

    # --- reload ------------------------------------------------------------------------------

    async def reload(self, config: Config) -> list[str]:
        """Apply a new configuration (SIGHUP); returns what needs a restart to change."""
        old = self.config
        pending: list[str] = []
        if config.store != old.store:
            pending.append("store: the database changes at the next start")
        if config.node != old.node:
            pending.append(f"node: stays {old.node!r} until the next start")
        if config.timeouts != old.timeouts:
            pending.append("timeouts: apply to modems opened from now on")
        self.config = dataclasses.replace(config, store=old.store, node=old.node)
        assert self.pool is not None
        self.pool.reconfigure(config.pool, config.send)
        self.pool.retention = config.retention
        await self._reload_modems(old.modems, config.modems)
        for component in self.components:
            try:
                pending.extend(await component.reload(self.config))
            except Exception:
                log.exception("%s: reload failed", component.name)
        for line in pending:
            log.warning("reload: %s", line)
        log.info("configuration reloaded (%d modems)", len(self.modems))
        return pending

    async def _reload_modems(
        self, old: dict[str, ModemConfig], new: dict[str, ModemConfig]
    ) -> None:
        assert self.pool is not None
        gone = [n for n in old if n not in new or new[n] != old[n]]
        for name in gone:
            if name not in self.modems:
                continue
            log.info("%s: %s", name, "removed" if name not in new else "changed: reopening")
            task = self._opening.pop(name, None)
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            modem = self.modems.pop(name)
            with contextlib.suppress(ModemError):
                await self.pool.remove_modem(modem.modem_id)
            await modem.close()
        for name, modem_config in new.items():
            if name in self.modems:
                continue
            log.info("%s: added", name)
            modem = self._modem(modem_config)
            self.modems[name] = modem
            await self.pool.add_modem(modem)
            self._open(name)

    # --- health for systemd ------------------------------------------------------------------

    def _alive(self) -> bool:
        """For the watchdog: the gateway runs (a wedged event loop pings nothing anyway)."""
        return self._started

    async def _status(self) -> str:
        ready = sum(1 for m in self.modems.values() if m.state.ready)
        queued = 0
        if self.store is not None:
            with contextlib.suppress(Exception):
                queued = await self.store.queue_depth()
        return f"{ready}/{len(self.modems)} modems ready, {queued} waiting"

    async def _status_loop(self) -> None:
        while True:
            await asyncio.sleep(STATUS_EVERY)
            systemd.status(await self._status())
