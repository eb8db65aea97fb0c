"""A send that stops half-way (Ctrl-C, a refused part) says which parts went out, with their
references, which one may have gone out, and which were not sent; Ctrl-C exits 130.

A real `modem send` process against a simulated modem on a pty. The network stalls the
sender's third part on purpose (its "+CMGS" answer held back, as a slow SMSC would), so Ctrl-C
comes exactly while part 3's body is written and unanswered: no timing is guessed."""

from __future__ import annotations

import dataclasses
import json
import re
import signal
import threading
from collections.abc import Iterator

import pytest

from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

from .conftest import port, process, run

TEXT = "w" * 622  # five parts of GSM 7-bit text


@pytest.fixture
def slow() -> Iterator[Served]:
    """Latencies on (scale 1) but zero, until a test makes part 3 slow. One network per test:
    an answer held back for an hour holds back everything the modem says after it."""
    config = SimConfig(modems=[ModemSpec("a"), ModemSpec("b")], latency_scale=1.0, seed=1)
    with serve_in_thread(config) as served:
        yield served


def after_two_parts(served: Served, **faults) -> tuple[list[int], threading.Event]:
    """From the third part on, modem a gets `faults`; returns the references the network
    took from a, and an event set when a third part reached the network."""
    references: list[int] = []
    third = threading.Event()

    def install(net) -> None:
        smsc, sender = net.smsc, net.modem("a")
        original = smsc.submit

        def submit(modem, pdu, reference) -> None:
            original(modem, pdu, reference)
            if modem is not sender.interp:
                return
            references.append(reference)
            if len(references) == 2:
                sender.faults = dataclasses.replace(sender.faults, **faults)
            if len(references) == 3:
                third.set()

        smsc.submit = submit

    served.call(install)
    return references, third


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_during_a_five_part_send(slow, as_json: bool) -> None:
    references, third = after_two_parts(slow, sms_latency=3600.0)
    args = ["send", "--port", port(slow, "a"), "+15550000002", TEXT]
    sending = process(*args, *(["--json"] if as_json else []))
    try:
        assert third.wait(30), "the third part never reached the network"
        sending.send_signal(signal.SIGINT)
        out, err = sending.communicate(timeout=30)
    finally:
        sending.kill()
    assert sending.returncode == 130, (out, err)
    assert err == "interrupted\n"
    assert slow.call(lambda net: len(net.modem("b").inbox)) == 2  # what the recipient has
    first, second = references[:2]
    if as_json:
        data = json.loads(out)
        assert data["type"] == "sms.send_result" and data["interrupted"] is True
        assert data["total"] == 5 and data["references"] == [first, second]
        assert [(p["sequence"], p["reference"], p["state"]) for p in data["parts"]] == [
            (0, first, "sent"),
            (1, second, "sent"),
            (2, None, "unknown"),
            (3, None, "canceled"),
            (4, None, "canceled"),
        ]
    else:
        assert out.splitlines() == [
            "+15550000002: 2 of 5 parts sent before the send stopped",
            f"  part 1: sent, reference {first}",
            f"  part 2: sent, reference {second}",
            "  part 3: unknown (it may have gone out)",
            "  part 4: not sent",
            "  part 5: not sent",
        ]


def test_a_refused_part_shows_what_went_out(slow) -> None:
    references, _ = after_two_parts(slow, permanent_error_rate=1.0)
    code, out, err = run("send", "--port", port(slow, "a"), "+15550000002", TEXT)
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, err  # network: no
    first, second = references
    assert out.splitlines() == [
        "+15550000002: 2 of 5 parts sent before the send stopped",
        f"  part 1: sent, reference {first}",
        f"  part 2: sent, reference {second}",
        "  part 3: failed (refused, not sent)",
        "  part 4: not sent",
        "  part 5: not sent",
    ]


def test_a_refused_one_part_send_exits_1(slow) -> None:
    """The network said no (+CMS ERROR): exit 1, told apart from a mistake of the user's (2)."""
    slow.call(lambda net: setattr(net.modem("a"), "faults", _refusing(net.modem("a").faults)))
    code, out, err = run("send", "--port", port(slow, "a"), "+15550000002", "hi", "--json")
    assert (code, out) == (1, "") and "+CMS ERROR 21" in err and err.count("\n") == 1, err


def _refusing(faults):
    return dataclasses.replace(faults, permanent_error_rate=1.0)


def test_ctrl_c_while_waiting_for_the_reports_says_the_send_was_complete(slow) -> None:
    """Every part went out; only the wait for reports was cut short. The recipient's storage
    is full, so the network reports 'still trying' (TP-ST 0x25, a second after the part was
    delivered) and --wait-delivery goes on waiting: that report, seen in the -v trace after
    the +CMGS answer, is the moment to press Ctrl-C."""
    b = slow.call(lambda net: net.modem("b"))
    for i in range(slow.call(lambda net: net.modem("b").interp.storages["SM"].capacity)):
        slow.call(lambda net, i=i: net.inject_sms(b.number, f"old {i}"))
    args = ["send", "-v", "--port", port(slow, "a"), b.number, "hi", "--wait-delivery"]
    sending = process(*args)
    try:
        assert sending.stderr is not None
        trace = iter(sending.stderr)
        next(line for line in trace if "+CMGS:" in line)  # the part went out
        next(line for line in trace if "CDS" in line)  # then its 'still trying' report came
        sending.send_signal(signal.SIGINT)
        out, err = sending.communicate(timeout=30)
    finally:
        sending.kill()
    assert sending.returncode == 130 and err.endswith("interrupted\n"), err
    assert re.fullmatch(
        r"sent to \+\d+: 1 part, reference \d+; stopped while waiting for the delivery reports\n",
        out,
    ), out
