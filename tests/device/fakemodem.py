"""A small scriptable fake modem on loopback TCP (`socket://127.0.0.1:PORT`), for the exact
sequences a hostile modem or a noisy line produces and the simulator does not on purpose:
a lost final result of one chosen command, a garbled header, a blank PDU line, a PDU the
codec refuses, a stray line before an answer, an endless answer.

It answers like a plain 3GPP modem in PDU mode (TS 27.005): storages SM, ME and SR with
AT+CPMS selecting <mem1>, AT+CMGR/+CMGL/+CMGD on it, AT+CMGS with a "> " prompt and
increasing message references, AT+CNMI/+CSMS/+CNMA, the resync probes. `on(match, reply)`
scripts an answer (bytes, None for silence, or a function of the line) for the next `times`
lines that match; `urc()` writes unsolicited lines; everything received is in `log`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

Reply = bytes | None | Callable[[str], bytes | None]

OK = b"\r\nOK\r\n"


@dataclass
class _Rule:
    match: Callable[[str], bool]
    reply: Reply
    times: int | None  # None: for ever
    after: Callable[[str], None] | None = None


@dataclass
class Slot:
    stat: int
    pdu: str  # hex, SMSC field included
    length: int | None = None  # the header's <length>; None: the true one


@dataclass
class FakeModem:
    log: list[str] = field(default_factory=list)
    storages: dict[str, dict[int, Slot]] = field(
        default_factory=lambda: {"SM": {}, "ME": {}, "SR": {}}
    )
    mem1: str = "SM"
    cnmi: str = "0,0,0,0,0"
    cmgs: int = 0
    cnma: list[str] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)
    cnmi_test: str = "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)"
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    # --- scripting ----------------------------------------------------------------------------

    def on(
        self,
        match: str | Callable[[str], bool],
        reply: Reply,
        *,
        times: int | None = 1,
        after: Callable[[str], None] | None = None,
    ) -> None:
        """Answer lines matching `match` (the exact line, or a predicate) with `reply` for the
        next `times` of them (None: always); `after(line)` runs when it did."""
        test = (lambda line: line == match) if isinstance(match, str) else match
        self.rules.insert(0, _Rule(test, reply, times, after))

    def urc(self, text: str | bytes) -> None:
        data = text.encode("latin-1") if isinstance(text, str) else text
        for writer in self._writers:
            writer.write(data)

    def store(
        self, pdu: str, *, storage: str = "SM", stat: int = 0, length: int | None = None
    ) -> int:
        """Put a message in a storage (without announcing it); its index."""
        slots = self.storages[storage]
        index = next(i for i in range(1, 1000) if i not in slots)
        slots[index] = Slot(stat, pdu.upper(), length)
        return index

    def deliver(self, pdu: str, *, storage: str = "SM", length: int | None = None) -> int:
        """Store a message and announce it (+CMTI, or +CDSI for SR)."""
        index = self.store(pdu, storage=storage, length=length)
        name = "+CDSI" if storage == "SR" else "+CMTI"
        self.urc(f'\r\n{name}: "{storage}",{index}\r\n')
        return index

    def count(self, text: str) -> int:
        """Lines received that start with `text` ("AT+CMGS") or end with it ("<SUB>")."""
        return sum(line.startswith(text) or line.endswith(text) for line in self.log)

    # --- serving ------------------------------------------------------------------------------

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        buffer = b""
        try:
            while data := await reader.read(4096):
                buffer += data
                while True:
                    found = [i for i in (buffer.find(b"\r"), buffer.find(b"\x1a"),
                                         buffer.find(b"\x1b")) if i >= 0]  # fmt: skip
                    if not found:
                        break
                    i = min(found)
                    end = buffer[i : i + 1]
                    line = buffer[:i].decode("latin-1").strip()
                    buffer = buffer[i + 1 :]
                    line += {b"\x1a": "<SUB>", b"\x1b": "<ESC>"}.get(end, "")
                    if not line:
                        continue
                    self.log.append(line)
                    reply = self.answer(line)
                    if reply:
                        writer.write(reply)
        except ConnectionError:
            pass
        finally:
            self._writers.remove(writer)
            writer.close()

    def answer(self, line: str) -> bytes | None:
        for rule in self.rules:
            if rule.match(line):
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times == 0:
                        self.rules.remove(rule)
                reply = rule.reply(line) if callable(rule.reply) else rule.reply
                if rule.after is not None:
                    rule.after(line)
                return reply
        return self.standard(line)

    # --- a plain modem ------------------------------------------------------------------------

    def standard(self, line: str) -> bytes | None:
        if line.endswith("<ESC>"):
            return OK
        if line.endswith("<SUB>"):
            self.cmgs += 1
            return f"\r\n+CMGS: {self.cmgs % 256}\r\n\r\nOK\r\n".encode()
        upper = line.upper()
        if upper == "AT+CPIN?":
            return b"\r\n+CPIN: READY\r\n" + OK
        if upper in ("AT+CMEE?", "AT+CMGF?", "AT+CSCS?", "AT+CSMS?"):  # the resync probes
            return f"\r\n{line[2:-1]}: 0\r\n".encode() + OK
        if upper == "AT+CGSN":
            return b"\r\n356938035643809\r\n" + OK
        if upper == "AT+CIMI":
            return b"\r\n242011234567890\r\n" + OK
        if upper.startswith("AT+CMGS="):
            return b"\r\n> "
        if upper == "AT+CPMS=?":
            return b'\r\n+CPMS: ("SM","ME","SR"),("SM","ME","SR"),("SM","ME")\r\n' + OK
        if upper.startswith("AT+CPMS="):
            first = re.findall(r'"(\w+)"', line)
            if not first or first[0] not in self.storages:
                return b"\r\n+CMS ERROR: 302\r\n"
            self.mem1 = first[0]
            return self._cpms()
        if upper == "AT+CPMS?":
            return self._cpms()
        if upper == "AT+CNMI=?":
            return f"\r\n{self.cnmi_test}\r\n".encode() + OK
        if upper.startswith("AT+CNMI="):
            self.cnmi = line.split("=", 1)[1]
            return OK
        if upper == "AT+CNMI?":
            return f"\r\n+CNMI: {self.cnmi}\r\n".encode() + OK
        if upper.startswith("AT+CNMA"):
            self.cnma.append(line)
            return OK
        if upper.startswith("AT+CMGR="):
            slot = self.storages[self.mem1].get(int(line.split("=")[1]))
            if slot is None:
                return b"\r\n+CMS ERROR: 321\r\n"
            slot_stat, slot.stat = slot.stat, 1 if slot.stat == 0 else slot.stat
            return f"\r\n+CMGR: {slot_stat},,{self._length(slot)}\r\n{slot.pdu}\r\n".encode() + OK
        if upper == "AT+CMGL=4":
            out = ""
            for index, slot in sorted(self.storages[self.mem1].items()):
                out += f"\r\n+CMGL: {index},{slot.stat},,{self._length(slot)}\r\n{slot.pdu}"
                slot.stat = 1 if slot.stat == 0 else slot.stat
            return (out + "\r\n").encode() + OK
        if upper.startswith("AT+CMGD="):
            index = int(line.split("=")[1].split(",")[0])
            self.storages[self.mem1].pop(index, None)
            return OK
        return OK

    def _cpms(self) -> bytes:
        used = len(self.storages[self.mem1])
        return f'\r\n+CPMS: "{self.mem1}",{used},30,"SM",0,30,"SM",0,30\r\n'.encode() + OK

    @staticmethod
    def _length(slot: Slot) -> int:
        if slot.length is not None:
            return slot.length
        return len(slot.pdu) // 2 - 1 - int(slot.pdu[:2], 16)


@contextlib.asynccontextmanager
async def fake_modem() -> AsyncIterator[tuple[str, FakeModem]]:
    """A FakeModem served on 127.0.0.1 (any free port) and its socket:// URL."""
    fake = FakeModem()
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"socket://127.0.0.1:{port}", fake
    finally:
        server.close()
        for writer in list(fake._writers):
            writer.close()


def deliver_pdu(text: str, sender: str = "+4711111111", **options: object) -> list[str]:
    """SMS-DELIVER PDUs (hex, SMSC field "00") for `text`."""
    from datetime import UTC, datetime

    from modem.sms import Address, delivers, encode_pdu

    stamp = options.pop("timestamp", None) or datetime(2026, 12, 1, 12, tzinfo=UTC)
    parts = delivers(Address.parse(sender), text, stamp, **options)  # type: ignore[arg-type]
    return [encode_pdu(p, smsc=True).hex().upper() for p in parts]


def report_pdu(reference: int, status: int = 0, recipient: str = "+4712345678") -> str:
    """An SMS-STATUS-REPORT PDU (hex, SMSC field "00")."""
    from datetime import UTC, datetime

    from modem.sms import Address, StatusReport, encode_pdu

    when = datetime(2026, 12, 1, 12, tzinfo=UTC)
    report = StatusReport(reference, Address.parse(recipient), when, when, status)
    return encode_pdu(report, smsc=True).hex().upper()
