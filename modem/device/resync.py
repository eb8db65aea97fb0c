"""Resynchronising a port: after a deadline passed, a cancel, or on a port just opened.

A command whose answer did not come in time may still be answered later (a slow network, a
modem catching up), and its late final result must never pass for the answer of a later
command: every answer after it would be one behind (the resync risk of any AT driver that
"sends AT until OK"). So the port is probed with read commands whose answers carry a line of
their own (TS 27.007 §9.1 +CMEE, TS 27.005 §3.2.3 +CMGF, TS 27.007 §5.5 +CSCS, TS 27.005 §3.2.1
+CSMS), a different one for each try; a probe ended without its line was ended by a late
answer, and its own answer is waited for (it then arrives between commands, as a stray line)
before the next try. ESC first gets a port out of a "> " prompt (TS 27.005 §3.5.1).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from modem.errors import ModemGone

if TYPE_CHECKING:
    from modem.device.channel import Channel

__all__ = ["synchronise"]

log = logging.getLogger("modem.device")

# Resync probes and the line only each one's answer has: read commands every modem has, a
# different one for each try, so a late answer to an earlier try cannot pass for a later one.
MARKERS = (
    ("AT+CMEE?", "+CMEE"),
    ("AT+CMGF?", "+CMGF"),
    ("AT+CSCS?", "+CSCS"),
    ("AT+CSMS?", "+CSMS"),
)


async def synchronise(channel: Channel, attempts: int, *, escape: bool = False) -> bool:
    """Probe (channel held) until the modem answers a probe itself; True when it did.

    `escape`: after a silent first try, write ESC (a port left in a "> " prompt by someone
    else, as gammu does on open). A modem that answers the probes but never with their
    lines gets plain AT as a last try."""
    timeout = channel.timeouts.probe
    answered = False
    try:
        for attempt in range(attempts):
            if escape and attempt == 1 and not answered:
                await channel.write_raw(b"\x1b\r")
            line, marker = MARKERS[attempt % len(MARKERS)]
            response = await channel.probe(line, marker, timeout)
            if response is None:
                continue  # silence
            answered = True
            if response.ok and response.first(marker) is not None:
                return True
            # Ended by a late answer of an earlier command: this probe's own answer is still
            # to come; wait for it, so it cannot end the next probe.
            log.debug("%s: probe ended by %r: a late answer", channel.current_port, response)
            await channel.wait_stray(marker + ":", timeout)
        if answered:  # it answers, but never with the probes' lines: plain AT as the last try
            response = await channel.probe("AT", None, timeout)
            return response is not None
    except ModemGone:
        return False
    return False
