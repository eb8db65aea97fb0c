"""Which open message an incoming part joins (modem/store/reassembly.py, pure)."""

from __future__ import annotations

from modem.store.reassembly import Open, choose

MIN = 60_000_000  # a minute in microseconds
GAP = 15 * MIN


def test_joins_the_open_message_missing_its_place() -> None:
    assert choose([Open("a", False, 0, MIN)], 2 * MIN, GAP) == "a"


def test_a_taken_place_means_another_message() -> None:
    assert choose([Open("a", True, 0, 0)], 0, GAP) is None
    assert choose([Open("new", True, 0, 0), Open("old", False, 0, 0)], 0, GAP) == "old"


def test_stamps_too_far_apart_mean_another_message() -> None:
    assert choose([Open("a", False, 0, MIN)], MIN + GAP + 1, GAP) is None
    assert choose([Open("a", False, 0, MIN)], MIN + GAP, GAP) == "a"


def test_the_nearest_in_time_wins() -> None:
    candidates = [Open("recent", False, 10 * MIN, 10 * MIN), Open("older", False, 0, MIN)]
    assert choose(candidates, 2 * MIN, GAP) == "older"
    assert choose(candidates, 9 * MIN, GAP) == "recent"


def test_without_stamps_the_most_recent_open_one() -> None:
    assert choose([Open("recent", False, None, None), Open("old", False, 0, 0)], 0, GAP) == (
        "recent"
    )
    assert choose([Open("recent", False, 5, 5)], None, GAP) == "recent"
