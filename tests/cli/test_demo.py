"""`modem demo`, the README's main job: two simulated modems over real ptys, one long
message with emoji, delivered intact with a report per part."""

from __future__ import annotations

import json
import subprocess
import sys

from cli.demo import DEFAULT_TEXT


def test_demo_delivers_the_long_emoji_message_intact() -> None:
    # A real process, as the README runs it: the driver opens the simulator's ptys.
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", "demo", "--json", "--latency-scale", "0"],
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
    assert len(by_kind["sent"]) == count["parts"]
    assert len(by_kind["arrived"]) == count["parts"]
    assert by_kind["message"][0]["text"] == DEFAULT_TEXT
    assert {r["outcome"] for r in by_kind["report"]} == {"delivered"}
    assert len(by_kind["report"]) == count["parts"]
    assert steps[-1] == {**steps[-1], "step": "done", "ok": True}


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
