"""Ctrl-C at the awkward moments: before any modem is opened (while `modem send -` waits for
its text on a terminal, while a command reads its configuration). One `interrupted` line and
exit 130, never click's "Aborted!" with exit 1; `modem sim`, which runs until stopped, ends
quietly with 0. Real `modem` processes and real signals.

The moments are awaited, not guessed: a terminal on stdin makes `send -` say it is reading
(the line is awaited on stderr), and a configuration that is a named pipe holds the command in
its read until the test opens the other end (a blocking open returns once the command has
opened the pipe)."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from .conftest import process


def test_ctrl_c_while_send_reads_the_text_from_a_terminal() -> None:
    leader, terminal = os.openpty()
    try:
        sending = process("send", "--port", "/dev/nonexistent", "+4712345678", "-", stdin=terminal)
        try:
            assert sending.stderr is not None
            assert "end it with Ctrl-D" in sending.stderr.readline()  # it waits for the text
            sending.send_signal(signal.SIGINT)
            out, err = sending.communicate(timeout=30)
        finally:
            sending.kill()
    finally:
        os.close(leader)
        os.close(terminal)
    assert (sending.returncode, out, err) == (130, "", "interrupted\n")


def held_open(fifo: Path) -> tuple[threading.Thread, list[int]]:
    """Open `fifo` for writing in a thread: the open returns once the command opened it."""
    fds: list[int] = []
    thread = threading.Thread(target=lambda: fds.append(os.open(fifo, os.O_WRONLY)))
    thread.start()
    return thread, fds


def interrupt_while_reading_config(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    thread, fds = held_open(fifo)
    running = process(*args, "--config", str(fifo))
    try:
        thread.join(30)
        assert fds, "the command never opened its configuration"
        running.send_signal(signal.SIGINT)  # it is reading the configuration, or about to
        out, err = running.communicate(timeout=30)
    finally:
        running.kill()
        for fd in fds:
            os.close(fd)
    return running.returncode, out, err


def test_ctrl_c_while_send_reads_its_configuration(tmp_path: Path) -> None:
    code, out, err = interrupt_while_reading_config(
        tmp_path, "send", "--port", "/dev/nonexistent", "+4712345678", "hello"
    )
    assert (code, out, err) == (130, "", "interrupted\n")


def test_ctrl_c_ends_modem_sim_quietly_even_before_it_serves(tmp_path: Path) -> None:
    code, out, err = interrupt_while_reading_config(tmp_path, "sim")
    assert (code, out, err) == (0, "", "")
