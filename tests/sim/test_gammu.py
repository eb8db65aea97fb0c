"""Gammu (Debian's `gammu` 1.42, a client written by others) against simulated modems.

Gammu runs as a subprocess on the pty of a modem served from a thread (modem.sim.harness). Its
init (research sms.md §2.1: ESC, AT, ATE1 with echo used to match replies, AT+CMEE=1, AT+CSCS=?,
AT+CPMS=?, AT+CNMI=?, ...) must pass, `identify` must show the simulated identity, and a message
sent with `sendsms` must be read back intact with `getallsms` on the other modem.

Time: gammu writes byte by byte with a 0.4 s pause after every command until its init has
identified the phone (libgammu/protocol/at/at.c, AT_WriteMessage with FastWrite off; no gammurc
option and no model skips the ten commands of that phase), so each gammu process costs about
4 s whatever the modem answers. The tests therefore run several gammu commands in one process
with `gammu batch` where they talk to the same modem, instead of one process per command, and
all scenarios start at once in threads when the module's first test asks for them (they
mostly wait on gammu's pauses, and xdist would otherwise queue them all on one worker); each
test then waits for its own scenario, whose assertion errors (or skips) it re-raises.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from modem.sim.config import ModemSpec, SimConfig
from modem.sim.harness import serve_in_thread

pytestmark = [
    pytest.mark.skipif(
        shutil.which("gammu") is None,
        reason="gammu is not installed (Debian/Ubuntu: apt-get install gammu; Fedora: dnf "
        "install gammu; macOS: brew install gammu)",
    ),
    # gammu writes one character at a time until it knows the model and the scenarios run
    # together: on a loaded two-core machine one scenario has taken over 90 s. Generous
    # deadlines here cost nothing when all is well.
    pytest.mark.timeout(420),
]

ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def gammurc(tmp_path: Path, port: str) -> Path:
    cfg = tmp_path / f"gammurc-{Path(port).name}"
    cfg.write_text(f"[gammu]\ndevice = {port}\nconnection = at\n")
    return cfg


def gammu(tmp_path: Path, port: str, *args: str, check: bool = True) -> str:
    """Run `gammu -c <cfg> args...` against `port`; its stdout."""
    done = subprocess.run(
        ["gammu", "-c", str(gammurc(tmp_path, port)), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=ENV,
        stdin=subprocess.DEVNULL,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def batch(tmp_path: Path, port: str, *commands: str) -> str:
    """Run several gammu commands (one per line, gammu's own quoting) in one gammu process."""
    script = tmp_path / f"batch-{Path(port).name}"
    script.write_text("".join(f"{command}\n" for command in commands), encoding="utf-8")
    return gammu(tmp_path, port, "batch", str(script))


def fields(out: str) -> dict[str, str]:
    """`Key   : value` lines of gammu's output as a dict."""
    return {
        key.strip(): value.strip()
        for key, sep, value in (line.partition(":") for line in out.splitlines())
        if sep
    }


SCENARIOS: dict[str, Callable[[Path], None]] = {}


def scenario(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        SCENARIOS[name] = fn
        return fn

    return register


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[None]]]:
    """Every scenario of this module, started together; {name: its future}."""
    with ThreadPoolExecutor(max_workers=len(SCENARIOS), thread_name_prefix="gammu") as pool:
        yield {
            name: pool.submit(fn, tmp_path_factory.mktemp(name.replace(" ", "-")))
            for name, fn in SCENARIOS.items()
        }


def two_modems(personality: str = "generic") -> SimConfig:
    modems = [ModemSpec(f"sim{i}", personality=personality) for i in range(2)]
    return SimConfig(modems=modems, latency_scale=0.0)


# gammu recognises these models from AT+CGMM and runs its vendor init (gsmphones.c flags
# F_HUAWEI_INIT, F_ZTE_INIT): the commands it sends prove it took the simulated modem for one.
VENDOR_INIT = {"generic": None, "huawei": "AT^CURC=0", "zte": "AT+ZCDRUN=8"}
IDENTITY = {"generic": ("SimModem", "SM-1"), "huawei": ("Huawei", "E3372"), "zte": ("ZTE", "MF626")}


def identify_sendsms_getallsms(tmp_path: Path, personality: str) -> None:
    with serve_in_thread(two_modems(personality)) as served:
        (_, port_a, _), (_, port_b, number_b) = served
        spec = served.network.modem("sim0").spec
        text = "Hello from gammu: ÄÖÜ {braces} [1] €5"
        out = batch(tmp_path, port_a, "identify", f'sendsms TEXT {number_b} -text "{text}"')
        info = fields(out)
        assert info["Manufacturer"] == IDENTITY[personality][0]
        assert IDENTITY[personality][1] in info["Model"]
        assert info["IMEI"] == spec.imei
        assert info["SIM IMSI"] == spec.imsi
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


for _personality in VENDOR_INIT:
    scenario(f"sendsms {_personality}")(
        lambda tmp_path, p=_personality: identify_sendsms_getallsms(tmp_path, p)
    )


@pytest.mark.parametrize("personality", sorted(VENDOR_INIT))
def test_identify_sendsms_then_getallsms_on_the_other_modem(
    runs: dict[str, Future[None]], personality: str
) -> None:
    runs[f"sendsms {personality}"].result(timeout=360)


@scenario("long unicode")
def long_unicode(tmp_path: Path) -> None:
    with serve_in_thread(two_modems()) as served:
        (_, port_a, _), (_, port_b, number_b) = served
        text = ("Grüße ✓ " * 30).strip()
        args = ("sendsms", "TEXT", number_b, "-unicode", "-len", "400", "-text", text)
        gammu(tmp_path, port_a, *args)
        stored = served.call(lambda net: net.modem("sim1").inbox)
        assert len(stored) == 4  # 239 UCS-2 units: 67 a part
        out = gammu(tmp_path, port_b, "geteachsms")  # links concatenated parts
    assert "4 SMS parts in 1 SMS sequences" in out
    assert text in out.replace("\n", "")


def test_long_unicode_message_is_reassembled_by_gammu(runs: dict[str, Future[None]]) -> None:
    runs["long unicode"].result(timeout=360)


@scenario("alphanumeric")
def alphanumeric(tmp_path: Path) -> None:
    with serve_in_thread(two_modems()) as served:
        _, port, number = served[0]
        served.call(lambda net: net.inject_sms(number, "Your code is 4711", sender="MyBank"))
        out = gammu(tmp_path, port, "getallsms")
    assert "Your code is 4711" in out and '"MyBank"' in out


def test_gammu_reads_an_injected_message_from_an_alphanumeric_sender(
    runs: dict[str, Future[None]],
) -> None:
    runs["alphanumeric"].result(timeout=360)


@scenario("to python-gsmmodem")
def to_python_gsmmodem(tmp_path: Path) -> None:
    gsm = pytest.importorskip("gsmmodem.modem", reason="pip install python-gsmmodem-new")

    with serve_in_thread(two_modems()) as served:
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
            # python-gsmmodem deletes the message after its callback returned; closing before
            # its AT+CMGD is answered leaves its notification thread dying of a timeout.
            served.call(lambda net: _command_seen(net.modem("sim1"), "AT+CMGD=1,0"))
            for thread in threading.enumerate():  # the thread waiting for that OK ends
                if "HandleModemNotification" in thread.name:
                    thread.join(20)
        finally:
            receiver.close()


def test_gammu_sends_what_python_gsmmodem_receives(runs: dict[str, Future[None]]) -> None:
    runs["to python-gsmmodem"].result(timeout=360)


async def _command_seen(modem: object, line: str) -> None:
    """Wait (up to 10 s) until the modem received `line` and has written its answer. The
    modem keeps no event for this, so look every 10 ms."""
    import asyncio

    async def seen() -> None:
        while line not in modem.commands:  # type: ignore[attr-defined]
            await asyncio.sleep(0.01)
        await modem.drain()  # type: ignore[attr-defined]

    await asyncio.wait_for(seen(), 10)


@scenario("over socket")
def over_socket(tmp_path: Path) -> None:
    """gammu has no socket:// of its own: its proxyat connection runs a command and speaks AT
    over the command's stdin and stdout, so `socat STDIO TCP:host:port` (here an equivalent
    Python relay) takes it to a modem on a TCP port, as it would to one behind ser2net."""
    with serve_in_thread(two_modems(), tcp=True) as served:
        host, port = served.urls["sim0"].removeprefix("socket://").rsplit(":", 1)
        relay = Path(__file__).with_name("tcp_relay.py")
        cfg = tmp_path / "gammurc-socket"
        cfg.write_text(
            f"[gammu]\ndevice = {sys.executable} {relay} {host} {port}\nconnection = proxyat\n"
        )
        script = tmp_path / "batch-socket"
        number_b = served[1][2]
        script.write_text(f'identify\nsendsms TEXT {number_b} -text "over TCP"\n')
        done = subprocess.run(
            ["gammu", "-c", str(cfg), "batch", str(script)],
            capture_output=True,
            text=True,
            timeout=90,
            env=ENV,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert fields(done.stdout)["Manufacturer"] == "SimModem"
        assert "message reference=1" in done.stdout
        inbox = served.call(lambda net: [s.tpdu.text for s in net.modem("sim1").inbox])
    assert inbox == ["over TCP"]


def test_gammu_over_a_socket_url_through_its_proxy_connection(
    runs: dict[str, Future[None]],
) -> None:
    runs["over socket"].result(timeout=360)


@scenario("networkinfo and ussd")
def networkinfo_and_ussd(tmp_path: Path) -> None:
    """`networkinfo` (+CREG=2, +CGREG=2, +CGATT?, +COPS) then `getussd *100#` in one batch.

    gammu 1.42 keeps listening for further USSD replies for about 10 s after the first one and
    tells the user to press Ctrl+C; we do that once the reply is printed, as a user would, and
    gammu then ends with "Operation aborted" (its exit code 170, ERR_ABORTED)."""
    config = SimConfig(modems=[ModemSpec("sim0")], latency_scale=0.0)
    with serve_in_thread(config) as served:
        _, port, _ = served[0]
        script = tmp_path / "batch"
        script.write_text("networkinfo\ngetussd *100#\n")
        proc = subprocess.Popen(
            ["gammu", "-c", str(gammurc(tmp_path, port)), "batch", str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=ENV,
        )
        lines: list[str] = []
        try:
            assert proc.stdout is not None
            for line in proc.stdout:  # gammu flushes each USSD reply
                lines.append(line)
                if line.startswith("Service reply"):
                    proc.send_signal(signal.SIGINT)
                    break
            rest, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        commands = served.call(lambda net: net.modem("sim0").commands)
    out = "".join(lines) + rest
    assert proc.returncode in (0, 170), out + err  # 170: interrupted by our Ctrl+C
    assert "Network state        : home network" in out
    assert "LAC 00A1, CID 0001B2C3" in out and '"SimNet"' in out
    assert "GPRS                 : attached" in out
    assert 'Service reply        : "Your balance is 10.00 EUR, valid until 31.12.2026."' in out
    assert any(c.startswith("AT+CUSD=1,") for c in commands)


def test_networkinfo_and_ussd(runs: dict[str, Future[None]]) -> None:
    runs["networkinfo and ussd"].result(timeout=360)
