"""The CLI through the daemon: with `modem serve` running, `modem send`, `send --csv`,
`inbox`, `listen`, `ussd` and `info` ask it over HTTP (the daemon owns the ports); real
subprocesses, real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from tests.bridge.daemon import MODEM, ROOT


async def modem(daemon, *args: str, timeout: float = 60) -> tuple[int, str, str]:
    env = {**os.environ, "GSMBRIDGE_CONFIG": str(daemon.directory / "config.yaml"),
           "GSMBRIDGE_URL": daemon.url}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        *MODEM, *args, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode, out.decode(), err.decode()


async def test_send_info_ussd_inbox_through_the_daemon(gateway, tmp_path):
    daemon = await gateway()
    to = daemon.sim.number("sim1")
    code, out, err = await modem(daemon, "send", to, "via the daemon 👋", "--wait-delivery")
    assert code == 0, err
    assert "queued msg_" in out and "delivered" in out.splitlines()[-1]
    assert "part 1 sent" in out  # each part history line, as it happened
    code, out, err = await modem(daemon, "send", to, "json please", "--json")
    assert code == 0 and json.loads(out)["state"] == "queued"
    code, out, err = await modem(daemon, "info", "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["type"] == "modem" and info["status"] == "ready"
    code, out, err = await modem(daemon, "ussd", "*100#")
    assert code == 0 and "balance" in out, err
    code, out, err = await modem(daemon, "send", daemon.sim.number("sim0"), "to sim0")
    assert code == 0
    for _ in range(200):
        code, out, err = await modem(daemon, "inbox", "--json")
        assert code == 0, err
        if any(m["text"] == "to sim0" for m in json.loads(out)):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the message never showed in the inbox")
    code, out, err = await modem(daemon, "inbox", "delete", "1")
    assert code == 2 and "daemon owns the modem" in err


async def test_send_csv_with_progress_and_no_duplicates_on_rerun(gateway, tmp_path):
    daemon = await gateway()
    path = tmp_path / "people.csv"
    path.write_text(
        "number,text,name\n"
        f"{daemon.sim.number('sim1')},Hi Ann,Ann\n"
        f"{daemon.sim.number('sim0')},,Bob\n"
        "12,Hi nobody,Nobody\n"
    )
    code, out, err = await modem(daemon, "send", "--csv", str(path), "Hello there")
    assert code == 1  # one row refused, named
    assert "queued 2 of 3" in out and "row 3 (12)" in err and "sending 3" in err
    code, out, err = await modem(daemon, "send", "--csv", str(path), "Hello there", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") is not None for r in rows] == [True, True, False]
    # the same file again: the same messages (idempotency keys per file and row)
    _, out2, _ = await modem(daemon, "send", "--csv", str(path), "Hello there", "--json")
    assert [json.loads(line).get("id") for line in out2.splitlines()] == [r.get("id") for r in rows]


async def test_listen_follows_the_event_stream(gateway):
    daemon = await gateway()
    env = {**os.environ, "GSMBRIDGE_CONFIG": str(daemon.directory / "config.yaml"),
           "GSMBRIDGE_URL": daemon.url, "PYTHONUNBUFFERED": "1"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", "listen", "--json", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await asyncio.sleep(1.0)  # connected (nothing to await from outside the process)
        code, _, err = await modem(daemon, "send", daemon.sim.number("sim0"), "hello listener")
        assert code == 0, err
        async with asyncio.timeout(60):
            while True:
                event = json.loads(await process.stdout.readline())
                if event["type"] == "message.received":
                    break
        assert event["data"]["message"]["text"] == "hello listener"
    finally:
        process.terminate()
        await process.wait()
