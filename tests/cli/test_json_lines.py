"""`--json` everywhere means JSON lines: every line a command prints on stdout is one JSON
object with a `"type"` from the vocabulary, so a script reads any command's output the same
way (`for line in out: json.loads(line)["type"]`), `| head` and `| grep` included. Each command
that takes `--json`, run for real against simulated modems on ptys."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from modem.vocabulary import EventType, ItemType, ResourceType

from .conftest import clear, number, port, process, run

WORDS = {str(t) for enum in (ItemType, EventType, ResourceType) for t in enum}


def typed_lines(out: str) -> list[dict]:
    """Each stdout line as a JSON object; fails naming the first line that is not one."""
    objects = []
    for line in out.splitlines():
        value = json.loads(line)
        assert isinstance(value, dict) and value.get("type") in WORDS, line
        objects.append(value)
    return objects


def test_every_modem_command_prints_typed_json_lines(served, tmp_path: Path) -> None:
    sim0, sim1 = port(served, "sim0"), port(served, "sim1")
    clear(served, "sim1")
    long_text = "J" * 300  # two parts: inbox shows one message, --parts two lines
    for text in ("first", long_text):
        code, _, err = run("send", "--port", sim0, number(served, "sim1"), text, "--json")
        assert code == 0, err
    pdu = "07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07"
    commands = {
        "info": ["info", "--port", sim0],
        "send": ["send", "--port", sim0, number(served, "sim1"), "again", "--wait-delivery"],
        "inbox": ["inbox", "--port", sim1],
        "parts": ["inbox", "--port", sim1, "--parts"],
        "read": ["inbox", "--port", sim1, "read", "1"],
        "ussd": ["ussd", "--port", sim0, "*100#"],
        "at": ["at", "--port", sim0, "AT+CSQ"],
        "count": ["sms", "count", long_text],
        "encode": ["pdu", "encode", "--to", "+4712345678", "--text", long_text],
        "decode": ["pdu", "decode", pdu],
        "doctor": ["doctor", "--root", str(tmp_path), "--port", sim0],
        "delete": ["inbox", "--port", sim1, "delete", "--all"],
    }
    printed: dict[str, list[str]] = {}
    for name, args in commands.items():
        code, out, err = run(*args, "--json")
        assert code in (0, 1) if name == "doctor" else code == 0, (args, err)
        printed[name] = [o["type"] for o in typed_lines(out)]
    assert printed["inbox"] == ["sms.message"] * 3  # "first", the long one, "again"
    assert printed["parts"] == ["sms.stored"] * 4
    assert printed["delete"] == ["sms.deleted"]
    assert printed["encode"] == ["sms.plan"]
    for name in ("info", "send", "read", "ussd", "at", "count", "decode", "doctor"):
        assert len(printed[name]) == 1, (name, printed[name])


def test_mms_decode_prints_one_line(tmp_path: Path) -> None:
    mms = tmp_path / "out.mms"
    code, _, err = run("mms", "encode", "--to", "+4712345678", "--text", "Look!", "-o", str(mms))
    assert code == 0, err
    code, out, err = run("mms", "decode", str(mms), "--json")
    assert code == 0, err
    (decoded,) = typed_lines(out)
    assert decoded["message_type"] == "M-Send.req"


def test_modem_sim_prints_typed_json_lines() -> None:
    serving = process("sim", "--modems", "2", "--latency-scale", "0", "--json")
    try:
        assert serving.stdout is not None
        modems = typed_lines(serving.stdout.readline() + serving.stdout.readline())
        serving.send_signal(signal.SIGINT)
        out, err = serving.communicate(timeout=30)
    finally:
        serving.kill()
    assert [m["type"] for m in modems] == ["sim.modem", "sim.modem"]
    assert all(m["url"].startswith("socket://127.0.0.1:") for m in modems)
    assert (serving.returncode, out, err) == (0, "", "")


def test_the_modem_id_is_the_sim_or_the_configured_name_never_the_tty(served, tmp_path) -> None:
    """A script keys what it reads on `modem_id`: the same modem on another tty (after a
    replug) must keep its id. Given by its port, a modem is known by its SIM's IMSI; by a
    configured name, by that name."""
    sim0 = port(served, "sim0")
    code, out, err = run("info", "--port", sim0, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["modem_id"] == info["imsi"] and info["port"] == sim0
    config = tmp_path / "config.yaml"
    config.write_text(f"modems:\n  office: {sim0}\n")
    for args in (["--config", str(config)], ["--config", str(config), "--port", sim0]):
        code, out, err = run("info", *args, "--json")
        assert code == 0 and json.loads(out)["modem_id"] == "office", err
