"""The common options are accepted wherever a user types them: before or after a subcommand,
before or after its arguments."""

from __future__ import annotations

import json

import click

from cli.main import main

from .conftest import clear, number, port, process, run


def test_inbox_options_anywhere(served) -> None:
    sim1 = port(served, "sim1")
    clear(served, "sim1")
    served.call(lambda net: net.inject_sms(to=number(served, "sim1"), text="anywhere"))
    code, out, err = run("inbox", "--port", sim1, "--json")
    assert code == 0, err
    index = str(json.loads(out.splitlines()[0])["index"])
    for args in (
        ["inbox", "read", index, "--json", "--port", sim1],  # after the argument
        ["inbox", "read", "--port", sim1, index, "--json"],  # between subcommand and argument
        ["inbox", "--json", "read", index, "--port", sim1],  # split across both levels
        ["inbox", "--port", sim1, "--json", "read", index],  # all before the subcommand
        ["inbox", "--port", sim1, "read", index, "--storage", "sm", "--json"],
    ):
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert json.loads(out)["text"] == "anywhere", args
    code, out, err = run("inbox", "list", "--json", "--port", sim1)
    assert code == 0 and json.loads(out.splitlines()[0])["text"] == "anywhere", err


def test_options_after_arguments_for_every_modem_command(served) -> None:
    sim0 = port(served, "sim0")
    code, out, err = run("info", "--json", "--port", sim0)
    assert code == 0 and json.loads(out)["port"] == sim0, err
    code, out, err = run("ussd", "*100#", "--port", sim0, "--json")
    assert code == 0 and json.loads(out)["status"] == 0, err
    code, out, err = run("at", "AT+CSQ", "--port", sim0, "--json")
    assert code == 0 and json.loads(out)["ok"] is True, err


def test_the_last_of_a_repeated_option_wins(served) -> None:
    code, _, err = run("info", "--port", "/dev/nonexistent", "--port", port(served, "sim0"))
    assert code == 0, err


def test_each_common_option_has_one_definition() -> None:
    """The same help everywhere: one definition, not copies that drift apart."""
    ctx = click.Context(main)
    helps: dict[str, set[str]] = {}

    def collect(command: click.Command) -> None:
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                helps.setdefault(param.opts[-1], set()).add(param.help)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                collect(sub)

    for name in ("info", "send", "ussd", "at", "inbox", "listen"):
        command = main.get_command(ctx, name)
        assert command is not None
        collect(command)
    for option in ("--port", "--config", "--pin", "--json", "--verbose", "--storage"):
        assert len(helps[option]) == 1, (option, helps[option])


def test_common_options_before_the_subcommand(served) -> None:
    sim0 = port(served, "sim0")
    code, out, err = run("--port", sim0, "--json", "info")
    assert code == 0 and json.loads(out)["port"] == sim0, err
    code, out, err = run("--json", "inbox", "--port", sim0, "list")
    assert code == 0 and all(json.loads(line)["type"] for line in out.splitlines()), err
    tracing = process("-v", "at", "AT", "--port", sim0)
    out, err = tracing.communicate(timeout=60)
    assert tracing.returncode == 0 and "> AT\\r" in err, err  # -v before the command counts


def test_common_options_before_a_command_that_does_not_take_them_are_refused() -> None:
    """Silently ignored, `modem --json pdu decode ...` would print text to a script expecting
    JSON."""
    code, out, err = run("--json", "pdu", "decode", "00")
    assert code == 2 and out == ""
    assert err == (
        "error: `modem pdu` does not take --json before its name; see `modem pdu --help` for "
        "its options\n"
    )
