"""The events `AtProtocol` hands back: what the modem said, as small immutable values.

Three kinds, like h11's event classes: a `Response` ends a command (its info lines and its final
result code, ITU-T V.250 §5.7 and TS 27.007 §9.2 / TS 27.005 §3.2.5), an `Urc` is an unsolicited
result code (TS 27.007 §9.1 / TS 27.005 §3.4.1 plus vendor ones), and `Prompt` is the "> " a
modem prints when it waits for an SMS body (TS 27.005 §3.5.1, §4.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modem.errors import CommandError

__all__ = ["Event", "Prompt", "Response", "ResultKind", "Urc"]


class ResultKind(Enum):
    """The final result code that ended a command (V.250 §5.7.1, TS 27.007 §9.2)."""

    OK = "OK"
    ERROR = "ERROR"
    CME_ERROR = "+CME ERROR"
    CMS_ERROR = "+CMS ERROR"
    NO_CARRIER = "NO CARRIER"
    BUSY = "BUSY"
    NO_ANSWER = "NO ANSWER"
    NO_DIALTONE = "NO DIALTONE"
    CONNECT = "CONNECT"
    VENDOR_ERROR = "VENDOR ERROR"  # Huawei "COMMAND NOT SUPPORT", "TOO MANY PARAMETERS", ...

    @property
    def success(self) -> bool:
        """OK and CONNECT end a command that did what it was asked."""
        return self is ResultKind.OK or self is ResultKind.CONNECT


@dataclass(frozen=True, slots=True)
class Response:
    """A command finished: its information lines and how it ended.

    `command` is the command line as sent ("AT+CMGS=23"); `lines` are the information lines in
    the order they came, without the echo, URCs or empty lines; `kind` names the final result
    code; `code` is the +CME/+CMS ERROR number (also when the modem gave the verbose form, mapped
    back through the TS 27.007/27.005 tables; None when no number is known or applies); `text`
    is the final result line exactly as the modem sent it ("OK", "+CMS ERROR: 38",
    "+CME ERROR: SIM not inserted", "CONNECT 115200"); `dropped` counts the information lines
    past the protocol's bound for one response, which were not kept (0 normally).
    """

    command: str
    lines: tuple[str, ...]
    kind: ResultKind
    code: int | None = None
    text: str = "OK"
    dropped: int = 0

    def first(self, prefix: str) -> str | None:
        """The first information line starting with `prefix` ("+CNMI"), compared without
        case; None when there is none. Safer than `lines[0]`: a stray line the modem sent
        before its answer cannot pass for the answer."""
        size = len(prefix)
        upper = prefix.upper()
        for line in self.lines:
            if line[:size].upper() == upper:
                return line
        return None

    @property
    def ok(self) -> bool:
        """True for OK (and CONNECT): the command succeeded."""
        return self.kind.success

    @property
    def detail(self) -> str:
        """What follows the result code: "38" for "+CMS ERROR: 38", "115200" for CONNECT."""
        _, sep, tail = self.text.partition(":")
        if sep:
            return tail.strip()
        if self.kind is ResultKind.CONNECT:
            return self.text[len("CONNECT") :].strip()
        return ""

    def error(self) -> CommandError | None:
        """The `CommandError` this response stands for, or None when it succeeded."""
        if self.ok:
            return None
        from modem.at.codes import command_error

        return command_error(self)

    def raise_for_error(self) -> Response:
        """Return self when the command succeeded; raise its `CommandError` otherwise."""
        if self.ok:
            return self
        from modem.at.codes import command_error

        raise command_error(self)


@dataclass(frozen=True, slots=True)
class Urc:
    """An unsolicited result code, classified by what it is, whenever it came.

    `name` is the table prefix ("+CMTI", "^RSSI", "RING", "SMS Ready"); `value` is the text
    after "NAME:" with the blank after the colon removed ('"SM",3'; "" for one-word codes);
    `body` is the second line of two-line codes (+CMT/+CDS/+CBM: the PDU in hex), else None.
    A line nobody recognised that came between commands is an Urc with `known=False`: its
    `name` is the "+XYZ" / "^XYZ" prefix when it has one (and `value` the rest), otherwise ""
    with the whole line in `value`. Nothing a modem says is ever dropped.
    """

    name: str
    value: str = ""
    body: str | None = None
    known: bool = True

    @property
    def line(self) -> str:
        """The first line as the modem sent it (near enough: one blank after the colon)."""
        if not self.name:
            return self.value
        if not self.value and self.known and self.name[0] not in "+^#$%*":
            return self.name
        return f"{self.name}: {self.value}" if self.value else self.name


@dataclass(frozen=True, slots=True)
class Prompt:
    """The modem printed "> " and waits for the body (`AtProtocol.send_body`)."""

    command: str = ""


Event = Response | Urc | Prompt
