"""The `modem` entry point: lazy subcommands, fast start, clean errors."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from cli.main import COMMANDS, main

HEAVY = ("serial", "serial_asyncio", "aiohttp", "asyncio", "modem.device", "modem.sim")


def test_help_lists_every_available_command_without_importing_them() -> None:
    # A fresh interpreter, so modules imported by other tests do not hide a heavy import.
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cli.main import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(result.output)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.rstrip().endswith("[]"), f"modem --help imported heavy modules: {out}"
    assert "Commands:" in out


def test_every_listed_command_resolves() -> None:
    runner = CliRunner()
    listed = main.list_commands(None)  # type: ignore[arg-type]
    assert set(listed) <= set(COMMANDS)
    for name in listed:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, f"modem {name} --help failed: {result.output}"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_a_mistake_before_the_subcommand_is_one_error_line() -> None:
    for args in (["--bogus"], ["--pin", "12", "info"], []):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        if args:
            assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, args


def test_a_group_without_its_subcommand_shows_its_help_not_an_error() -> None:
    result = CliRunner().invoke(main, ["pdu"], prog_name="modem")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: modem pdu") and "error:" not in result.stderr


def test_a_text_that_starts_with_a_dash_is_shown_the_way_out() -> None:
    result = CliRunner().invoke(main, ["send", "--port", "/dev/x", "+4712345678", "-5 degrees"])
    assert result.exit_code == 2 and result.stderr == (
        "error: No such option '-5'. (an argument that starts with '-' goes after '--': modem "
        "send -- NUMBER '-5')\n"
    )
