"""`modem send` guards a costly send: blank texts and texts over --max-parts are refused before
the modem is touched; '-' reads the text from standard input."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import clear, number, port, run


def sent_count(served, name: str) -> int:
    return served.call(lambda net: len(net.modem(name).sent))


def test_blank_texts_are_refused_and_nothing_is_sent(served) -> None:
    before = sent_count(served, "sim0")
    for text, words in (("", "empty"), ("   ", "only white space"), ("\n\t ", "white space")):
        code, _, err = run("send", "--port", port(served, "sim0"), number(served, "sim1"), text)
        assert code == 2 and f"{words}: nothing to send" in err and err.count("\n") == 1, err
    code, _, err = run("send", "--port", port(served, "sim0"), "+15550000002", "-", input="\n\n")
    assert code == 2 and "the text is empty: nothing to send" in err, err
    assert sent_count(served, "sim0") == before


def test_too_many_parts_is_refused_with_the_count(served) -> None:
    before = sent_count(served, "sim0")
    to, sim0 = number(served, "sim1"), port(served, "sim0")
    code, _, err = run("send", "--port", sim0, to, "x" * 20000)
    assert code == 2 and err.count("\n") == 1, err
    assert err == (  # no configuration here: the message does not speak of one
        "error: Invalid value for TEXT: the text needs 131 SMS parts (20000 characters), more "
        "than the limit of 10 (send.max_parts, default 10) allows; pass --max-parts 131 to "
        "send it anyway\n"
    )
    code, _, err = run("send", "--port", sim0, to, "é😀" * 100, "--max-parts", "3")
    assert code == 2 and "5 SMS parts" in err, err  # UCS-2: 300 units, 67 a part
    assert "more than --max-parts 3 allows" in err, err
    assert sent_count(served, "sim0") == before
    code, out, err = run("send", "--port", sim0, to, "y" * 400, "--max-parts", "3", "--json")
    assert code == 0, err
    assert len(json.loads(out)["parts"]) == 3
    assert sent_count(served, "sim0") == before + 3


def test_max_parts_from_the_config(served, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"send: {{max_parts: 1}}\nmodems: {{a: {{port: {port(served, 'sim0')}}}}}\n")
    code, _, err = run("send", "--config", str(config), number(served, "sim1"), "z" * 200)
    assert code == 2 and "2 SMS parts" in err and "send.max_parts" in err, err
    code, _, err = run(
        "send", "--config", str(config), number(served, "sim1"), "z" * 200, "--max-parts", "2"
    )
    assert code == 0, err
    config.write_text("send: {max_parts: 0}\n")
    code, _, err = run("send", "--config", str(config), "--port", "x/y", "+15550000002", "hi")
    assert code == 2 and "send.max_parts: must be a whole number from 1 to 255" in err, err


def test_dash_reads_the_text_from_standard_input(served) -> None:
    clear(served, "sim1")
    text = "from a pipe 👋\nsecond line"
    code, out, err = run(
        "send", "--port", port(served, "sim0"), number(served, "sim1"), "-", input=text + "\n"
    )
    assert code == 0, err
    assert "1 part" in out
    code, out, err = run("inbox", "--port", port(served, "sim1"), "--json")
    assert [m["text"] for m in [json.loads(line) for line in out.splitlines()]] == [text]
    code, _, err = run("send", "--port", port(served, "sim0"), "+15550000002", "-", input=b"\xff")
    assert code == 2 and "not UTF-8" in err and err.count("\n") == 1, err


def test_a_broken_config_does_not_block_a_command_given_a_port(served, tmp_path: Path, monkeypatch):
    broken = tmp_path / "config.yaml"
    broken.write_text("modems: [\n")
    monkeypatch.setenv("GSMBRIDGE_CONFIG", str(broken))
    code, out, err = run("info", "--port", port(served, "sim0"), "--json")
    assert code == 0, err
    assert json.loads(out)["port"] == port(served, "sim0")
    assert err.startswith("warning: ") and "not valid YAML" in err and "--port" in err
    code, _, err = run("send", "--port", port(served, "sim0"), number(served, "sim1"), "hi")
    assert code == 0, err
    # A modem's name needs the file; a file named on the command line is wanted: both fail.
    code, _, err = run("info", "--port", "office")
    assert code == 2 and "not valid YAML" in err and err.count("\n") == 1, err
    code, _, err = run("info", "--port", port(served, "sim0"), "--config", str(broken))
    assert code == 2 and "not valid YAML" in err and err.count("\n") == 1, err


def test_sms_count_reads_the_text_from_stdin_as_send_does() -> None:
    """What `cat message.txt | modem send NUMBER -` will cost, asked the same way first."""
    text = "Grüße " * 40
    code, out, err = run("sms", "count", "-", "--json", input=text + "\n")
    assert code == 0, err
    counted = json.loads(out)
    assert (counted["characters"], counted["parts"]) == (len(text), 2)
    code, _, err = run("sms", "count", "-", input=b"\xff")
    assert code == 2 and "not UTF-8" in err and err.count("\n") == 1, err
