"""The README as a new user meets it: its Python example and its commands for talking to a
modem, run as they are written, with a simulated modem's port and number put in for the
README's /dev/ttyUSB2 and +4712345678."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
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


def commands_of(after: str) -> list[list[str]]:
    """The command lines of the first block after `after`, split as a shell would."""
    lines = [line.split("  #")[0].strip() for line in block(after).splitlines()]
    return [shlex.split(line)[1:] for line in lines if line]


def test_the_codec_commands_work_as_written(tmp_path: Path) -> None:
    """pdu and mms, typed as the README shows them (its beach.jpg: a JPEG of the tests')."""
    shutil.copy(ROOT / "tests/mms/data/gradient.jpg", tmp_path / "beach.jpg")
    for after in ("### `modem pdu decode HEX`", "### `modem mms decode FILE|HEX`"):
        for args in commands_of(after):
            done = subprocess.run(
                [sys.executable, "-m", "cli.main", *args],
                cwd=tmp_path,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    assert (tmp_path / "out.mms").stat().st_size > 1000  # the holiday picture went in


def test_the_simulator_commands_work_as_written(tmp_path: Path) -> None:
    """modem sim as the README shows it, with docs/simulator.md's example as its sim.yaml. The
    line that listens on every address is left out: tests stay on the loopback."""
    example = re.search(r"```yaml\n(.*?)```", (ROOT / "docs/simulator.md").read_text(), re.S)
    assert example is not None
    (tmp_path / "sim.yaml").write_text(example.group(1))
    for args in commands_of("### `modem sim`"):
        if "--tcp-host" in args:
            continue
        serving = subprocess.Popen(
            [sys.executable, "-m", "cli.main", *args],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert serving.stdout is not None
            first, second = serving.stdout.readline(), serving.stdout.readline()
            serving.send_signal(signal.SIGINT)
            _, err = serving.communicate(timeout=30)
        finally:
            serving.kill()
        assert serving.returncode == 0 and "Traceback" not in err, (args, err)
        assert "sim0" in first and "sim1" in second, (args, first, second)
