"""The modem's message storages: read (AT+CMGR), list (AT+CMGL=4), delete (AT+CMGD), TS 27.005
§3.4.2-§3.5.4, PDU mode.

Which storage those commands work on is AT+CPMS <mem1>, a setting of the modem. `Storage`
remembers what it set it to, and forgets it whenever it cannot be sure (an AT+CPMS whose
answer was lost, any resync): the next command sets it again instead of assuming (issue 14,
item 2: a lost OK of AT+CPMS="SR" had every later read and delete run in the wrong storage).

Parsing never raises on what a modem sends: a garbled header, a <stat> out of range, a blank
PDU line (which the line reader drops, so the next header follows at once), a PDU whose
length disagrees with its header all become an `Entry` with its `problem` named, for the
caller to read again or report.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modem.at.info import parse_message_header
from modem.at.params import parse_params, quote
from modem.errors import ModemError

if TYPE_CHECKING:
    from modem.at import Response
    from modem.device.channel import Channel

__all__ = ["Entry", "Storage", "tpdu_octets"]

log = logging.getLogger("modem.device")

#: Information lines kept of one AT+CMGL answer (two per message). A storage holding more is
#: listed in part; the rest are found by the next scan, once the first are deleted.
MAX_LISTED = 2 * 1000


@dataclass(frozen=True)
class Entry:
    """One stored message as the modem gave it. `status` is <stat> (None: left out or
    garbled), `length` the header's TPDU length, `pdu` None when no PDU line came with the
    header. `problem` names what was wrong, None when nothing was."""

    index: int | None
    status: int | None
    length: int | None
    pdu: str | None
    problem: str | None = None


def tpdu_octets(pdu: str) -> int | None:
    """Octets of the TPDU in a PDU-mode hex string (the SMSC field left out); None when the
    text is no hex or shorter than its own SMSC field."""
    text = pdu.strip()
    if len(text) % 2 or not text:
        return None
    try:
        smsc = int(text[:2], 16)
        int(text, 16)
    except ValueError:
        return None
    octets = len(text) // 2 - 1 - smsc
    return octets if octets >= 0 else None


def _checked(index: int | None, status: int | None, length: int | None, pdu: str | None,
             problem: str | None) -> Entry:  # fmt: skip
    if problem is None:
        if pdu is None:
            problem = "no PDU line after the header"
        elif length is not None:
            octets = tpdu_octets(pdu)
            if octets is None:
                problem = "the PDU line is not hex"
            elif octets != length:
                problem = f"the header says {length} octets, the PDU has {octets}"
    return Entry(index, status, length, pdu, problem)


def _header(line: str) -> tuple[int | None, int | None, int | None, str | None]:
    """(index, stat, length, problem) of a +CMGL/+CMGR header, as much as can be read."""
    try:
        header = parse_message_header(line)
    except ValueError as exc:
        values = parse_params(line)
        index = values[0] if values and isinstance(values[0], int) else None
        if not line.upper().startswith("+CMGL"):
            index = None
        ints = [v for v in values if isinstance(v, int)]
        length = ints[-1] if len(ints) > (1 if index is not None else 0) else None
        return index, None, length, f"garbled header ({exc})"
    status = None if header.status is None else int(header.status)
    return header.index, status, header.length, None


def parse_listing(lines: tuple[str, ...]) -> list[Entry]:
    """The entries of an AT+CMGL answer, in order (see the module docstring)."""
    out: list[Entry] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.upper().startswith("+CMGL"):
            i += 1  # noise between entries
            continue
        index, status, length, problem = _header(line)
        pdu = None
        if i + 1 < len(lines) and not lines[i + 1].upper().startswith("+CMGL"):
            pdu = lines[i + 1]
            i += 2
        else:
            i += 1  # a blank PDU line: the next header is not this entry's PDU
        out.append(_checked(index, status, length, pdu, problem))
    return out


def parse_read(response: Response, index: int) -> Entry | None:
    """The entry of an AT+CMGR answer; None for an empty slot."""
    lines = response.lines
    for i, line in enumerate(lines):
        if line.upper().startswith("+CMGR"):
            _, status, length, problem = _header(line)
            pdu = lines[i + 1] if i + 1 < len(lines) else None
            return _checked(index, status, length, pdu, problem)
    if len(lines) == 1 and tpdu_octets(lines[0]) is not None:
        return _checked(index, None, None, lines[0], "no +CMGR header")
    return None


class Storage:
    """Storage commands on a channel, with <mem1> tracked (see the module docstring). Every
    method but `select` holds the channel itself."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.mem1: str | None = None
        self.offered: tuple[str, ...] = ()

    def reset(self, mem1: str | None, offered: tuple[str, ...]) -> None:
        """After init: what it left mem1 at, and what AT+CPMS=? offered."""
        self.mem1, self.offered = mem1, offered

    def forget(self) -> None:
        """After a fault: mem1 may be anything now; set it before the next command."""
        self.mem1 = None

    async def select(self, storage: str) -> None:
        """Make `storage` mem1 (channel held by the caller)."""
        if storage == self.mem1:
            return
        if self.offered and storage not in self.offered:
            raise ModemError(
                f"storage {storage!r}: this modem has {', '.join(self.offered)} (AT+CPMS=?)"
            )
        self.mem1 = None  # until the modem says it switched
        await self.channel.run(f"AT+CPMS={quote(storage)}")
        self.mem1 = storage

    async def read(self, storage: str, index: int) -> Entry | None:
        """The message at `index` of `storage`; None for an empty or invalid index."""
        async with self.channel.hold():
            await self.select(storage)
            response = await self.channel.run(f"AT+CMGR={index}", check=False)
        error = response.error()
        if error is not None:
            if error.code == 321:  # invalid memory index: nothing there
                return None
            raise error
        return parse_read(response, index)

    async def list(self, storage: str) -> list[Entry]:
        """Everything in `storage` (AT+CMGL=4 with the long `timeouts.list` deadline)."""
        async with self.channel.hold():
            await self.select(storage)
            response = await self.channel.run(
                "AT+CMGL=4", timeout=self.channel.timeouts.list, max_lines=MAX_LISTED
            )
        if response.dropped:
            log.warning(
                "%s: %s lists more than %d lines; the rest are read once these are gone",
                self.channel.current_port, storage, MAX_LISTED,
            )  # fmt: skip
        return parse_listing(response.lines)

    async def delete(self, storage: str, index: int) -> bool:
        """Delete one message; False when the storage has no such index (+CMS ERROR 321).
        Deleting an empty slot that exists is no error (and True)."""
        async with self.channel.hold():
            await self.select(storage)
            response = await self.channel.run(f"AT+CMGD={index}", check=False)
        error = response.error()
        if error is None:
            return True
        if error.code == 321:
            return False
        raise error
