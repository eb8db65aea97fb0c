"""One write job's changes, kept together: state changes checked by the state machine, each
with its history line, and at the end the messages' summaries and one outbox event per
recipient whose state changed, all in the job's transaction.

A job makes a `Changes`, records parts and recipients changing through it, and calls
`done()`, which recomputes each touched message's state (`states.message_state`), writes the
events (each carrying the message as it now stands) and returns the messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modem.store import states
from modem.store.outbox import event_message
from modem.store.records import Error, Message
from modem.store.sqlite.codec import dumps, error_out
from modem.store.sqlite.engine import Tx
from modem.store.sqlite.load import load_message
from modem.vocabulary import EventType, MessageState, PartState, new_id

__all__ = ["Changes", "add_event", "add_history"]

_HISTORY = (
    "INSERT INTO history (message_id, at, source, state, part_state, recipient, part, code,"
    " raw, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def add_history(
    conn: Any,
    message_id: str,
    at: int,
    source: str,
    *,
    state: str | None = None,
    part_state: str | None = None,
    recipient: str | None = None,
    part: int | None = None,
    code: int | None = None,
    raw: str | None = None,
    detail: str | None = None,
) -> None:
    conn.execute(
        _HISTORY, (message_id, at, source, state, part_state, recipient, part, code, raw, detail)
    )


def add_event(
    tx: Tx,
    type_: EventType,
    at: int,
    data: Mapping[str, Any],
    *,
    message_id: str | None = None,
    modem_id: str | None = None,
) -> int:
    """Write one outbox event; its seq (commit order: there is one writer)."""
    cur = tx.conn.execute(
        "INSERT INTO events (id, type, created_at, message_id, modem_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (new_id("evt"), str(type_), at, message_id, modem_id, dumps(dict(data))),
    )
    seq = int(cur.lastrowid)
    tx.event_seq = max(tx.event_seq, seq)
    return seq


@dataclass
class _Touched:
    old_state: str
    events: list[tuple[str | None, EventType]] = field(default_factory=list)
    recipients_changed: bool = False


class Changes:
    """The changes of one job (module docstring). `at` is the job's time in microseconds."""

    def __init__(self, tx: Tx, at: int) -> None:
        self.tx = tx
        self.conn = tx.conn
        self.at = at
        self._touched: dict[str, _Touched] = {}

    def touch(self, message_id: str) -> None:
        """The message changed (its `updated_at` moves, its state is recomputed)."""
        if message_id not in self._touched:
            row = self.conn.execute(
                "SELECT state FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            self._touched[message_id] = _Touched(row["state"])

    def history(self, message_id: str, source: str, **fields: Any) -> None:
        self.touch(message_id)
        add_history(self.conn, message_id, self.at, source, **fields)

    def part(
        self,
        message_id: str,
        idx: int,
        seq: int,
        frm: PartState | str,
        to: PartState,
        columns: Mapping[str, Any] | None = None,
    ) -> None:
        """Move one part from `frm` to `to` (checked), setting `columns` too."""
        states.check_part(frm, to)
        values = {"state": str(to), **(columns or {})}
        sets = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(
            f"UPDATE parts SET {sets} WHERE message_id = ? AND idx = ? AND seq = ?",
            (*values.values(), message_id, idx, seq),
        )
        self.touch(message_id)

    def recipient(
        self,
        message_id: str,
        idx: int,
        number: str,
        frm: MessageState | str,
        to: MessageState,
        source: str,
        *,
        error: Error | None = None,
        detail: str | None = None,
        columns: Mapping[str, Any] | None = None,
    ) -> None:
        """Move one recipient from `frm` to `to` (checked), with its history line; the event
        is written by `done()`. `error` (when given) becomes its last error."""
        states.check_recipient(frm, to)
        values: dict[str, Any] = {"state": str(to), "updated_at": self.at, **(columns or {})}
        if error is not None:
            values["error"] = error_out(error)
        sets = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(
            f"UPDATE recipients SET {sets} WHERE message_id = ? AND idx = ?",
            (*values.values(), message_id, idx),
        )
        self.touch(message_id)
        self._touched[message_id].recipients_changed = True
        add_history(
            self.conn,
            message_id,
            self.at,
            source,
            state=str(to),
            recipient=number,
            code=None if error is None else error.code,
            raw=None if error is None else error.raw,
            detail=detail or (None if error is None else error.message),
        )
        if frm != to:
            self._touched[message_id].events.append((number, EventType.for_state(to)))

    def created(self, message_id: str, state: str, numbers: list[str], source: str) -> None:
        """A message just inserted in `state` (its recipients too): history and events."""
        touched = self._touched[message_id] = _Touched(state)  # its summary is `state`
        type_ = EventType.for_state(MessageState(state))
        for number in numbers:
            add_history(self.conn, message_id, self.at, source, state=state, recipient=number)
            touched.events.append((number, type_))

    def event(self, message_id: str, type_: EventType, number: str | None = None) -> None:
        """An event about the message that is not a recipient's state change (report
        overdue, received): written by `done()` with the message as it then stands."""
        self.touch(message_id)
        self._touched[message_id].events.append((number, type_))

    def done(self, *, load: bool = True) -> dict[str, Message]:
        """Recompute the state of each touched message whose recipients changed, write its
        events; the messages as they now stand (only those with events when not `load`:
        reading a whole message back is the costliest part of a small write)."""
        out = {}
        for message_id, touched in self._touched.items():
            if touched.recipients_changed:
                self._summarise(message_id, touched.old_state)
            else:
                self.conn.execute(
                    "UPDATE messages SET updated_at = ? WHERE id = ?", (self.at, message_id)
                )
            if not (load or touched.events):
                continue
            message = load_message(self.conn, message_id)
            assert message is not None
            out[message_id] = message
            if touched.events:
                self._events(message, touched.events)
        self._touched.clear()
        return out

    def _summarise(self, message_id: str, old_state: str) -> None:
        """The message's state from its recipients' (outbound; inbound has none)."""
        rows = self.conn.execute(
            "SELECT state, error FROM recipients WHERE message_id = ? ORDER BY idx",
            (message_id,),
        ).fetchall()
        if not rows:
            self.conn.execute(
                "UPDATE messages SET updated_at = ? WHERE id = ?", (self.at, message_id)
            )
            return
        new = str(states.message_state(r["state"] for r in rows))
        states.check_message(old_state, new)
        error = None
        if MessageState(new).final and new != MessageState.DELIVERED:
            error = next((r["error"] for r in rows if r["error"]), None)
        self.conn.execute(
            "UPDATE messages SET state = ?, error = ?, updated_at = ? WHERE id = ?",
            (new, error, self.at, message_id),
        )

    def _events(self, message: Message, events: list[tuple[str | None, EventType]]) -> None:
        whole = message.to_json()
        for number, type_ in events:
            modem_id = message.modem_id
            if number is not None:
                modem_id = message.recipient(number).modem_id
            add_event(
                self.tx,
                type_,
                self.at,
                {"message": event_message(message, number, whole), "recipient": number},
                message_id=message.id,
                modem_id=modem_id,
            )
