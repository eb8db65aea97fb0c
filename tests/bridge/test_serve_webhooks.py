"""Webhooks from `modem serve`: the arrival at the other modem and the sent/delivered events,
signed (verified with `standardwebhooks`), retried with the same id while the receiver
fails, and every one delivered after the daemon restarts mid-retry."""

from __future__ import annotations

import asyncio

from standardwebhooks.webhooks import Webhook

from tests.bridge.conftest import new_secret


async def test_every_event_after_a_restart_mid_retry(gateway, client_for, receiver):
    secret = new_secret()
    receiver.answer = lambda n: 500
    daemon = await gateway(
        webhooks={
            "app": {
                "url": receiver.url,
                "secret": secret,
                "timeout": "2s",
                "events": ["message.sent", "message.delivered", "message.received"],
            }
        },
        webhook_retry={"first": "0.1s", "max": "0.5s"},
    )
    api = client_for(daemon.url)
    _, sent, _ = await api.call(
        "POST",
        "/api/v1/messages",
        json={"to": daemon.sim.number("sim1"), "text": "hello 👋", "modem": "sim0"},
    )
    ids = lambda: {h["webhook-id"] for h, _ in receiver.requests}  # noqa: E731
    await receiver.wait_for(lambda r: len(ids()) >= 3, timeout=60)  # each tried, refused
    retried = [h["webhook-id"] for h, _ in receiver.requests]
    assert len(retried) > len(set(retried)) or len(retried) >= 3
    assert await daemon.stop() == 0  # SIGTERM while retries are pending
    tried_before = len(receiver.requests)
    receiver.answer = lambda n: 200
    await daemon.start()
    api = client_for(daemon.url)

    async def all_delivered() -> list[dict]:
        while True:
            _, body, _ = await api.call("GET", "/api/v1/webhooks/deliveries")
            if len(body["deliveries"]) >= 3 and all(
                d["state"] == "delivered" for d in body["deliveries"]
            ):
                return body["deliveries"]
            await asyncio.sleep(0.1)

    deliveries = await asyncio.wait_for(all_delivered(), 60)
    assert len(receiver.requests) > tried_before
    hook = Webhook(secret)
    events = {}
    for headers, body in receiver.requests:
        event = hook.verify(body, headers)  # every attempt, before and after: signed
        assert event["id"] == headers["webhook-id"]
        events[event["id"]] = event
    assert {d["event_id"] for d in deliveries} <= set(events)
    kinds = sorted(e["type"] for e in events.values())
    assert kinds == ["message.delivered", "message.received", "message.sent"]
    received = next(e for e in events.values() if e["type"] == "message.received")
    assert received["data"]["message"]["text"] == "hello 👋"
    assert received["data"]["message"]["sender"] == daemon.sim.number("sim0")
    delivered = next(e for e in events.values() if e["type"] == "message.delivered")
    assert delivered["data"]["message"]["id"] == sent["id"]
    assert all(d["attempts"] >= 2 for d in deliveries)  # refused at least once, then taken
