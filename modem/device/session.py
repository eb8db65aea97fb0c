"""The init sequence, and what it learned as a value: `initialise(channel, setup) -> Session`.

It runs on open and after every reopen, driven by the profile. Order and why (research sms.md
§2.1 compares gammu, smstools, python-gsmmodem, Kannel, MM):

1. probes until the modem answers one with its own line (not a late answer left by the port's
   previous user; a port left in a "> " prompt gets ESC, as gammu does);
2. ATE0 (echo off, V.250 §6.2.4) and AT+CMEE=1|2 (numeric or verbose +CME/+CMS, 27.007 §9.1);
3. AT+CGMI (ATI as fallback) to pick the profile when it is "auto"; its URC table applies
   from then on;
4. AT+CPIN? and the PIN from the configuration, once; a PUK or missing SIM is reported
   plainly (`SimError`), never guessed at;
5. AT+CGSN and AT+CIMI: the identity a stable `modem_id` is made of;
6. the profile's vendor commands (failures logged, not fatal);
7. AT+CMGF=0 (PDU mode, 27.005 §3.2.3), retried while the modem says it is not ready yet
   (SIMCom before "SMS Ready", u-blox "SIM busy") and woken early by the ready URC;
8. AT+CSMS=1 when messages are routed (+CMT needs AT+CNMA, 27.005 §3.2.1), else 0; a modem
   that refuses service 1 cannot acknowledge or refuse a routed message, so it receives in
   store mode instead (a routed message it could not refuse would be lost under load);
9. AT+CPMS: the first of the profile's storages the modem offers (three parameters: some
   Huawei firmware accepts no fewer, gammu#908);
10. AT+CNMI: the profile's value if AT+CNMI=? allows it, else the ModemManager fallbacks; none
    accepted: the modem announces nothing and the driver polls its storage;
11. AT+CREG=2 / +CGREG=2 / +CEREG=2 so registration changes arrive as URCs (optional);
12. AT+CSCA when the configuration names an SMSC.

A command whose answer was lost (a dropped final result: the channel resynchronised and
raised CommandTimeout) is run again, up to `RETRIES` times: every command here sets or reads
a setting, so running it twice is harmless. The PIN is the exception: an AT+CPIN=<pin> with no
answer may have been refused, so it is never entered again by itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modem.at.codes import ErrorCategory
from modem.at.params import choices_contain, parse_params, quote
from modem.errors import CommandError, CommandTimeout, SimError
from modem.profiles import Profile, select, urc_table
from modem.vocabulary import new_id

if TYPE_CHECKING:
    from modem.at import Response
    from modem.device.channel import Channel

__all__ = ["CNMI_FALLBACKS", "Session", "Setup", "initialise", "usb_id_of"]

log = logging.getLogger("modem.device")

# CNMI values to try when the profile's is refused (ModemManager's order, then plain ones).
CNMI_FALLBACKS = ("2,1,0,2,0", "2,1,2,1,0", "2,1,0,1,0", "2,1,0,0,0", "1,1,0,0,0")
_NOT_READY = frozenset({ErrorCategory.MODEM_STATE, ErrorCategory.UNKNOWN})
#: How often a command whose answer was lost is sent again during init.
RETRIES = 2


@dataclass
class Setup:
    """What init is asked for, and what it must remember across reopens (the PIN guard)."""

    profile: Profile | None  # None: choose from AT+CGMI / ATI / USB ids
    pin: str | None = None
    receive: str = "store"
    smsc: str | None = None
    usb_id: tuple[int, int] | None = None
    sms_ready: asyncio.Event = field(default_factory=asyncio.Event)
    pin_refused: bool = False  # the SIM said no (or did not answer) once: never enter it again


@dataclass(frozen=True)
class Session:
    """What one successful init learned. A new one (new `id`) after every reopen.

    `receive` is the mode in force ("route" asked for may have become "store", see step 8);
    `cnmi` None means the modem announces nothing (its storage is polled). `storage` is
    where new messages are stored (mem3), `storages` what a scan lists, `offered` what
    AT+CPMS=? offered. `mem1` is what AT+CPMS mem1 was left at by init."""

    id: str
    profile: Profile
    manufacturer: str | None
    imei: str | None
    imsi: str | None
    receive: str
    csms: int
    cnmi: str | None
    storage: str
    storages: tuple[str, ...]
    offered: tuple[str, ...]
    mem1: str | None


async def initialise(channel: Channel, setup: Setup) -> Session:
    """Run the init sequence (channel held by the caller); the Session it learned."""
    init = _Init(channel, setup)
    return await init.run()


class _Init:
    """One run of the sequence (a class only to share the channel and setup between steps)."""

    def __init__(self, channel: Channel, setup: Setup) -> None:
        self.channel = channel
        self.setup = setup
        self.port = channel.current_port
        self.pin_entered = False

    async def run(self) -> Session:
        channel, setup = self.channel, self.setup
        if not await channel.synchronise_first():
            from modem.transport import modemmanager_hint

            raise CommandTimeout(
                f"{self.port}: no answer to AT (is this the modem's AT port?){modemmanager_hint()}"
            )
        profile = setup.profile
        await self.must("ATE0")
        errors = profile.errors if profile is not None else "numeric"
        await self.optional("AT+CMEE=2" if errors == "verbose" else "AT+CMEE=1")
        manufacturer = None
        if profile is None:
            profile, manufacturer = await self.choose_profile()
            if profile.errors == "verbose":
                await self.optional("AT+CMEE=2")
        channel.set_urcs(urc_table(profile))
        await self.unlock_sim()
        imei = _identity(await self.ask("AT+CGSN"), "+CGSN")
        imsi = _identity(await self.ask("AT+CIMI"), "+CIMI")
        for line in profile.init:
            await self.optional(line)
        await self.until_ready("AT+CMGF=0")
        receive, csms = await self.choose_service()
        storage, storages, offered, mem1 = await self.choose_storage(profile)
        cnmi = await self.choose_cnmi(profile, receive)
        for line in ("AT+CREG=2", "AT+CGREG=2", "AT+CEREG=2"):
            await self.optional(line)
        if setup.smsc:
            await self.must(f"AT+CSCA={quote(setup.smsc)}")
        return Session(
            id=new_id("ses"),
            profile=profile,
            manufacturer=manufacturer,
            imei=imei,
            imsi=imsi,
            receive=receive,
            csms=csms,
            cnmi=cnmi,
            storage=storage,
            storages=storages,
            offered=offered,
            mem1=mem1,
        )

    # --- running commands -------------------------------------------------------------------

    async def ask(self, line: str, **kw: object) -> Response:
        """Run `line` (its Response, ok or not), again when its answer was lost."""
        for attempt in range(RETRIES + 1):
            try:
                return await self.channel.run(line, check=False, **kw)  # type: ignore[arg-type]
            except CommandTimeout:
                if attempt == RETRIES:
                    raise
                log.info("%s: %s: answer lost, sending it again", self.port, line)
        raise AssertionError("unreachable")

    async def must(self, line: str) -> Response:
        return (await self.ask(line)).raise_for_error()

    async def optional(self, line: str) -> bool:
        """A command whose failure is not fatal; True when it succeeded."""
        response = await self.ask(line)
        if not response.ok:
            log.info("%s: %s -> %s (ignored)", self.port, line, response.text)
        return response.ok

    # --- the steps --------------------------------------------------------------------------

    async def choose_profile(self) -> tuple[Profile, str | None]:
        response = await self.ask("AT+CGMI", expects="")
        manufacturer = _strip_name(" ".join(response.lines), "+CGMI") if response.ok else ""
        ati = ""
        if not manufacturer:
            info = await self.ask("ATI", expects="")
            ati = " ".join(info.lines) if info.ok else ""
        usb = self.setup.usb_id
        if usb is None and not manufacturer and not ati:
            usb = usb_id_of(self.port)
        profile = select(manufacturer=manufacturer, ati=ati, usb=usb)
        log.info("%s: profile %s", self.port, profile.name)
        return profile, manufacturer or ati or None

    async def unlock_sim(self) -> None:
        """Make the SIM ready: enter the configured PIN once, else say what it wants."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.channel.timeouts.command * 3
        while True:
            response = await self.ask("AT+CPIN?", expects="+CPIN")
            if response.ok:
                line = response.first("+CPIN")
                state = str(parse_params(line)[0]).upper() if line else "READY"
                if state == "READY":
                    return
                if state == "SIM PIN":
                    await self.enter_pin()
                    continue
                if state in ("SIM PUK", "SIM PUK2", "PH-SIM PUK"):
                    hint = _unlock_hint(self.port)
                    raise SimError(
                        f"{self.port}: the SIM is blocked and wants its PUK; {hint}", state
                    )
                raise SimError(f"{self.port}: the SIM wants {state}, which is not supported", state)
            error = response.error()
            assert error is not None
            if error.code == 10:
                raise SimError(f"{self.port}: no SIM card inserted", "not inserted")
            if error.code in (12, 13):
                raise SimError(
                    f"{self.port}: the SIM is blocked (PUK needed); {_unlock_hint(self.port)}",
                    "SIM PUK",
                )
            if error.category in _NOT_READY and loop.time() < deadline:
                await asyncio.sleep(0.2)  # "SIM busy" after power-up (u-blox, ubxlib#287)
                continue
            raise error

    async def enter_pin(self) -> None:
        setup = self.setup
        if not setup.pin:
            raise SimError(
                f"{self.port}: the SIM wants a PIN; give it in the configuration "
                "(modems.<name>.pin) or with --pin",
                "SIM PIN",
            )
        if self.pin_entered:
            raise SimError(
                f"{self.port}: the SIM still wants a PIN after it was entered", "SIM PIN"
            )
        if setup.pin_refused:
            # A reopen (after an unplug, maybe with another SIM) must not spend the SIM's last
            # attempts one backoff round at a time: a refused PIN is never entered again.
            raise SimError(
                f"{self.port}: the SIM refused the configured PIN before; not entering it "
                "again (fix the PIN, then open the modem again)",
                "PIN rejected",
            )
        self.pin_entered = True
        try:
            response = await self.channel.run(f"AT+CPIN={quote(setup.pin)}", check=False)
        except CommandTimeout:
            setup.pin_refused = True  # maybe refused: never risk a second attempt unasked
            raise
        if not response.ok:
            setup.pin_refused = True
            left = await self.attempts_left()
            more = {
                None: "",
                0: "; no attempts left: the SIM now wants its PUK",
                1: "; 1 attempt left before the SIM wants its PUK",
            }.get(left, f"; {left} attempts left before the SIM wants its PUK")
            raise SimError(f"{self.port}: the SIM rejected the PIN{more}", "PIN rejected")

    async def attempts_left(self) -> int | None:
        response = await self.ask("AT+CPINR")
        for line in response.lines if response.ok else ():
            values = parse_params(line)
            if values and values[0] == "SIM PIN" and len(values) > 1 and isinstance(values[1], int):
                return values[1]
        return None

    async def until_ready(self, line: str, budget: float = 30.0) -> None:
        """Run `line`, retrying while the modem is still starting (woken by its ready URC)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        delay = 0.1
        ready = self.setup.sms_ready
        while True:
            try:
                await self.must(line)
                return
            except CommandError as exc:
                if exc.category not in _NOT_READY or loop.time() >= deadline:
                    raise
            ready.clear()
            try:
                async with asyncio.timeout(delay):
                    await ready.wait()
            except TimeoutError:
                delay = min(delay * 2, 2.0)

    async def choose_service(self) -> tuple[str, int]:
        """(receive mode in force, AT+CSMS service) - see step 8."""
        wanted = 1 if self.setup.receive == "route" else 0
        if await self.optional(f"AT+CSMS={wanted}"):
            csms = wanted
        else:
            response = await self.ask("AT+CSMS?")
            values = parse_params(response.first("+CSMS") or "") if response.ok else ()
            csms = values[0] if values and isinstance(values[0], int) else 0
        receive = self.setup.receive
        if receive == "route" and csms != 1:
            log.warning(
                "%s: AT+CSMS=1 refused: routed messages could not be acknowledged or refused;"
                " receiving in store mode instead",
                self.port,
            )
            receive = "store"
        return receive, csms

    async def choose_storage(
        self, profile: Profile
    ) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None]:
        response = await self.ask("AT+CPMS=?")
        offered: list[tuple[object, ...]] = []
        line = response.first("+CPMS") if response.ok else None
        if line:
            offered = [v if isinstance(v, tuple) else (v,) for v in parse_params(line)]
        chosen: list[str] = []
        for i in range(3):
            choices = offered[i] if i < len(offered) else ()
            pick = next((s for s in profile.storage if s in choices), None)
            if pick is None and choices:
                pick = str(choices[0])
            chosen.append(pick or "SM")
        names = tuple(dict.fromkeys(str(s) for choices in offered for s in choices))
        mem1 = None
        storage = "SM"
        if await self.optional("AT+CPMS=" + ",".join(quote(s) for s in chosen)):
            mem1, storage = chosen[0], chosen[2]
        reports = ["SR"] if offered and "SR" in offered[0] else []
        storages = tuple(dict.fromkeys([chosen[0], chosen[2], *reports]))
        return storage, storages, names, mem1

    async def choose_cnmi(self, profile: Profile, receive: str) -> str | None:
        wanted = profile.cnmi_route if receive == "route" else profile.cnmi_store
        response = await self.ask("AT+CNMI=?")
        line = response.first("+CNMI") if response.ok else None
        allowed = parse_params(line) if line else ()
        for value in (wanted, *CNMI_FALLBACKS):
            if allowed and not _cnmi_allowed(allowed, value):
                continue
            if await self.optional(f"AT+CNMI={value}"):
                return value
        log.warning("%s: no AT+CNMI accepted: new messages are found by polling", self.port)
        return None


def _cnmi_allowed(allowed: tuple[object, ...], value: str) -> bool:
    for i, part in enumerate(value.split(",")):
        if i < len(allowed) and not choices_contain(allowed[i], int(part)):  # type: ignore[arg-type]
            return False
    return True


def _strip_name(text: str, name: str) -> str:
    if text.upper().startswith(name):
        text = text[len(name) :].lstrip(": ")
    return text.strip().strip('"')


def _identity(response: Response, name: str) -> str | None:
    """IMEI / IMSI from AT+CGSN / AT+CIMI: digits, bare or after "+CGSN:"; None if absent."""
    if not response.ok:
        return None
    for line in response.lines:
        value = _strip_name(line, name)
        if value.isdigit() and 6 <= len(value) <= 17:
            return value
    return None


def usb_id_of(port: str) -> tuple[int, int] | None:
    """(VID, PID) of a USB serial device path (symlinks such as /dev/serial/by-id/...
    resolved), from pyserial's port list; None for anything else."""
    if not port.startswith("/"):
        return None
    from serial.tools import list_ports

    real = os.path.realpath(port)
    for info in list_ports.comports():
        if info.vid is not None and os.path.realpath(info.device) == real:
            return info.vid, info.pid
    return None


def _unlock_hint(port: str) -> str:
    """What to do about a SIM that wants its PUK: the driver never enters one itself."""
    from modem.host.unlock import unlock_command

    return (
        f"unlock it with the PUK from the SIM's card: {unlock_command(port)} (or in a phone); "
        "the driver never enters a PUK"
    )
