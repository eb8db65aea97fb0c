"""The transition table: every caller-triggered edge allowed or refused as documented."""

from __future__ import annotations

import pytest

from modem.at.state import TRANSITIONS, ProtocolStateError, State, Trigger, next_state
from modem.errors import AtError


def test_documented_edges():
    assert next_state(State.IDLE, Trigger.SEND) is State.WAITING_RESPONSE
    assert next_state(State.IDLE, Trigger.SEND_PROMPTED) is State.WAITING_PROMPT
    assert next_state(State.WAITING_PROMPT, Trigger.PROMPT) is State.SENDING_BODY
    assert next_state(State.SENDING_BODY, Trigger.SEND_BODY) is State.WAITING_BODY_RESULT
    assert next_state(State.SENDING_BODY, Trigger.CANCEL_BODY) is State.WAITING_RESPONSE
    assert next_state(State.WAITING_PROMPT, Trigger.CANCEL_BODY) is State.WAITING_RESPONSE
    for state in State:
        if state is not State.IDLE:
            assert next_state(state, Trigger.FINAL) is State.IDLE


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("trigger", [Trigger.SEND, Trigger.SEND_BODY, Trigger.CANCEL_BODY])
def test_caller_triggers_outside_the_table_raise(state, trigger):
    if (state, trigger) in TRANSITIONS:
        next_state(state, trigger)
    else:
        with pytest.raises(ProtocolStateError) as info:
            next_state(state, trigger, "AT+CSQ")
        assert isinstance(info.value, AtError) and isinstance(info.value, RuntimeError)
        assert "AT+CSQ" in str(info.value)


def test_one_command_at_a_time():
    for state in State:
        if state is not State.IDLE:
            assert (state, Trigger.SEND) not in TRANSITIONS
            assert (state, Trigger.SEND_PROMPTED) not in TRANSITIONS
