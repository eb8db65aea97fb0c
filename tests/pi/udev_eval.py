"""A small evaluator for the subset of udev rule syntax modem/udev.py writes (udev(7)).

It runs parsed rules over one device event the way udevd does for these keys: rules in
order; a rule applies when all its matches hold; ENV{} reads and sets the event's properties
(an unset property matches ""); ATTRS{} searches the device and its parents, and all ATTRS
of one rule must match on the same device; GOTO skips forward to its LABEL; SYMLINK and TAG
accumulate; `$env{NAME}` is substituted in SYMLINK values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from modem.udev import Rule, Token, parse


@dataclass
class Event:
    """A device as udev sees it: its own properties, and the sysfs attributes of the device
    and each parent (the device first, then upwards)."""

    subsystem: str
    env: dict[str, str]
    chain: list[dict[str, str]] = field(default_factory=list)  # attributes per device
    action: str = "add"


@dataclass
class Outcome:
    symlinks: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    env: dict[str, str] = field(default_factory=dict)


def evaluate(text: str, event: Event) -> Outcome:
    rules = parse(text)
    env = dict(event.env)
    out = Outcome()
    index = 0
    while index < len(rules):
        rule = rules[index]
        index += 1
        if not _matches(rule, event, env):
            continue
        for token in rule.tokens:
            if token.is_match:
                continue
            if token.key == "GOTO":
                index = _label(rules, index, token.value)
                break
            if token.key == "ENV":
                env[token.attr or ""] = token.value
            elif token.key == "SYMLINK":
                out.symlinks.append(_substitute(token.value, env))
            elif token.key == "TAG":
                out.tags.add(token.value)
    out.env = env
    return out


def _matches(rule: Rule, event: Event, env: dict[str, str]) -> bool:
    attrs = [t for t in rule.tokens if t.key == "ATTRS"]
    for token in rule.tokens:
        if not token.is_match or token.key == "ATTRS":
            continue
        if token.key == "ACTION":
            actual = event.action
        elif token.key == "SUBSYSTEM":
            actual = event.subsystem
        else:  # ENV
            actual = env.get(token.attr or "", "")
        if (actual == token.value) != (token.op == "=="):
            return False
    if attrs:
        return any(all(_attr(t, device) for t in attrs) for device in event.chain)
    return True


def _attr(token: Token, device: dict[str, str]) -> bool:
    value = device.get(token.attr or "")
    if value is None:
        return token.op == "!="
    return (value == token.value) == (token.op == "==")


def _label(rules: list[Rule], start: int, name: str) -> int:
    for index in range(start, len(rules)):
        if any(t.key == "LABEL" and t.value == name for t in rules[index].tokens):
            return index
    raise AssertionError(f"no LABEL {name!r}")  # parse() already refuses this


def _substitute(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$env\{([A-Z_]+)\}", lambda m: env.get(m.group(1), ""), value)
