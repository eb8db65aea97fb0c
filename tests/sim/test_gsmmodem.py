"""python-gsmmodem-new (a client written by others) against simulated modems over ptys.

It runs in threads (it is blocking) while the simulated network serves from another thread
(modem.sim.harness). Its init sequence (research sms.md §2.1: ATZ, ATE0, AT+CFUN?, AT+CMEE=1,
AT+CPIN?, AT+CLAC, AT+CPMS="ME","ME","ME", AT+CNMI=2,1,0,2, ...) must pass on every
personality, and an SMS sent by it must arrive, intact, through its receive callback.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from modem.sim.config import ModemSpec, SimConfig
from modem.sim.faults import FaultSpec
from modem.sim.harness import Served, serve_in_thread
from modem.sim.personalities import PERSONALITIES

gsmmodem = pytest.importorskip("gsmmodem.modem", reason="pip install python-gsmmodem-new")

TIMEOUT = 20


def config(personality: str = "generic") -> SimConfig:
    """Two modems; timing like a real network, shrunk 50 times: an SMS takes 5 s (0.1 s) to
    go out, its status report comes 25 s (0.5 s) after delivery. python-gsmmodem handles each
    URC in a new thread that writes to the port while the main thread may be mid-command
    (research sms.md §4, faucamp#29), so instant reports and back-to-back parts would make it
    trip over itself, which real networks' timing rarely provokes."""
    faults = FaultSpec(sms_latency=5.0)
    modems = [ModemSpec(f"sim{i}", personality=personality, faults=faults) for i in range(2)]
    return SimConfig(modems=modems, latency_scale=0.02, report_delay=25.0)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.reports: list[object] = []
        self.changed = threading.Condition()

    def sms(self, sms: object) -> None:
        with self.changed:
            self.messages.append((sms.number, sms.text))  # type: ignore[attr-defined]
            self.changed.notify_all()

    def report(self, report: object) -> None:
        with self.changed:
            self.reports.append(report)
            self.changed.notify_all()

    def wait(self, count: int) -> list[tuple[str, str]]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.messages) >= count, TIMEOUT)
        return self.messages


@pytest.fixture
def served() -> Iterator[Served]:
    with serve_in_thread(config()) as s:
        yield s


def open_modem(port: str, inbox: Inbox | None = None, **kw: object) -> Any:
    modem = gsmmodem.GsmModem(
        port,
        115200,
        smsReceivedCallbackFunc=inbox.sms if inbox else None,
        smsStatusReportCallback=inbox.report if inbox else None,
        **kw,
    )
    modem.connect()
    return modem


def settled(served: Served, name: str) -> None:
    """Wait until python-gsmmodem has deleted what it received from `name`'s storage.

    It reads a message, runs the callback, and only then sends AT+CMGD from its notification
    thread; closing the modem before that is answered leaves the thread dying of a timeout
    (a traceback in the test run). The simulator has no event for it, so look every 10 ms."""

    async def emptied(net: Any) -> None:
        modem = net.modem(name)

        async def wait() -> None:
            while any(stored.stat in (0, 1) for stored in modem.inbox):
                await asyncio.sleep(0.01)
            await modem.drain()

        await asyncio.wait_for(wait(), TIMEOUT)

    served.call(emptied)
    notification_threads_done()


def notification_threads_done() -> None:
    """Join python-gsmmodem's per-URC threads: the AT+CMGD's OK must reach the thread that
    waits for it before the modem is closed."""
    for thread in threading.enumerate():
        if "HandleModemNotification" in thread.name:
            thread.join(TIMEOUT)


@pytest.mark.parametrize("personality", sorted(PERSONALITIES))
def test_connect_on_every_personality(personality: str) -> None:
    with serve_in_thread(config(personality)) as served:
        _, port, _ = served[0]
        served.call(lambda net: net.modem("sim0").ready())  # SIMCom: wait for "SMS Ready"
        modem = open_modem(port)
        try:
            spec = PERSONALITIES[personality]
            assert modem.manufacturer == spec.manufacturer
            assert modem.model == spec.model
            assert modem.signalStrength == 20
            assert modem.networkName == "SimNet"
            assert modem.imsi == served.network.modem("sim0").spec.imsi
        finally:
            modem.close()


def test_send_sms_arrives_through_the_other_modems_callback(served: Served) -> None:
    (_, port_a, _), (_, port_b, number_b) = served
    inbox = Inbox()
    a, b = open_modem(port_a), open_modem(port_b, inbox)
    try:
        # 48 septets. With 8n-1 septets 23.038 §6.1.2.3.1 puts a CR in the 7 spare bits, and
        # python-gsmmodem 0.13 decodes that CR as a character (it ignores TP-UDL there).
        text = "Hello from python-gsmmodem, {curly} & ümlauts!"
        sent = a.sendSms(number_b, text)
        assert sent.reference == 1
        assert inbox.wait(1) == [("+15550000001", text)]
        settled(served, "sim1")
        # python-gsmmodem was told with +CMTI: "ME",1 and read it with AT+CMGR
        assert "AT+CMGR=1" in served.call(lambda net: net.modem("sim1").commands)
    finally:
        a.close()
        b.close()


def test_long_unicode_message_arrives_as_concatenated_parts(served: Served) -> None:
    (_, port_a, _), (_, port_b, number_b) = served
    text = "Grüße aus dem Simulator ✓ — " * 5
    inbox = Inbox()
    a, b = open_modem(port_a), open_modem(port_b, inbox)
    try:
        a.sendSms(number_b, text)
        parts = inbox.wait(3)  # python-gsmmodem hands each part to the callback on its own
        assert "".join(part for _, part in parts) == text
        settled(served, "sim1")
    finally:
        a.close()
        b.close()


def test_delivery_report_reaches_the_sender(served: Served) -> None:
    (_, port_a, _), (_, _, number_b) = served
    inbox = Inbox()
    a = open_modem(port_a, inbox)
    try:
        sent = a.sendSms(number_b, "report me", waitForDeliveryReport=True, deliveryTimeout=10)
        assert sent.status == sent.DELIVERED
        assert sent.report.reference == sent.reference
    finally:
        a.close()


def test_injected_sms_from_an_alphanumeric_sender(served: Served) -> None:
    _, port, number = served[0]
    inbox = Inbox()
    modem = open_modem(port, inbox)
    try:
        served.call(lambda net: net.inject_sms(number, "Your code is 4711", sender="MyBank"))
        assert inbox.wait(1) == [("MyBank", "Your code is 4711")]
        settled(served, "sim0")
    finally:
        modem.close()


@pytest.mark.parametrize("personality", ["generic", "huawei"])
def test_ussd_balance(personality: str) -> None:
    """On Huawei python-gsmmodem sends AT^USSDMODE=0 (seen in AT+CLAC) to get text USSD."""
    with serve_in_thread(config(personality)) as served:
        _, port, _ = served[0]
        _ussd(port)


def _ussd(port: str) -> None:
    modem = open_modem(port)
    try:
        reply = modem.sendUssd("*100#")
        assert reply.message == "Your balance is 10.00 EUR, valid until 31.12.2026."
        assert not reply.sessionActive
    finally:
        modem.close()


def test_pin_is_entered_by_the_client() -> None:
    cfg = config()
    cfg = dataclasses.replace(cfg, modems=[dataclasses.replace(cfg.modems[0], pin="2468")])
    with serve_in_thread(cfg) as served:
        _, port, _ = served[0]
        modem = gsmmodem.GsmModem(port, 115200)
        with pytest.raises(gsmmodem.PinRequiredError):
            modem.connect()
        modem.close()
        with pytest.raises(gsmmodem.IncorrectPinError):
            modem.connect(pin="1111")
        modem.close()
        assert served.call(lambda net: net.modem("sim0").interp.sim.pin_attempts) == 2
        modem.connect(pin="2468")
        modem.close()


def test_huawei_noise_does_not_stop_it() -> None:
    cfg = config("huawei")
    cfg = dataclasses.replace(
        cfg, modems=[dataclasses.replace(m, noise_interval=0.05) for m in cfg.modems]
    )
    with serve_in_thread(cfg) as served:
        (_, port_a, _), (_, port_b, number_b) = served
        inbox = Inbox()
        a, b = open_modem(port_a), open_modem(port_b, inbox)
        try:
            a.sendSms(number_b, "through the ^RSSI flood")
            assert inbox.wait(1) == [("+15550000001", "through the ^RSSI flood")]
            settled(served, "sim1")
        finally:
            a.close()
            b.close()


def test_simcom_before_sms_ready_fails_as_the_real_one_does() -> None:
    """SIMCom answers SMS commands with ERROR until "SMS Ready" (research sms.md §3); a client
    that connects too early fails on AT+CMGF, as Seeed GPRS_SIM900#39 reports."""
    with serve_in_thread(dataclasses.replace(config("simcom"), latency_scale=100)) as served:
        _, port, _ = served[0]
        modem = gsmmodem.GsmModem(port, 115200)
        with pytest.raises(gsmmodem.CommandError, match="AT\\+CMGF"):
            modem.connect()
        modem.close()


def test_text_mode_send_and_receive(served: Served) -> None:
    """python-gsmmodem with smsTextMode: AT+CMGF=1, AT+CMGS="<da>", and +CMGR in text form
    (its regex wants `+CMGR: "<stat>","<oa>",,"<scts>"`)."""
    (_, port_a, _), (_, port_b, number_b) = served
    inbox = Inbox()
    a = gsmmodem.GsmModem(port_a, 115200)
    b = gsmmodem.GsmModem(port_b, 115200, smsReceivedCallbackFunc=inbox.sms)
    a.smsTextMode = b.smsTextMode = True
    a.connect()
    b.connect()
    try:
        assert a.sendSms(number_b, "text mode hello").reference == 1
        assert inbox.wait(1) == [("+15550000001", "text mode hello")]
        settled(served, "sim1")
        assert "AT+CMGF=1" in served.call(lambda net: net.modem("sim1").commands)
    finally:
        a.close()
        b.close()


def _fill(net: Any, name: str, storage: str, stat: int, pad: str = "") -> int:
    """Fill a storage with distinct messages ("message 000", ...) stored with `stat`. (Texts
    of 8n-1 septets are avoided: python-gsmmodem takes their CR padding for a character.)"""
    from modem.sim.state import Stat, StoredMessage
    from modem.sms import Address, Deliver, encode_pdu

    store = net.modem(name).interp.storages[storage]
    for i in range(store.capacity):
        deliver = Deliver(
            sender=Address.parse("+15559990000"),
            timestamp=net.smsc.now(),
            text=f"message {i:03d}{pad}",
        )
        store.store(StoredMessage(Stat(stat), encode_pdu(deliver, smsc=True)))
    return store.capacity


def test_a_full_storage_listed_in_one_answer() -> None:
    """AT+CMGL=4 on Quectel's full ME storage (255 messages, some 75 KB, more than three
    times what a pty holds) reaches python-gsmmodem whole: every message, in order."""
    pad = " " + "x" * 100
    with serve_in_thread(config("quectel")) as served:
        _, port, _ = served[0]
        count = served.call(lambda net: _fill(net, "sim0", "ME", 1, pad))
        modem = open_modem(port)
        try:
            stored = modem.listStoredSms(status=4, memory="ME")
            assert [sms.text for sms in stored] == [f"message {i:03d}{pad}" for i in range(count)]
        finally:
            modem.close()


def test_a_message_to_a_full_storage_arrives_once_one_is_deleted(served: Served) -> None:
    """sim1's storage is full: the SMSC keeps the message (TP-ST 0x25 to the sender: still
    trying) until python-gsmmodem deletes one; the modem then sends RP-SMMA, the SMSC delivers,
    and +CMTI brings it to python-gsmmodem's callback."""
    (_, port_a, _), (_, port_b, number_b) = served
    served.call(lambda net: _fill(net, "sim1", "ME", 3))  # STO SENT: nothing for the callback
    inbox = Inbox()
    a, b = open_modem(port_a), open_modem(port_b, inbox)
    try:
        a.sendSms(number_b, "held at the SMSC")

        async def held(net: Any) -> None:
            while not net.smsc.held(number_b):
                await asyncio.sleep(0.01)

        served.call(lambda net: asyncio.wait_for(held(net), TIMEOUT))
        assert inbox.messages == []
        b.deleteStoredSms(1)
        assert inbox.wait(1) == [("+15550000001", "held at the SMSC")]
        settled(served, "sim1")
        statuses = served.call(lambda net: [status for _, _, status in net.smsc.reports])
        assert statuses == [0x25, 0x00]
    finally:
        a.close()
        b.close()
