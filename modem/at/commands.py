"""What a command line tells the protocol about its answer, before the modem says anything.

- which information-line prefixes its answer starts with (TS 27.007 §4.1: extended commands
  answer "+NAME: ..."; a read "AT+X?" and a test "AT+X=?" answer with +X lines);
- whether the modem will print the "> " prompt and wait for a body (TS 27.005 §3.5.1 / §3.5.3
  / §3.5.5: AT+CMGS, AT+CMGW, AT+CMGC);
- whether it switches result codes to numeric (ATV0) or back to verbose (ATV1, ATZ, AT&F),
  V.250 §6.2.6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from modem.at.urcs import NAME_MARKS

__all__ = ["CommandInfo", "analyse", "expected_prefixes", "text_mode_header"]

_SEMICOLON = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a ";" outside quotes
_BASIC = re.compile(r"(&?[A-Z])(\d*)")
PROMPTED = frozenset({"+CMGS", "+CMGW", "+CMGC"})


@dataclass(frozen=True, slots=True)
class CommandInfo:
    """`expects`: info-line prefixes of the answer. `prompt`: a "> " will come. `numeric`:
    True when the line switches to numeric result codes (ATV0), False when it switches back
    to verbose (ATV1, ATZ, AT&F; its own result may still be numeric), None otherwise."""

    expects: frozenset[str]
    prompt: bool = False
    numeric: bool | None = None


def _parts(command: str) -> tuple[str, list[str]]:
    """The basic-command head ("E0V1") and the extended commands ("+CSQ", "+CREG?")."""
    body = command.strip()
    if body[:2].upper() == "AT":
        body = body[2:]
    parts = _SEMICOLON.split(body) if '"' in body else body.split(";")
    head = ""
    first = parts[0].strip() if parts else ""
    if first and first[0] not in NAME_MARKS:
        cut = len(first)
        for i, c in enumerate(first):
            if c in NAME_MARKS:
                cut = i
                break
        head = first[:cut]
        parts[0] = first[cut:]
    return head, parts


def expected_prefixes(command: str, response_urcs: Iterable[str] = ()) -> frozenset[str]:
    """The info-line prefixes a command line's answer starts with.

    "AT+CSQ" -> {"+CSQ"}; "AT+CMGS=23" -> {"+CMGS"}; "AT+CREG?;+CGREG?" -> both; "ATI" -> {}.
    A *set* command of a name that is also a URC ("AT+CREG=2", "AT+CUSD=1,...", "AT+CPIN=...")
    only configures: what follows with that prefix is unsolicited, so it is not expected.
    """
    return analyse(command, response_urcs).expects


def analyse(command: str, response_urcs: Iterable[str] = ()) -> CommandInfo:
    """Everything `CommandInfo` says about `command` ("AT..." or without the AT)."""
    urc_names = frozenset(response_urcs)
    head, parts = _parts(command)
    expects = set()
    prompt = False
    for part in parts:
        part = part.strip()
        if not part or part[0] not in NAME_MARKS:
            continue
        cut = len(part)
        for mark in "=?":
            i = part.find(mark)
            if 0 < i < cut:
                cut = i
        name = part[:cut].strip().upper()
        rest = part[cut:]
        is_set = rest.startswith("=") and not rest.startswith("=?")
        if name in PROMPTED and (is_set or (not rest and name == "+CMGW")):
            prompt = True
        if is_set and name in urc_names:
            continue
        expects.add(name)
    return CommandInfo(frozenset(expects), prompt, _numeric_switch(head))


def _numeric_switch(head: str) -> bool | None:
    switch = None
    for letter, digits in _BASIC.findall(head.upper()):
        if letter == "D":
            break  # the rest is a dial string
        if letter == "V":
            switch = digits in ("", "0")
        elif letter in ("Z", "&F"):
            switch = False
    return switch


def text_mode_header(name: str, line: str) -> bool:
    """True for a text-mode SMS-DELIVER/SUBMIT header ('+CMGR: "REC READ","+47...",...'):
    a line of message text follows it (TS 27.005 §3.4.2, §3.4.3 text mode). PDU-mode headers
    ('+CMGR: 0,,23') and text-mode status reports ('+CMGR: "REC READ",6,12,...') are not."""
    rest = line[len(name) + 1 :].lstrip()
    if name == "+CMGL":
        rest = rest.partition(",")[2].lstrip()
    if not rest.startswith('"'):
        return False
    end = rest.find('"', 1)
    after = rest[end + 1 :].lstrip() if end > 0 else ""
    return after[:1] == "," and after[1:].lstrip()[:1] == '"'
