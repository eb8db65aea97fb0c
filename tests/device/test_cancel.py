"""Cancellation at every await of a multi-part send (issue 14, item 7 and "Build"): whenever the
caller's task is cancelled, the port stays usable, and each part is either sent (reported),
unknown (its body was written: reported as "unknown" to on_part) or not sent (no body went
out); no body is ever written twice."""

from __future__ import annotations

import asyncio

import pytest

from modem.config import Timeouts
from modem.device import Modem

from .fakemodem import fake_modem

pytestmark = pytest.mark.timeout(120)

QUICK = Timeouts(command=0.5, prompt=0.5, send=0.5, list=2.0, probe=0.2, ack=2.0)
TEXT = "k" * 400  # three parts


def _sequences(bodies: list[str]) -> list[int]:
    from modem.sms import decode_pdu

    return [decode_pdu(body[: -len("<SUB>")]).concat.sequence - 1 for body in bodies]


async def test_a_multipart_send_cancelled_at_every_step() -> None:
    async with fake_modem() as (url, fake):
        modem = await Modem(url, timeouts=QUICK).open(scan=False)
        try:
            step, outcomes = 0, set()
            while True:
                assert (await modem.command("AT", check=False)).ok  # usable (resynced)
                start = len(fake.log)
                seen = []
                task = asyncio.ensure_future(
                    modem.send_sms("+4712345678", TEXT, on_part=seen.append, retries=0)
                )
                for _ in range(step):
                    await asyncio.sleep(0)
                cancelled = task.cancel()
                try:
                    await task
                    done = True
                except asyncio.CancelledError:
                    done = False
                bodies = [line for line in fake.log[start:] if line.endswith("<SUB>")]
                # every body that went out is reported once, in order; nothing else is
                assert [p.sequence for p in seen] == _sequences(bodies) == list(range(len(bodies)))
                assert all(p.outcome == "sent" for p in seen[:-1])
                if seen and seen[-1].outcome == "unknown":
                    assert not done and seen[-1].reference is None
                outcomes.add((len(bodies), seen[-1].outcome if seen else None, done))
                if done and not cancelled:
                    assert len(seen) == 3
                    break
                step += 1
                assert step < 2000, "the send never completed"
            # the stepping reached every kind of place: before anything, after each body,
            # between a body and its result, and the end
            assert (0, None, False) in outcomes and (3, "sent", True) in outcomes
            assert any(outcome == "unknown" for _, outcome, _ in outcomes)
            assert {n for n, _, _ in outcomes} == {0, 1, 2, 3}
        finally:
            await modem.close()
