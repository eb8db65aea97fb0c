"""Splitting a command line into commands, as V.250 §5.2-5.4 describes.

"AT" is followed by basic commands (a letter or "&x", with an optional number: `E0`, `&F`,
`S0=0`, `V1`) that may be run together without separators, and by extended commands
(`+NAME`, or a vendor prefix `^ # $ % *`), each ending at ";" or at the end of the line. An
extended command has four forms: action (`+CGMI`), set (`+CMGF=0`), read (`+CMGF?`) and test
(`+CMGF=?`). Parameters are split on commas outside double quotes; the quotes are removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

EXTENDED_PREFIXES = "+^#$%*"


class Form(Enum):
    """The four forms of an extended command (V.250 §5.4.2 / 5.4.3)."""

    EXEC = "exec"
    SET = "set"
    READ = "read"
    TEST = "test"


@dataclass(frozen=True)
class Command:
    """One command of a line: `name` upper-case with its prefix ("+CMGF", "E", "&F", "S0")."""

    name: str
    form: Form
    raw: str = ""  # the text after "=" for a set command, as typed
    params: tuple[str, ...] = field(default=())

    def param(self, index: int, default: str | None = None) -> str | None:
        """The parameter at `index` (quotes removed), or `default` when absent or empty."""
        if index < len(self.params) and self.params[index] != "":
            return self.params[index]
        return default

    def int_param(self, index: int, default: int | None = None) -> int | None:
        """The parameter as an integer; ValueError if it is not one."""
        value = self.param(index)
        return default if value is None else int(value)


class LineSyntaxError(ValueError):
    """The line cannot be split into commands: the whole line answers ERROR."""


def split_params(text: str) -> tuple[str, ...]:
    """`1,"SM","a,b"` -> ("1", "SM", "a,b"); an unterminated quote is a syntax error."""
    params: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            params.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if quoted:
        raise LineSyntaxError("unterminated string")
    params.append("".join(current).strip())
    return tuple(params)


def parse_line(line: str) -> list[Command]:
    """Split the text after "AT" into commands. Raises LineSyntaxError."""
    commands: list[Command] = []
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in " ;":
            i += 1
            continue
        if char in EXTENDED_PREFIXES:
            j = i + 1
            while j < n and line[j] not in "=?;":
                j += 1
            name = line[i:j].strip().upper()
            if len(name) < 2:
                raise LineSyntaxError(f"bad command name at {i}")
            if line.startswith("=?", j):
                commands.append(Command(name, Form.TEST))
                j += 2
            elif line.startswith("?", j):
                commands.append(Command(name, Form.READ))
                j += 1
            elif line.startswith("=", j):
                k, quoted = j + 1, False
                while k < n and (quoted or line[k] != ";"):
                    if line[k] == '"':
                        quoted = not quoted
                    k += 1
                raw = line[j + 1 : k]
                commands.append(Command(name, Form.SET, raw, split_params(raw)))
                j = k
            else:
                commands.append(Command(name, Form.EXEC))
            i = j
            continue
        i = _basic(line, i, commands)
    return commands


def _basic(line: str, i: int, commands: list[Command]) -> int:
    """Parse one basic command at line[i]; return the index after it."""
    n = len(line)
    char = line[i].upper()
    if char in "&\\":
        if i + 1 >= n:
            raise LineSyntaxError("lone &")
        name, j = char + line[i + 1].upper(), i + 2
    elif char == "S":
        j = i + 1
        while j < n and line[j].isdigit():
            j += 1
        name = "S" + line[i + 1 : j]
        if line.startswith("=?", j):
            commands.append(Command(name, Form.TEST))
            return j + 2
        if line.startswith("?", j):
            commands.append(Command(name, Form.READ))
            return j + 1
        if line.startswith("=", j):
            k = j + 1
            while k < n and line[k].isdigit():
                k += 1
            commands.append(Command(name, Form.SET, line[j + 1 : k], (line[j + 1 : k],)))
            return k
        commands.append(Command(name, Form.READ))
        return j
    elif char.isalpha():
        name, j = char, i + 1
    else:
        raise LineSyntaxError(f"unexpected {line[i]!r} at {i}")
    k = j
    while k < n and line[k].isdigit():
        k += 1
    if k > j:
        commands.append(Command(name, Form.SET, line[j:k], (line[j:k],)))
    else:
        commands.append(Command(name, Form.EXEC))
    return k
