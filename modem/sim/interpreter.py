"""The AT interpreter of one simulated modem: bytes in, bytes out, no I/O and no clock of its own.

Theory of operation. Bytes from the terminal go to `receive_data()`. In command state they are
echoed (ATE1) and collected into a line until <CR> (S3); <LF> is ignored and <BS> deletes (V.250
§5.2.1). A line that starts with "AT" is split into commands (`parse.parse_line`) and run one
after the other; the answer is each command's information lines framed by <CR><LF>, then one
final result (OK, ERROR, +CME ERROR, +CMS ERROR or a vendor's own) for the whole line, as V.250
§5.7 describes. A command that wants a body (AT+CMGS) puts the modem in prompt state: "> " is
sent, bytes are collected until Ctrl-Z (send) or ESC (cancel), TS 27.005 §3.5.1.

Everything that takes time goes through the `Host`: `write(data, delay)` queues output in
order after `delay` seconds (latency), `call_later()` runs timers (boot URCs, "SMS Ready",
Huawei noise, the +CNMA deadline). The asyncio layer (`serve.py`) and the unit tests (a fake
host with a manual clock) provide it. The network side (`network.py`) calls
`incoming.deliver()` to hand the modem an SMS.

Unsolicited result codes (`urc()`) are held while the link is reserved (a "> " prompt is open)
and flushed after the final result; that is CNMI <mode>=2 behaviour, which all modems in the
research notes show.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from modem.sim import commands, incoming
from modem.sim.commands import Prompt, Spec
from modem.sim.faults import Faults
from modem.sim.host import Host, NetworkPort, Timer
from modem.sim.parse import Command, Form, LineSyntaxError, parse_line
from modem.sim.personalities import Personality
from modem.sim.results import AtFailure, CmeError, CmsError, PlainError, RawFinal
from modem.sim.state import Settings, SimCard, SimStatus, Storage

log = logging.getLogger("modem.sim")

CR, LF, BS, CTRL_Z, ESC = 0x0D, 0x0A, 0x08, 0x1A, 0x1B

# +CME codes of SIM states and the +CMS codes SMS commands give for them (27.005 §3.2.5).
_CME_TO_CMS = {10: 310, 11: 311, 12: 316, 13: 313, 14: 314, 16: 311}


class Interpreter:
    """One simulated modem's AT command processor and state."""

    def __init__(
        self,
        *,
        name: str,
        number: str,
        personality: Personality,
        sim: SimCard,
        faults: Faults,
        host: Host,
        network: NetworkPort | None = None,
        smsc: str = "+15550000000",
        imei: str = "356938035643809",
        latency_scale: float = 1.0,
        ack_timeout: float = 15.0,
        noise_interval: float = 1.0,
    ) -> None:
        self.name = name
        self.number = number
        self.personality = personality
        self.sim = sim
        self.faults = faults
        self.host = host
        self.network = network
        self.imei = imei
        self.scale = latency_scale
        self.ack_timeout = ack_timeout
        self.noise_interval = noise_interval
        self.table = commands.load()
        self.settings = Settings()
        self.csca = smsc  # kept on the SIM: survives ATZ
        self.storages = {
            name: Storage(name, capacity, base=personality.index_base)
            for name, capacity in personality.capacity.items()
        }
        # Radio and registration (27.007 §8.2, §7.2); `rssi` as +CSQ reports it (0..31, 99).
        self.cfun = 1
        self.reg_stat = 1
        self.rssi = 20
        self.lac, self.cell = "00A1", "0001B2C3"
        self.cgatt = True
        self.contexts: dict[int, tuple[str, str]] = {1: ("IP", "internet")}
        self.powered = False
        self.hung = False
        self.sms_ready = False
        self.noise_on = False
        self.sim_busy = False
        self.ussd_packed = personality.ussd_packed  # Huawei ^USSDMODE=0 turns it off
        self.next_mr = 1  # TP-MR the modem gives the next SMS it sends
        self.sent: list[bytes] = []  # SMS-SUBMIT PDUs this modem sent (SMSC field included)
        self.log: list[str] = []  # command lines received, for tests and debugging
        # CNMI/CNMA bookkeeping (incoming.py)
        self.awaiting_ack: object | None = None
        self.acked = 0  # +CNMA acknowledgements received
        self.ack_timeouts = 0  # routed messages never acknowledged (CNMI mt/ds reset to 0)
        self.extra_delay = 0.0  # set by a handler that takes longer (an SMS send)
        self.cnmi_buffer: list[list[str]] = []
        self._line = bytearray()
        self._prompt: Prompt | None = None
        self._body = bytearray()
        self._held: list[bytes] = []
        self._busy = False  # a command line is running: its URCs follow its final result
        self._generation = 0  # power cycles so far: timers of an earlier one do nothing
        self._noise = itertools.cycle(personality.noise_urcs or ("",))
        self.on_ready: list[Callable[[], None]] = []  # called when SMS commands work

    # --- power and timers ---------------------------------------------------------------------

    def later(self, seconds: float, callback: Callable[[], None]) -> Timer:
        """Run `callback` after `seconds` (real seconds; callers scale what is latency),
        unless the modem is switched off or rebooted first."""
        generation = self._generation

        def run() -> None:
            if self._generation == generation:
                callback()

        return self.host.call_later(max(seconds, 0.0), run)

    def power_on(self) -> None:
        """Boot: defaults back, SIM asks for its PIN, boot URCs and "SMS Ready" on their timers."""
        self.powered, self.hung = True, False
        self.faults.power_on()
        self.settings = Settings()
        self.sim.power_on()
        # Registered once the SIM is unlocked (27.007 §7.2: no service without a usable SIM).
        self.cfun, self.reg_stat = 1, 1 if self.sim.status is SimStatus.READY else 0
        self._line.clear()
        self._prompt = None
        self.awaiting_ack = None
        self.cnmi_buffer.clear()
        p = self.personality
        self.ussd_packed = p.ussd_packed
        self.sms_ready = not p.sms_ready_urcs
        if self.sms_ready:
            self._announce_ready()
        self.noise_on = bool(p.noise_urcs)
        if p.boot_urcs:
            self.later(p.boot_delay * self.scale, lambda: self.urc(*p.boot_urcs))
        if p.sms_ready_urcs:
            self.later(p.sms_ready_delay * self.scale, self._sms_ready)
        if p.sim_busy_time > 0:
            self.sim_busy = True
            self.later(p.sim_busy_time * self.scale, self._sim_unbusy)
        if self.noise_on:
            self.later(self.noise_interval, self._tick_noise)

    def power_off(self) -> None:
        self.powered = False
        self._generation += 1
        incoming.abandon(self)  # a routed message not yet acknowledged stays with the network

    def reboot(self) -> None:
        """AT+CFUN=1,1, a replug or `reset()`: power off and on again; storages survive."""
        self.power_off()
        self.power_on()

    def _sms_ready(self) -> None:
        self.sms_ready = True
        self.urc(*self.personality.sms_ready_urcs)
        self._announce_ready()

    def _announce_ready(self) -> None:
        for callback in list(self.on_ready):
            callback()

    def _sim_unbusy(self) -> None:
        self.sim_busy = False

    def _tick_noise(self) -> None:
        if not self.noise_on or not self.powered:
            return
        self.urc(next(self._noise))
        self.later(self.noise_interval, self._tick_noise)

    # --- output -------------------------------------------------------------------------------

    def urc(self, *lines: str, block: bool = False) -> None:
        """Send unsolicited lines now, or after the running command or open prompt.

        Each line is framed by <CR><LF> on its own; `block` frames them as one result code of
        several lines (+CMT: header, <CR><LF>, PDU), as 27.005 §3.4.1 shows them."""
        if not self.powered or self.hung or not lines:
            return
        if block:
            data = b"\r\n" + b"\r\n".join(_bytes(line) for line in lines) + b"\r\n"
        else:
            data = b"".join(b"\r\n" + _bytes(line) + b"\r\n" for line in lines)
        if self._prompt is not None or self._busy:
            self._held.append(data)
        else:
            self.host.write(data)

    @property
    def link_reserved(self) -> bool:
        """A "> " prompt is open: CNMI <mode> 1 discards indications meanwhile."""
        return self._prompt is not None

    def _respond(self, info: list[bytes], final: str | None, delay: float) -> None:
        settings = self.settings
        out = bytearray()
        for block in info:
            out += block if settings.verbose else block.lstrip(b"\r\n")
        if final is not None and (self._held or self.faults.spec.storm_lines):
            interleaved = self.faults.interleave()
            if interleaved is not None:  # a URC between the answer and its final result
                out += b"".join(self._held) or b"\r\n" + _bytes(interleaved) + b"\r\n"
                self._held.clear()
        if final is not None and not settings.quiet:
            if settings.verbose:
                out += b"\r\n" + _bytes(final) + b"\r\n"
            else:
                out += _bytes({"OK": "0", "ERROR": "4"}.get(final, final)) + b"\r"
        if out:
            self.host.write(bytes(out), delay)
        for held in self._held:
            self.host.write(held, delay)
        self._held.clear()
        if final is not None and self.faults.storm():
            spec = self.faults.spec
            self.urc(*(spec.storm_lines * spec.storm_count))

    def _frame(self, lines: list[str]) -> bytes:
        if not lines:
            return b""
        lines = [self.faults.garble(line) for line in lines]
        return b"\r\n" + b"\r\n".join(_bytes(line) for line in lines) + b"\r\n"

    def latency(self, extra: float = 0.0) -> float:
        return (self.faults.spec.latency + extra) * self.scale

    def _final_delay(self) -> float:
        extra, self.extra_delay = self.extra_delay, 0.0
        return self.latency(extra)

    # --- input --------------------------------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Feed bytes typed by the terminal (the driver, gammu, a user in a terminal)."""
        if not self.powered or self.hung:
            return
        echo = bytearray()
        for byte in data:
            if self._prompt is not None:
                self._prompt_byte(byte, echo)
            elif byte == CR:
                echo.append(byte)
                if self.settings.echo:
                    self.host.write(bytes(echo))
                echo.clear()
                line = self._line.decode("latin-1")
                self._line.clear()
                self._run_line(line)
                if self.hung or not self.powered:
                    return
            elif byte in (LF, ESC, 0):
                continue
            elif byte == BS:
                if self._line:
                    self._line.pop()
                echo.append(byte)
            else:
                self._line.append(byte)
                echo.append(byte)
        if echo and self.settings.echo:
            self.host.write(bytes(echo))

    def _prompt_byte(self, byte: int, echo: bytearray) -> None:
        assert self._prompt is not None
        if byte == CTRL_Z:
            self._flush_echo(echo)
            prompt, body = self._prompt, self._body.decode("latin-1")
            self._prompt, self._body = None, bytearray()
            self._busy = True
            try:
                self._finish([], lambda: prompt.on_body(body))
            finally:
                self._busy = False
        elif byte == ESC:
            self._flush_echo(echo)
            self._prompt, self._body = None, bytearray()
            self._respond([], "OK", self.latency())
        elif byte in (CR, LF):
            if self._prompt.text_mode and byte == CR:
                self._body.append(LF)
                echo.append(byte)
                self._flush_echo(echo)
                self.host.write(b"\r\n> ")
        elif byte == BS:
            if self._body:
                self._body.pop()
            echo.append(byte)
        else:
            self._body.append(byte)
            echo.append(byte)

    def _flush_echo(self, echo: bytearray) -> None:
        if echo and self.settings.echo:
            self.host.write(bytes(echo))
        echo.clear()

    def _run_line(self, line: str) -> None:
        self._busy = True
        try:
            self._run_commands(line)
        finally:
            self._busy = False
        if self._prompt is None and self._held:
            self._respond([], None, 0.0)

    def _run_commands(self, line: str) -> None:
        text = line.strip()
        start = text.upper().find("AT")
        if start < 0:
            return  # not a command line: a modem ignores it
        text = text[start + 2 :]
        self.log.append("AT" + text)
        if self.faults.count_command():
            self.hung = True
            return
        try:
            parsed = parse_line(text)
        except LineSyntaxError:
            self._respond([], "ERROR", self.latency())
            return
        info: list[bytes] = []
        for index, cmd in enumerate(parsed):
            try:
                result = self._dispatch(cmd)
            except Exception as exc:
                self._respond(info, self._final_of(_failure(exc, cmd.name)), self._final_delay())
                return
            if isinstance(result, Prompt):
                if index != len(parsed) - 1:
                    self._respond(info, "ERROR", self.latency())
                    return
                if info:
                    self.host.write(b"".join(info), self.latency())
                self._prompt, self._body = result, bytearray()
                self.host.write(b"\r\n> ", self.latency())
                return
            info.append(self._frame(list(result or [])))
        final = None if self.faults.drop_final() else "OK"
        self._respond(info, final, self._final_delay())

    def _finish(self, info: list[bytes], action: Callable[[], list[str]]) -> None:
        try:
            lines = action()
        except Exception as exc:
            self._respond(info, self._final_of(_failure(exc, "body")), self._final_delay())
            return
        final = None if self.faults.drop_final() else "OK"
        self._respond([*info, self._frame(lines)], final, self._final_delay())

    def _final_of(self, failure: AtFailure) -> str:
        return failure.final(self.settings.cmee, verbose_cms=self.personality.verbose_cms)

    def _dispatch(self, cmd: Command) -> list[str] | Prompt:
        spec = self.table.get(cmd.name)
        if spec is None or (
            spec.vendor is not None and spec.vendor not in self.personality.command_sets
        ):
            if self.personality.unsupported == "ERROR":
                raise PlainError(cmd.name)
            raise RawFinal(self.personality.unsupported)
        self._check(spec, cmd)
        return spec.handler(self, cmd)

    def _check(self, spec: Spec, cmd: Command) -> None:
        """The preconditions `spec` declares: SMS ready, SIM ready (not for =? forms)."""
        if spec.sms and not self.sms_ready:
            raise RawFinal(self.personality.sms_not_ready)
        if not spec.sim or cmd.form is Form.TEST:
            return
        try:
            if self.sim_busy:
                raise CmeError(14)
            self.sim.require_ready()
        except CmeError as exc:
            if spec.sms:
                raise CmsError(_CME_TO_CMS.get(exc.code, 500)) from None
            raise


def _failure(exc: Exception, what: str) -> AtFailure:
    """The final result for an exception out of a handler. Bad parameters (ValueError,
    IndexError) are a plain ERROR, as V.250 says; anything else is a simulator bug, logged
    with its traceback, and still only an ERROR on the line: a modem never dies of a command."""
    if isinstance(exc, AtFailure):
        return exc
    if not isinstance(exc, ValueError | IndexError):
        log.exception("simulated modem: %s failed", what)
    return PlainError(str(exc))


def _bytes(text: str) -> bytes:
    return text.encode("latin-1", errors="replace")
