"""`modem demo`, the README's first command: the tour of the whole product. The gateway on
two simulated modems over real ptys, a long emoji message POSTed over HTTP, each part sent
and reported, delivered, and the signed webhook of its arrival."""

from __future__ import annotations

import json
import subprocess
import sys

from cli.demo import DEFAULT_TEXT


def test_demo_tours_the_gateway_to_the_signed_webhook() -> None:
    # A real process, as the README runs it, at its default latencies. (At zero latency the
    # receive path sometimes leaves a part on the SIM: one stored at the index whose delete
    # had just freed it. A known race of the receiver, not of the demo.)
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", "demo", "--json"],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr
    steps = [json.loads(line) for line in run.stdout.splitlines()]
    assert {step["type"] for step in steps} == {"demo.step"}  # every --json line has its type
    by_kind: dict[str, list[dict]] = {}
    for step in steps:
        by_kind.setdefault(step["step"], []).append(step)

    count = by_kind["count"][0]
    assert count["encoding"] == "ucs2" and count["parts"] > 1
    assert by_kind["queued"][0]["id"].startswith("msg_")
    assert [s["part"] for s in by_kind["sent"]] == list(range(1, count["parts"] + 1))
    assert len({s["reference"] for s in by_kind["sent"]}) == count["parts"]
    assert {r["outcome"] for r in by_kind["report"]} == {"delivered"}
    assert len(by_kind["report"]) == count["parts"]
    assert [s["state"] for s in by_kind["message"]][-1] == "delivered"
    (webhook,) = by_kind["webhook"]
    assert webhook["event"] == "message.received" and webhook["verified"] is True
    assert webhook["text"] == DEFAULT_TEXT
    assert steps[-1] == {**steps[-1], "step": "done", "ok": True}
    assert "Traceback" not in run.stderr


def test_demo_rejects_an_empty_text_cleanly() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", "demo", "--text", ""],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "empty" in run.stderr
