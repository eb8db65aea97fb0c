"""`Modem`: one GSM/LTE modem on one AT port, asyncio. Open, query, send, receive, USSD.

    async with Modem("/dev/ttyUSB2", pin="1234") as modem:       # or "sim://sim0", socket://
        print(await modem.info())
        result = await modem.send_sms("+4712345678", "hello", status_report=True)
        async for event in modem.events():                       # SmsReceived, ...
            ...

The class is assembled from one module per job: core.py (port, reader, commands, deadlines,
resync, reopen, watchdog), setup.py (the init sequence), send.py (AT+CMGS and what a failure
means), receive.py (URCs, stored and routed messages, events); this module adds opening,
`info()`, USSD and reset.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Sequence
from typing import Any

from modem.at import Response
from modem.at.info import parse_csq, parse_registration
from modem.at.params import parse_params
from modem.config import ModemConfig, SendDefaults, Timeouts
from modem.device.core import ModemCore
from modem.device.events import ModemInfo, ModemReady, UssdReply
from modem.device.receive import Receiving
from modem.device.send import Sending
from modem.device.whole import CLOSED, Reassembling
from modem.errors import (
    CommandTimeout,
    ModemGone,
)
from modem.profiles import Profile, get

__all__ = ["Modem"]

log = logging.getLogger("modem.device")


class Modem(Sending, Reassembling, Receiving, ModemCore):
    """A modem on `port` (device path, socket://, rfc2217://, sim://).

    `profile`: a Profile, a profile name, or None/"auto" to choose from AT+CGMI. `receive`:
    "store" (+CMTI, default) or "route" (+CMT with AT+CNMA). `alt_ports`: other paths to the
    same modem tried when reopening (udev-stable names). `usb_id`: (VID, PID) if known, for
    profile choice. `send_defaults`: status report, validity, encoding, class defaults.
    """

    def __init__(
        self,
        port: str,
        *,
        pin: str | None = None,
        profile: Profile | str | None = None,
        receive: str = "store",
        timeouts: Timeouts | None = None,
        alt_ports: Sequence[str] = (),
        baudrate: int = 115200,
        smsc: str | None = None,
        reconnect: bool = True,
        queue_size: int = 64,
        usb_id: tuple[int, int] | None = None,
        send_defaults: SendDefaults | None = None,
    ) -> None:
        if isinstance(profile, str):
            profile = None if profile.lower() == "auto" else get(profile)
        super().__init__(
            port,
            alt_ports=alt_ports,
            profile=profile,
            timeouts=timeouts,
            baudrate=baudrate,
            reconnect=reconnect,
            queue_size=queue_size,
        )
        if receive not in ("store", "route"):
            raise ValueError("receive must be 'store' or 'route'")
        self.pin = pin
        self.receive = receive
        self.smsc = smsc
        self.usb_id = usb_id
        self.send_defaults = send_defaults or SendDefaults()
        self.manufacturer: str | None = None
        self._pin_tried = False
        self._pin_refused = False  # the SIM said no to `pin` once: never enter it again
        self._csms = 0
        self._cnmi: str | None = None
        self._mem1: str | None = None  # what AT+CPMS mem1 is now (reads switch it)
        self.storage = "SM"  # where new messages are stored: the default for list/read/delete
        self._storages: tuple[str, ...] = ()
        self.storages_offered: tuple[str, ...] = ()  # what AT+CPMS=? listed (SM, ME, SR, ...)
        self._inflight: set[tuple[str, int]] = set()
        self._generation = 0  # bumped when the port is lost: acks from before do not delete
        self._ussd_waiter: asyncio.Future[UssdReply] | None = None
        self._ussd_lock = asyncio.Lock()
        self._sms_ready = asyncio.Event()
        self._concat_ref = random.randrange(256)

    @classmethod
    def from_config(cls, config: ModemConfig, **kw: Any) -> Modem:
        kw.setdefault("pin", config.pin)
        kw.setdefault("profile", config.profile)
        kw.setdefault("receive", config.receive)
        kw.setdefault("alt_ports", config.alt_ports)
        kw.setdefault("baudrate", config.baudrate)
        kw.setdefault("smsc", config.smsc)
        return cls(config.port, **kw)

    @property
    def ready(self) -> bool:
        """Open, initialised and not being reopened: commands can run now."""
        return self._ready

    # --- lifecycle -----------------------------------------------------------------------------

    async def open(self, *, scan: bool = True, initialise: bool = True) -> Modem:
        """Open the port, initialise the modem, start receiving. `scan`: read the messages
        already stored (off for one-shot commands that do not receive). `initialise=False`:
        only make sure the modem answers AT, change none of its settings and receive nothing
        (`modem at`: a SIM that wants its PUK must not stop the user from sending it)."""
        self._closing = False
        await self._connect(self.port)
        try:
            async with self._lock:
                if not initialise:
                    from modem.device.setup import synchronise

                    await synchronise(self)
                    self._ready = True
                    return self
                await self._initialise()
        except BaseException:
            self._closing = True
            await self._disconnect()
            raise
        self._ready = True
        self._opened = True
        self._spawn(self._receiver(), "receiver")
        self._spawn(self._watchdog(), "watchdog")
        self._emit_nowait(ModemReady(self.current_port))
        if scan:
            self._after_ready()
        return self

    async def close(self) -> None:
        await super().close()
        with contextlib.suppress(asyncio.QueueFull):
            self._events.put_nowait(CLOSED)

    async def __aenter__(self) -> Modem:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _initialise(self) -> None:
        from modem.device.setup import initialise

        await initialise(self)

    async def _health_check(self) -> None:
        """AT+CNMI? as the watchdog's probe: a modem that rebooted by itself, or switched
        routing off after a missed AT+CNMA (TS 27.005 §3.4.4), has lost our settings and would
        stay silent about new messages: initialise it again and rescan its storage."""
        response = await self.command("AT+CNMI?", timeout=self.timeouts.probe, check=False)
        if not response.ok or not response.lines or self._cnmi is None:
            return
        current = [v for v in parse_params(response.lines[0])]
        wanted = [int(v) for v in self._cnmi.split(",")]
        if current[: len(wanted)] != wanted:
            await self.reinitialise(f"AT+CNMI is {response.lines[0]!r}, not {self._cnmi}")

    async def reinitialise(self, reason: str) -> None:
        """Run the init sequence again on the open port (after a reboot of the modem), then
        look for messages stored meanwhile."""
        log.warning("%s: initialising again: %s", self.current_port, reason)
        async with self._lock:
            await self._initialise()
        self._after_ready()

    # --- info ----------------------------------------------------------------------------------

    async def info(self) -> ModemInfo:
        """Identity, SIM, operator, signal, registration and SMSC; unanswered ones are None."""

        async def ask(line: str, expects: str | None = None) -> Response | None:
            try:
                response = await self.command(line, check=False, expects=expects)
            except CommandTimeout:
                return None
            return response if response.ok else None

        def first(response: Response | None, strip: str = "") -> str | None:
            if response is None or not response.lines:
                return None
            line = response.lines[0]
            if strip and line.upper().startswith(strip.upper()):
                line = line[len(strip) :].lstrip(": ").strip()
            return line.strip().strip('"') or None

        def value(response: Response | None, index: int) -> Any:
            if response is None or not response.lines:
                return None
            values = parse_params(response.lines[0])
            return values[index] if len(values) > index else None

        registration = {}
        for kind in ("CREG", "CGREG", "CEREG"):
            response = await ask(f"AT+{kind}?")
            if response is not None and response.lines:
                with contextlib.suppress(ValueError):
                    registration[kind] = parse_registration(response.lines[0], solicited=True)
        csq = await ask("AT+CSQ")
        await ask("AT+COPS=3,0")
        iccid = None
        for line in dict.fromkeys((self.profile.iccid_command, "AT+CCID", "AT+ICCID")):
            answer = await ask(line, expects="")
            if answer is not None and answer.lines:
                iccid = answer.lines[0].split(":", 1)[-1].strip().strip('"') or None
                break
        number = await ask("AT+CNUM")
        return ModemInfo(
            port=self.current_port,
            profile=self.profile.name,
            manufacturer=first(await ask("AT+CGMI", expects=""), "+CGMI"),
            model=first(await ask("AT+CGMM", expects=""), "+CGMM"),
            revision=first(await ask("AT+CGMR", expects=""), "+CGMR"),
            imei=first(await ask("AT+CGSN", expects=""), "+CGSN"),
            imsi=first(await ask("AT+CIMI", expects=""), "+CIMI"),
            iccid=iccid,
            operator=value(await ask("AT+COPS?"), 2),
            signal=parse_csq(csq.lines[0]) if csq is not None and csq.lines else None,
            registration=registration,
            smsc=value(await ask("AT+CSCA?"), 0),
            own_number=value(number, 1),
        )

    # --- USSD ----------------------------------------------------------------------------------

    async def ussd(self, code: str, *, timeout: float | None = None) -> UssdReply:
        """Send a USSD string ("*100#", or a menu answer "1") and wait for the network's reply
        (decoded: GSM 7-bit, packed or not, or UCS-2). CommandTimeout if none comes."""
        from modem.at.ussd import ussd_command

        line = ussd_command(code, packed=self.profile.ussd_packed)
        async with self._ussd_lock:
            waiter = self._ussd_waiter = asyncio.get_running_loop().create_future()
            try:
                await self.command(line)
                limit = self.timeouts.ussd if timeout is None else timeout
                try:
                    async with asyncio.timeout(limit):
                        return await waiter
                except TimeoutError:
                    raise CommandTimeout(f"USSD {code}: no reply within {limit:g} s") from None
            finally:
                self._ussd_waiter = None

    async def reset(self) -> None:
        """Restart the modem with the profile's reset command; it is then reopened and
        initialised again (ModemLost, then ModemReady), as after an unplug."""
        for line in self.profile.reset:
            try:
                response = await self.command(line, check=False, timeout=self.timeouts.probe)
            except (CommandTimeout, ModemGone):
                break
            if response.ok:
                break
        self._lost("reset on request")
