"""cli/device.py: info, send, inbox, listen, ussd against simulated modems on ptys (the sim
runs in a thread, as the CLI runs its own event loop); errors are one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.sim import ModemSpec, SimConfig
from modem.sim.harness import serve_in_thread

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def served():
    config = SimConfig(
        modems=[
            ModemSpec("sim0"),
            ModemSpec("sim1"),
            ModemSpec("locked", pin="1234"),
            ModemSpec("blocked", pin="1234"),
            ModemSpec("nosim", sim_inserted=False),
        ],
        latency_scale=0.0,
        seed=3,
    )
    with serve_in_thread(config) as served:
        yield served


def port(served, name: str) -> str:
    return next(p for n, p, _ in served if n == name)


def number(served, name: str) -> str:
    return next(num for n, _, num in served if n == name)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_info(served) -> None:
    code, out, _ = run("info", "--port", port(served, "sim0"))
    assert code == 0, out
    assert "IMEI:" in out and "SimNet" in out and "dBm" in out
    code, out, _ = run("info", "--port", port(served, "sim0"), "--json")
    data = json.loads(out)
    assert data["own_number"] == number(served, "sim0")
    assert data["registration"]["CREG"]["registered"] is True


def test_send_wait_delivery_inbox_read_delete(served) -> None:
    to = number(served, "sim1")
    code, out, _ = run("send", "--port", port(served, "sim0"), to, "hi there", "--wait-delivery")
    assert code == 0, out
    assert "reference" in out and "delivered" in out
    code, out, _ = run("inbox", "--port", port(served, "sim1"), "--json")
    assert code == 0
    messages = [json.loads(line) for line in out.splitlines()]
    mine = [m for m in messages if m.get("text") == "hi there"]
    assert mine and {"sender", "text", "timestamp"} <= set(mine[0])
    assert mine[0]["sender"] == number(served, "sim0")
    assert mine[0]["stat"] in ("REC UNREAD", "REC READ")
    index = str(mine[0]["index"])
    code, out, _ = run("inbox", "--port", port(served, "sim1"), "read", index)
    assert code == 0 and "hi there" in out
    code, out, _ = run("inbox", "--port", port(served, "sim1"), "delete", index)
    assert code == 0 and "deleted 1" in out
    code, out, _ = run("inbox", "--port", port(served, "sim1"), "--json")
    assert all(m.get("text") != "hi there" for m in [json.loads(line) for line in out.splitlines()])


def test_send_json_and_multipart(served) -> None:
    code, out, _ = run(
        "send", "--port", port(served, "sim0"), number(served, "sim1"), "y" * 200, "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["parts"]) == 2 and len(data["references"]) == 2


def test_ussd(served) -> None:
    code, out, _ = run("ussd", "--port", port(served, "sim0"), "*100#")
    assert code == 0 and "Your balance is 10.00 EUR" in out
    code, out, _ = run("ussd", "--port", port(served, "sim0"), "*100#", "--json")
    assert json.loads(out)["status"] == 0


def test_listen_json_lines(served) -> None:
    """listen until the first SMS: a stand-in for Ctrl-C is the consumer leaving the loop."""
    import threading

    sim1 = number(served, "sim1")

    def inject() -> None:
        served.call(lambda net: net.inject_sms(to=sim1, text="to listener", sender="Shop"))

    from cli import listen

    seen: list[str] = []
    original = listen.print_json

    def capture(value) -> None:
        original(value)
        seen.append(value.get("type"))
        if value.get("change") == "ready":
            threading.Thread(target=inject).start()
        if value.get("text") == "to listener":
            raise KeyboardInterrupt  # what Ctrl-C does inside asyncio.run

    listen.print_json = capture
    try:
        code, out, _ = run("listen", "--port", port(served, "sim1"), "--json")
    finally:
        listen.print_json = original
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    sms = [x for x in lines if x.get("text") == "to listener"]
    assert sms and sms[0]["sender"] == "Shop" and sms[0]["type"] == "sms.received"
    assert lines[0]["type"] == "modem.state" and lines[0]["change"] == "ready"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["send", "--port", "/dev/nonexistent-modem", "+4712345678", "x"], "cannot open"),
        (["send", "--port", "/dev/nonexistent-modem", "not-a-number", "x"], "error: "),
        (["info", "--port", "sim://nobody"], "sim://nobody"),
        (["send", "--port", "/dev/x", "+4712345678", "x", "--wait-timeout", "-1"], "x>0"),
    ],
)
def test_user_errors_are_one_line(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_pin_errors(served) -> None:
    locked = port(served, "locked")
    code, _, err = run("info", "--port", locked)
    assert code == 2 and "wants a PIN" in err
    code, _, err = run("info", "--port", locked, "--pin", "1234")
    assert code == 0, err


def test_wrong_pin_then_puk_and_no_sim_are_one_line(served) -> None:
    blocked = port(served, "blocked")
    code, _, err = run("info", "--port", blocked, "--pin", "12")  # not a PIN: SIM untouched
    assert code == 2 and "4 to 8 digits" in err and "Traceback" not in err
    expected = ["2 attempts left", "1 attempt left", "no attempts left"]
    for left in expected:
        code, _, err = run("info", "--port", blocked, "--pin", "0000")
        assert code == 2 and left in err and err.count("\n") == 1, err
    code, _, err = run("send", "--port", blocked, "--pin", "1234", "+15550000001", "x")
    assert code == 2 and "wants its PUK" in err and err.count("\n") == 1
    code, _, err = run("info", "--port", port(served, "nosim"))
    assert code == 2 and "no SIM card inserted" in err and err.count("\n") == 1


def test_more_user_errors_are_one_line(served, tmp_path: Path) -> None:
    sim0 = port(served, "sim0")
    for args, message in [
        (["send", "--port", sim0, "12ab34", "x"], "'12ab34' is not a phone number"),
        (["send", "--port", sim0, "+15550000002", "x", "--smsc", "Bank"], "not a phone number"),
        (["send", "--port", sim0, "+15550000002", "x", "--validity", "soon"], "--validity"),
        (["info", "--port", "/dev/ttyUSB9"], "/dev/ttyUSB9: cannot open (no such device"),
        (["inbox", "--port", sim0, "read", "99"], "no message at index 99"),
        (["inbox", "--port", sim0, "delete", "77"], "no message at index 77"),
        (["inbox", "--port", sim0, "--storage", "XX"], "storage 'XX': this modem has SM"),
        (["send", "--port", sim0, "+15550000002", "x", "--validity", "100w"], "63 weeks"),
    ]:
        code, _, err = run(*args)
        assert code == 2 and message in err and err.count("\n") == 1, (args, err)
    code, _, err = run("ussd", "--port", sim0, "*999#")  # the network said no: exit 1
    assert (code, err) == (1, "error: the network does not support *999#\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("modems: [\n")
    code, _, err = run("info", "--config", str(bad))
    assert code == 2 and "not valid YAML (line 2" in err and err.count("\n") == 1, err


def test_config_names_the_modem(served, tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"modems:\n  mine:\n    port: {port(served, 'sim0')}\n")
    code, out, err = run("info", "--config", str(config), "--json")
    assert code == 0, err
    assert json.loads(out)["port"] == port(served, "sim0")
    config.write_text("modems:\n  mine:\n    pin: 12\n")
    code, _, err = run("info", "--config", str(config))
    assert code == 2 and "modems.mine" in err


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_ctrl_c_ends_listen_cleanly(served, signal_name: str) -> None:
    """A real SIGINT (Ctrl-C) or SIGTERM (systemd, kill) to a real `modem listen` process:
    exit 0, nothing on stderr."""
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "listen", "--port", port(served, "sim0")],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "ready" in process.stdout.readline()  # type: ignore[union-attr]
        process.send_signal(getattr(signal, signal_name))
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0 and err == ""


def test_listen_whole_messages(served) -> None:
    """Stored before listening: the start-up scan reads both parts; one line for both."""
    from cli import listen

    sim1 = number(served, "sim1")
    served.call(lambda net: net.inject_sms(to=sim1, text="w" * 300, sender="Long"))
    original = listen.print_json

    def capture(value) -> None:
        original(value)
        if value.get("type") == "sms.message" and value["sender"] == "Long":
            raise KeyboardInterrupt

    listen.print_json = capture
    try:
        code, out, _ = run("listen", "--port", port(served, "sim1"), "--json", "--whole")
    finally:
        listen.print_json = original
    assert code == 0
    whole = [json.loads(x) for x in out.splitlines() if '"Long"' in x]
    assert whole[-1]["text"] == "w" * 300 and whole[-1]["complete"] and whole[-1]["parts"] == 2


def test_wait_delivery_to_an_unknown_number_fails_with_exit_1(served) -> None:
    args = ["send", "--port", port(served, "sim0"), "+15559999999", "lost", "--wait-delivery"]
    code, out, err = run(*args, "--wait-timeout", "20")
    assert code == 1 and err == "error: not delivered\n", (out, err)
    assert "undelivered" in out  # the report line: TP-ST 0x43, unknown number
    assert "(TP-ST 0x43: not obtainable" in out  # in words, not a bare code


def test_ctrl_c_on_a_one_shot_command_is_one_line_and_130() -> None:
    """SIGINT while `modem info` waits for a silent modem: 'interrupted', exit 130."""
    import signal
    import socket
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    with socket.create_server(("127.0.0.1", 0)) as server:
        url = f"socket://127.0.0.1:{server.getsockname()[1]}"
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "info", "--port", url],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            server.settimeout(20)
            conn, _ = server.accept()
            with conn:
                conn.settimeout(20)
                assert conn.recv(64).startswith(b"AT")  # it is waiting for an answer now
                process.send_signal(signal.SIGINT)
                _, err = process.communicate(timeout=20)
        finally:
            process.kill()
    assert process.returncode == 130 and err == "interrupted\n"
