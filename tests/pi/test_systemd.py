"""modem/systemd.py: sd_notify datagrams, read from a real unix datagram socket the test binds,
as systemd binds $NOTIFY_SOCKET."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from modem import systemd


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    return sock.recv(4096).decode().split("\n")


def test_ready_status_watchdog_stopping(notify_socket: socket.socket) -> None:
    assert systemd.ready("2 modems ready")
    assert received(notify_socket) == ["READY=1", "STATUS=2 modems ready"]
    assert systemd.status("sending\n3 queued")  # one line: a newline would end the value
    assert received(notify_socket) == ["STATUS=sending 3 queued"]
    assert systemd.watchdog()
    assert received(notify_socket) == ["WATCHDOG=1"]
    assert systemd.stopping()
    assert received(notify_socket) == ["STOPPING=1"]


def test_abstract_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"gsmbridge-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert systemd.ready()
        assert received(sock) == ["READY=1"]


def test_outside_systemd_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert not systemd.ready()
    monkeypatch.setenv("NOTIFY_SOCKET", "vsock:2:1234")  # not a unix socket address
    assert not systemd.watchdog()


def test_a_vanished_socket_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Another test may have quietened the "modem" loggers (the CLI does when not verbose).
    caplog.set_level(logging.WARNING, logger="modem")
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))
    assert not systemd.status("still running")
    assert "cannot notify systemd" in caplog.text


def test_a_bad_assignment_is_a_programming_error(notify_socket: socket.socket) -> None:
    with pytest.raises(ValueError):
        systemd.notify("READY")
    with pytest.raises(ValueError):
        systemd.notify("STATUS=a\nb")


def test_watchdog_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert systemd.watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_USEC", "60000000")
    assert systemd.watchdog_interval() == 60.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert systemd.watchdog_interval() == 60.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))  # meant for another process
    assert systemd.watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    monkeypatch.setenv("WATCHDOG_USEC", "0")
    assert systemd.watchdog_interval() is None


async def test_keep_alive_pings_while_healthy(
    notify_socket: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "20000")  # 20 ms: a health check every 10 ms
    healthy = True
    checks_while_sick = 0
    sick_enough = asyncio.Event()

    def is_healthy() -> bool:
        nonlocal checks_while_sick
        if not healthy:
            checks_while_sick += 1
            if checks_while_sick == 3:
                sick_enough.set()
        return healthy

    task = asyncio.create_task(systemd.keep_alive(is_healthy))
    loop = asyncio.get_running_loop()
    notify_socket.setblocking(False)
    try:
        for _ in range(3):  # three pings arrive, each awaited on the socket
            assert (await loop.sock_recv(notify_socket, 4096)) == b"WATCHDOG=1"
        healthy = False  # from here on no ping is sent (check and send are one loop step)
        while True:  # drop the pings sent before
            try:
                notify_socket.recv(4096)
            except BlockingIOError:
                break
        await asyncio.wait_for(sick_enough.wait(), 5)  # three checks said "not healthy"
        with pytest.raises(BlockingIOError):
            notify_socket.recv(4096)
    finally:
        task.cancel()


async def test_keep_alive_returns_when_no_watchdog_is_wanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    await asyncio.wait_for(systemd.keep_alive(), 1)
