"""modem/profiles/devices.py: the table of known modems holds what issue 19 asks, each row
with its sources, and the profiles' USB fields come from it."""

from __future__ import annotations

import pytest

from modem import profiles
from modem.profiles.devices import (
    BRIDGE,
    DEVICES,
    HILINK,
    SOURCES,
    Interface,
    lookup,
    storage_mode,
    vendor_ids,
)

# What the issue names, with the AT interface it states (None: found by class, or no AT port).
ISSUE = [
    (0x12D1, 0x1506, None),  # Huawei E3372/E3131 stick mode: class ff/01/02 or ff/02/02
    (0x12D1, 0x14DC, None),  # E3372 HiLink: no AT port
    (0x12D1, 0x1C05, 0),  # E173
    (0x12D1, 0x1001, 0),  # E1552
    (0x1E0E, 0x9001, 2),  # SIM7600/SIM7000 "AT on if02"
    (0x1E0E, 0x9205, 2),  # SIM7070/7080
    (0x1E0E, 0x9206, 2),
    (0x2C7C, 0x0125, 2),  # EC25/EG25
    (0x2C7C, 0x0121, 2),  # EC21
    (0x2C7C, 0x0296, 2),  # BG96
    (0x2C7C, 0x0191, 2),  # EG91
    (0x2C7C, 0x0195, 2),  # EG95
    (0x1199, 0x9071, 3),  # MC7455 "AT on if03"
    (0x1199, 0x9079, 3),  # EM7455
    (0x1BC7, 0x1201, 4),  # LE910C1 "AT on if04"
    (0x1BC7, 0x1031, 1),  # LE910C1-EUX "on if01"
    (0x19D2, 0x0117, 2),  # ZTE MF190 "if02"
    (0x1546, 0x1102, 0),  # u-blox
    (0x1A86, 0x7523, 0),  # CH340
    (0x10C4, 0xEA60, 0),  # CP2102
    (0x0403, 0x6001, 0),  # FT232
    (0x067B, 0x2303, 0),  # PL2303
]


@pytest.mark.parametrize(("vid", "pid", "at"), ISSUE, ids=[f"{v:04x}:{p:04x}" for v, p, _ in ISSUE])
def test_every_modem_the_issue_names_is_in_the_table(vid: int, pid: int, at: int | None) -> None:
    device = lookup(vid, pid)
    assert device is not None
    if at is not None:
        assert device.at == Interface(number=at)


def test_huawei_stick_mode_is_found_by_interface_class() -> None:
    stick = lookup(0x12D1, 0x1506)
    assert stick is not None and stick.at is not None
    assert set(stick.at.classes) == {(0xFF, 0x01, 0x02), (0xFF, 0x02, 0x02)}
    assert stick.role(5, (0xFF, 0x02, 0x02)) == "at"
    assert stick.role(0, (0xFF, 0x02, 0x01)) == "data"
    assert str(stick.at) == "class ff/01/02 or ff/02/02"


def test_hilink_is_recognised_and_explained() -> None:
    hilink = lookup(0x12D1, 0x14DC)
    assert hilink is not None and hilink.kind == HILINK and hilink.at is None
    assert "stick" in hilink.notes and "no AT port" in hilink.notes
    assert hilink in storage_mode(0x12D1, 0x1F01)


def test_storage_mode_ids_point_to_what_they_become() -> None:
    assert {d.usb_id for d in storage_mode(0x12D1, 0x1446)} >= {"12d1:1506", "12d1:1436"}
    assert next(d.model for d in storage_mode(0x19D2, 0x2000)) == "ZTE MF190"
    assert storage_mode(0x2C7C, 0x0125) == ()


def test_rows_are_unique_and_name_their_sources() -> None:
    ids = [(d.vid, d.pid) for d in DEVICES]
    assert len(ids) == len(set(ids))
    for device in DEVICES:
        assert device.sources and all(s in SOURCES for s in device.sources), device.model
        assert device.profile is None or device.profile in profiles.PROFILES
        if device.kind == BRIDGE:
            assert device.profile is None  # the modem behind a bridge names itself
        if device.at is not None and device.data is not None:
            assert device.at != device.data


def test_an_interface_is_a_number_or_classes() -> None:
    with pytest.raises(ValueError):
        Interface()
    with pytest.raises(ValueError):
        Interface(number=1, classes=((0xFF, 1, 2),))


def test_profiles_take_their_usb_fields_from_the_table() -> None:
    for name, profile in profiles.PROFILES.items():
        rows = [d for d in DEVICES if d.profile == name]
        assert [(u.vid, u.pid) for u in profile.usb] == [(d.vid, d.pid) for d in rows]
        assert profile.usb_vendors == vendor_ids(name)
    assert profiles.QUECTEL.at_interface(0x2C7C, 0x0125) == 2
    assert profiles.ZTE.at_interface(0x19D2, 0x0117) == 2  # MM's rules: if02, not if01
    assert profiles.HUAWEI.at_interface(0x12D1, 0x1506) is None  # by class, not number


@pytest.mark.parametrize("device", DEVICES, ids=lambda d: d.usb_id)
def test_select_by_usb_follows_the_table(device) -> None:
    expected = device.profile or "generic"
    assert profiles.select(usb=(device.vid, device.pid)).name == expected
