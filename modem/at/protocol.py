"""The sans-IO AT protocol: bytes in, events out; a command in, bytes out.

Like h11's Connection, `AtProtocol` does no I/O and holds no clock. The driver writes what
`send()` returns, feeds what the port reads into `receive_data()`, and pulls `Response`, `Urc`
and `Prompt` events from `next_event()`. Timeouts are the driver's: when one fires it calls
`reset()` and resynchronises the port. URCs never reset anything here, so a ^RSSI or ^NWTIME
flood cannot keep a command alive (gammu#392) and a Telit #STN cannot stall it (gammu#355).

Each complete line is classified as soon as it arrives (bytes that came before a command was
sent can never be its answer), in this order:

1. the rest of a multi-line URC that is being collected (+CMT's PDU line, +CUSD's text);
2. with no command in flight: a URC (known, or `Urc(known=False)`: never dropped);
3. the echo of the command in flight (ATE1), the "> " prompt, a repeated ">";
4. a final result code (`results.py`): the command's `Response`;
5. the text line after a text-mode +CMGR/+CMGL header (an SMS saying "RING" is data);
6. the echo of the SMS body;
7. a line starting with a prefix the command expects ("+CSQ" for AT+CSQ): the command's,
   unless it is a URC name whose answer has another shape (`UrcSpec.answer`);
8. a known URC (`urcs.py`);
9. a "+NAME:" line of a name the command does not expect (when it expects some): a stray
   line (a late answer, noise), handed on as an unknown `Urc`, never taken for the answer;
10. anything else is an information line of the command (AT+CGMI answers "huawei" bare).

Bounds: a line is at most `lines.MAX_LINE` bytes, a response keeps at most MAX_RESPONSE_LINES
lines and MAX_RESPONSE_CHARS characters (the rest are counted in `Response.dropped`), a
multi-line URC at most MAX_URC_LINES lines. A modem that streams can fill none of them.

Known limits: a line that is both a possible answer and a URC of the same shape ("+CPIN:
READY" while AT+CPIN? runs) goes to the answer; in text mode an SMS whose text is exactly a
final result code ("OK") ends the read early (PDU mode has no such ambiguity). After CONNECT
the port carries data: the driver must stop feeding it here until it is back in command mode.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping

from modem.at.commands import CommandInfo, analyse, expected_prefixes, text_mode_header
from modem.at.events import Event, Prompt, Response, ResultKind, Urc
from modem.at.lines import LineReader
from modem.at.results import NUMERIC_RING, parse_final
from modem.at.state import IN_FLIGHT, ProtocolStateError, State, Trigger, next_state
from modem.at.urcs import DEFAULT_URCS, NAME_MARKS, UrcSpec

__all__ = ["AtProtocol", "ProtocolStateError", "State", "expected_prefixes"]

CTRL_Z = b"\x1a"
ESC = b"\x1b"
# A quoted +CUSD text longer than this many lines is cut off: a lost quote must not swallow
# the port for ever.
MAX_URC_LINES = 32
# One response keeps at most this many information lines and characters (a modem that streams
# lines without a final result must not fill memory before the driver's deadline ends the
# command). Lines past either bound are counted in `Response.dropped`, not kept. A full SIM or
# ME storage listed with AT+CMGL=4 is two lines per message: 1000 messages fit.
MAX_RESPONSE_LINES = 2048
MAX_RESPONSE_CHARS = 1 << 20


class _Pending:
    """A multi-line URC being collected."""

    __slots__ = ("lines", "spec", "value")

    def __init__(self, spec: UrcSpec, value: str) -> None:
        self.spec = spec
        self.value = value
        self.lines = 1


class AtProtocol:
    """One AT port's conversation. See `state.py` for the state machine."""

    def __init__(
        self,
        *,
        urcs: Iterable[UrcSpec] = DEFAULT_URCS,
        numeric: bool = False,
        finals: Mapping[str, ResultKind] | None = None,
    ) -> None:
        """`urcs`: the URC table (a profile's). `numeric`: the modem is in ATV0 mode (also
        switched by sending ATV0/ATV1). `finals`: extra whole-line final result codes."""
        self.set_urcs(urcs)
        self._finals = dict(finals) if finals else None
        self.numeric = numeric
        self._reader = LineReader()
        self._events: deque[Event] = deque()
        self._state = State.IDLE
        self._pending: _Pending | None = None
        self._clear_command()

    def set_urcs(self, urcs: Iterable[UrcSpec]) -> None:
        """Use another URC table from now on (the driver learns the vendor, and with it the
        profile's URCs, only after a few commands). A later spec with the same prefix
        replaces an earlier one."""
        named: dict[str, UrcSpec] = {}
        bare: dict[str, UrcSpec] = {}
        for spec in urcs:
            if spec.named:
                named[spec.prefix] = spec
                if spec.bare:
                    bare[spec.prefix] = spec
            else:
                bare[spec.prefix] = spec
        self._named, self._bare = named, bare
        self._response_urcs = frozenset(p for p, s in named.items() if s.response)
        self._answers = {
            p: re.compile(s.answer) for p, s in named.items() if s.response and s.answer
        }
        self._info_cache: dict[str, CommandInfo] = {}

    # --- state ---------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def command(self) -> str | None:
        """The command line in flight, or None when idle."""
        return self._command if self._state is not State.IDLE else None

    @property
    def progress(self) -> int:
        """Information lines received so far for the command in flight. A driver may extend a
        long command's deadline (AT+CMGL on a full SIM) while this grows; URCs never count."""
        return len(self._lines)

    def _clear_command(self) -> None:
        self._command = ""
        self._echo = ""
        self._expects: frozenset[str] = frozenset()
        self._body = ""
        self._lines: list[str] = []
        self._chars = 0
        self._dropped = 0
        self._max_lines = MAX_RESPONSE_LINES
        self._verbose_after = False
        self._data_line_next = False

    def _fire(self, trigger: Trigger) -> None:
        self._state = next_state(self._state, trigger, self._command or None)

    # --- writing -------------------------------------------------------------------------

    def send(
        self,
        command: str,
        *,
        expects: str | Iterable[str] | None = None,
        prompt: bool | None = None,
        max_lines: int | None = None,
    ) -> bytes:
        """Start a command; return the bytes to write ("AT+CMGS=23\\r").

        `command` with or without its "AT". `expects`: the prefix (or prefixes) of its
        information lines; None derives them from the command (`expected_prefixes`), "" means
        none. `prompt`: the modem will answer "> " and wait for a body; None decides from the
        command (AT+CMGS=, AT+CMGW, AT+CMGC=). `max_lines`: keep at most this many
        information lines (default MAX_RESPONSE_LINES; the rest are counted in
        `Response.dropped`). Raises ProtocolStateError while another command is in flight.
        """
        command = command.strip()
        if command[:2].upper() != "AT":
            command = "AT" + command
        if "\r" in command or "\n" in command or "\x1a" in command or "\x1b" in command:
            raise ValueError(f"a command line cannot hold CR, LF, Ctrl-Z or ESC: {command!r}")
        data = (command + "\r").encode("latin-1")
        info = self._info_cache.get(command)
        if info is None:
            info = analyse(command, self._response_urcs)
            if len(self._info_cache) > 1024:
                self._info_cache.clear()
            self._info_cache[command] = info
        if prompt is None:
            prompt = info.prompt
        self._fire(Trigger.SEND_PROMPTED if prompt else Trigger.SEND)
        self._command = command
        self._echo = command.upper()
        self._lines = []
        self._chars = 0
        self._dropped = 0
        self._max_lines = MAX_RESPONSE_LINES if max_lines is None else max_lines
        self._body = ""
        self._data_line_next = False
        if expects is None:
            self._expects = info.expects
        elif isinstance(expects, str):
            self._expects = frozenset([expects]) if expects else frozenset()
        else:
            self._expects = frozenset(expects)
        self._verbose_after = info.numeric is False  # its own result may be numeric still
        if info.numeric:
            self.numeric = True
        return data

    def send_body(self, body: str) -> bytes:
        """After a `Prompt`: the body (PDU hex or text) and Ctrl-Z, as bytes to write."""
        if "\x1a" in body or "\x1b" in body:
            raise ValueError("an SMS body cannot hold Ctrl-Z or ESC")
        data = body.encode("latin-1") + CTRL_Z
        self._fire(Trigger.SEND_BODY)
        self._body = body.upper()
        return data

    def cancel_body(self) -> bytes:
        """Abort a prompted command (ESC). Most modems then end it with OK or ERROR; some
        say nothing, which the driver's deadline and `reset()` cover."""
        self._fire(Trigger.CANCEL_BODY)
        return ESC

    def reset(self) -> None:
        """Forget the command in flight and any half-received line (after a resync).

        A multi-line URC cut short is still delivered, with what was received of it.
        """
        self._flush_pending()
        self._reader.drop_tail()
        self._state = State.IDLE
        self._clear_command()

    # --- reading -------------------------------------------------------------------------

    def receive_data(self, data: bytes | bytearray | memoryview) -> None:
        """Feed bytes read from the port. Never raises, whatever the bytes."""
        if data:
            for line in self._reader.feed(data):
                self._on_line(line)
        if self._state is State.WAITING_PROMPT and self._reader.tail_is_prompt():
            self._reader.drop_tail()
            self._on_prompt()

    def next_event(self) -> Event | None:
        """The next event, or None when more bytes are needed."""
        if self._events:
            return self._events.popleft()
        return None

    def events(self) -> list[Event]:
        """All events available now (convenience for tests and batch callers)."""
        out = list(self._events)
        self._events.clear()
        return out

    # --- classification ------------------------------------------------------------------

    def _on_prompt(self) -> None:
        self._fire(Trigger.PROMPT)
        self._events.append(Prompt(self._command))

    def _on_line(self, line: str) -> None:
        if self._pending is not None and self._continue(line):
            return
        state = self._state
        if state is State.IDLE:
            self._urc(line, unknown_ok=True)
            return
        if self._echo and line[:2].upper() == "AT" and line.upper() == self._echo:
            self._echo = ""  # ATE1: our own command coming back
            return
        if line[0] == ">" and state is not State.WAITING_RESPONSE:
            rest = line[1:].strip()
            if state is State.WAITING_PROMPT:
                self._on_prompt()
                if not rest:
                    return
                line = rest  # "> 0791..." : the prompt and the echoed body on one line
                state = self._state
            elif not rest:
                return
        final = parse_final(line, numeric=self.numeric, extra=self._finals)
        if final is not None:
            self._finish(final[0], final[1], line)
            return
        if self._data_line_next:
            # The text of a text-mode SMS (after its +CMGR/+CMGL header) is data, even when
            # it reads "RING" or "+CMTI: ...".
            self._data_line_next = False
            self._keep(line)
            return
        if state is State.WAITING_BODY_RESULT and self._is_body_echo(line):
            return
        name = _name_of(line)
        if name is not None and name in self._expects:
            spec = self._named.get(name)
            if spec is None or (spec.response and self._is_answer(name, line)):
                self._keep(line)
                if name in _TEXT_HEADERS:
                    self._data_line_next = text_mode_header(name, line)
                return
        if self._urc(line, unknown_ok=False, name=name):
            return
        if name is not None and self._expects:
            # "+XYZ: ..." that the command does not expect and no table knows: a stray (a late
            # answer, noise), not part of this answer; it is handed on as an unknown URC.
            # Commands answered under other names (vendor ICCID queries) pass expects="".
            self._events.append(Urc(name, line.partition(":")[2].strip(), None, False))
            return
        self._keep(line)

    def _keep(self, line: str) -> None:
        """Add an information line to the response, within its bounds."""
        if len(self._lines) >= self._max_lines or self._chars + len(line) > MAX_RESPONSE_CHARS:
            self._dropped += 1
            return
        self._lines.append(line)
        self._chars += len(line)

    def _is_answer(self, name: str, line: str) -> bool:
        """Whether an expected line of a response-or-URC name has the answer's shape."""
        pattern = self._answers.get(name)
        return pattern is None or pattern.match(line.partition(":")[2].strip()) is not None

    def _is_body_echo(self, line: str) -> bool:
        body = self._body
        if not body:
            return False
        text = line.lstrip("> ").rstrip("\x1a\x1b ").upper()
        return bool(text) and text in body

    def _finish(self, kind: ResultKind, code: int | None, line: str) -> None:
        self._flush_pending()
        self._fire(Trigger.FINAL)
        self._events.append(
            Response(self._command, tuple(self._lines), kind, code, line, self._dropped)
        )
        if self._verbose_after:
            self.numeric = False
        self._clear_command()

    def _urc(self, line: str, *, unknown_ok: bool, name: str | None = None) -> bool:
        """Emit (or start collecting) the URC `line` is; False if it is none we know."""
        if name is None:
            name = _name_of(line)
        spec = None
        value = ""
        if name is not None:
            spec = self._named.get(name)
            if spec is not None:
                value = line.partition(":")[2].strip()
        if spec is None:
            spec = self._bare.get(line)
            if spec is None:
                if self.numeric and line == NUMERIC_RING:
                    self._events.append(Urc("RING"))
                    return True
                colon = line.find(":")
                if colon > 0 and name is None:
                    spec = self._bare.get(line[:colon].rstrip())
                    if spec is not None:
                        value = line[colon + 1 :].strip()
        if spec is None:
            if not unknown_ok:
                return False
            if name is not None:
                self._events.append(Urc(name, line.partition(":")[2].strip(), None, False))
            else:
                self._events.append(Urc("", line, None, False))
            return True
        open_quote = spec.quoted and value.count('"') % 2 == 1
        if open_quote or (spec.lines > 1 and (not spec.pdu_only or _is_length(value))):
            self._pending = _Pending(spec, value)
        else:
            self._events.append(Urc(spec.prefix, value))
        return True

    def _continue(self, line: str) -> bool:
        """Give `line` to the URC being collected; False if it ends that URC unfinished."""
        pending = self._pending
        assert pending is not None
        spec = pending.spec
        if spec.quoted and pending.value.count('"') % 2:
            if self._state in IN_FLIGHT and parse_final(line, numeric=self.numeric) is not None:
                self._flush_pending()  # a lost quote must not swallow the command's result
                return False
            pending.value += "\n" + line
            pending.lines += 1
            if not pending.value.count('"') % 2 or pending.lines >= MAX_URC_LINES:
                self._flush_pending()
            return True
        self._pending = None
        self._events.append(Urc(spec.prefix, pending.value, line))
        return True

    def _flush_pending(self) -> None:
        pending = self._pending
        if pending is not None:
            self._pending = None
            self._events.append(Urc(pending.spec.prefix, pending.value))


# Info lines whose text-mode form is followed by a line of message text (TS 27.005 §4.1).
_TEXT_HEADERS = frozenset({"+CMGR", "+CMGL"})


def _is_length(value: str) -> bool:
    """A PDU-mode header value: just <length> (tolerating an empty <alpha> before it)."""
    return value.lstrip(", ").isdigit()


def _name_of(line: str) -> str | None:
    """The name "+CMTI" for '+CMTI: "SM",3'; None for lines without a "+NAME:" head."""
    if line[0] in NAME_MARKS:
        colon = line.find(":")
        if colon > 1:
            return line[:colon].rstrip().upper()
    return None
