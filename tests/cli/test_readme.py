"""The README as a new user meets it: its Python example and its commands for talking to a
modem, run as they are written, with a simulated modem's port and number put in for the
README's /dev/ttyUSB2 and +4712345678."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, number, port, process

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(after: str, language: str = "") -> str:
    """The first fenced block after the heading `after`."""
    section = README[README.index(after) :]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match is not None, after
    return match.group(1)


def test_the_python_example_prints_the_report_in_words(served, tmp_path: Path) -> None:
    code = block("## Using it from Python", "python")
    code = code.replace("/dev/ttyUSB2", port(served, "sim0"))
    code = code.replace("+4712345678", number(served, "sim1"))
    script = tmp_path / "example.py"
    script.write_text(code)
    running = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None
        assert running.stdout.readline().startswith("sent, references (")
        report = running.stdout.readline()
    finally:
        running.kill()
        running.communicate()
    assert re.match(r"report for \d+: delivered \(\w.+\)$", report), report  # in words


def test_the_commands_for_talking_to_a_modem_work_as_written(served) -> None:
    commands = block("### Talking to a modem")
    for line in commands.splitlines():
        command = line.split("  #")[0].strip()
        if not command or command.startswith("modem listen"):  # runs until Ctrl-C: test_listen
            continue
        swap = {"/dev/ttyUSB2": port(served, "sim0"), "+4712345678": number(served, "sim1")}
        args = [swap.get(a, a) for a in shlex.split(command)[1:]]
        running = process(*args)
        out, err = running.communicate(timeout=60)
        assert running.returncode == 0, (command, out, err)
        assert "Traceback" not in err
