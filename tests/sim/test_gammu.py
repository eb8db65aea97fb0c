"""Gammu (Debian's `gammu` 1.42, a client written by others) against simulated modems.

Gammu runs as a subprocess on the pty of a modem served from a thread (modem.sim.harness). Its
init (research sms.md §2.1: ESC, AT, ATE1 with echo used to match replies, AT+CMEE=1, AT+CSCS=?,
AT+CPMS=?, AT+CNMI=?, ...) must pass, `identify` must show the simulated identity, and a message
sent with `sendsms` must be read back intact with `getallsms` on the other modem.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from modem.sim.config import ModemSpec, SimConfig
from modem.sim.harness import Served, serve_in_thread

pytestmark = pytest.mark.skipif(
    shutil.which("gammu") is None,
    reason="gammu is not installed (Debian/Ubuntu: apt-get install gammu)",
)


def gammu(tmp_path: Path, port: str, *args: str, check: bool = True) -> str:
    """Run `gammu -c <cfg> args...` against `port`; its stdout."""
    cfg = tmp_path / f"gammurc-{Path(port).name}"
    cfg.write_text(f"[gammu]\ndevice = {port}\nconnection = at\n")
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        ["gammu", "-c", str(cfg), *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def served() -> Iterator[Served]:
    config = SimConfig(modems=[ModemSpec("sim0"), ModemSpec("sim1")], latency_scale=0.0)
    with serve_in_thread(config) as s:
        yield s


@pytest.mark.parametrize("personality", ["generic", "huawei"])
def test_identify(tmp_path: Path, personality: str) -> None:
    config = SimConfig(modems=[ModemSpec("sim0", personality=personality)], latency_scale=0.0)
    with serve_in_thread(config) as served:
        _, port, _ = served[0]
        spec = served.network.modem("sim0").spec
        out = gammu(tmp_path, port, "identify")
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in out.splitlines())
    )
    expected = {"generic": ("SimModem", "SM-1"), "huawei": ("Huawei", "E3372")}[personality]
    assert fields["Manufacturer"] == expected[0]
    assert expected[1] in fields["Model"]
    assert fields["IMEI"] == spec.imei
    assert fields["SIM IMSI"] == spec.imsi


# gammu recognises these models from AT+CGMM and runs its vendor init (gsmphones.c flags
# F_HUAWEI_INIT, F_ZTE_INIT): the commands it sends prove it took the simulated modem for one.
VENDOR_INIT = {"generic": None, "huawei": "AT^CURC=0", "zte": "AT+ZCDRUN=8"}


@pytest.mark.parametrize("personality", sorted(VENDOR_INIT))
def test_sendsms_then_getallsms_on_the_other_modem(tmp_path: Path, personality: str) -> None:
    modems = [ModemSpec(f"sim{i}", personality=personality) for i in range(2)]
    with serve_in_thread(SimConfig(modems=modems, latency_scale=0.0)) as served:
        (_, port_a, _), (_, port_b, number_b) = served
        text = "Hello from gammu: ÄÖÜ {braces} [1] €5"
        out = gammu(tmp_path, port_a, "sendsms", "TEXT", number_b, "-text", text)
        assert "message reference=1" in out
        out = gammu(tmp_path, port_b, "getallsms")
        assert text in out
        assert '"+15550000001"' in out  # Remote number
        assert "1 SMS parts in 1 SMS sequences" in out
        sent = served.call(lambda net: net.modem("sim0").sent)
        assert sent[0].text == text and sent[0].reference == 1
        commands = served.call(lambda net: net.modem("sim1").commands)
    assert "ATE1" in commands and "AT+CMGL=4" in commands
    if VENDOR_INIT[personality]:
        assert VENDOR_INIT[personality] in commands


def test_long_unicode_message_is_reassembled_by_gammu(tmp_path: Path, served: Served) -> None:
    (_, port_a, _), (_, port_b, number_b) = served
    text = ("Grüße ✓ " * 30).strip()
    gammu(tmp_path, port_a, "sendsms", "TEXT", number_b, "-unicode", "-len", "400", "-text", text)
    stored = served.call(lambda net: net.modem("sim1").inbox)
    assert len(stored) == 4  # 239 UCS-2 units: 67 a part
    out = gammu(tmp_path, port_b, "geteachsms")  # links concatenated parts
    assert "4 SMS parts in 1 SMS sequences" in out
    assert text in out.replace("\n", "")


def test_gammu_reads_an_injected_message_from_an_alphanumeric_sender(
    tmp_path: Path, served: Served
) -> None:
    _, port, number = served[0]
    served.call(lambda net: net.inject_sms(number, "Your code is 4711", sender="MyBank"))
    out = gammu(tmp_path, port, "getallsms")
    assert "Your code is 4711" in out and '"MyBank"' in out


def test_gammu_sends_what_python_gsmmodem_receives(tmp_path: Path, served: Served) -> None:
    gsm = pytest.importorskip("gsmmodem.modem", reason="pip install python-gsmmodem-new")
    import threading

    (_, port_a, _), (_, port_b, number_b) = served
    got: list[str] = []
    arrived = threading.Event()

    def on_sms(sms: object) -> None:
        got.append(sms.text)  # type: ignore[attr-defined]
        arrived.set()

    receiver = gsm.GsmModem(port_b, 115200, smsReceivedCallbackFunc=on_sms)
    receiver.connect()
    try:
        gammu(tmp_path, port_a, "sendsms", "TEXT", number_b, "-text", "gammu to gsmmodem!")
        assert arrived.wait(20)
        assert got == ["gammu to gsmmodem!"]
    finally:
        receiver.close()


def test_networkinfo_and_ussd(tmp_path: Path) -> None:
    config = SimConfig(modems=[ModemSpec("sim0")], latency_scale=0.0)
    with serve_in_thread(config) as served:
        _, port, _ = served[0]
        info = gammu(tmp_path, port, "networkinfo")  # +CREG=2, +CGREG=2, +CGATT?, +COPS
        ussd = gammu(tmp_path, port, "getussd", "*100#")
    assert "Network state        : home network" in info
    assert "LAC 00A1, CID 0001B2C3" in info and '"SimNet"' in info
    assert "GPRS                 : attached" in info
    assert 'Service reply        : "Your balance is 10.00 EUR, valid until 31.12.2026."' in ussd
