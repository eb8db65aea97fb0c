"""The AT command state machine: one command in flight, and where it stands.

Theory of operation
===================

Rule 1: everything that decides *which state the conversation is in* lives here, as a table.
`protocol.py` reads lines and classifies them; it asks this module whether a transition is
allowed and what comes next.

Rule 2: URCs do not appear here. A modem may send an unsolicited result code in any state
(between commands, between a command's info lines, between the "> " prompt and the result),
and it never changes the state. That is the whole point: a URC is classified by what it is, not
by when it comes, so it can neither end a command nor be swallowed by one.

A command line goes through these states (TS 27.005 §3.5.1 for the prompted ones: AT+CMGS,
AT+CMGW, AT+CMGC):

    IDLE --send()--------------> WAITING_RESPONSE --final result--> IDLE
    IDLE --send(prompt=True)---> WAITING_PROMPT   --"> "----------> SENDING_BODY
                                 WAITING_PROMPT   --final result--> IDLE   (+CMS ERROR: 304)
                                 WAITING_PROMPT   --cancel_body()-> WAITING_RESPONSE (no prompt
                                                                    came: ESC, then wait)
    SENDING_BODY --send_body()---> WAITING_BODY_RESULT --final--> IDLE   (+CMGS: <mr> / OK)
    SENDING_BODY --cancel_body()-> WAITING_RESPONSE                      (ESC aborts the send)
    SENDING_BODY --final result--> IDLE                                  (the modem gave up)
    any state    --reset()-------> IDLE                                  (after a resync)

"Final result" is OK, ERROR, +CME ERROR, +CMS ERROR, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE,
CONNECT or a vendor final (see `results.py`). Triggers the caller causes (send, send_body,
cancel_body) raise `ProtocolStateError` when the table has no entry for them; triggers the modem
causes (prompt, final) are only looked for in states where the table allows them, so bytes from
the modem can never make the machine raise.
"""

from __future__ import annotations

from enum import Enum

from modem.errors import AtError

__all__ = ["TRANSITIONS", "ProtocolStateError", "State", "Trigger", "next_state"]


class State(Enum):
    __hash__ = object.__hash__  # members are singletons; the default hashes the name in Python

    IDLE = "idle"
    WAITING_RESPONSE = "waiting response"
    WAITING_PROMPT = "waiting prompt"
    SENDING_BODY = "sending body"
    WAITING_BODY_RESULT = "waiting body result"


class Trigger(Enum):
    __hash__ = object.__hash__

    SEND = "send"
    SEND_PROMPTED = "send (prompt)"
    PROMPT = "prompt"
    FINAL = "final result"
    SEND_BODY = "send_body"
    CANCEL_BODY = "cancel_body"


TRANSITIONS: dict[tuple[State, Trigger], State] = {
    (State.IDLE, Trigger.SEND): State.WAITING_RESPONSE,
    (State.IDLE, Trigger.SEND_PROMPTED): State.WAITING_PROMPT,
    (State.WAITING_RESPONSE, Trigger.FINAL): State.IDLE,
    (State.WAITING_PROMPT, Trigger.PROMPT): State.SENDING_BODY,
    (State.WAITING_PROMPT, Trigger.FINAL): State.IDLE,
    (State.WAITING_PROMPT, Trigger.CANCEL_BODY): State.WAITING_RESPONSE,
    (State.SENDING_BODY, Trigger.SEND_BODY): State.WAITING_BODY_RESULT,
    (State.SENDING_BODY, Trigger.CANCEL_BODY): State.WAITING_RESPONSE,
    (State.SENDING_BODY, Trigger.FINAL): State.IDLE,
    (State.WAITING_BODY_RESULT, Trigger.FINAL): State.IDLE,
}

#: States in which a command is in flight, so a final result code ends it.
IN_FLIGHT = frozenset(s for s in State if s is not State.IDLE)


class ProtocolStateError(AtError, RuntimeError):
    """The caller asked for something the state machine does not allow now (a second command
    while one is in flight, a body without a prompt). A bug in the caller, never in the bytes."""


def next_state(state: State, trigger: Trigger, command: str | None = None) -> State:
    """The state after `trigger` in `state`; ProtocolStateError when there is no such edge."""
    try:
        return TRANSITIONS[state, trigger]
    except KeyError:
        pending = f" ({command} is in flight)" if command else ""
        raise ProtocolStateError(f"cannot {trigger.value} while {state.value}{pending}") from None
