"""`modem listen` watches without emptying the SIM: messages stay unless `--delete`; routed
ones are acknowledged to the network all the same. Real `modem listen` processes, ended with
Ctrl-C as a user ends them.

Each message's acknowledgement happens before the next message is taken, so a later message's
line proves an earlier one was dealt with: no waiting on the clock."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from .conftest import clear, number, port, process, run


def until(
    listening: subprocess.Popen[str], predicate: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    """Read JSON lines until one matches (the test's timeout bounds the wait): those read."""
    assert listening.stdout is not None
    read = []
    for line in listening.stdout:
        read.append(json.loads(line))
        if predicate(read[-1]):
            return read
    raise AssertionError(f"listen ended early: {listening.communicate()}")


def text_is(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda event: event.get("text") == text


def stop(listening: subprocess.Popen[str]) -> None:
    listening.send_signal(signal.SIGINT)
    _, err = listening.communicate(timeout=30)
    assert listening.returncode == 0 and err == "", err


def inject(served, to: str, text: str) -> None:
    served.call(lambda net: net.inject_sms(to=to, text=text, sender="Shop"))


def stored_texts(served, name: str) -> list[str]:
    code, out, err = run("inbox", "--port", port(served, name), "--json")
    assert code == 0, err
    return [m["text"] for m in [json.loads(line) for line in out.splitlines()]]


@pytest.mark.parametrize("whole", [False, True], ids=["parts", "whole"])
def test_listening_leaves_messages_on_the_modem(served, whole: bool) -> None:
    to = number(served, "sim1")
    clear(served, "sim1")
    inject(served, to, "stored before")
    args = ["listen", "--json", "--port", port(served, "sim1")] + (["--whole"] if whole else [])
    listening = process(*args)
    try:
        until(listening, text_is("stored before"))  # found by the start-up scan
        inject(served, to, "while listening")
        until(listening, text_is("while listening"))  # announced with +CMTI
        stop(listening)
    finally:
        listening.kill()
    assert stored_texts(served, "sim1") == ["stored before", "while listening"]


@pytest.mark.parametrize("whole", [False, True], ids=["parts", "whole"])
def test_delete_removes_each_message_once_shown(served, whole: bool) -> None:
    to = number(served, "sim1")
    clear(served, "sim1")
    inject(served, to, "first")
    args = ["listen", "--json", "--delete", "--port", port(served, "sim1")]
    listening = process(*args, *(["--whole"] if whole else []))
    try:
        until(listening, text_is("first"))
        inject(served, to, "second")
        until(listening, text_is("second"))
        inject(served, to, "third")  # its line means "second" was deleted
        until(listening, text_is("third"))
        stop(listening)
    finally:
        listening.kill()
    assert set(stored_texts(served, "sim1")) <= {"third"}


def test_routed_messages_are_acknowledged_without_delete(served) -> None:
    to = number(served, "sim0")
    clear(served, "sim0")
    listening = process("listen", "--json", "--route", "--port", port(served, "sim0"))
    try:
        until(listening, lambda event: event["type"] == "modem.state" and event["ready"])
        inject(served, to, "routed one")
        until(listening, text_is("routed one"))
        inject(served, to, "routed two")
        until(listening, text_is("routed two"))  # "routed one" was acknowledged before
        stop(listening)
    finally:
        listening.kill()
    commands = served.call(lambda net: net.modem("sim0").commands)
    assert "AT+CNMA" in commands and "AT+CNMA=2" not in commands
    assert stored_texts(served, "sim0") == []


def test_keep_is_the_default_now(served) -> None:
    code, out, _ = run("listen", "--help")
    assert "--delete" in out and "--keep" not in out and "unless --delete" in out
    code, _, err = run("listen", "--keep", "--delete", "--port", port(served, "sim0"))
    assert code == 2 and "contradict" in err and err.count("\n") == 1


def test_whole_joins_the_parts_and_leaves_them(served) -> None:
    to = number(served, "sim1")
    clear(served, "sim1")
    inject(served, to, "L" * 400)  # three parts, stored before listening
    listening = process("listen", "--json", "--whole", "--port", port(served, "sim1"))
    try:
        until(listening, lambda e: e.get("text") == "L" * 400 and e["complete"])
        inject(served, to, "M" * 300)  # two parts, announced while listening
        until(listening, lambda e: e.get("text") == "M" * 300 and e["parts"] == 2)
        stop(listening)
    finally:
        listening.kill()
    assert stored_texts(served, "sim1") == ["L" * 400, "M" * 300]


def test_whole_leaves_the_parts_after_a_reopen_too() -> None:
    """After the modem comes back, the start-up scan hands the parts already shown over again:
    they are copies, not shown twice, and still not deleted."""
    from modem.sim import ModemSpec, SimConfig
    from modem.sim.harness import serve_in_thread

    config = SimConfig(modems=[ModemSpec("flaky")], latency_scale=0.0)
    with serve_in_thread(config, tcp=True) as served:
        url, to = served.urls["flaky"], number(served, "flaky")
        inject(served, to, "W" * 300)
        listening = process("listen", "--json", "--whole", "--port", url)
        try:
            until(listening, text_is("W" * 300))
            served.call(lambda net: net.modem("flaky").unplug())
            until(listening, lambda e: e["type"] == "modem.state" and e["status"] == "lost")
            served.call(lambda net: net.modem("flaky").replug())
            until(listening, lambda e: e["type"] == "modem.state" and e["ready"])
            inject(served, to, "after the reopen")
            seen = until(listening, text_is("after the reopen"))
            stop(listening)
        finally:
            listening.kill()
        assert "W" * 300 not in [e.get("text") for e in seen]  # not shown twice
        code, out, err = run("inbox", "--port", url, "--json")
        assert code == 0, err
        assert [m["text"] for m in [json.loads(line) for line in out.splitlines()]] == [
            "W" * 300,
            "after the reopen",
        ]


def test_a_delivery_report_in_the_words_send_and_inbox_use() -> None:
    """A failed delivery says what TP-ST means, worded as `send --wait-delivery` and `inbox`
    word it (cli/reports.py), not as a second spelling of the same report. A network of its
    own: a modem another test left waiting for a routed message's acknowledgement stops
    announcing new ones for a while, as TS 27.005 §3.4.4 says."""
    from modem.sim import ModemSpec, SimConfig
    from modem.sim.harness import serve_in_thread

    with serve_in_thread(SimConfig(modems=[ModemSpec("a")], latency_scale=0.0)) as served:
        a = port(served, "a")
        code, out, err = run("send", "--port", a, "+15559999999", "hi", "--status-report")
        assert code == 0, err
        reference = out.split("reference ")[-1].strip()
        listening = process("listen", "--port", a)
        try:
            assert listening.stdout is not None
            line = next(line for line in listening.stdout if "report for" in line)
        finally:
            stop(listening)
    assert line.startswith(
        f"report for {reference} to +15559999999: undelivered (TP-ST 0x43: not obtainable"
    ), line
