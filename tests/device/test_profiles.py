"""modem/profiles: choosing a profile, and profiles being plain data."""

from __future__ import annotations

import dataclasses

import pytest

from modem import profiles
from modem.errors import ConfigError


@pytest.mark.parametrize(
    ("manufacturer", "expected"),
    [
        ("huawei", "huawei"),
        ("SIMCOM_Ltd", "simcom"),
        ("Quectel", "quectel"),
        ("ZTE INCORPORATED", "zte"),
        ("Telit", "telit"),
        ("u-blox", "ublox"),
        ("SimModem", "generic"),
        ("", "generic"),
    ],
)
def test_select_by_manufacturer(manufacturer: str, expected: str) -> None:
    assert profiles.select(manufacturer=manufacturer).name == expected


def test_select_falls_back_to_ati_then_usb() -> None:
    assert profiles.select(ati="Manufacturer: QUECTEL\nModel: EC25").name == "quectel"
    assert profiles.select(usb=(0x12D1, 0x1506)).name == "huawei"
    assert profiles.select(usb=(0x2C7C, 0x9999)).name == "quectel"  # by vendor id
    assert profiles.select(usb=(0x1234, 0x5678)).name == "generic"
    # The firmware's own word wins over the USB ids of a rebadged module.
    assert profiles.select(manufacturer="Telit", usb=(0x12D1, 0x1506)).name == "telit"


def test_at_interface() -> None:
    assert profiles.QUECTEL.at_interface(0x2C7C, 0x0125) == 2
    assert profiles.SIMCOM.at_interface(0x1E0E, 0x9001) == 2
    assert profiles.GENERIC.at_interface(0x2C7C, 0x0125) is None


def test_get() -> None:
    assert profiles.get("Huawei") is profiles.HUAWEI
    with pytest.raises(ConfigError, match="unknown 'nokia'"):
        profiles.get("nokia")


@pytest.mark.parametrize("profile", list(profiles.PROFILES.values()), ids=lambda p: p.name)
def test_profiles_are_frozen_data(profile: profiles.Profile) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "x"  # type: ignore[misc]
    for value in (profile.cnmi_store, profile.cnmi_route):
        assert len(value.split(",")) == 5
    assert profile.errors in ("numeric", "verbose")


def test_usb_id_of_a_device_path(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from types import SimpleNamespace

    from serial.tools import list_ports

    from modem.device.session import usb_id_of

    device = tmp_path / "ttyUSB2"
    device.write_text("")
    link = tmp_path / "usb-Quectel_EC25-if02-port0"
    link.symlink_to(device)
    ports = [SimpleNamespace(device=str(device), vid=0x2C7C, pid=0x0125)]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    assert usb_id_of(str(link)) == (0x2C7C, 0x0125)
    assert usb_id_of("sim://x") is None
    assert usb_id_of(str(tmp_path / "other")) is None
