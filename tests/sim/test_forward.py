"""modem/sim/forward.py: the SMSC keeps what it cannot deliver, retries, and reports.

TS 23.040 §3.1 (store and forward), §9.2.3.12 (TP-VP), §9.2.3.15 (TP-ST); TS 24.011 §7.3.2
(RP-SMMA). Driven on the manual-clock bench, so hours of retries take no time; the same
behaviour through a real pty is in test_forward_pty.py.
"""

from __future__ import annotations

from datetime import timedelta

from modem.sim.config import ModemSpec
from modem.sim.testing import Bench
from modem.sms import decode_pdu, encode_pdu, submits
from modem.sms.timestamp import EnhancedFormat, EnhancedValidity

OK = "\r\nOK\r\n"
A, B = "+15550000001", "+15550000002"


def two_modems() -> Bench:
    """Two modems in real time (latency scale 1: the SMSC's retry delays as configured);
    the manual clock makes that free."""
    return Bench([ModemSpec("sim0"), ModemSpec("sim1")], latency_scale=1.0)


def make(cnmi: str = "2,1,0,1,0") -> Bench:
    """sim0 sends (status reports routed as +CDS), sim1 receives (+CMTI) into a full SM."""
    bench = two_modems()
    bench.advance(5)
    for name in bench.modems:
        bench.at(f"ATE0;+CMEE=1;+CNMI={cnmi}", name)
    bench.at("AT+CNMI=2,1,0,0,0", "sim1")
    fill(bench)
    return bench


def fill(bench: Bench) -> None:
    storage = bench.modem("sim1").storages["SM"]
    for i in range(storage.capacity):
        bench.smsc.inject(B, text=f"old {i}")
    assert storage.used == storage.capacity
    bench.take("sim1")


def send(bench: Bench, text: str, **options: object) -> str:
    """Send from sim0 with a status report requested; sim0's output (reports due at once
    included: +CDS lines)."""
    pdu = encode_pdu(submits(B, text, status_report_request=True, **options)[0])
    assert bench.at(f"AT+CMGS={len(pdu) - 1}") == "\r\n> "
    out = bench.send(pdu.hex().upper().encode() + b"\x1a")
    assert "+CMGS: " in out
    return out


def routed_reports(out: str) -> list[object]:
    """The status reports routed to sim0 (+CDS) in `out`."""
    lines = out.split("\r\n")
    return [decode_pdu(lines[i + 1]) for i, line in enumerate(lines) if line.startswith("+CDS:")]


def statuses(bench: Bench) -> list[int]:
    return [status for _, _, status in bench.smsc.reports]


def texts(bench: Bench) -> list[str]:
    return [decode_pdu(m.pdu).text for _, m in bench.modem("sim1").storages["SM"]]


def test_a_full_storage_holds_the_message_and_says_the_sc_is_still_trying() -> None:
    b = make()
    send(b, "new")
    b.advance(1)  # report_delay
    (report,) = routed_reports(b.take())
    assert report.status == 0x25 and report.outcome == "pending"  # SC still trying
    assert statuses(b) == [0x25]  # once, not per retry
    b.advance(3600)  # an hour of retries (backoff capped) while the storage stays full
    assert statuses(b) == [0x25]
    assert [t.pdu for t in b.smsc.held(B)] and "new" not in texts(b)


def test_deleting_a_message_sends_rp_smma_and_the_held_one_arrives() -> None:
    b = make()
    send(b, "new")
    b.advance(1)
    assert [r.outcome for r in routed_reports(b.take())] == ["pending"]
    assert b.modem("sim1").sim.memory_exceeded  # the SIM remembers it refused one
    assert b.at("AT+CMGD=3", "sim1") == OK + '\r\n+CMTI: "SM",3\r\n'  # RP-SMMA, then delivery
    assert texts(b)[2] == "new" and not b.modem("sim1").sim.memory_exceeded
    b.advance(1)
    assert statuses(b) == [0x25, 0x00]
    assert [r.outcome for r in routed_reports(b.take())] == ["delivered"]
    assert b.smsc.held(B) == []


def test_retries_find_space_freed_without_smma() -> None:
    """Space freed in a way the modem does not signal (another storage chosen and the old one
    emptied behind its back): the SC's own retries deliver it."""
    b = make()
    send(b, "new")
    b.modem("sim1").sim.memory_exceeded = False  # as if the modem never sent RP-SMMA
    b.modem("sim1").storages["SM"].delete(7)
    b.advance(29)
    assert "new" not in texts(b)  # the first retry is 30 modem seconds later
    b.advance(2)
    assert "new" in texts(b) and statuses(b) == [0x25, 0x00]


def test_held_messages_keep_their_order_and_later_ones_wait_behind() -> None:
    b = make()
    for text in ("one", "two", "three"):
        send(b, text)
    assert len(b.smsc.held(B)) == 3
    b.at("AT+CMGD=1,4", "sim1")  # everything read or unread goes: room for all of them
    b.advance(1)
    assert texts(b) == ["one", "two", "three"]
    # Only the first was tried while the storage was full: the others waited behind it.
    assert statuses(b) == [0x25, 0x00, 0x00, 0x00]


def test_the_validity_period_ends_with_a_permanent_report() -> None:
    b = make()
    send(b, "short-lived", validity=timedelta(minutes=5))
    b.advance(299)
    assert statuses(b) == [0x25]
    b.take()
    b.advance(2)
    assert statuses(b) == [0x25, 0x46]  # SM validity period expired
    assert [r.outcome for r in routed_reports(b.take())] == ["undelivered"]
    assert b.smsc.held(B) == []
    b.at("AT+CMGD=1", "sim1")
    b.advance(60)
    assert "short-lived" not in texts(b)


def test_a_message_without_validity_is_kept_for_the_default_period() -> None:
    b = make()
    send(b, "default")
    b.advance(b.config.validity - 10)
    assert statuses(b) == [0x25]
    b.advance(20)
    assert statuses(b) == [0x25, 0x46]


def test_single_shot_gets_one_attempt() -> None:
    b = make()
    once = EnhancedValidity(timedelta(seconds=200), EnhancedFormat.SECONDS, single_shot=True)
    send(b, "once", validity=once)
    assert statuses(b) == [0x65]  # error in SME, SC not making any more attempts
    assert b.smsc.held(B) == []


def test_a_report_for_a_full_sr_storage_waits_too() -> None:
    b = two_modems()
    b.advance(5)
    b.at("ATE0;+CNMI=2,1,0,2,0")  # reports stored in SR, announced with +CDSI
    sr = b.modem().storages["SR"]
    for _ in range(sr.capacity + 1):
        send(b, "x")
    b.advance(1)
    assert sr.used == sr.capacity and len(b.smsc.held(A)) == 1
    b.at('AT+CPMS="SR";+CMGD=1')
    b.advance(1)
    assert sr.used == sr.capacity and b.smsc.held(A) == []


def test_cnma_2_naming_full_memory_waits_for_space() -> None:
    """A terminal that takes routed messages refuses one with AT+CNMA=2 and an
    SMS-DELIVER-REPORT whose TP-FCS is 0xD3 (memory capacity exceeded): the SC treats it as
    a full storage (temporary report, backoff) instead of offering it again at once."""
    b = two_modems()
    b.advance(5)
    b.at("ATE0;+CNMI=2,1,0,1,0")
    b.at("ATE0;+CSMS=1;+CNMI=2,2,0,0,0", "sim1")
    send(b, "routed")
    assert "+CMT: ," in b.take("sim1")
    assert b.at("AT+CNMA=2,3", "sim1") == "\r\n> "
    assert b.send(b"00D300\x1a", "sim1") == OK
    assert statuses(b) == [0x25]
    b.advance(29)
    assert b.take("sim1") == ""
    b.advance(2)  # the first retry
    assert "+CMT: ," in b.take("sim1")
    assert b.at("AT+CNMA", "sim1") == OK
    b.advance(1)
    assert statuses(b) == [0x25, 0x00]


def test_the_report_waits_for_cnma() -> None:
    """With AT+CSMS=1 a routed message is delivered when the terminal acknowledges it, not
    when it is shown: no status report before AT+CNMA."""
    b = two_modems()
    b.advance(5)
    b.at("ATE0;+CNMI=2,1,0,1,0")
    b.at("ATE0;+CSMS=1;+CNMI=2,2,0,0,0", "sim1")
    send(b, "routed")
    b.advance(5)
    assert "+CMT: ," in b.take("sim1") and statuses(b) == []
    b.at("AT+CNMA", "sim1")
    b.advance(1)
    assert statuses(b) == [0x00]


def test_power_lost_before_cnma_keeps_the_message_at_the_network() -> None:
    b = two_modems()
    b.advance(5)
    b.at("ATE0;+CSMS=1;+CNMI=2,2,0,0,0", "sim1")
    b.smsc.inject(B, text="in flight")
    assert "+CMT: ," in b.take("sim1")
    b.modem("sim1").power_off()
    b.advance(60)
    assert [t.pdu for t in b.smsc.held(B)]
    b.modem("sim1").power_on()
    b.smsc.back_online(b.modem("sim1"))  # registered again: stored (CNMI back to defaults)
    assert texts(b) == ["in flight"] and b.smsc.held(B) == []
