"""Issue 14, "Stalled for good" (items 4-7), against a fake modem on loopback TCP: each of these
stopped the driver for good before the issue was fixed."""

from __future__ import annotations

import asyncio
import socket

import pytest

from modem.config import Timeouts
from modem.device import Modem, SmsReceived
from modem.errors import CommandTimeout, SendUnknown, SimError

from .conftest import opened, settled
from .fakemodem import OK, deliver_pdu, fake_modem

pytestmark = pytest.mark.timeout(60)

QUICK = Timeouts(command=0.3, prompt=0.3, send=0.3, list=2.0, probe=0.15, ack=2.0)


async def _item(items, timeout: float = 5.0):
    async with asyncio.timeout(timeout):
        return await anext(items)


# --- item 4: a garbled header must not kill the receiver --------------------------------------


async def test_item4_a_garbled_cmgr_header_is_read_again_and_the_receiver_lives_on() -> None:
    async with fake_modem() as (url, fake), opened(url, timeouts=QUICK) as modem:
        await settled(modem)  # the scan at open is done: the message is read by AT+CMGR
        items = modem.items()
        pdu = deliver_pdu("first")[0]
        fake.on("AT+CMGR=1", f"\r\n+CMGR: \xff#~,,\x7f\r\n{pdu}\r\n".encode("latin-1") + OK)
        fake.deliver(pdu)
        first = await _item(items)
        assert isinstance(first, SmsReceived) and first.text == "first"
        assert fake.count("AT+CMGR=1") == 2  # read again once
        await first.ack()
        pdu = deliver_pdu("second")[0]  # garbled every time: the PDU still decodes
        fake.on("AT+CMGR=1", f"\r\n+CMGR: ~~\r\n{pdu}\r\n".encode() + OK, times=None)
        fake.deliver(pdu)
        second = await _item(items)
        assert second.text == "second" and any("garbled" in w for w in second.warnings)


async def test_item4_a_garbled_cmgl_header_in_a_scan() -> None:
    async with fake_modem() as (url, fake):
        for text in ("one", "two"):
            fake.store(deliver_pdu(text)[0])
        listing = fake.standard("AT+CMGL=4")
        assert listing is not None
        fake.on("AT+CMGL=4", listing.replace(b"+CMGL: 1,0,,", b"+CMGL: 1,\xff#,,"))
        async with opened(url, timeouts=QUICK) as modem:
            items = modem.items()
            texts = {(await _item(items)).text for _ in range(2)}
            assert texts == {"one", "two"}
            fake.deliver(deliver_pdu("three")[0])  # the receiver still works
            assert (await _item(items)).text == "three"


# --- item 5: a stray line before an answer; a modem that announces nothing is polled ----------


@pytest.mark.parametrize("stray", [b"xyz", b"+CMEE: 1"])
async def test_item5_a_stray_line_before_the_answer_of_cnmi_test(stray: bytes) -> None:
    async with fake_modem() as (url, fake):
        fake.on("AT+CNMI=?", b"\r\n" + stray + b"\r\n+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)\r\n" + OK)
        async with opened(url, timeouts=QUICK) as modem:
            assert fake.cnmi == "2,1,0,2,0" and modem.session.cnmi == "2,1,0,2,0"


async def test_item5_a_modem_that_announces_nothing_is_polled() -> None:
    async with fake_modem() as (url, fake):
        fake.on(lambda line: line.startswith("AT+CNMI="), b"\r\nERROR\r\n", times=None)
        async with opened(url, timeouts=QUICK, poll_interval=0.2) as modem:
            assert modem.session.cnmi is None
            items = modem.items()
            fake.store(deliver_pdu("never announced")[0])
            assert (await _item(items)).text == "never announced"


# --- item 6: a result lost during init is asked again; a first open can wait --------------------

INIT = ["ATE0", "AT+CMEE=1", "AT+CGMI", "AT+CPIN?", "AT+CGSN", "AT+CMGF=0", "AT+CSMS=0",
        "AT+CPMS=?", "AT+CNMI=?", "AT+CREG=2"]  # fmt: skip


@pytest.mark.parametrize("command", INIT)
async def test_item6_a_dropped_final_during_init_is_retried(command: str) -> None:
    async with fake_modem() as (url, fake):
        fake.on(command, lambda line: fake.standard(line)[:-6])  # the answer without its OK
        async with opened(url, timeouts=QUICK) as modem:
            assert modem.ready and fake.count(command) == 2
            assert (await modem.command("AT+CSQ", check=False)).ok


async def test_item6_open_with_retry_waits_for_a_modem_that_is_not_there_yet() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"socket://127.0.0.1:{port}"
    async with fake_modem() as (_, fake):
        modem = Modem(url, timeouts=QUICK)
        opening = asyncio.ensure_future(modem.open(retry=True))
        await asyncio.sleep(0.3)  # refused meanwhile, and tried again
        assert not opening.done()
        server = await asyncio.start_server(fake.handle, "127.0.0.1", port)
        try:
            await asyncio.wait_for(opening, 10)
            assert modem.ready
        finally:
            await modem.close()
            server.close()


async def test_item6_retry_does_not_wait_for_what_only_a_person_can_fix() -> None:
    async with fake_modem() as (url, fake):
        fake.on("AT+CPIN?", b"\r\n+CPIN: SIM PIN\r\n" + OK, times=None)
        with pytest.raises(SimError, match="wants a PIN"):
            await asyncio.wait_for(Modem(url, timeouts=QUICK).open(retry=True), 10)


# --- item 7: an outer timeout or a cancel leaves the port usable ---------------------------------


async def test_item7_an_outer_timeout_around_a_command_leaves_the_port_usable() -> None:
    async with fake_modem() as (url, fake), opened(url, timeouts=QUICK) as modem:
        fake.on("AT+COPS?", None)  # a hung answer
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1):
                await modem.command("AT+COPS?", timeout=30)
        assert (await modem.command("AT+CSQ", check=False)).ok  # no ProtocolStateError
        fake.on("AT+CPMS?", None)
        task = asyncio.ensure_future(modem.command("AT+CPMS?", timeout=30))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert modem.stats["cancelled"] == 2
        assert (await modem.command("AT+CGMI", check=False)).ok


async def test_item7_a_send_cancelled_after_its_body_was_written_is_reported_unknown() -> None:
    async with fake_modem() as (url, fake), opened(url, timeouts=QUICK) as modem:
        await settled(modem)
        fake.on(lambda line: line.endswith("<SUB>") and fake.count("<SUB>") == 2, None)
        seen = []
        send = asyncio.ensure_future(
            modem.send_sms("+4712345678", "q" * 400, on_part=seen.append, retries=0)
        )
        while fake.count("<SUB>") < 2:  # the second body is out; its result never comes
            await asyncio.sleep(0.01)
        send.cancel()
        with pytest.raises(asyncio.CancelledError):
            await send
        assert [(p.sequence, p.outcome) for p in seen] == [(0, "sent"), (1, "unknown")]
        assert seen[0].reference == 1 and seen[1].reference is None
        assert (await modem.command("AT", check=False)).ok
        assert fake.count("<SUB>") == 2  # never sent again
        fake.on(lambda line: line.endswith("<SUB>"), None)
        with pytest.raises(SendUnknown) as err:
            await modem.send_sms("+4712345678", "r", on_part=seen.append)
        assert seen[-1].outcome == "unknown" and isinstance(err.value.cause, CommandTimeout)
