"""Vendor knowledge in one place per vendor: a profile's URC shapes, signal codes, ignore list
and boot lines are applied once the profile is chosen by AT+CGMI, not only when it was given."""

from __future__ import annotations

import pytest

from modem.at.urcs import UrcSpec
from modem.profiles import PROFILES, Profile, urc_table

from .conftest import FAST, opened, settled, until
from .fakemodem import OK, fake_modem

pytestmark = pytest.mark.timeout(30)

ACME = Profile(
    name="acme",
    manufacturers=("acme",),
    urcs=(UrcSpec("$ASIG"), UrcSpec("$ABOOT", bare=True)),
    rssi_urcs=("$ASIG",),
    boot_urcs=("$ABOOT",),
)


@pytest.fixture
def acme(monkeypatch: pytest.MonkeyPatch) -> Profile:
    monkeypatch.setitem(PROFILES, "acme", ACME)
    return ACME


async def test_an_auto_selected_profile_brings_its_urcs(acme: Profile) -> None:
    async with fake_modem() as (url, fake):
        fake.on("AT+CGMI", b"\r\nACME Corp.\r\n" + OK, times=None)
        async with opened(url, timeouts=FAST) as modem:
            assert modem.profile is acme
            await settled(modem)
            fake.urc("\r\n$ASIG: 17\r\n")  # known only to the acme profile
            await until(lambda: modem.state.signal_rssi == 17)
            inits = fake.count("AT+CMGF=0")
            fake.urc("\r\n$ABOOT\r\n")  # its boot line: the modem restarted
            await until(lambda: fake.count("AT+CMGF=0") > inits)


def test_the_table_before_a_profile_is_known_has_every_vendor() -> None:
    prefixes = {spec.prefix for spec in urc_table(None)}
    assert {"^RSSI", "+QIND", "#STN", "+UUSTS", "+ZPAS", "SMS Ready", "+CMTI"} <= prefixes
    huawei = {spec.prefix for spec in urc_table(PROFILES["huawei"])}
    assert "^RSSI" in huawei and "#STN" not in huawei and "^SYSSTART" in huawei
