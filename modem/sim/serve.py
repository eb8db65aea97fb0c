"""The asyncio layer: simulated modems served on pseudo-terminals, TCP ports and in-process
sockets.

`SimNetwork` builds one `Interpreter` per configured modem and an `Smsc` between them, all in
the running event loop. Each `SimModem` is the thin I/O shell around its interpreter: bytes read
from its endpoints go to `Interpreter.receive_data`; what the interpreter writes is queued and
sent in order after its latency; timers are `loop.call_later`. Endpoints (endpoint.py) are a pty
master (`serve_pty()`: gammu, python-gsmmodem, minicom on this host), accepted TCP connections
(`serve_tcp()`: "socket://127.0.0.1:PORT" from any process, as ser2net serves a tty) and the far
ends of socketpairs (`modem.sim.connect("sim://name")`: only inside this process, which is what
tests and the demo use). All see the same modem, as several programs opening one tty would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from modem.errors import ModemError, ModemGone
from modem.sim import incoming
from modem.sim.build import interpreter_for
from modem.sim.config import ModemSpec, SimConfig
from modem.sim.endpoint import DEFAULT_LIMIT, Endpoint
from modem.sim.faults import FaultSpec
from modem.sim.network import Smsc
from modem.sim.state import Stat
from modem.sim.tcp import TcpListener

# url -> modem, for modem.sim.connect(); filled while a SimNetwork runs.
REGISTRY: dict[str, SimModem] = {}
_network_ids = iter(range(1, 1 << 30))


@dataclass(frozen=True)
class StoredSms:
    """A message in a simulated modem's storage (see SimModem.inbox)."""

    memory: str
    index: int
    stat: Stat
    pdu: bytes

    @property
    def tpdu(self) -> Any:
        from modem.sms import decode_pdu

        return decode_pdu(self.pdu, smsc=True)


class SimModem:
    """One simulated modem in a running `SimNetwork`.

    url: "sim://<name>" for modem.sim.connect() in this process; `serve_pty()` for a device
    path, `serve_tcp()` for a socket:// URL other processes can open; `inbox`,
    `sent` and `commands` show what it holds, sent and was told; `faults` may be replaced at
    any time; `unplug()`/`replug()` (connections close, the pty goes), `reset()` (a power
    cycle with connections kept, as AT+CFUN=1,1 on a UART modem: boot URCs are seen),
    `storm()`, `set_registration()`, `set_signal()` act on it. Output written while nothing
    is connected is lost, as on a USB port nobody reads; `output_limit` bounds what waits for
    a client that reads slowly (endpoint.py).
    """

    def __init__(self, network: SimNetwork, spec: ModemSpec, index: int) -> None:
        self.network = network
        self.spec = spec
        self.name = spec.name
        self.number = spec.number
        self.loop = network.loop
        self.endpoints: set[Endpoint] = set()
        self._queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self._idle = asyncio.Event()
        self._idle.set()
        self._pty: tuple[int, int, str] | None = None
        self._link: str | None = None
        self._plug_timer: asyncio.TimerHandle | None = None
        self._served = False  # serve_pty() was called: a replug brings a pty back
        self.tcp: TcpListener | None = None
        self.output_limit = DEFAULT_LIMIT  # bytes per endpoint waiting for a slow reader
        # Called with (modem, port or None) after each unplug (None) and replug.
        self.plug_listeners: list[Callable[[SimModem, str | None], None]] = []
        self.plugged = True
        self.interp = interpreter_for(spec, network.config, index, host=self, network=network.smsc)
        taken = spec.name in {m.name for m in REGISTRY.values() if m.network is not network}
        self.url = f"sim://{network.id}/{spec.name}" if taken else f"sim://{spec.name}"
        self._writer = self.loop.create_task(self._write_loop())

    # --- Host protocol for the interpreter ------------------------------------------------------

    def write(self, data: bytes, delay: float = 0.0) -> None:
        self._idle.clear()
        self._queue.put_nowait((delay, data))

    def call_later(self, delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
        return self.loop.call_later(delay, callback)

    async def _write_loop(self) -> None:
        while True:
            delay, data = await self._queue.get()
            if delay > 0:
                await asyncio.sleep(delay)
            for endpoint in list(self.endpoints):
                endpoint.write(data)
            if self._queue.empty():
                self._idle.set()

    async def drain(self) -> None:
        """Wait until everything the modem has to say so far has been written."""
        await self._idle.wait()

    async def ready(self) -> None:
        """Wait until the modem has booted far enough for SMS commands (SIMCom: "SMS Ready")."""
        if self.interp.sms_ready and self.interp.powered:
            return
        event = asyncio.Event()
        self.interp.on_ready.append(event.set)
        try:
            await event.wait()
        finally:
            self.interp.on_ready.remove(event.set)

    # --- endpoints -----------------------------------------------------------------------------

    def connect(self) -> socket.socket:
        """A new in-process connection to this modem's AT port (call in the modem's loop)."""
        if not self.plugged:
            raise ModemGone(f"{self.url}: the simulated modem is unplugged")
        ours, theirs = socket.socketpair()
        Endpoint(self, ours.detach(), "socket", limit=self.output_limit)
        return theirs

    async def serve_pty(self, link: str | None = None) -> str:
        """Serve the modem on a pseudo-terminal in raw mode; return its path (or `link`, a
        symlink to it that follows the modem across replugs)."""
        self._served = True
        if self._pty is None and self.plugged:
            self._open_pty()
        if link is not None:
            self._link = link
            self._update_link()
        return self._link or self.port

    def serve_tcp(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the modem on a TCP port too (tcp.py); return its "socket://host:port" URL.
        `port` 0 takes any free port. ModemError, in words, if it cannot listen there."""
        if self.tcp is None:
            self.tcp = TcpListener(self, host, port)
        return self.tcp.url

    @property
    def port(self) -> str | None:
        """The current pty path, if served on one."""
        return self._pty[2] if self._pty else None

    def _open_pty(self) -> None:
        import pty
        import tty

        master, slave = pty.openpty()
        tty.setraw(slave)
        path = os.ttyname(slave)
        self._pty = (master, slave, path)
        Endpoint(self, master, "pty", limit=self.output_limit)

    def _close_pty(self) -> None:
        if self._pty is None:
            return
        master, slave, _ = self._pty
        for endpoint in [e for e in self.endpoints if e.fd == master]:
            endpoint.close()
        with contextlib.suppress(OSError):
            os.close(slave)
        self._pty = None

    def _update_link(self) -> None:
        if self._link is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._link)
        if self._pty is not None:
            os.symlink(self._pty[2], self._link)

    # --- what tests look at and do ------------------------------------------------------------

    @property
    def faults(self) -> FaultSpec:
        return self.interp.faults.spec

    @faults.setter
    def faults(self, spec: FaultSpec) -> None:
        old = self.interp.faults.spec
        self.interp.faults.spec = spec
        if (old.unplug_after, old.replug_after) != (spec.unplug_after, spec.replug_after):
            self.schedule_plug_faults()

    @property
    def inbox(self) -> list[StoredSms]:
        """SMS-DELIVERs and status reports stored in SM, ME and SR, in index order."""
        return [
            StoredSms(name, index, stored.stat, stored.pdu)
            for name, storage in self.interp.storages.items()
            for index, stored in storage
        ]

    @property
    def sent(self) -> list[Any]:
        """The SMS-SUBMITs this modem sent, decoded, with the TP-MR the modem gave them."""
        from modem.sms import decode_pdu

        return [decode_pdu(pdu, smsc=True) for pdu in self.interp.sent]

    @property
    def commands(self) -> list[str]:
        """Every command line received, in order ("AT+CMGF=0")."""
        return list(self.interp.log)

    def schedule_plug_faults(self) -> None:
        """Arm FaultSpec.unplug_after (from now) and, after it, replug_after."""
        if self._plug_timer is not None:
            self._plug_timer.cancel()
            self._plug_timer = None
        spec = self.faults
        if self.plugged and spec.unplug_after is not None:
            self._plug_timer = self.loop.call_later(spec.unplug_after, self._scheduled_unplug)

    def _scheduled_unplug(self) -> None:
        self._plug_timer = None
        self.unplug()
        after = self.faults.replug_after
        if after is not None:
            self._plug_timer = self.loop.call_later(after, self._plug_in)

    def unplug(self) -> None:
        """The USB device goes away: connections see EOF, the pty disappears, power is off."""
        if self._plug_timer is not None:
            self._plug_timer.cancel()
            self._plug_timer = None
        was_plugged, self.plugged = self.plugged, False
        self.interp.power_off()
        self._close_pty()
        for endpoint in list(self.endpoints):
            endpoint.close()
        if self._link:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._link)
        self.endpoints.clear()
        if was_plugged:
            self._tell(None)

    async def replug(self) -> str | None:
        """The device comes back and boots; a served pty comes back under a new path (the
        link, if one was given, points to it). Returns the new port."""
        return self._plug_in()

    def _plug_in(self) -> str | None:
        if self.plugged:
            return self._link or self.port
        self.plugged = True
        if self._served:
            self._open_pty()
            self._update_link()
        self.interp.power_on()
        self.network.smsc.back_online(self.interp)
        self.schedule_plug_faults()
        self._tell(self._link or self.port)
        return self._link or self.port

    def _tell(self, port: str | None) -> None:
        for listener in list(self.plug_listeners):
            listener(self, port)

    def reset(self) -> None:
        """Power-cycle the modem (clears a hang); storages survive."""
        self.interp.reboot()
        self.network.smsc.back_online(self.interp)

    def storm(self, count: int | None = None, lines: tuple[str, ...] | None = None) -> None:
        """A burst of unsolicited lines (FaultSpec.storm_lines, storm_count times)."""
        spec = self.faults
        burst = list(lines or spec.storm_lines) * (count or spec.storm_count)
        self.interp.urc(*burst)

    def set_registration(self, stat: int) -> None:
        from modem.sim.commands.network import set_registration

        set_registration(self.interp, stat)

    def set_signal(self, rssi: int) -> None:
        self.interp.rssi = rssi

    def close(self) -> None:
        self.plug_listeners.clear()
        self.unplug()
        if self.tcp is not None:
            self.tcp.close()
        self._writer.cancel()


class SimNetwork:
    """Simulated modems and the network between them, in the running event loop.

    async with SimNetwork(SimConfig(modems=[ModemSpec("sim0"), ModemSpec("sim1")])) as net:
        sock = modem.sim.connect(net.modem("sim0").url)
    """

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.id = f"net{next(_network_ids)}"
        self.modems: list[SimModem] = []
        self.loop: asyncio.AbstractEventLoop
        self.smsc: Smsc
        self.mmsc: Any = None  # the simulated MMSC (modem.sim.mmsc.SimMmsc) if configured

    async def __aenter__(self) -> SimNetwork:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.thread = threading.get_ident()
        self.smsc = Smsc(
            number=self.config.smsc,
            call_later=self.loop.call_later,
            ussd=self.config.ussd,
            latency_scale=self.config.latency_scale,
            report_delay=self.config.report_delay,
            validity=self.config.validity,
        )
        for index, spec in enumerate(self.config.resolved()):
            modem = SimModem(self, spec, index)
            self.modems.append(modem)
            self.smsc.attach(modem.interp)
            REGISTRY[modem.url] = modem
            REGISTRY[f"sim://{self.id}/{modem.name}"] = modem
        for modem in self.modems:
            modem.interp.power_on()
            modem.schedule_plug_faults()
        if self.config.mmsc is not None:
            from modem.sim.mmsc import start_for_network

            self.mmsc = await start_for_network(self)

    async def close(self) -> None:
        if self.mmsc is not None:
            await self.mmsc.close()
        self.smsc.close()
        for modem in self.modems:
            modem.close()
            for url in (modem.url, f"sim://{self.id}/{modem.name}"):
                if REGISTRY.get(url) is modem:
                    del REGISTRY[url]
        await asyncio.sleep(0)

    def modem(self, name: str) -> SimModem:
        for modem in self.modems:
            if modem.name == name:
                return modem
        raise ModemError(f"no simulated modem called {name!r}")

    async def inject_sms(
        self,
        to: str,
        text: str | None = None,
        *,
        sender: str = "+15559990000",
        pdu: str | bytes | None = None,
        **options: Any,
    ) -> int:
        """Deliver an SMS from outside (any sender, alphanumeric too) or a raw SMS-DELIVER PDU
        to the modem with number `to`, as CNMI says. Returns the number of parts."""
        return self.smsc.inject(to, text=text, pdu=pdu, sender=sender, **options)

    async def drain(self) -> None:
        for modem in self.modems:
            await modem.drain()


__all__ = ["REGISTRY", "SimModem", "SimNetwork", "StoredSms", "incoming"]
