"""Fixtures for the store's own suite: every test runs against the interface through the
`store` fixture, once per backend in BACKENDS, on a real database (SQLite files in a tmp
dir). A backend is added by adding its name to BACKENDS and a branch to `Backend.make`; no
test outside the ones named for a backend reaches into its internals."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from modem.store import (
    Claim,
    IncomingPart,
    NewMessage,
    NewPart,
    NewRecipient,
    Slot,
    Store,
    store_for,
)

BACKENDS = ["sqlite"]

NUMBER = "+4915112345678"
#: An SMSC stamp with its own offset (kept as given).
SMSC_TIME = datetime(2026, 12, 6, 10, 0, 0, tzinfo=timezone(timedelta(hours=1)))


class Backend:
    """One database for a test, and stores on it (several may be open at once)."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        self.target = str(tmp_path / "gateway" / "modem.db")

    def make(self, **options: Any) -> Store:
        if self.name == "sqlite":
            return store_for(self.target, **options)
        raise ValueError(f"unknown backend {self.name}")

    async def opened(self, **options: Any) -> Store:
        store = self.make(**options)
        await store.open()
        await store.migrate()
        return store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return Backend(request.param, tmp_path)


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    s = await backend.opened()
    try:
        yield s
    finally:
        await s.close()


def now() -> datetime:
    return datetime.now(UTC)


def later(seconds: float) -> datetime:
    return now() + timedelta(seconds=seconds)


def outgoing(*numbers: str, parts: int = 1, **kw: Any) -> NewMessage:
    """A message to `numbers` (NUMBER if none) with `parts` planned parts each."""
    numbers = numbers or (NUMBER,)
    recipients = tuple(
        NewRecipient(n, [NewPart(f"0011000C91{i:02X}{seq:02X}", 20 + seq) for seq in range(parts)])
        for i, n in enumerate(numbers)
    )
    kw.setdefault("text", "hello")
    kw.setdefault("encoding", "gsm7")
    return NewMessage(recipients, **kw)


def slot(modem_id: str = "m1", node: str = "n1", groups: Iterable[str] = (), lease: float = 60):
    return Slot(modem_id, node, later(lease), tuple(groups))


async def send_parts(store: Store, claim: Claim, refs: Iterable[int] | None = None) -> None:
    """Send every queued part of a claim, with the given references (1, 2, ... if none)."""
    queued = [p for p in claim.parts if p.state == "queued"]
    refs = list(refs) if refs is not None else [p.seq for p in queued]
    for part, ref in zip(queued, refs, strict=True):
        await store.part_sending(claim, part.seq)
        await store.part_sent(claim, part.seq, reference=ref, sent_at=now())


async def send_one(store: Store, message: NewMessage, modem: str = "m1", refs=None) -> str:
    """Create, claim, send and finish a one-recipient message; its id."""
    created, _ = await store.create_message(message)
    claim = await store.claim(slot(modem), now())
    assert claim is not None and claim.message_id == created.id
    await send_parts(store, claim, refs)
    await store.finish(claim)
    return created.id


def incoming(
    text: str,
    *,
    sender: str = "+4917000000001",
    concat: tuple[int, int, int, int] | None = None,
    smsc_time: datetime | None = None,
    modem_id: str = "m1",
    sim: str | None = "262011234567890",
    token: dict[str, Any] | None = None,
) -> IncomingPart:
    return IncomingPart(
        modem_id=modem_id,
        sender=sender,
        text=text,
        pdu=f"07911326040000F0040B91{text.encode().hex().upper()}",
        received_at=now(),
        sim=sim,
        smsc_time=smsc_time or SMSC_TIME,
        encoding="gsm7",
        concat=concat,
        token=token,
    )
