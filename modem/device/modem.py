"""`Modem`: one GSM/LTE modem on one AT port, asyncio. A small facade over its parts.

    async with Modem("/dev/ttyUSB2", name="usb0", pin="1234") as modem:  # socket://, sim://
        part = await modem.send_pdu(pdu, length)                          # or send_sms(...)
        async for item in modem.items():                                  # the one consumer
            store.keep(item)
            await modem.ack(item.token)

The parts (warthog618/modem's gsm.GSM over at.AT is the model):

- channel.py: the port, the sans-IO protocol, the one exchange primitive, resync, reopen;
- session.py: the init sequence, returning what it learned as a `Session` value;
- send.py: `Sender`, AT+CMGS per part and whole messages on top;
- receiver.py + storage.py: announced, routed and stored messages to items, and acks;
- state.py: `ModemState` snapshots apart from the messages;
- consume.py + whole.py: `items()`, `messages()`, `events()` for the one consumer;
- info.py: identity and state questions, the watchdog's settings check.

This module wires them: URCs to the part that wants them, the channel's lost/ready/fault
notices to state and receiver, and a housekeeping task (watchdog, state refresh).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from typing import Any

from modem.at import Response, Urc
from modem.at.info import parse_csq, parse_new_message, parse_registration
from modem.config import ModemConfig, SendDefaults, Timeouts
from modem.device.channel import Channel
from modem.device.consume import item_stream, stream
from modem.device.events import ModemInfo, SendResult, SentPart, StoredMessage
from modem.device.handover import Handover
from modem.device.info import read_info, read_state, settings_changed
from modem.device.items import AckToken, Item, UssdReply
from modem.device.receiver import Receiver
from modem.device.send import PartCallback, Sender
from modem.device.session import Session, Setup, initialise
from modem.device.state import ModemState, Readings, StateBoard
from modem.device.storage import Storage
from modem.device.upkeep import Upkeep
from modem.device.ussd import Ussd
from modem.errors import CommandTimeout, ModemError, ModemGone
from modem.profiles import GENERIC, Profile, get

__all__ = ["AUTO", "Modem"]

log = logging.getLogger("modem.device")

_REGISTRATION = {"+CREG": "CREG", "+CGREG": "CGREG", "+CEREG": "CEREG", "+C5GREG": "C5GREG"}
#: `poll_interval` default: scan the storage this often when the modem announces nothing
#: (no AT+CNMI accepted), and, as a safety net for a lost +CMTI, this often otherwise.
AUTO: Any = ...
POLL_SILENT = 30.0
POLL_ANNOUNCED = 300.0
#: Shortest time between two storage scans caused by line noise.
NOISE_SCAN = 5.0


class Modem:
    """A modem on `port` (device path, socket://, rfc2217://, sim://).

    `name`: the configured name (the `modem_id` when given). `profile`: a Profile, a profile
    name, or None/"auto" to choose from AT+CGMI. `receive`: "store" (+CMTI, default) or
    "route" (+CMT with AT+CNMA). `alt_ports`: other paths to the same modem tried when
    reopening (udev-stable names). `usb_id`: (VID, PID) if known, for profile choice.
    `send_defaults`: status report, validity, encoding, class defaults. `queue_size`: items
    waiting for the consumer before the receiver holds back. `poll_interval`: seconds between
    storage scans (default: 30 s when the modem announces nothing, else 300 s; None: never).
    """

    def __init__(
        self,
        port: str,
        *,
        name: str | None = None,
        pin: str | None = None,
        profile: Profile | str | None = None,
        receive: str = "store",
        timeouts: Timeouts | None = None,
        alt_ports: Sequence[str] = (),
        baudrate: int = 115200,
        smsc: str | None = None,
        reconnect: bool = True,
        usb_id: tuple[int, int] | None = None,
        send_defaults: SendDefaults | None = None,
        queue_size: int = 64,
        poll_interval: float | None = AUTO,
    ) -> None:
        if receive not in ("store", "route"):
            raise ValueError("receive must be 'store' or 'route'")
        if isinstance(profile, str):
            profile = None if profile.strip().lower() == "auto" else get(profile)
        if poll_interval is not AUTO and poll_interval is not None and poll_interval <= 0:
            raise ValueError("poll_interval must be a positive number of seconds, or None")
        self.name = name
        self.port = port
        self.timeouts = timeouts or Timeouts()
        self.send_defaults = send_defaults or SendDefaults()
        self.poll_interval = poll_interval
        self._setup = Setup(profile=profile, pin=pin, receive=receive, smsc=smsc, usb_id=usb_id)
        self.channel = Channel(
            port,
            alt_ports=alt_ports,
            baudrate=baudrate,
            timeouts=self.timeouts,
            reconnect=reconnect,
            on_urc=self._on_urc,
            on_lost=self._on_lost,
            on_ready=self._on_ready,
            on_fault=self._on_fault,
        )
        self.session: Session | None = None
        self._modem_id = name or port
        self._board = StateBoard(ModemState(self._modem_id, name, port))
        self._queue = Handover(queue_size)
        self._storage = Storage(self.channel)
        self.receiver = Receiver(
            self.channel,
            self._storage,
            queue=self._queue,
            identity=lambda: (self.modem_id, self.session.imsi if self.session else None),
            acker=self,
            ack_timeout=self.timeouts.ack,
            poll_interval=None,
        )
        self.sender = Sender(self.channel, modem_id=lambda: self.modem_id,
                             defaults=self.send_defaults)  # fmt: skip
        self._readings = Readings(self._board)
        self._ussd = Ussd(
            self.channel, profile=lambda: self.profile, modem_id=lambda: self.modem_id
        )
        self._upkeep = Upkeep(
            self.channel,
            ready=lambda: self.ready,
            refresh=self.refresh_state,
            settings_changed=lambda: settings_changed(
                self.channel, self.session.cnmi if self.session else None
            ),
            reinitialise=self.reinitialise,
        )
        self._scan = True
        self._noise_scan = -NOISE_SCAN

    @classmethod
    def from_config(cls, config: ModemConfig, **kw: Any) -> Modem:
        """A Modem for a configured one; ConfigError naming the key for an unknown profile."""
        from modem.errors import ConfigError

        kw.setdefault("name", config.name)
        kw.setdefault("pin", config.pin)
        kw.setdefault("profile", config.profile)
        kw.setdefault("receive", config.receive)
        kw.setdefault("alt_ports", config.alt_ports)
        kw.setdefault("baudrate", config.baudrate)
        kw.setdefault("smsc", config.smsc)
        try:
            return cls(config.port, **kw)
        except ConfigError as exc:
            raise ConfigError(f"modems.{config.name}.{exc}") from None

    # --- identity and state --------------------------------------------------------------------

    @property
    def modem_id(self) -> str:
        """The configured name, else the IMSI, else the IMEI (read at init); before the first
        open, the name or, as a last resort, the port URL. Never changes to the tty after an
        IMSI was known."""
        return self._modem_id

    @property
    def state(self) -> ModemState:
        return self._board.state

    async def wait_state(self, after: int, timeout: float | None = None) -> ModemState:
        """The first snapshot whose `version` is above `after` (TimeoutError after
        `timeout` seconds)."""
        return await self._board.wait(after, timeout)

    def watch_state(self) -> AsyncIterator[ModemState]:
        """The current snapshot, then each newer one (several watchers; latest wins)."""
        return self._board.watch()

    @property
    def ready(self) -> bool:
        """Open, initialised and not being reopened: commands can run now."""
        return self._board.state.ready

    @property
    def profile(self) -> Profile:
        if self.session is not None:
            return self.session.profile
        return self._setup.profile or GENERIC

    @property
    def storage(self) -> str:
        """Where new messages are stored: the default of list/read/delete."""
        return self.session.storage if self.session is not None else "SM"

    @property
    def storages_offered(self) -> tuple[str, ...]:
        return self.session.offered if self.session is not None else ()

    @property
    def current_port(self) -> str:
        return self.channel.current_port

    @property
    def stats(self) -> dict[str, int]:
        return {**self.channel.stats, **self.receiver.stats}

    # --- lifecycle -----------------------------------------------------------------------------

    async def open(
        self, *, scan: bool = True, retry: bool = False, initialise: bool = True
    ) -> Modem:
        """Open the port, initialise the modem, start receiving. `scan`: read the messages
        already stored and poll the storage (off for one-shot commands that do not receive).
        `retry`: while the port cannot be opened or the modem does not answer, keep trying
        with backoff (a daemon waiting for its modem); errors only a person can fix (a SIM
        wanting its PIN or PUK) are raised at once. `initialise=False`: only make sure the
        modem answers AT, change none of its settings and receive nothing (`modem at`: a SIM
        that wants its PUK must not stop the user from sending it); `command()` works."""
        if not initialise:
            await self.channel.open(self._answers_at)
            return self
        self._scan = scan
        self._queue.reopen()
        self._board.update(status="opening", reason=None)
        delay = 0.05
        while True:
            try:
                await self.channel.open(self._initialise)
                break
            except (CommandTimeout, ModemGone) as exc:
                if not retry:
                    self._board.update(status="closed", reason=str(exc))
                    raise
                log.warning("%s: cannot open yet (%s); trying again", self.port, exc)
                self._board.update(reason=str(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.timeouts.reopen_max)
            except BaseException as exc:
                self._board.update(status="closed", reason=str(exc) or type(exc).__name__)
                raise
        self.channel.spawn(self.receiver.run(), "receiver")
        self.channel.spawn(self._upkeep.run(), "upkeep")
        self._on_ready(False)
        return self

    async def close(self) -> None:
        """Stop every task and close the port. Unacknowledged messages stay on the modem."""
        self.receiver.close()
        await self.channel.close()
        self._queue.close()
        if self._board.state.status != "closed":
            self._board.update(status="closed", reason="closed")

    async def __aenter__(self) -> Modem:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def wait_ready(self, timeout: float | None = None) -> None:
        """Wait until a reopen (if one runs) has finished."""
        await self.channel.wait_reopened(timeout)

    async def _answers_at(self) -> None:
        """All `open(initialise=False)` does once the port is open: the sync probes."""
        if not await self.channel.synchronise_first():
            raise CommandTimeout(f"{self.channel.current_port}: no answer to AT")

    async def _initialise(self) -> None:
        """The init sequence (channel held): on open, after a reopen, on request."""
        session = await initialise(self.channel, self._setup)
        self._apply(session)

    def _apply(self, session: Session) -> None:
        self.session = session
        if session.profile.reset:
            self.channel.blind_reset = b"\x1b" + session.profile.reset[0].encode() + b"\r"
        identity = self.name or session.imsi or (
            self._modem_id if self._modem_id != self.port else None
        ) or session.imei or self.port  # fmt: skip
        self._modem_id = identity
        self._storage.reset(session.mem1, session.offered)
        self._board.update(
            modem_id=identity,
            imei=session.imei,
            imsi=session.imsi,
            profile=session.profile.name,
        )
        polling = self._scan and self.poll_interval is not None
        if polling:
            interval = self.poll_interval
            if interval is AUTO:
                interval = POLL_SILENT if session.cnmi is None else POLL_ANNOUNCED
            self.receiver.poll_interval = interval
        self.receiver.start(session, scan=False, poll=polling)

    async def reinitialise(self, reason: str) -> None:
        """Run the init sequence again on the open port (after a reboot of the modem), then
        look for messages stored meanwhile."""
        log.warning("%s: initialising again: %s", self.current_port, reason)
        async with self.channel.hold():
            await self._initialise()
        if self._scan:
            self.receiver.want_scan()
        self._upkeep.check_now(refresh=True)

    # --- notices from the channel (never wait) -------------------------------------------------

    def _on_lost(self, reason: str) -> None:
        self.receiver.lost()
        self._board.update(status="lost", reason=reason)

    def _on_ready(self, reopened: bool) -> None:
        self._board.update(status="ready", reason=None, port=self.channel.current_port)
        if self._scan:
            self.receiver.want_scan()
            self._upkeep.check_now(refresh=True)

    def _on_fault(self) -> None:
        """The port was resynchronised: what we knew of the modem's settings may be stale."""
        self._storage.forget()
        self.receiver.fault()
        self._upkeep.check_now()

    # --- URCs (called by the reader: must not wait) --------------------------------------------

    def _on_urc(self, urc: Urc) -> None:
        """Route a URC to the part that wants it, by what the profile says it is."""
        name, line = urc.name, urc.line
        profile = self.profile
        session = self.session
        if name in profile.ready_urcs or line in profile.ready_urcs:
            self._setup.sms_ready.set()
        elif line in profile.boot_urcs or name in profile.boot_urcs:
            if self.ready:  # it rebooted under us: our settings are gone
                reason = f"the modem restarted ({line})"
                self.channel.spawn(self._reinit_quietly(reason), "reinit")
        elif not urc.known:
            if _maybe_an_announcement(line):
                self._scan_soon()
            log.debug("%s: unexpected line %r", self.current_port, line)
        elif name in ("+CMTI", "+CDSI"):
            try:
                storage, index = parse_new_message(urc.value)
            except ValueError:
                log.warning("%s: garbled %s: scanning instead", self.current_port, urc.line)
                self.receiver.want_scan()
                return
            default = session.storage if session is not None else "SM"
            self.receiver.announced(storage or default, index)
        elif name in ("+CMT", "+CDS"):
            self.receiver.routed(urc)
        elif name == "+CUSD":
            reply = self._ussd.reply(urc)
            if reply is not None:  # nobody asked: an item for the consumer
                self.channel.spawn(self._queue.put(reply), "USSD reply")
        elif name in profile.rssi_urcs:
            self._readings.signal(parse_csq(urc.value))
        elif name in _REGISTRATION:
            registration = parse_registration(urc.value, solicited=False)
            self._readings.registration(_REGISTRATION[name], registration)
        elif name not in profile.ignore_urcs:
            log.debug("%s: URC %s", self.current_port, urc.line)

    def _scan_soon(self) -> None:
        """A line that may have been a +CMTI garbled by line noise: scan the storage (at
        most every NOISE_SCAN seconds, so a noisy line cannot keep the modem busy)."""
        now = asyncio.get_running_loop().time()
        if now - self._noise_scan >= NOISE_SCAN:
            self._noise_scan = now
            log.info("%s: line noise: scanning the storage", self.current_port)
            self.receiver.want_scan()

    async def _reinit_quietly(self, reason: str) -> None:
        try:
            await self.reinitialise(reason)
        except ModemGone:
            pass
        except Exception as exc:  # the watchdog tries again
            log.warning("%s: initialising again failed: %s", self.current_port, exc)

    # --- state ---------------------------------------------------------------------------------

    async def refresh_state(self) -> ModemState:
        """Ask the modem for registration, signal, operator, ICCID and own number; the new
        state snapshot."""
        changes, registrations = await read_state(self.channel, self.profile)
        self._readings.merge(registrations, **changes)
        return self._board.state

    # --- receiving -------------------------------------------------------------------------------

    def items(self) -> AsyncIterator[Item]:
        """Every item as it comes, for one consumer (RuntimeError while another waits):
        `SmsReceived`, `StatusReportReceived`, `UndecodableMessage`, `UssdReply`. Nothing is
        acknowledged here: commit it, then `ack(item.token)`. Ends when the modem closes."""
        return item_stream(self._queue)

    async def ack(self, token: AckToken) -> bool:
        """Acknowledge an item: delete a stored message (AT+CMGD), acknowledge a routed one
        (AT+CNMA). True when done now; False when there was nothing to do (already gone, a
        stored token whose index now holds another message, a routed token of an older
        session or refused meanwhile). Idempotent. ModemGone while the modem is away (try
        again once it is back); ValueError for a token of another modem."""
        if not isinstance(token, AckToken):
            raise TypeError(f"ack() takes an AckToken, not {type(token).__name__}")
        if token.modem_id != self.modem_id:
            raise ValueError(f"a token of modem {token.modem_id!r}; this is {self.modem_id!r}")
        return await self.receiver.ack(token)

    def messages(self, *, timeout: float = 3600.0, ack: bool = False) -> AsyncIterator[Any]:
        """Whole messages (`WholeMessage`, a `modem.sms.Reassembled` with the items and their
        `tokens`), and every other item as it comes. Parts still missing `timeout` seconds
        after the first came give an incomplete message (`complete=False`, `missing`).
        `ack=True`: each item (all parts of a message) is acknowledged when the consumer asks
        for the next one; False: the caller acknowledges (`message.ack()` or the tokens)."""
        return stream(self._queue, whole=True, ack=ack, timeout=timeout)

    def events(
        self, *, auto_ack: bool = False, whole: bool = False, timeout: float = 3600.0
    ) -> AsyncIterator[Any]:
        """Items (whole messages with `whole`), with state changes mixed in as `ModemLost`,
        `ModemReady` (first, when the modem is ready), `SignalChanged`,
        `RegistrationChanged`: for `modem listen`. `auto_ack` as `messages(ack=...)`."""
        return stream(
            self._queue,
            whole=whole,
            ack=auto_ack,
            timeout=timeout,
            board=self._board,
            registrations=lambda: self._readings.last,
            reopened=lambda: self.channel.stats["reopens"] > 0,
        )

    # --- sending ---------------------------------------------------------------------------------

    async def send_pdu(
        self,
        pdu: str,
        length: int,
        *,
        recipient: str | None = None,
        on_written: Callable[[], None] | None = None,
        sequence: int = 0,
    ) -> SentPart:
        """One planned part with one AT+CMGS, no retries. Raises PartRejected (+CMS code,
        `retryable`, `permanent`), PartNotSent (nothing went out; `cause`), SendUnknown (the
        body was written, no result). `on_written()` is called synchronously the moment the
        body is written: a caller cancelled after that knows the part is unknown."""
        return await self.sender.send_pdu(
            pdu, length, recipient=recipient, on_written=on_written, sequence=sequence
        )

    async def send_sms(
        self,
        to: str,
        text: str,
        *,
        status_report: bool | None = None,
        validity: timedelta | None = None,
        message_class: int | None = None,
        encoding: str | None = None,
        smsc: str | None = None,
        concat_reference: int | None = None,
        skip_parts: int = 0,
        retries: int = 2,
        retry_delay: float = 0.5,
        max_parts: int | None = None,
        on_part: PartCallback | None = None,
    ) -> SendResult:
        """Send `text` to `to`, planned by `modem.sms.plan_sms`; the TP-MR of every part.

        AddressError/EncodeError for bad input before anything is sent (an empty text,
        TooManyParts past `max_parts`); for a part that
        fails: PartRejected (retryable ones are tried `retries` times more, `retry_delay`
        seconds apart, doubling), PartNotSent, SendUnknown (see `send_pdu`). Each carries the
        references of the parts sent before it and the `concat_reference`.

        `on_part(part)` (sync or async) runs for each part as soon as its outcome is known,
        before the next one goes; also with outcome "unknown" when the send is cancelled or
        times out after a body was written. Resuming a message whose part k failed: the same
        text and options, the error's `concat_reference` and `skip_parts=k`."""
        return await self.sender.send_sms(
            to, text, status_report=status_report, validity=validity,
            message_class=message_class, encoding=encoding, smsc=smsc,
            concat_reference=concat_reference, skip_parts=skip_parts, retries=retries,
            retry_delay=retry_delay, max_parts=max_parts, on_part=on_part,
        )  # fmt: skip

    async def send_data(self, to: str, data: bytes, **kw: Any) -> SendResult:
        """Send 8-bit data (a binary SMS); `ports=(destination, source)` application ports
        (TS 23.040 §9.2.3.24.4, e.g. (2948, 9200) for a WAP push). As `send_sms` otherwise."""
        return await self.sender.send_data(to, data, **kw)

    # --- commands and queries --------------------------------------------------------------------

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
        port is resynchronised and CommandTimeout raised. Cancelling it (an outer timeout)
        at any point leaves the port usable."""
        return await self.channel.exchange(line, timeout=timeout, expects=expects, check=check)

    async def info(self) -> ModemInfo:
        """Identity, SIM, operator, signal, registration and SMSC; unanswered ones are None."""
        info = await read_info(self.channel, self.profile, self.modem_id)
        changes: dict[str, Any] = {}
        if info.signal is not None:
            changes.update(signal_rssi=info.signal.rssi, signal_dbm=info.signal.dbm)
        for key in ("operator", "iccid", "own_number"):
            if getattr(info, key):
                changes[key] = getattr(info, key)
        self._readings.merge(info.registration, **changes)
        return info

    async def ussd(self, code: str, *, timeout: float | None = None) -> UssdReply:
        """Send a USSD string ("*100#", or a menu answer "1") and wait for the network's reply
        (decoded: GSM 7-bit, packed or not, or UCS-2). CommandTimeout if none comes."""
        return await self._ussd.request(code, self.timeouts.ussd if timeout is None else timeout)

    async def reset(self) -> None:
        """Restart the modem with the profile's reset command; it is then reopened and
        initialised again (state "lost", then "ready"), as after an unplug."""
        for line in self.profile.reset:
            try:
                response = await self.command(line, check=False, timeout=self.timeouts.probe)
            except (CommandTimeout, ModemGone):
                break
            if response.ok:
                break
        self.channel.lost("reset on request")

    # --- the storage, for `modem inbox` ----------------------------------------------------------

    async def list_messages(self, storage: str | None = None) -> list[StoredMessage]:
        """Everything in `storage` (default: the receive storage), PDUs decoded where they can
        be. AT+CMGL=4 with the long `timeouts.list` deadline (a full SIM is slow)."""
        storage = storage or self.storage
        entries = await self._storage.list(storage)
        return [StoredMessage.from_entry(storage, e) for e in entries if e.index is not None]

    async def read_message(self, index: int, storage: str | None = None) -> StoredMessage | None:
        """The message at `index`; None for an empty or invalid index."""
        storage = storage or self.storage
        entry = await self._storage.read(storage, index)
        return None if entry is None else StoredMessage.from_entry(storage, entry)

    async def delete_message(self, index: int, storage: str | None = None) -> None:
        """Delete one message; ModemError "no message at ..." for an index the storage does
        not have (+CMS ERROR 321). Deleting an empty slot that exists is no error."""
        storage = storage or self.storage
        self.receiver.forget(storage, index)
        if not await self._storage.delete(storage, index):
            raise ModemError(f"no message at index {index} in {storage}")


def _maybe_an_announcement(line: str) -> bool:
    """A line no table knows that may be a +CMTI/+CDSI garbled on the wire: line noise
    (characters no modem sends) or the tail of such a name."""
    upper = line.upper()
    return "MTI" in upper or "DSI" in upper or any(not (" " <= c <= "~") for c in line)
