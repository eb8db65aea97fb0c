"""Sending through the pool, as the simulated network sees it: retries under transient
errors, permanent refusals, parts whose outcome is unknown, status reports matched across
the 0-255 reference wrap-around, partially delivered messages."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from pathlib import Path

from modem.config import SendDefaults
from modem.config.pool import RetryConfig
from modem.pool import SendRequest
from modem.sim import FaultSpec, ModemSpec

from .conftest import FAST, MS, OUTSIDE, gateway, specs, until, with_config

REPORTS = SendDefaults(status_report=True)


def numbers_sent(g, *names: str) -> Counter[str]:
    """How often each destination number went to the SMSC, over the named modems."""
    return Counter(str(s.recipient) for name in names for s in g.sent_by(name))


async def test_transient_errors_are_retried_until_sent_and_nothing_goes_twice(
    tmp_path: Path,
) -> None:
    faults = dict(transient_error_rate=0.3, transient_errors=(500, 41, 42, 332))
    config = with_config(retries=RetryConfig(max_attempts=12, backoff=10 * MS,
                                             max_backoff=40 * MS))  # fmt: skip
    async with gateway(tmp_path, specs("sim0", "sim1", **faults), config=config) as g:
        numbers = [f"+4790{i:06d}" for i in range(40)]
        messages = [await g.pool.submit(SendRequest(to=n, text=f"hi {n}")) for n in numbers]
        done = [await g.settled(m.id, timeout=60) for m in messages]
        assert {m.state for m in done} == {"sent"}
        assert numbers_sent(g, "sim0", "sim1") == Counter(numbers)  # each once
        retried = [m for m in done if m.recipients[0].attempts > 1]
        assert retried, "a 30% error rate gave no retry"
        history = await g.pool.history(retried[0].id)
        assert any(h.code in (500, 41, 42, 332) for h in history)
        assert retried[0].recipients[0].parts[0].error is None  # the part that went: no error


async def test_a_permanent_refusal_fails_at_once_with_its_reason(tmp_path: Path) -> None:
    faults = dict(permanent_error_rate=1.0, permanent_errors=(21,))
    async with gateway(tmp_path, specs("sim0", **faults)) as g:
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="no"))
        done = await g.settled(message.id)
        recipient = done.recipients[0]
        assert done.state == "failed" and recipient.attempts == 1
        assert (recipient.error.source, recipient.error.kind, recipient.error.code) == (
            "network", "cms", 21,
        )  # fmt: skip
        assert "transfer rejected" in recipient.error.message.lower()
        assert recipient.error.raw == "+CMS ERROR: 21"
        assert g.sent_by("sim0") == []


async def test_out_of_retries_is_failed_with_the_last_reason(tmp_path: Path) -> None:
    faults = dict(transient_error_rate=1.0, transient_errors=(42,))
    config = with_config(retries=RetryConfig(max_attempts=3, backoff=MS, max_backoff=MS))
    async with gateway(tmp_path, specs("sim0", **faults), config=config) as g:
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="congested"))
        done = await g.settled(message.id, timeout=30)
        recipient = done.recipients[0]
        assert done.state == "failed" and recipient.attempts == 3
        assert recipient.error.code == 42 and "after 3 attempts" in recipient.error.message


async def test_an_unknown_outcome_is_never_resent_and_the_message_goes_on(
    tmp_path: Path,
) -> None:
    # The network answers AT+CMGS after 1 s, the driver gives up after 0.3 s: the body was
    # written, no result came. Each part is unknown; none goes twice; the next still goes.
    slow = [ModemSpec("sim0", faults=FaultSpec(sms_latency=1.0))]
    timeouts = dataclasses.replace(FAST, send=0.3)
    async with gateway(tmp_path, slow, latency_scale=1.0, timeouts=timeouts,
                       config=with_config(health=dataclasses.replace(
                           with_config().health, failures=10))) as g:  # fmt: skip
        message = await g.pool.submit(SendRequest(to=OUTSIDE, text="x" * 200))  # 2 parts
        done = await g.settled(message.id, timeout=30)
        recipient = done.recipients[0]
        assert [p.state for p in recipient.parts] == ["unknown", "unknown"]
        assert all(p.error.kind == "timeout" for p in recipient.parts)
        assert recipient.state == "sent" and recipient.attempts == 1
        await until(lambda: len(g.sent_by("sim0")) == 2)
        await asyncio.sleep(1.2)  # the late results of the second part would show a resend
        assert len(g.sent_by("sim0")) == 2


async def test_reports_match_their_parts_across_the_reference_wrap_around(
    tmp_path: Path,
) -> None:
    # 300 parts from one modem: references 0-255 come round again; every report must settle
    # its own part (a report matched to the older part with the same reference would leave
    # the newer one waiting).
    async with gateway(tmp_path, send=REPORTS) as g:
        sink = g.number("sim1")
        messages = [
            await g.pool.submit(SendRequest(to=sink, text=f"n{i}", modem="sim0"))
            for i in range(300)
        ]
        done = [await g.wait(m.id, lambda m: m.state == "delivered", 90) for m in messages]
        references = [m.recipients[0].parts[0].reference for m in done]
        assert len(set(references)) == 256 and len(references) == 300
        assert all(m.recipients[0].parts[0].outcome == "delivered" for m in done)


async def test_a_message_whose_later_part_is_never_delivered_is_partially_delivered(
    tmp_path: Path,
) -> None:
    # The recipient (a phone outside the pool) takes part 1, then goes away; the SMSC keeps
    # part 2 until its validity (1 s here) ends and reports it expired (TP-ST 0x46).
    modems = [ModemSpec("sim0", faults=FaultSpec(sms_latency=0.3)), ModemSpec("phone")]
    async with gateway(tmp_path, modems, send=REPORTS, latency_scale=1.0, phones=["phone"],
                       validity=2.5) as g:  # fmt: skip
        phone = g.net.modem("phone")
        await phone.ready()  # booted: it takes SMS
        message = await g.pool.submit(SendRequest(to=phone.number, text="y" * 200))
        await until(lambda: len(phone.inbox) == 1)
        phone.unplug()
        done = await g.wait(message.id, lambda m: m.state == "partially_delivered", 30)
        first, second = done.recipients[0].parts
        assert (first.state, first.status) == ("delivered", 0)
        assert (second.state, second.status) == ("undelivered", 0x46)
        assert "validity" in second.status_text
