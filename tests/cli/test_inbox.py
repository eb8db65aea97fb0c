"""`modem inbox` shows messages, not parts: concatenated parts joined, incomplete ones marked
with what is missing, flash messages marked; `--parts` for the parts as stored.

The joining is pure (cli/joined.py) and tested on its own first, including the hard case of a
reference the same sender reused; then through the real command against a simulated modem."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cli.joined import InboxMessage, join
from modem.at.info import MessageStatus
from modem.device import StoredMessage
from modem.sms import MessageClass, delivers, encode_pdu

from .conftest import clear, number, port, run

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def parts(text: str, *, reference: int, at: datetime, sender: str = "+4712345678", **kw):
    return delivers(sender, text, at, reference=reference, **kw)


def stored(*tpdus, start: int = 1, status: int = MessageStatus.REC_READ) -> list[StoredMessage]:
    return [
        StoredMessage("SM", start + i, status, encode_pdu(t, smsc=True).hex(), t)
        for i, t in enumerate(tpdus)
    ]


def texts(entries) -> list[tuple[str, bool, tuple[int, ...], list[int]]]:
    return [(e.whole.text, e.whole.complete, e.whole.missing, e.indexes) for e in entries]


def test_parts_join_into_messages_in_any_order() -> None:
    a = parts("a" * 400, reference=7, at=T0)  # 3 parts
    b = parts("short", reference=0, at=T0)
    entries = join(stored(a[2], b[0], a[0], a[1]))
    assert texts(entries) == [("a" * 400, True, (), [1, 3, 4]), ("short", True, (), [2])]


def test_missing_parts_are_named() -> None:
    a = parts("b" * 500, reference=9, at=T0)  # 4 parts
    (entry,) = join(stored(a[0], a[3]))
    assert isinstance(entry, InboxMessage)
    assert not entry.whole.complete and entry.whole.missing == (2, 3) and entry.total == 4


def test_a_reused_reference_keeps_two_messages_apart() -> None:
    """Same sender, reference and part count, stored interleaved: a Reassembler fed in
    storage order would glue part 1 of one to part 2 of the other."""
    old = parts("o" * 300, reference=42, at=T0)
    new = parts("n" * 300, reference=42, at=T0 + timedelta(days=2))
    entries = join(stored(old[0], new[0], new[1], old[1]))
    assert texts(entries) == [("o" * 300, True, (), [1, 4]), ("n" * 300, True, (), [2, 3])]
    # Each missing a different part: two incomplete messages, not one "complete" mix.
    entries = join(stored(old[0], new[1]))
    assert texts(entries) == [
        ("o" * 153, False, (2,), [1]),
        ("n" * 147, False, (1,), [2]),
    ]
    # Sent again soon after (a random reference that collided): told apart by content.
    again = parts("m" * 300, reference=42, at=T0 + timedelta(seconds=30))
    entries = join(stored(old[0], again[0], old[1], again[1]))
    assert sorted(e.whole.text for e in entries) == ["m" * 300, "o" * 300]


def test_a_copy_of_a_part_stays_with_its_message() -> None:
    a = parts("c" * 300, reference=3, at=T0)
    (entry,) = join(stored(a[0], a[1], a[0]))
    assert entry.whole.complete and entry.whole.text == "c" * 300 and entry.indexes == [1, 2, 3]


def test_flash_and_unread() -> None:
    (flash,) = parts("look now", reference=0, at=T0, message_class=MessageClass.CLASS_0)
    (entry,) = join(stored(flash, status=MessageStatus.REC_UNREAD))
    assert entry.flash and entry.unread


# --- through the command -------------------------------------------------------------------------


def inject(served, to: str, *tpdus) -> None:
    for tpdu in tpdus:
        pdu = encode_pdu(tpdu, smsc=True).hex()
        served.call(lambda net, pdu=pdu: net.inject_sms(to=to, pdu=pdu))


def test_inbox_shows_messages(served) -> None:
    sim1 = port(served, "sim1")
    to = number(served, "sim1")
    clear(served, "sim1")
    long = parts("L" * 450, reference=5, at=T0)  # 3 parts
    gap = parts("G" * 600, reference=6, at=T0)  # 4 parts, 2 and 3 lost
    (flash,) = parts("flash!", reference=0, at=T0, message_class=MessageClass.CLASS_0)
    inject(served, to, long[1], gap[0], long[0], flash, long[2], gap[3])

    code, out, err = run("inbox", "--port", sim1)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 3, out
    assert lines[0].startswith("[SM 1,3,5] ") and "(3 parts): " + "L" * 450 in lines[0]
    assert lines[1].startswith("[SM 2,6] ") and "(incomplete: parts 2, 3 of 4 missing)" in lines[1]
    assert lines[2].startswith("[SM 4] ") and "(flash): flash!" in lines[2]

    code, out, err = run("inbox", "--port", sim1, "--json")
    assert code == 0, err
    messages = [json.loads(line) for line in out.splitlines()]
    assert [(m["type"], m["indexes"], m["complete"], m["missing"]) for m in messages] == [
        ("sms.message", [1, 3, 5], True, []),
        ("sms.message", [2, 6], False, [2, 3]),
        ("sms.message", [4], True, []),
    ]
    assert messages[0]["text"] == "L" * 450 and messages[0]["concat"]["total"] == 3
    assert messages[2]["flash"] is True and messages[2]["class"] == 0
    assert messages[0]["sender"] == "+4712345678" and messages[0]["timestamp"]

    code, out, err = run("inbox", "--port", sim1, "--parts", "--json")
    assert code == 0, err
    assert [json.loads(line)["index"] for line in out.splitlines()] == [1, 2, 3, 4, 5, 6]
    code, out, _ = run("inbox", "--port", sim1, "--parts")
    assert len(out.splitlines()) == 6 and "(part 2/3)" in out.splitlines()[0]

    code, out, err = run("inbox", "read", "3", "--port", sim1, "--json")
    assert code == 0 and json.loads(out)["text"] == "L" * 450, err
    code, out, err = run("inbox", "read", "3", "--port", sim1, "--parts", "--json")
    assert code == 0 and json.loads(out)["text"] == "L" * 153, err

    code, out, err = run("inbox", "delete", "3", "--port", sim1)  # the whole message goes
    assert code == 0 and "deleted 3 stored part(s)" in out, err
    code, out, _ = run("inbox", "--port", sim1, "--json")
    assert [m["indexes"] for m in [json.loads(line) for line in out.splitlines()]] == [[2, 6], [4]]
    code, out, err = run("inbox", "delete", "6", "--parts", "--port", sim1)  # only that part
    assert code == 0 and "deleted 1 stored part(s)" in out, err
    code, out, _ = run("inbox", "--port", sim1, "--json")
    assert [m["indexes"] for m in [json.loads(line) for line in out.splitlines()]] == [[2], [4]]
    code, _, err = run("inbox", "delete", "2", "--all", "--port", sim1)  # which one was meant?
    assert code == 2 and err == "error: give the indexes to delete or --all, not both\n", err
    code, out, _ = run("inbox", "--port", sim1, "--json")
    assert len(out.splitlines()) == 2  # nothing was deleted
