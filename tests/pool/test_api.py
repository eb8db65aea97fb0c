"""The pool's Python API as the bridge and the CLI use it: submit, estimate, get, cancel,
modems, USSD, reset; and what each refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modem.config import SendDefaults
from modem.pool import (
    Conflict,
    IdempotencyConflict,
    InvalidRequest,
    ModemUnavailable,
    NotFound,
    SendRequest,
    UnknownModem,
)

from .conftest import OUTSIDE, Gateway, gateway, until

LONG = "Grüße aus dem Simulator! " * 13  # 325 characters of GSM 7-bit: three parts


async def test_a_message_is_planned_sent_and_delivered(tmp_path: Path) -> None:
    async with gateway(tmp_path, send=SendDefaults(status_report=True)) as g:
        message = await g.pool.submit(SendRequest(to=g.number("sim1"), text=LONG))
        assert message.state == "queued" and message.encoding == "gsm7"
        assert len(message.recipients[0].parts) == 3
        done = await g.wait(message.id, lambda m: m.state == "delivered")
        recipient = done.recipients[0]
        assert recipient.modem_id in ("sim0", "sim1")
        assert [p.state for p in recipient.parts] == ["delivered"] * 3
        assert all(p.reference is not None and p.outcome == "delivered" for p in recipient.parts)
        # all parts through one modem, in order, as the simulated network saw them
        sender = recipient.modem_id
        refs = [s.reference for s in g.sent_by(sender)]
        assert refs == [p.reference for p in recipient.parts]


async def test_every_fault_of_a_request_is_named_at_once(pair: Gateway) -> None:
    request = SendRequest(to=["+49 151 1234", "abc def ghijkl", "+12x"], text="",
                          modem="nope", priority=True)  # fmt: skip
    with pytest.raises(InvalidRequest) as caught:
        await pair.pool.submit(request)
    fields = {e.field for e in caught.value.errors}
    assert {"text", "modem", "priority"} <= fields
    with pytest.raises(InvalidRequest) as caught:
        await pair.pool.submit(SendRequest(to=["+4915112345", "+12x", "MyBank"], text="hi"))
    assert [e.field for e in caught.value.errors] == ["to[1]", "to[2]"]
    with pytest.raises(InvalidRequest) as caught:
        await pair.pool.submit(SendRequest(to=OUTSIDE, text="x" * 500, max_parts=2))
    assert caught.value.errors[0].field == "max_parts" and "4" in caught.value.errors[0].message
    with pytest.raises(InvalidRequest) as caught:
        await pair.pool.submit(SendRequest(to=OUTSIDE, text="hi", group="de"))
    assert caught.value.errors[0].field == "group"
    with pytest.raises(InvalidRequest):
        await pair.pool.submit(SendRequest(to=OUTSIDE, text="hi", encoding="klingon"))
    with pytest.raises(InvalidRequest):
        await pair.pool.submit(SendRequest(to=OUTSIDE, text="hi", validity=timedelta(0)))
    assert (await pair.store.count_messages()) == {}  # nothing was stored


async def test_estimate_says_what_it_costs_and_sends_nothing(pair: Gateway) -> None:
    estimate = await pair.pool.estimate(SendRequest(to=[OUTSIDE, "+4798765432"], text="😀" * 80))
    assert (estimate.encoding, estimate.parts, estimate.recipients) == ("ucs2", 3, 2)
    assert estimate.total_parts == 6 and estimate.to_json()["type"] == "sms.count"
    assert (await pair.store.count_messages()) == {}


async def test_the_same_idempotency_key_gives_the_first_message(pair: Gateway) -> None:
    request = SendRequest(to=OUTSIDE, text="once", metadata={"order": 7})
    first, created = await pair.pool.create(request, idempotency_key="k1")
    again, created_again = await pair.pool.create(request, idempotency_key="k1")
    assert (created, created_again, again.id) == (True, False, first.id)
    with pytest.raises(IdempotencyConflict):
        await pair.pool.submit(SendRequest(to=OUTSIDE, text="other"), idempotency_key="k1")


async def test_a_scheduled_message_can_be_canceled_a_sent_one_not(pair: Gateway) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    scheduled = await pair.pool.submit(SendRequest(to=OUTSIDE, text="later", send_at=later))
    assert scheduled.state == "scheduled"
    canceled = await pair.pool.cancel(scheduled.id)
    assert canceled.state == "canceled"
    sent = await pair.pool.submit(SendRequest(to=OUTSIDE, text="now"))
    await pair.settled(sent.id)
    with pytest.raises(Conflict):
        await pair.pool.cancel(sent.id)
    with pytest.raises(NotFound):
        await pair.pool.get("msg_nothing")


async def test_modems_show_identity_health_and_allowance(pair: Gateway) -> None:
    await until(lambda: pair.modems["sim1"].state.own_number)  # read after it is ready
    statuses = {s.modem_id: s for s in await pair.pool.modems()}
    assert set(statuses) == {"sim0", "sim1"}
    data = statuses["sim1"].to_json()
    assert data["type"] == "modem" and data["node"] == "test" and data["local"]
    assert data["identity"]["number"] == pair.number("sim1")
    assert data["status"] == "ready" and data["healthy"]
    assert data["health"] == {
        "reason": None,
        "breaker": {"state": "closed", "failures": 0, "open_until": None, "trips": 0,
                    "last_failure": None},
    }  # fmt: skip
    assert (await pair.pool.modem("sim0")).modem_id == "sim0"
    with pytest.raises(UnknownModem):
        await pair.pool.modem("sim9")


async def test_ussd_and_reset_on_a_modem(pair: Gateway) -> None:
    reply = await pair.pool.ussd("sim0", "*100#")
    assert "balance" in (reply.text or "").lower()
    with pytest.raises(UnknownModem):
        await pair.pool.ussd("sim9", "*100#")
    modem = pair.modems["sim0"]
    await pair.pool.reset("sim0")
    assert modem.state.status != "ready"
    with pytest.raises(ModemUnavailable):
        await pair.pool.ussd("sim0", "*100#")
    await until(lambda: modem.state.ready)
    message = await pair.pool.submit(SendRequest(to=OUTSIDE, text="after reset", modem="sim0"))
    done = await pair.settled(message.id)
    assert done.state == "sent" and done.recipients[0].modem_id == "sim0"
