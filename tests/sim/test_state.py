"""modem/sim/state.py: SIM PIN/PUK state machine (27.007 §8.3) and storages (27.005 §3.2.2)."""

from __future__ import annotations

import pytest

from modem.sim.results import CmeError, CmsError
from modem.sim.state import SimCard, SimStatus, Stat, Storage, StoredMessage


def test_storage_slots_capacity_and_base() -> None:
    storage = Storage("SM", 2, base=0)
    assert storage.store(StoredMessage(Stat.REC_UNREAD, b"\x00")) == 0
    assert storage.store(StoredMessage(Stat.REC_UNREAD, b"\x00")) == 1
    with pytest.raises(CmsError) as full:
        storage.store(StoredMessage(Stat.REC_UNREAD, b"\x00"))
    assert full.value.code == 322
    storage.delete(0)
    assert storage.store(StoredMessage(Stat.REC_READ, b"\x00")) == 0  # lowest free slot
    with pytest.raises(CmsError) as invalid:
        storage.get(2)
    assert invalid.value.code == 321


def test_stat_parse() -> None:
    assert Stat.parse('"REC UNREAD"', text_mode=True) is Stat.REC_UNREAD
    assert Stat.parse("4", text_mode=False) is Stat.ALL
    assert Stat.STO_SENT.text == "STO SENT"
    with pytest.raises(ValueError):
        Stat.parse("UNREAD", text_mode=True)


def test_sim_pin_puk_cycle() -> None:
    sim = SimCard(imsi="001010000000001", iccid="89014103000000000011", pin="1234")
    sim.power_on()
    assert sim.status is SimStatus.SIM_PIN
    with pytest.raises(CmeError) as wrong:
        sim.enter("0000")
    assert wrong.value.code == 16 and sim.pin_attempts == 2
    sim.enter("1234")
    assert sim.status is SimStatus.READY and sim.pin_attempts == 3


def test_absent_sim() -> None:
    sim = SimCard(imsi="", iccid="", inserted=False)
    sim.power_on()
    with pytest.raises(CmeError) as absent:
        sim.require_ready()
    assert absent.value.code == 10
