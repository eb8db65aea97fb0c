"""Fault injection for simulated modems: seeded, so a failing test fails the same way again.

A `FaultSpec` is plain data (from the YAML config or a test); `Faults` draws from a
`random.Random` seeded per modem and answers the interpreter's questions ("is this command's
final result dropped?", "does this AT+CMGS fail, and with which +CMS code?"). What the faults
look like on the wire follows what real modems are reported to do in the field: +CMS ERROR 500
on Huawei sends, missing final results, URC floods, a modem that stops answering until it is
reset, a USB port that disappears.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class FaultSpec:
    """What can go wrong with one modem. Rates are probabilities per command (or per SMS).

    latency / sms_latency: seconds before a command's final result, and extra seconds for each
        SMS sent (AT+CMGS/+CMSS) and for the network to carry it; both scaled by latency_scale.
    transient_error_rate / transient_errors: AT+CMGS/+CMSS fails with one of these +CMS codes
        (TS 27.005 §3.2.5 / TS 24.011 causes a retry can cure: 500 unknown, 41 temporary
        failure, 42 congestion, 332 network timeout).
    permanent_error_rate / permanent_errors: fails with a code no retry cures (21 SM transfer
        rejected, 8 operator barring).
    drop_final_rate: the final result (OK/ERROR) of a command is never sent.
    garble_rate: one line of a response has a few bytes replaced by noise.
    storm_lines / storm_count: what a URC storm floods the port with, and how many lines;
        `SimModem.storm()` starts one, and `storm_rate` is the chance one follows a command.
    interleave_rate: a URC comes between a command's information lines and its final result
        (the URCs the command caused, else one of storm_lines), as real modems do now and then
        and as python-gsmmodem mistakes for part of the answer (research sms.md §2.5).
    hang_after: after this many command lines the modem stops answering anything (no echo,
        no result, no URC) until it is power-cycled: AT+CFUN=1,1 cannot reach it, only
        `SimModem.reset()` or `unplug()`/`replug()` can. The count starts again at every
        power-on, so the modem hangs again `hang_after` commands later, like the Huawei sticks
        that stop every 20 minutes (research sms.md §4, gammu#4).
    undeliverable_rate: the SMSC accepts an SMS (+CMGS answers with a reference) but never
        delivers it: the sender's status report says TP-ST 0x40 ("remote procedure error",
        permanent). One part of a long message lost on the way: a partially delivered message.
    unplug_after / replug_after: seconds (wall clock, not scaled) from plug-in to the port
        disappearing, and from then to it coming back (booting, under a new pty path; a
        `--link-dir` symlink follows it). None: never. Both set: the modem keeps flapping, as
        a stick with a bad USB cable does. Applied by the asyncio layer (serve.py), not by the
        sans-IO Bench.
    """

    latency: float = 0.0
    sms_latency: float = 0.0
    transient_error_rate: float = 0.0
    transient_errors: tuple[int, ...] = (500,)
    permanent_error_rate: float = 0.0
    permanent_errors: tuple[int, ...] = (21,)
    drop_final_rate: float = 0.0
    garble_rate: float = 0.0
    storm_lines: tuple[str, ...] = ("^RSSI:17", '+CREG: 1,"00A1","0001B2C3",7')
    storm_count: int = 200
    storm_rate: float = 0.0
    interleave_rate: float = 0.0
    hang_after: int | None = None
    undeliverable_rate: float = 0.0
    unplug_after: float | None = None
    replug_after: float | None = None


class Faults:
    """The seeded dice for one modem."""

    def __init__(self, spec: FaultSpec, seed: int) -> None:
        self.spec = spec
        self.rng = random.Random(seed)
        self.commands = 0

    def _hit(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate

    def power_on(self) -> None:
        """A power cycle: the hang counter starts again (the dice keep rolling on)."""
        self.commands = 0

    def count_command(self) -> bool:
        """Count one command line; True when the modem hangs from now on."""
        self.commands += 1
        return self.spec.hang_after is not None and self.commands > self.spec.hang_after

    def send_error(self) -> int | None:
        """The +CMS code this SMS send fails with, or None."""
        if self.spec.permanent_errors and self._hit(self.spec.permanent_error_rate):
            return self.rng.choice(self.spec.permanent_errors)
        if self.spec.transient_errors and self._hit(self.spec.transient_error_rate):
            return self.rng.choice(self.spec.transient_errors)
        return None

    def undeliverable(self) -> bool:
        return self._hit(self.spec.undeliverable_rate)

    def interleave(self) -> str | None:
        """The URC line to put inside this answer, or None."""
        if not self._hit(self.spec.interleave_rate):
            return None
        return self.rng.choice(self.spec.storm_lines) if self.spec.storm_lines else ""

    def storm(self) -> bool:
        return self._hit(self.spec.storm_rate)

    def drop_final(self) -> bool:
        return self._hit(self.spec.drop_final_rate)

    def garble(self, line: str) -> str:
        """The line, with a few characters replaced by line noise now and then."""
        if not line or not self._hit(self.spec.garble_rate):
            return line
        chars = list(line)
        for _ in range(max(1, len(chars) // 8)):
            chars[self.rng.randrange(len(chars))] = self.rng.choice("\x00\xff#~?\x7f")
        return "".join(chars)
