"""The state machine (modem/store/states.py): the tables, the derivations, and properties
that hold for every reachable history (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modem.errors import ModemError
from modem.store import states
from modem.store.errors import IllegalTransition
from modem.vocabulary import MessageState, PartState, ReportOutcome

M, P = MessageState, PartState


def test_every_state_word_has_a_row() -> None:
    assert set(states.PART_TRANSITIONS) == set(PartState)
    assert set(states.RECIPIENT_TRANSITIONS) == set(MessageState) - {M.RECEIVED}
    assert set(states.MESSAGE_TRANSITIONS) == set(MessageState) - {M.RECEIVED}


def test_final_states_allow_no_change() -> None:
    for state in MessageState:
        if state.final and state is not M.RECEIVED:
            assert states.RECIPIENT_TRANSITIONS[state] == frozenset()


def test_a_refused_change_names_from_and_to() -> None:
    with pytest.raises(IllegalTransition, match="part state cannot change from sent to queued"):
        states.check_part(P.SENT, P.QUEUED)
    with pytest.raises(IllegalTransition, match=r"recipient .* from delivered to sent"):
        states.check_recipient(M.DELIVERED, M.SENT)
    with pytest.raises(IllegalTransition, match="from received to queued"):
        states.check_message(M.RECEIVED, M.QUEUED)
    assert issubclass(IllegalTransition, RuntimeError)  # a bug, not a user's error
    assert not issubclass(IllegalTransition, ModemError)


def test_staying_is_not_a_change() -> None:
    states.check_part(P.DELIVERED, P.DELIVERED)
    states.check_recipient(M.SENT, M.SENT)


def test_a_confirmed_part_is_never_queued_again() -> None:
    for state in (P.SENT, P.UNKNOWN, P.DELIVERED, P.UNDELIVERED):
        assert P.QUEUED not in states.PART_TRANSITIONS[state]
        assert P.SENDING not in states.PART_TRANSITIONS[state]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([P.SENT], M.SENT),
        ([P.SENT, P.DELIVERED], M.SENT),  # without every report it stays sent
        ([P.UNKNOWN, P.DELIVERED], M.SENT),
        ([P.DELIVERED, P.DELIVERED], M.DELIVERED),
        ([P.DELIVERED, P.UNDELIVERED], M.PARTIALLY_DELIVERED),
        ([P.UNDELIVERED, P.UNDELIVERED], M.UNDELIVERED),
        ([P.DELIVERED, P.FAILED], M.FAILED),  # one part failed: the recipient failed
        ([P.SENT, P.QUEUED], None),
        ([P.SENDING], None),
    ],
)
def test_recipient_state_from_parts(parts, expected) -> None:
    assert states.recipient_state(parts) == expected


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        ([M.QUEUED, M.QUEUED], M.QUEUED),
        ([M.SENT, M.QUEUED], M.SENDING),
        ([M.EXPIRED, M.QUEUED], M.QUEUED),
        ([M.SENT, M.FAILED], M.SENT),
        ([M.DELIVERED, M.FAILED], M.PARTIALLY_DELIVERED),
        ([M.UNDELIVERED, M.FAILED], M.UNDELIVERED),
        ([M.FAILED, M.EXPIRED], M.FAILED),
        ([M.DELIVERED, M.DELIVERED], M.DELIVERED),
    ],
)
def test_message_state_from_recipients(recipients, expected) -> None:
    assert states.message_state(recipients) == expected


def test_reports_move_parts() -> None:
    after = states.part_after_report
    assert after(P.SENT, ReportOutcome.DELIVERED) is P.DELIVERED
    assert after(P.SENT, ReportOutcome.PENDING) is P.SENT
    assert after(P.UNKNOWN, ReportOutcome.PENDING) is P.SENT  # now known to be out
    assert after(P.UNKNOWN, ReportOutcome.UNDELIVERED) is P.UNDELIVERED
    assert after(P.DELIVERED, ReportOutcome.UNDELIVERED) is P.DELIVERED  # first final stands
    assert after(P.QUEUED, ReportOutcome.DELIVERED) is P.QUEUED


_OUT = [P.SENT, P.UNKNOWN, P.DELIVERED, P.UNDELIVERED]


@given(st.lists(st.sampled_from(_OUT), min_size=1, max_size=6), st.data())
def test_reports_only_move_a_recipient_forward(parts, data) -> None:
    """Whatever reports come, in any order, a sent recipient moves only as the table
    allows, and a final one is never left."""
    current = states.recipient_state(parts)
    assert current in states.RECIPIENT_TRANSITIONS[M.SENDING]
    for _ in range(8):
        i = data.draw(st.integers(0, len(parts) - 1))
        outcome = data.draw(st.sampled_from(list(ReportOutcome)))
        new_part = states.part_after_report(parts[i], outcome)
        states.check_part(parts[i], new_part)
        parts[i] = new_part
        derived = states.recipient_state(parts)
        if current is M.SENT:
            states.check_recipient(current, derived)
            current = derived
        if current is M.DELIVERED:
            assert all(p is P.DELIVERED for p in parts)


# A message's recipients go through the pool's actions; some act on all of them at once
# (they share send_at, expires_at and cancellation). At every step the message's summary
# must change only as MESSAGE_TRANSITIONS allows.
_ACTIONS = ["promote", "expire", "cancel", "claim", "end", "report", "fail"]
_ENDS = sorted(states.RECIPIENT_TRANSITIONS[M.SENDING], key=str)
_REPORTED = (M.DELIVERED, M.PARTIALLY_DELIVERED, M.UNDELIVERED)


def _step(recipients: list[MessageState], action: str, i: int, to: MessageState) -> None:
    if action == "promote":
        recipients[:] = [M.QUEUED if r is M.SCHEDULED else r for r in recipients]
    elif action == "expire":
        waiting = (M.SCHEDULED, M.QUEUED)
        recipients[:] = [M.EXPIRED if r in waiting else r for r in recipients]
    elif action == "cancel":
        if all(r in (M.SCHEDULED, M.QUEUED) for r in recipients):
            recipients[:] = [M.CANCELED] * len(recipients)
    elif action == "claim" and recipients[i] is M.QUEUED:
        recipients[i] = M.SENDING
    elif action == "fail" and recipients[i] is M.QUEUED:
        recipients[i] = M.FAILED
    elif (action, recipients[i]) == ("end", M.SENDING) or (
        (action, recipients[i]) == ("report", M.SENT) and to in _REPORTED
    ):
        recipients[i] = to


@settings(max_examples=300)
@given(
    st.integers(1, 4),
    st.booleans(),
    st.lists(
        st.tuples(st.sampled_from(_ACTIONS), st.integers(0, 3), st.sampled_from(_ENDS)),
        max_size=25,
    ),
)
def test_a_message_summary_moves_only_as_its_table_allows(count, scheduled, actions) -> None:
    recipients = [M.SCHEDULED if scheduled else M.QUEUED] * count
    summary = states.message_state(recipients)
    for action, i, to in actions:
        before = list(recipients)
        _step(recipients, action, i % count, to)
        for old, new in zip(before, recipients, strict=True):
            states.check_recipient(old, new)
        new_summary = states.message_state(recipients)
        states.check_message(summary, new_summary)
        summary = new_summary
