"""The SMSC keeps a message for a recipient whose storage is full, as clients see it through
real ptys: the sender's status reports (temporary, then final), the recipient's +CMTI once
AT+CMGD has made room, and the permanent report when the validity period ends first.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from modem.sim import ModemSpec, SimConfig, SimNetwork
from modem.sms import StatusReport, decode_pdu, encode_pdu, submits
from modem.sms.timestamp import EnhancedFormat, EnhancedValidity

from .conftest import Terminal

CDS = re.compile(rb"\r\n\+CDS: \d+\r\n([0-9A-F]+)\r\n")


@pytest.fixture
async def full() -> AsyncIterator[tuple[SimNetwork, Terminal, Terminal]]:
    """sim0 (status reports routed to it as +CDS) and sim1 (announces with +CMTI) whose SM
    storage is full, each on its pty."""
    config = SimConfig(modems=[ModemSpec("sim0"), ModemSpec("sim1")], latency_scale=0.0)
    async with SimNetwork(config) as net:
        sender = await Terminal.pty(await net.modem("sim0").serve_pty())
        receiver = await Terminal.pty(await net.modem("sim1").serve_pty())
        assert (await sender.command("ATE0;+CNMI=2,1,0,1,0")).endswith("OK\r\n")
        assert (await receiver.command("ATE0;+CNMI=2,1,0,0,0")).endswith("OK\r\n")
        capacity = net.modem("sim1").interp.storages["SM"].capacity
        for i in range(capacity):
            await net.inject_sms(net.modem("sim1").number, f"old {i}")
        await receiver.expect(f'+CMTI: "SM",{capacity}\r\n'.encode())
        yield net, sender, receiver
        sender.close()
        receiver.close()


async def send(sender: Terminal, to: str, text: str, **options: object) -> None:
    pdu = encode_pdu(submits(to, text, status_report_request=True, **options)[0])
    assert await sender.command(f"AT+CMGS={len(pdu) - 1}") == "\r\n> "
    sender.send(pdu.hex().upper().encode() + b"\x1a")
    await sender.expect(b"+CMGS: 1\r\n\r\nOK\r\n")


async def report(sender: Terminal) -> StatusReport:
    found = CDS.search(await sender.expect(CDS))
    assert found
    return decode_pdu(found.group(1).decode())


async def test_held_while_full_then_delivered_once_a_message_is_deleted(full) -> None:
    net, sender, receiver = full
    await send(sender, net.modem("sim1").number, "kept for you")
    pending = await report(sender)
    assert pending.status == 0x25 and pending.outcome == "pending" and pending.reference == 1

    assert (await receiver.command("AT+CMGD=4")).endswith("OK\r\n")
    await receiver.expect(b'+CMTI: "SM",4\r\n')  # RP-SMMA, and the SMSC delivers
    answer = await receiver.command("AT+CMGR=4")
    assert decode_pdu(answer.split("\r\n")[2]).text == "kept for you"
    delivered = await report(sender)
    assert delivered.status == 0x00 and delivered.reference == 1


async def test_validity_ends_before_room_is_made(full) -> None:
    net, sender, receiver = full
    one_second = EnhancedValidity(timedelta(seconds=1), EnhancedFormat.SECONDS)
    await send(sender, net.modem("sim1").number, "too late", validity=one_second)
    assert (await report(sender)).status == 0x25
    expired = await report(sender)  # about a second later (the SMSC's clock)
    assert expired.status == 0x46 and expired.outcome == "undelivered"
    assert (await receiver.command("AT+CMGD=1")).endswith("OK\r\n")
    assert net.smsc.held(net.modem("sim1").number) == []
    assert "+CMTI" not in (await receiver.command("AT")).upper()
