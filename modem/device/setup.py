"""The init sequence a `Modem` runs on open and after every reopen, driven by its profile.

Order and why (research sms.md §2.1 compares gammu, smstools, python-gsmmodem, Kannel, MM):

1. AT+CMEE? (then other read commands) until one is answered with its own line, not a late
   answer left by the port's previous user (a port left in a "> " prompt gets ESC, as gammu);
2. ATE0 (echo off, V.250 §6.2.4) and AT+CMEE=1|2 (numeric or verbose +CME/+CMS, 27.007 §9.1);
3. AT+CGMI (ATI as fallback) to pick the profile when it is "auto";
4. AT+CPIN? and the PIN from the configuration, once; a PUK or missing SIM is reported
   plainly (`SimError`), never guessed at;
5. the profile's vendor commands (failures logged, not fatal);
6. AT+CMGF=0 (PDU mode, 27.005 §3.2.3), retried while the modem says it is not ready yet
   (SIMCom before "SMS Ready", u-blox "SIM busy") and woken early by the ready URC;
7. AT+CSMS=1 when messages are routed (+CMT needs AT+CNMA, 27.005 §3.2.1), else 0;
8. AT+CPMS: the first of the profile's storages the modem offers (three parameters: some
   Huawei firmware accepts no fewer, gammu#908);
9. AT+CNMI: the profile's value if AT+CNMI=? allows it, else the ModemManager fallbacks;
10. AT+CREG=2 / +CGREG=2 / +CEREG=2 so registration changes arrive as URCs (optional);
11. AT+CSCA when the configuration names an SMSC.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from modem.at.codes import ErrorCategory
from modem.at.params import choices_contain, parse_params, quote
from modem.errors import CommandError, CommandTimeout, SimError
from modem.profiles import select

if TYPE_CHECKING:
    from modem.device.modem import Modem

log = logging.getLogger("modem.device")

# CNMI values to try when the profile's is refused (ModemManager's order, then plain ones).
CNMI_FALLBACKS = ("2,1,0,2,0", "2,1,2,1,0", "2,1,0,1,0", "2,1,0,0,0", "1,1,0,0,0")
_NOT_READY = frozenset({ErrorCategory.MODEM_STATE, ErrorCategory.UNKNOWN})


async def initialise(m: Modem) -> None:
    """Run the init sequence on `m` (lock held by the caller)."""
    m._pin_tried = False
    await synchronise(m)
    await m._command("ATE0")
    await _optional(m, "AT+CMEE=2" if m.profile.errors == "verbose" else "AT+CMEE=1")
    if m._auto_profile:
        await _choose_profile(m)
    await unlock_sim(m)
    for line in m.profile.init:
        await _optional(m, line)
    await _until_ready(m, "AT+CMGF=0")
    csms = 1 if m.receive == "route" else 0
    if await _optional(m, f"AT+CSMS={csms}"):
        m._csms = csms
    else:
        m._csms = await _read_csms(m)
    await _choose_storage(m)
    await _choose_cnmi(m)
    for line in ("AT+CREG=2", "AT+CGREG=2", "AT+CEREG=2"):
        await _optional(m, line)
    if m.smsc:
        await m._command(f"AT+CSCA={quote(m.smsc)}")


async def synchronise(m: Modem) -> None:
    """Probe until the modem answers the probe itself (not a late answer to a command of a
    program that used the port before); ESC after a silence, for a port left in a prompt.
    Changes no setting: also all that `Modem.open(initialise=False)` does."""
    if await m._synchronise(4, escape=True):
        return
    from modem.transport import modemmanager_hint

    raise CommandTimeout(
        f"{m.current_port}: no answer to AT (is this the modem's AT port?){modemmanager_hint()}"
    )


async def _optional(m: Modem, line: str) -> bool:
    """Run a command whose failure is not fatal; True when it succeeded."""
    response = await m._command(line, check=False)
    if not response.ok:
        log.info("%s: %s -> %s (ignored)", m.current_port, line, response.text)
    return response.ok


async def _choose_profile(m: Modem) -> None:
    response = await m._command("AT+CGMI", check=False)
    manufacturer = " ".join(response.lines) if response.ok else ""
    ati = ""
    if not manufacturer:
        info = await m._command("ATI", check=False)
        ati = " ".join(info.lines) if info.ok else ""
    usb = m.usb_id
    if usb is None and not manufacturer and not ati:
        usb = usb_id_of(m.current_port)
    profile = select(manufacturer=manufacturer, ati=ati, usb=usb)
    if profile is not m.profile:
        log.info("%s: profile %s", m.current_port, profile.name)
        m.profile = profile
    m.manufacturer = manufacturer or ati or None


def usb_id_of(port: str) -> tuple[int, int] | None:
    """(VID, PID) of a USB serial device path (symlinks such as /dev/serial/by-id/...
    resolved), from pyserial's port list; None for anything else."""
    if not port.startswith("/"):
        return None
    import os

    from serial.tools import list_ports

    real = os.path.realpath(port)
    for info in list_ports.comports():
        if info.vid is not None and os.path.realpath(info.device) == real:
            return info.vid, info.pid
    return None


async def unlock_sim(m: Modem) -> None:
    """Make the SIM ready: enter the configured PIN once, else say what it wants."""
    deadline = asyncio.get_running_loop().time() + m.timeouts.command * 3
    while True:
        response = await m._command("AT+CPIN?", check=False, expects="+CPIN")
        if response.ok:
            state = parse_params(response.lines[0])[0] if response.lines else "READY"
            state = str(state).upper()
            if state == "READY":
                return
            if state == "SIM PIN":
                await _enter_pin(m)
                continue
            if state in ("SIM PUK", "SIM PUK2", "PH-SIM PUK"):
                raise SimError(
                    f"{m.current_port}: the SIM is blocked and wants its PUK; unlock it in a "
                    "phone (or AT+CPIN=PUK,NEWPIN) - the driver never enters a PUK",
                    state,
                )
            raise SimError(
                f"{m.current_port}: the SIM wants {state}, which is not supported", state
            )
        error = response.error()
        assert error is not None
        if error.code == 10:
            raise SimError(f"{m.current_port}: no SIM card inserted", "not inserted")
        if error.code in (12, 13):
            raise SimError(f"{m.current_port}: the SIM is blocked (PUK needed)", "SIM PUK")
        if error.category in _NOT_READY and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)  # "SIM busy" after power-up (u-blox, ubxlib#287)
            continue
        raise error


async def _enter_pin(m: Modem) -> None:
    if not m.pin:
        raise SimError(
            f"{m.current_port}: the SIM wants a PIN; give it in the configuration "
            "(modems.<name>.pin) or with --pin",
            "SIM PIN",
        )
    if m._pin_tried:
        raise SimError(
            f"{m.current_port}: the SIM still wants a PIN after it was entered", "SIM PIN"
        )
    if m._pin_refused:
        # A reopen (after an unplug, maybe with another SIM) must not spend the SIM's last
        # attempts one backoff round at a time: a refused PIN is never entered again.
        raise SimError(
            f"{m.current_port}: the SIM refused the configured PIN before; not entering it "
            "again (fix the PIN, then open the modem again)",
            "PIN rejected",
        )
    m._pin_tried = True
    response = await m._command(f"AT+CPIN={quote(m.pin)}", check=False)
    if not response.ok:
        m._pin_refused = True
        left = await _attempts_left(m)
        more = {
            None: "",
            0: "; no attempts left: the SIM now wants its PUK",
            1: "; 1 attempt left before the SIM wants its PUK",
        }.get(left, f"; {left} attempts left before the SIM wants its PUK")
        raise SimError(f"{m.current_port}: the SIM rejected the PIN{more}", "PIN rejected")


async def _attempts_left(m: Modem) -> int | None:
    response = await m._command("AT+CPINR", check=False)
    for line in response.lines if response.ok else ():
        values = parse_params(line)
        if values and values[0] == "SIM PIN" and len(values) > 1 and isinstance(values[1], int):
            return values[1]
    return None


async def _until_ready(m: Modem, line: str, budget: float = 30.0) -> None:
    """Run `line`, retrying while the modem is still starting (woken early by its ready URC)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    delay = 0.1
    while True:
        try:
            await m._command(line)
            return
        except CommandError as exc:
            if exc.category not in _NOT_READY or loop.time() >= deadline:
                raise
        m._sms_ready.clear()
        try:
            async with asyncio.timeout(delay):
                await m._sms_ready.wait()
        except TimeoutError:
            delay = min(delay * 2, 2.0)


async def _read_csms(m: Modem) -> int:
    response = await m._command("AT+CSMS?", check=False)
    if response.ok and response.lines:
        values = parse_params(response.lines[0])
        if values and isinstance(values[0], int):
            return values[0]
    return 0


async def _choose_storage(m: Modem) -> None:
    response = await m._command("AT+CPMS=?", check=False)
    offered: list[tuple] = []
    if response.ok and response.lines:
        offered = [v if isinstance(v, tuple) else (v,) for v in parse_params(response.lines[0])]
    chosen: list[str] = []
    for i in range(3):
        choices = offered[i] if i < len(offered) else ()
        pick = next((s for s in m.profile.storage if s in choices), None)
        if pick is None and choices:
            pick = str(choices[0])
        chosen.append(pick or "SM")
    line = "AT+CPMS=" + ",".join(quote(s) for s in chosen)
    m.storages_offered = tuple(dict.fromkeys(str(s) for choices in offered for s in choices))
    if await _optional(m, line):
        m._mem1 = chosen[0]
        m.storage = chosen[2]
    m._storages = tuple(dict.fromkeys([chosen[0], chosen[2], *_report_storage(offered)]))


def _report_storage(offered: list[tuple]) -> list[str]:
    return ["SR"] if offered and "SR" in offered[0] else []


async def _choose_cnmi(m: Modem) -> None:
    wanted = m.profile.cnmi_route if m.receive == "route" else m.profile.cnmi_store
    response = await m._command("AT+CNMI=?", check=False)
    allowed = parse_params(response.lines[0]) if response.ok and response.lines else ()
    for value in (wanted, *CNMI_FALLBACKS):
        if allowed and not _cnmi_allowed(allowed, value):
            continue
        if await _optional(m, f"AT+CNMI={value}"):
            m._cnmi = value
            return
    log.warning("%s: no AT+CNMI accepted: new messages are found by polling only", m.port)
    m._cnmi = None


def _cnmi_allowed(allowed: tuple, value: str) -> bool:
    for i, field in enumerate(value.split(",")):
        if i < len(allowed) and not choices_contain(allowed[i], int(field)):
            return False
    return True
