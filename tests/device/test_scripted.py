"""modem/device against a scripted fake modem on socket://, for exact sequences the simulator
does not produce on purpose: no prompt, a refusal of one part of three, echo left on, vendor
finals in init, verbose errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest

from modem.config import Timeouts
from modem.device import SmsReceived
from modem.errors import CommandError, PartNotSent, PartRejected

from .conftest import opened

pytestmark = pytest.mark.timeout(30)
QUICK = Timeouts(command=1.0, prompt=0.3, send=1.0, probe=0.3)
Script = Callable[[str, "Fake"], bytes | None]


class Fake:
    """A socket server that answers each command line (or body) with what `script` says;
    everything it received is in `log` (bodies end with <SUB>, ESC shows as <ESC>)."""

    def __init__(self, script: Script, *, echo: bool = False) -> None:
        self.script = script
        self.echo = echo
        self.log: list[str] = []
        self.cmgs = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        buffer = b""
        while data := await reader.read(4096):
            buffer += data
            while True:
                found = (buffer.find(b"\r"), buffer.find(b"\x1a"), buffer.find(b"\x1b"))
                cut = [i for i in found if i >= 0]
                if not cut:
                    break
                i = min(cut)
                end = buffer[i : i + 1]
                line = buffer[:i].decode("latin-1").strip()
                buffer = buffer[i + 1 :]
                line += {b"\x1a": "<SUB>", b"\x1b": "<ESC>"}.get(end, "")
                if not line:
                    continue
                self.log.append(line)
                if self.echo and end == b"\r":
                    writer.write(line.encode() + b"\r")
                reply = self.script(line, self)
                if reply:
                    writer.write(reply)
        writer.close()


def standard(line: str, fake: Fake) -> bytes | None:
    """A plain modem: OK to everything, READY SIM, a prompt for AT+CMGS, MR 1, 2, 3..."""
    if line.endswith("<ESC>"):
        return b"\r\nOK\r\n"
    if line.endswith("<SUB>"):
        fake.cmgs += 1
        return f"\r\n+CMGS: {fake.cmgs}\r\n\r\nOK\r\n".encode()
    if line.startswith("AT+CPIN?"):
        return b"\r\n+CPIN: READY\r\n\r\nOK\r\n"
    if line in ("AT+CMEE?", "AT+CMGF?", "AT+CSCS?", "AT+CSMS?"):  # the resync probes
        return f"\r\n{line[2:-1]}: 0\r\n\r\nOK\r\n".encode()
    if line.startswith("AT+CMGS="):
        return b"\r\n> "
    return b"\r\nOK\r\n"


@contextlib.asynccontextmanager
async def fake_modem(script: Script = standard, **kw) -> AsyncIterator[tuple[str, Fake]]:
    fake = Fake(script, **kw)
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"socket://127.0.0.1:{port}", fake
    finally:
        server.close()


async def test_no_prompt_is_left_with_esc_and_not_sent() -> None:
    def script(line: str, fake: Fake) -> bytes | None:
        if line.startswith("AT+CMGS="):
            return None  # the prompt never comes
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url, timeouts=QUICK) as modem:
        with pytest.raises(PartNotSent, match="no '> ' prompt") as err:
            await modem.send_sms("+4712345678", "x")
        assert err.value.retryable and err.value.outcome == "failed"
        i = next(i for i, line in enumerate(fake.log) if line.startswith("AT+CMGS"))
        assert fake.log[i + 1 : i + 3] == ["<ESC>", "AT+CMEE?"]  # ESC, then the probe
        assert (await modem.command("AT+CSQ")).ok


async def test_second_of_three_parts_refused() -> None:
    def script(line: str, fake: Fake) -> bytes | None:
        if line.endswith("<SUB>") and fake.cmgs == 1:
            fake.cmgs += 1
            return b"\r\n+CMS ERROR: 21\r\n"
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url) as modem:
        with pytest.raises(PartRejected) as err:
            await modem.send_sms("+4712345678", "z" * 400)
        e = err.value
        assert (e.part, e.total, e.references, e.code) == (1, 3, (1,), 21)
        assert not e.retryable and isinstance(e, CommandError)
        assert "part 2 of 3" in str(e)
        assert sum(line.endswith("<SUB>") for line in fake.log) == 2  # part 3 never tried


async def test_echo_on_and_vendor_finals_in_init() -> None:
    def script(line: str, fake: Fake) -> bytes | None:
        if line in ("AT+CREG=2", "AT+CGREG=2", "AT+CEREG=2", "AT+CSMS=0"):
            return b"\r\nCOMMAND NOT SUPPORT\r\n"
        if line == "AT+CGMI":
            return b"\r\nhuawei\r\n\r\nOK\r\n"
        return standard(line, fake)

    async with fake_modem(script, echo=True) as (url, fake), opened(url) as modem:
        assert modem.profile.name == "huawei"
        assert "AT^CURC=0" in fake.log
        result = await modem.send_sms("+4712345678", "hi")
        assert result.references == (1,)


async def test_verbose_cms_error_is_classified() -> None:
    def script(line: str, fake: Fake) -> bytes | None:
        if line.endswith("<SUB>"):
            return b"\r\n+CMS ERROR: Network out of order\r\n"
        return standard(line, fake)

    async with fake_modem(script) as (url, _), opened(url) as modem:
        with pytest.raises(PartRejected) as err:
            await modem.send_sms("+4712345678", "hi", retries=1, retry_delay=0)
        assert err.value.code == 38 and err.value.retryable


async def test_sim_busy_at_start_is_waited_for() -> None:
    busy = {"left": 3}

    def script(line: str, fake: Fake) -> bytes | None:
        if line == "AT+CPIN?" and busy["left"]:
            busy["left"] -= 1
            return b"\r\n+CME ERROR: 14\r\n"
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url) as modem:
        assert fake.log.count("AT+CPIN?") == 4
        assert modem.profile.name == "generic"


async def test_silent_port_fails_open_clearly() -> None:
    from modem.device import Modem
    from modem.errors import CommandTimeout

    async with fake_modem(lambda line, fake: None) as (url, fake):
        modem = Modem(url, timeouts=QUICK)
        with pytest.raises(CommandTimeout, match="no answer to AT"):
            await modem.open()
        assert modem.state.status == "closed"  # a failed open does not keep trying behind
        assert not modem.channel.reconnecting
        assert "<ESC>" in fake.log


async def test_urcs_do_not_extend_a_deadline() -> None:
    """A command that never ends, under a URC flood: the absolute deadline still fires
    (gammu#392: ^NWTIME URCs kept resetting gammu's reply timeout)."""

    def script(line: str, fake: Fake) -> bytes | None:
        if line == "AT+COPS?":
            return b"\r\n^RSSI:17\r\n^NWTIME:26/11/25,03:00:00+4,00\r\n" * 500
        return standard(line, fake)

    async with fake_modem(script) as (url, _), opened(url, timeouts=QUICK) as modem:
        from modem.errors import CommandTimeout

        with pytest.raises(CommandTimeout, match=r"no answer within 0\.2 s"):
            await modem.command("AT+COPS?", timeout=0.2)
        assert (await modem.command("AT")).ok


async def test_resume_after_a_refused_part_keeps_the_concat_reference() -> None:
    refuse = {"at": 2}

    def script(line: str, fake: Fake) -> bytes | None:
        if line.endswith("<SUB>") and fake.cmgs == refuse["at"] - 1:
            refuse["at"] = 0
            return b"\r\n+CMS ERROR: 21\r\n"
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url) as modem:
        text = "r" * 400
        with pytest.raises(PartRejected) as err:
            await modem.send_sms("+4712345678", text)
        failed = err.value
        assert failed.part == 1 and failed.concat_reference is not None
        resumed = await modem.send_sms(
            "+4712345678", text, concat_reference=failed.concat_reference, skip_parts=failed.part
        )
        assert [p.sequence for p in resumed.parts] == [1, 2]
        assert resumed.concat_reference == failed.concat_reference
        from modem.sms import decode_pdu

        bodies = [line[:-5] for line in fake.log if line.endswith("<SUB>")]
        refs = {decode_pdu(b).concat.reference for b in bodies}
        seqs = [decode_pdu(b).concat.sequence for b in bodies]
        assert refs == {failed.concat_reference} and seqs == [1, 2, 2, 3]


async def test_urcs_inside_a_listing_are_urcs() -> None:
    """+CMTI and ^RSSI between +CMGL entries (python-gsmmodem swallowed such lines into the
    answer, faucamp#29; babca#47): the listing has its two messages, the +CMTI is read."""
    from modem.sms import Address, delivers, encode_pdu

    def pdu(text: str) -> str:
        deliver = delivers(Address.parse("+4711111111"), text, datetime.now(UTC))[0]
        return encode_pdu(deliver, smsc=True).hex().upper()

    def length(text: str) -> int:
        return len(pdu(text)) // 2 - 1  # the SMSC field is "00": one octet

    def script(line: str, fake: Fake) -> bytes | None:
        if line == "AT+CMGL=4":
            return (
                f"\r\n+CMGL: 1,1,,{length('one')}\r\n{pdu('one')}\r\n^RSSI:17\r\n"
                f'+CMTI: "SM",3\r\n'
                f"+CMGL: 2,1,,{length('two')}\r\n{pdu('two')}\r\n\r\nOK\r\n"
            ).encode()
        if line == "AT+CMGR=3":
            return f"\r\n+CMGR: 0,,{length('three')}\r\n{pdu('three')}\r\n\r\nOK\r\n".encode()
        return standard(line, fake)

    async with fake_modem(script) as (url, _), opened(url) as modem:
        texts = []
        async for event in modem.events():
            if isinstance(event, SmsReceived):
                texts.append(event.text)
                if len(texts) == 3:
                    break
        assert sorted(texts) == ["one", "three", "two"]
        listed = await modem.list_messages()
        assert [m.tpdu.text for m in listed] == ["one", "two"]


async def test_ok_without_a_reference_is_sent_not_failed() -> None:
    def script(line: str, fake: Fake) -> bytes | None:
        if line.endswith("<SUB>"):
            return b"\r\n+CM#S: ~~\r\n\r\nOK\r\n"  # the +CMGS line garbled on the wire
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url) as modem:
        result = await modem.send_sms("+4712345678", "hi")
        assert result.references == (None,)
        assert sum(line.endswith("<SUB>") for line in fake.log) == 1


async def test_a_late_answer_and_the_probes_own_in_one_chunk() -> None:
    """AT+CSQ gets no answer in time; its late answer then comes in the same chunk as the
    resync probe's own: the probe is not fooled, and later answers are not shifted."""
    phase = ["before"]

    def script(line: str, fake: Fake) -> bytes | None:
        if line == "AT+CSQ" and phase[0] == "before":
            phase[0] = "owed"
            return None  # answered late, with the probe's answer
        if line == "AT+CMEE?" and phase[0] == "owed":
            phase[0] = "after"
            return b"\r\n+CSQ: 5,99\r\n\r\nOK\r\n\r\n+CMEE: 1\r\n\r\nOK\r\n"
        if line == "AT+CSQ":
            return b"\r\n+CSQ: 20,99\r\n\r\nOK\r\n"
        if line == "AT+CGMI":
            return b"\r\nACME\r\n\r\nOK\r\n"
        return standard(line, fake)

    async with fake_modem(script) as (url, fake), opened(url, timeouts=QUICK) as modem:
        from modem.errors import CommandTimeout

        with pytest.raises(CommandTimeout):
            await modem.command("AT+CSQ", timeout=0.2)
        assert (await modem.command("AT+CGMI")).lines == ("ACME",)
        assert (await modem.command("AT+CSQ")).lines == ("+CSQ: 20,99",)
        i = fake.log.index("AT+CMEE?", fake.log.index("AT+CSQ"))
        assert fake.log[i + 1] == "AT+CMGF?"  # the second probe: the first was fooled
