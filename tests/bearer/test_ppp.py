"""The `ppp` bearer as far as this machine allows: no kernel PPP here, so pppd is played by a
stand-in (fake_pppd.py, named as such) that runs the bearer's real chat script with the real
chat(8) against a fake modem on a pty, then says what pppd says and exits as pppd exits. The
link it "brings up" is the loopback interface, so the bearer is used end to end afterwards."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import shutil
import stat
import sys
import tty
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from modem.bearer.base import HttpRequest, Limits
from modem.bearer.ppp import PppBearer
from modem.bearer.ppp_setup import cgdcont, chat_script, exit_reason, options_file
from modem.errors import BearerDown, CommandError, ModemError

HERE = Path(__file__).parent
needs_chat = pytest.mark.skipif(shutil.which("chat") is None, reason="chat(8) is not installed")


class FakeModem:
    """The modem's data port: OK to AT, CONNECT (or `dial_answer`) to ATD*99***<cid>#."""

    def __init__(self, dial_answer: str = "CONNECT 150000000") -> None:
        self.master, slave = pty.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self.dial_answer = dial_answer
        self.lines: list[str] = []
        self._buffer = b""
        asyncio.get_running_loop().add_reader(self.master, self._read)

    def _read(self) -> None:
        try:
            self._buffer += os.read(self.master, 1024)
        except OSError:
            return
        while b"\r" in self._buffer:
            line, _, self._buffer = self._buffer.partition(b"\r")
            text = line.decode(errors="replace").strip()
            if not text:
                continue
            self.lines.append(text)
            answer = self.dial_answer if text.startswith("ATD") else "OK"
            os.write(self.master, f"\r\n{answer}\r\n".encode())

    def close(self) -> None:
        asyncio.get_running_loop().remove_reader(self.master)
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
async def modem() -> AsyncIterator[FakeModem]:
    fake = FakeModem()
    yield fake
    fake.close()


def stand_in(tmp_path: Path, scenario: str) -> tuple[str, Path]:
    """An executable that runs the pppd stand-in with `scenario`; and its record file."""
    record = tmp_path / "pppd.json"
    script = tmp_path / "pppd"
    script.write_text(
        f"#!/bin/sh\nFAKE_PPPD_SCENARIO={scenario} FAKE_PPPD_RECORD={record} "
        f'exec {sys.executable} {HERE / "fake_pppd.py"} "$@"\n'
    )
    script.chmod(0o755)
    return str(script), record


class AtPort:
    """What the driver gives the bearer: send one AT line (and fail like the driver would)."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[str] = []
        self.fail = fail

    async def __call__(self, line: str) -> None:
        self.sent.append(line)
        if self.fail:
            raise CommandError(line, "+CME ERROR", 4, "operation not supported")


def bearer(tmp_path: Path, modem: FakeModem, scenario: str, **kw: object) -> PppBearer:
    pppd, _ = stand_in(tmp_path, scenario)
    options = {
        "apn": "mms.carrier.test",
        "context": 3,
        "pppd": pppd,
        "up_timeout": 10.0,
        "at_command": AtPort(),
        "linger": 0.0,
        **kw,
    }
    return PppBearer(modem.path, **options)  # type: ignore[arg-type]


def test_the_chat_script_dials_the_mms_context() -> None:
    script = chat_script(3)
    assert script.splitlines()[-3:] == ['"" AT', "OK ATD*99***3#", 'CONNECT ""']
    assert 'ABORT "NO CARRIER"' in script and 'ABORT "ERROR"' in script
    assert cgdcont(3, "ipv4v6", "mms.carrier.test") == 'AT+CGDCONT=3,"IPV4V6","mms.carrier.test"'
    with pytest.raises(ValueError):
        cgdcont(0, "IP", "x")
    with pytest.raises(ValueError):
        cgdcont(1, "IP", 'quote"in')


def test_pppd_options_keep_the_host_routes_and_dns_and_hide_the_password() -> None:
    text = options_file(
        data_port="/dev/ttyUSB3",
        baudrate=115200,
        chat="/usr/sbin/chat",
        chat_path="/run/x/chat",
        pdp_type="IPV6",
        noop="/bin/true",
        user="mms",
        password="secret",
    )
    lines = text.splitlines()
    assert lines[:2] == ["/dev/ttyUSB3", "115200"]
    for option in (
        "nodetach",
        "nodefaultroute",
        "usepeerdns",
        "noipdefault",
        "+ipv6",
        "noip",
        "ip-up-script /bin/true",
        'user "mms"',
        'password "secret"',
        'connect "/usr/sbin/chat -s -v -f /run/x/chat"',
    ):
        assert option in lines
    assert "defaultroute" not in lines and "replacedefaultroute" not in lines
    assert exit_reason(19).startswith("authentication to the network failed")
    assert exit_reason(-9) == "pppd was killed by signal 9"


@needs_chat
async def test_up_used_and_down(tmp_path: Path, modem: FakeModem) -> None:
    ppp = bearer(tmp_path, modem, "up", user="mms", password="secret")
    served: list[bytes] = []

    async def mmsc(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        served.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(mmsc, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with ppp.hold():
            assert ppp.describe()["interface"] == "lo"
            response = await ppp.exchange(
                HttpRequest("GET", f"http://127.0.0.1:{port}/mms/1"), limits=Limits(timeout=5)
            )
            assert response.body == b"ok"
            assert ppp.link is not None and ppp.link.dns == ("127.0.0.1",)  # the peer's DNS
            options_dir = Path(json.loads((tmp_path / "pppd.json").read_text())["argv"][2]).parent
            assert options_dir.exists()
        assert not ppp.up and ppp.process is not None and ppp.process.returncode == 5
        assert not options_dir.exists()  # its files went with it
    finally:
        server.close()
    record = json.loads((tmp_path / "pppd.json").read_text())
    assert record["argv"][1] == "file" and len(record["argv"]) == 3  # nothing secret in argv
    assert stat.S_IMODE(record["mode"]) == 0o600 and 'password "secret"' in record["options"]
    assert ppp.at_command.sent == ['AT+CGDCONT=3,"IP","mms.carrier.test"']  # type: ignore[union-attr]
    assert modem.lines == ["AT", "ATD*99***3#"]  # the real chat(8) dialled the context
    assert served and served[0].startswith(b"GET /mms/1 HTTP/1.1")


@needs_chat
@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("lcp", "PPP negotiation failed (LCP: timeout sending Config-Requests)"),
        (
            "pap",
            "authentication to the network failed (wrong APN user or password?) "
            "(PAP authentication failed)",
        ),
        ("locked", "could not be locked (another program uses it)"),
    ],
)
async def test_pppd_failures_are_reported_plainly(
    tmp_path: Path, modem: FakeModem, scenario: str, words: str
) -> None:
    ppp = bearer(tmp_path, modem, scenario)
    with pytest.raises(BearerDown) as caught:
        await ppp.start()
    assert words in str(caught.value) and caught.value.kind == "bearer_down"
    assert not ppp.up


@needs_chat
async def test_a_modem_that_will_not_connect_fails_the_chat_script(tmp_path: Path) -> None:
    modem = FakeModem(dial_answer="NO CARRIER")
    try:
        with pytest.raises(BearerDown, match="the connect script failed"):
            await bearer(tmp_path, modem, "up").start()
    finally:
        modem.close()


async def test_a_link_that_never_comes_up_times_out_and_pppd_is_stopped(
    tmp_path: Path, modem: FakeModem
) -> None:
    ppp = bearer(tmp_path, modem, "silent", up_timeout=0.5)
    with pytest.raises(BearerDown, match=r"within 0\.5 s"):
        await ppp.start()
    assert ppp.process is not None and ppp.process.returncode is not None


@needs_chat
async def test_a_link_that_drops_is_noticed_on_next_use(tmp_path: Path, modem: FakeModem) -> None:
    ppp = bearer(tmp_path, modem, "hangup")
    await ppp.start()
    await asyncio.wait_for(ppp._gone.wait(), 5)  # the stand-in hangs up 0.3 s after coming up
    with pytest.raises(BearerDown, match="went down: the modem hung up"):
        await ppp.connect("127.0.0.1", 9, timeout=1)
    assert not ppp.up


async def test_the_context_cannot_be_defined_or_pppd_is_missing(
    tmp_path: Path, modem: FakeModem
) -> None:
    ppp = bearer(tmp_path, modem, "up", at_command=AtPort(fail=True))
    with pytest.raises(BearerDown, match=r'AT\+CGDCONT=3,"IP","mms.carrier.test" failed'):
        await ppp.start()
    assert ppp.process is None
    missing = PppBearer(modem.path, apn="x", pppd=str(tmp_path / "no-pppd-here"))
    with pytest.raises(BearerDown, match="cannot run"):
        await missing.start()
    assert isinstance(BearerDown("x"), ModemError)
