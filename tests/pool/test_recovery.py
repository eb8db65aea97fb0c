"""What a pool does at start with the work its node left behind when it died: parts the
network confirmed never go again; the part in flight is sent again (at-least-once) or marked
unknown (at-most-once); the rest goes through the modem that began the message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modem.pool import SendRequest
from modem.store import Slot

from .conftest import OUTSIDE, gateway, with_config


@pytest.mark.parametrize("semantics", ["at_least_once", "at_most_once"])
async def test_a_restart_takes_back_what_the_last_life_left(tmp_path: Path, semantics: str) -> None:
    config = with_config(crash_semantics=semantics)
    async with gateway(tmp_path, ("sim0", "sim1"), config=config, start=False) as g:
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="w" * 400))  # 3 parts
        # the last life: part 1 went out on sim0, part 2 was being written when it died
        now = datetime.now(UTC)
        claim = await g.store.claim(Slot("sim0", "test", now + timedelta(minutes=5)), now)
        await g.store.part_sending(claim, 1)
        await g.store.part_sent(claim, 1, reference=200, sent_at=now)
        await g.store.part_sending(claim, 2)
        await g.pool.start()  # the same node: its claims are taken back at once
        done = await g.settled(message.id)
        parts = done.recipients[0].parts
        assert parts[0].reference == 200  # never sent again
        sim0 = [s.udh.concat.sequence for s in g.sent_by("sim0")]
        assert g.sent_by("sim1") == []  # the rest through the modem that began it
        if semantics == "at_least_once":
            assert [p.state for p in parts] == ["sent", "sent", "sent"]
            assert sim0 == [2, 3]
        else:
            assert [p.state for p in parts] == ["sent", "unknown", "sent"]
            assert sim0 == [3]
        assert done.recipients[0].attempts == 2


async def test_a_dead_nodes_claims_are_taken_over_when_its_lease_ends(tmp_path: Path) -> None:
    config = with_config(lease=timedelta(seconds=3))  # looked after every second
    async with gateway(tmp_path, ("sim0",), config=config, start=False) as g:
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="orphan"))
        # another node claimed it for a second and died before sending anything
        now = datetime.now(UTC)
        assert await g.store.claim(Slot("sim0", "elsewhere", now + timedelta(seconds=1)), now)
        await g.pool.start()
        done = await g.settled(message.id, timeout=30)
        assert done.state == "sent" and done.recipients[0].attempts == 2
        history = await g.pool.history(message.id)
        assert any("elsewhere" in (h.detail or "") for h in history)
