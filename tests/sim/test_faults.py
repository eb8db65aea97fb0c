"""modem/sim/faults.py and how the interpreter applies faults."""

from __future__ import annotations

from dataclasses import replace

from modem.sim.config import ModemSpec
from modem.sim.faults import Faults, FaultSpec
from modem.sim.testing import Bench
from modem.sms import encode_pdu, submits

OK = "\r\nOK\r\n"


def bench(faults: FaultSpec, seed: int = 1) -> Bench:
    b = Bench([ModemSpec("sim0", faults=faults), ModemSpec("sim1")], seed=seed)
    b.at("ATE0")
    return b


def send(b: Bench, text: str = "x") -> str:
    pdu = encode_pdu(submits("+15550000002", text)[0])
    b.at(f"AT+CMGS={len(pdu) - 1}")
    return b.send(pdu.hex().encode() + b"\x1a")


def test_seeded_faults_repeat() -> None:
    spec = FaultSpec(transient_error_rate=0.5, permanent_error_rate=0.2, permanent_errors=(8,))
    one, two = Faults(spec, 42), Faults(spec, 42)
    assert [one.send_error() for _ in range(50)] == [two.send_error() for _ in range(50)]


def test_transient_and_permanent_send_errors() -> None:
    b = bench(FaultSpec(transient_error_rate=1.0, transient_errors=(500,)))
    assert send(b) == "\r\n+CMS ERROR: 500\r\n"
    b.modem().faults.spec = FaultSpec(permanent_error_rate=1.0, permanent_errors=(21,))
    assert send(b) == "\r\n+CMS ERROR: 21\r\n"
    assert b.modem("sim1").storages["SM"].used == 0  # nothing went out
    b.modem().faults.spec = FaultSpec()
    assert "+CMGS: 1" in send(b)


def test_error_rate_is_a_rate() -> None:
    b = bench(FaultSpec(transient_error_rate=0.5), seed=3)
    results = [send(b) for _ in range(40)]
    failures = sum("+CMS ERROR: 500" in r for r in results)
    assert 5 < failures < 35


def test_dropped_final_result() -> None:
    b = bench(FaultSpec(drop_final_rate=1.0))
    assert b.at("AT+CGMI") == "\r\nSimModem\r\n"
    assert b.at("AT") == ""


def test_garbled_line() -> None:
    b = bench(FaultSpec(garble_rate=1.0))
    out = b.at("AT+CGMI")
    assert out.endswith(OK) and "SimModem" not in out


def test_hang_after_n_commands_until_reset() -> None:
    b = bench(FaultSpec(hang_after=3))
    assert b.at("AT") == OK
    assert b.at("AT") == OK
    assert b.at("AT") == ""
    assert b.at("AT") == ""
    b.modem().faults.spec = FaultSpec()
    b.modem().reboot()
    b.at("ATE0")
    assert b.at("AT") == OK


def test_a_reset_cures_the_hang_until_the_next_one() -> None:
    """The same spec after a reset: the count starts again, so the modem works for hang_after
    more command lines and then hangs again (a reset is worth doing, but not forever)."""
    b = bench(FaultSpec(hang_after=3))  # ATE0 was the first
    assert [b.at("AT") for _ in range(3)] == [OK, OK, ""]
    b.modem().reboot()
    assert b.at("ATE0") == "ATE0\r\r\nOK\r\n"
    assert [b.at("AT") for _ in range(3)] == [OK, OK, ""]
    assert b.modem().hung


def test_storm_lines_between_commands() -> None:
    b = bench(FaultSpec(storm_lines=("^RSSI:9",), storm_count=3))
    b.modem().urc(*b.modem().faults.spec.storm_lines * 3)
    assert b.take() == "\r\n^RSSI:9\r\n" * 3


def test_latency_faults_are_replaceable_at_runtime() -> None:
    b = Bench(1, latency_scale=1.0)
    b.at("ATE0")
    modem = b.modem()
    modem.faults.spec = replace(modem.faults.spec, latency=2.0)
    assert b.at("AT", settle=1.0) == ""
    b.advance(1.5)
    assert b.take() == OK


def test_storm_rate_floods_after_a_command() -> None:
    b = bench(FaultSpec(storm_rate=1.0, storm_lines=("^RSSI:3",), storm_count=5))
    assert b.at("AT") == OK + "\r\n^RSSI:3\r\n" * 5


def test_interleaved_urc_inside_an_answer() -> None:
    b = bench(FaultSpec(interleave_rate=1.0, storm_lines=("^RSSI:5",)))
    assert b.at("AT+CGMI") == "\r\nSimModem\r\n\r\n^RSSI:5\r\n" + OK
    b.at("AT+CREG=1")
    # a URC the command itself causes goes inside the answer instead of the noise line
    assert b.at("AT+CFUN=4") == "\r\n+CREG: 0\r\n" + OK


def transcript(seed: int) -> list[str]:
    """What a fixed session sees from a modem with every random fault at 30 %."""
    spec = FaultSpec(
        transient_error_rate=0.3,
        permanent_error_rate=0.1,
        drop_final_rate=0.3,
        garble_rate=0.3,
        interleave_rate=0.3,
        storm_rate=0.1,
        storm_count=2,
    )
    b = bench(spec, seed=seed)
    return [b.at("AT+CGMI") for _ in range(20)] + [send(b) for _ in range(10)]


def test_same_seed_same_faults_whole_session() -> None:
    """Reproducible end to end: the same seed and the same commands give byte-identical
    answers, faults included; another seed gives other faults."""
    one, two = transcript(7), transcript(7)
    assert one == two
    assert transcript(8) != one
    assert any(t != "\r\nSimModem\r\n" + OK for t in one[:20])  # faults did happen


def test_each_modem_of_a_network_has_its_own_dice() -> None:
    """Modems are seeded seed * 1000 + their index: two modems with the same spec in one
    network fail differently, and each the same way in every run."""
    spec = FaultSpec(drop_final_rate=0.5)
    runs = []
    for _ in range(2):
        b = Bench([ModemSpec("a", faults=spec), ModemSpec("b", faults=spec)], seed=3)
        runs.append([[b.at("AT", name) for _ in range(30)] for name in ("a", "b")])
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[0][1]
