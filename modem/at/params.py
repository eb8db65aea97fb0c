"""Information-line parameters to Python values, and Python values to command lines.

TS 27.007 §4.1/§4.2 and V.250 §5.4: parameters are separated by commas; strings are in double
quotes (a quote or backslash inside is written \\22 / \\5C, V.250 §5.4.2.2); an omitted
parameter is an empty field; test commands (AT+X=?) answer with parenthesised lists of values
and ranges: `+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)`, `+CPMS: ("SM","ME"),("SM","ME"),("SM")`.

Values: empty -> None, digits -> int, "quoted" -> str, (group) -> tuple, "a-b" inside a group
-> range(a, b + 1), a group that is a single range -> that range. Other bare words stay str.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from modem.at.urcs import NAME_MARKS

__all__ = ["Value", "build", "choices_contain", "parse_params", "quote", "split_name"]

Value: TypeAlias = "int | str | range | tuple[Value, ...] | None"

_RANGE = re.compile(r"^(-?\d+)\s*-\s*(-?\d+)$")
_INT = re.compile(r"^[-+]?\d+$")


def split_name(line: str) -> tuple[str | None, str]:
    """('+CMGL', '1,0,,23') for '+CMGL: 1,0,,23'; (None, line) when there is no name."""
    if line[:1] in NAME_MARKS:
        colon = line.find(":")
        if colon > 1:
            return line[:colon].strip(), line[colon + 1 :].strip()
    return None, line.strip()


def parse_params(line: str) -> tuple[Value, ...]:
    """The parameters of an information line or URC value, as Python values.

    `parse_params('+CMGL: 1,0,,23')` -> (1, 0, None, 23). Never raises: an unbalanced quote or
    parenthesis ends at the end of the line.
    """
    _, text = split_name(line)
    if not text:
        return ()
    values, _ = _parse_list(text, 0, in_group=False)
    return tuple(values)


def _parse_list(text: str, i: int, *, in_group: bool) -> tuple[list[Value], int]:
    out: list[Value] = []
    n = len(text)
    while True:
        value, i = _parse_value(text, i, in_group=in_group)
        out.append(value)
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            return out, i
        if text[i] == ",":
            i += 1
            continue
        if in_group and text[i] == ")":
            return out, i + 1
        # junk after a value: skip to the next separator
        while i < n and text[i] != "," and not (in_group and text[i] == ")"):
            i += 1


def _parse_value(text: str, i: int, *, in_group: bool) -> tuple[Value, int]:
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    if i >= n:
        return None, i
    c = text[i]
    if c == '"':
        end = text.find('"', i + 1)
        if end < 0:
            return _unescape(text[i + 1 :]), n
        return _unescape(text[i + 1 : end]), end + 1
    if c == "(":
        items, i = _parse_list(text, i + 1, in_group=True)
        if items == [None]:
            return (), i
        if len(items) == 1 and isinstance(items[0], range):
            return items[0], i
        return tuple(items), i
    start = i
    while i < n and text[i] != "," and not (in_group and text[i] == ")"):
        i += 1
    token = text[start:i].strip()
    if not token:
        return None, i
    if _INT.match(token):
        return int(token), i
    if in_group:
        m = _RANGE.match(token)
        if m:
            return range(int(m.group(1)), int(m.group(2)) + 1), i
    return token, i


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(
        r"\\([0-9A-Fa-f]{2})",
        lambda m: chr(int(m.group(1), 16)),
        text,
    )


def choices_contain(choices: Value, value: int | str) -> bool:
    """Whether a test-command answer's group allows `value`: (0,2) / range(0,3) / (range, 4)."""
    if isinstance(choices, range):
        return isinstance(value, int) and value in choices
    if isinstance(choices, tuple):
        return any(choices_contain(item, value) for item in choices)
    return choices == value


def quote(text: str) -> str:
    """A V.250 string constant: "text" with quote and backslash escaped as \\22 and \\5C."""
    return '"' + text.replace("\\", "\\5C").replace('"', "\\22") + '"'


def build(command: str, *params: int | str | bool | None, query: bool = False) -> str:
    """A command line: build("+CMGS", 23) -> 'AT+CMGS=23'; build("+CPMS", "SM", "SM") ->
    'AT+CPMS="SM","SM"'; None leaves a parameter out (trailing ones are dropped);
    build("+CREG", query=True) -> 'AT+CREG?'. Strings are always quoted; pass an int for
    numeric parameters."""
    name = command.strip()
    if name[:2].upper() != "AT":
        name = "AT" + name
    if query:
        return name + "?"
    fields = [_field(p) for p in params]
    while fields and fields[-1] == "":
        fields.pop()
    return f"{name}={','.join(fields)}" if fields else name


def _field(value: int | str | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return quote(str(value))
