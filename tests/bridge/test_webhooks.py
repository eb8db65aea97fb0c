"""Webhooks over real HTTP on 127.0.0.1, verified with the Standard Webhooks reference library
(`standardwebhooks`, written by others): signed, retried with the same id on 5xx, not on other
4xx, given up after the horizon, redelivered through the API, carried on after a restart;
one stuck endpoint never holds back another."""

from __future__ import annotations

import asyncio
import json

from standardwebhooks.webhooks import Webhook

from modem.config.bridge import RetryPolicy, parse_secret
from modem.config.bridge import webhook as webhook_config
from tests.bridge.conftest import Receiver, modem_online, new_secret, outgoing

FAST = RetryPolicy(horizon=60.0, first=0.05, max=0.2)
QUEUED = ["message.queued", "modem.online"]


def endpoint(receiver: Receiver, secret: str, name: str = "app", **kw):
    return webhook_config(
        name, {"url": receiver.url, "secret": secret, "events": kw.pop("events", QUEUED), **kw}
    )


def verified(secret: str, requests) -> list[dict]:
    hook = Webhook(secret)
    return [hook.verify(body, headers) for headers, body in requests]


async def test_signed_as_standard_webhooks_say(store, start_bridge, receiver):
    secret = new_secret()
    api = await start_bridge(webhooks=(endpoint(receiver, secret),), retry=FAST)
    await modem_online(store)
    message, _ = await store.create_message(outgoing(metadata={"order": 42}))
    await receiver.wait_for(lambda r: len(r) >= 2)
    events = verified(secret, receiver.requests)
    assert [e["type"] for e in events] == ["modem.online", "message.queued"]
    queued = events[1]
    assert queued["data"]["message"]["id"] == message.id
    assert queued["data"]["message"]["metadata"] == {"order": 42}  # echoed in every webhook
    headers = receiver.requests[1][0]
    assert headers["webhook-id"] == queued["id"] and queued["id"].startswith("evt_")
    assert headers["Content-Type"] == "application/json"
    status, body, _ = await api.call("GET", "/api/v1/webhooks/deliveries?state=delivered")
    assert status == 200 and len(body["deliveries"]) == 2
    assert {d["last_status"] for d in body["deliveries"]} == {200}


async def test_a_tampered_body_does_not_verify(store, start_bridge, receiver):
    secret = new_secret()
    await start_bridge(webhooks=(endpoint(receiver, secret),), retry=FAST)
    await modem_online(store)
    await receiver.wait_for(lambda r: len(r) >= 1)
    headers, body = receiver.requests[0]
    try:
        Webhook(secret).verify(body.replace(b"alice", b"mallory"), headers)
    except Exception as exc:
        assert "signature" in str(exc).lower()
    else:
        raise AssertionError("a changed body verified")


async def test_5xx_is_retried_with_the_same_id(store, start_bridge, receiver):
    secret = new_secret()
    receiver.answer = lambda n: 500 if n <= 3 else 204
    api = await start_bridge(webhooks=(endpoint(receiver, secret),), retry=FAST)
    await modem_online(store)
    await receiver.wait_for(lambda r: len(r) >= 4)
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    assert len(ids) == 1  # one event, four attempts, one id: receivers drop duplicates by it
    assert len(verified(secret, receiver.requests)) == 4
    await asyncio.sleep(0.3)  # nothing more comes once delivered
    assert len(receiver.requests) == 4
    _, body, _ = await api.call("GET", "/api/v1/webhooks/deliveries")
    (delivery,) = body["deliveries"]
    assert delivery["state"] == "delivered" and delivery["attempts"] == 4
    assert delivery["last_status"] == 204 and delivery["event_type"] == "modem.online"


async def test_408_and_429_are_retried_other_4xx_are_not(store, start_bridge, receiver):
    secret = new_secret()
    answers = {1: 408, 2: 429, 3: 200, 4: 400}
    receiver.answer = lambda n: answers.get(n, 200)
    api = await start_bridge(webhooks=(endpoint(receiver, secret),), retry=FAST)
    await modem_online(store, "alice")
    await receiver.wait_for(lambda r: len(r) >= 3)
    await modem_online(store, "bob")
    await receiver.wait_for(lambda r: len(r) >= 4)
    await asyncio.sleep(0.3)
    assert len(receiver.requests) == 4  # the 400 was not retried
    _, body, _ = await api.call("GET", "/api/v1/webhooks/deliveries?state=failed")
    (failed,) = body["deliveries"]
    assert failed["attempts"] == 1 and failed["last_status"] == 400
    assert failed["last_error"].startswith("HTTP 400")
    # redelivered through the API: sent again at once, with the same id
    status, body, _ = await api.call(
        "POST", f"/api/v1/webhooks/deliveries/{failed['id']}/redeliver"
    )
    assert status == 202 and body["state"] == "pending"
    await receiver.wait_for(lambda r: len(r) >= 5)
    assert receiver.requests[4][0]["webhook-id"] == receiver.requests[3][0]["webhook-id"]
    _, body, _ = await api.call("GET", f"/api/v1/webhooks/deliveries?event_id={failed['event_id']}")
    assert body["deliveries"][0]["state"] in ("pending", "delivered")


async def test_given_up_after_the_horizon(store, start_bridge, receiver):
    secret = new_secret()
    receiver.answer = lambda n: 503
    api = await start_bridge(
        webhooks=(endpoint(receiver, secret),),
        retry=RetryPolicy(horizon=0.5, first=0.05, max=0.1),
    )
    await modem_online(store)

    async def failed() -> dict:
        while True:
            _, body, _ = await api.call("GET", "/api/v1/webhooks/deliveries?state=failed")
            if body["deliveries"]:
                return body["deliveries"][0]
            await asyncio.sleep(0.1)

    delivery = await asyncio.wait_for(failed(), 20)
    assert delivery["attempts"] >= 2 and delivery["last_status"] == 503
    _, metrics, _ = await api.call("GET", "/metrics")
    assert 'gsmbridge_webhook_failures_total{endpoint="app"} 1.0' in metrics.decode()
    assert 'gsmbridge_webhook_attempts_total{endpoint="app",outcome="retry"}' in metrics.decode()


async def test_every_event_after_a_restart_mid_retry(store, start_bridge, receiver):
    """The daemon stops while the receiver fails; events keep coming while it is down; a new
    bridge on the same store delivers every one of them."""
    secret = new_secret()
    receiver.answer = lambda n: 500
    config = {"webhooks": (endpoint(receiver, secret),), "retry": FAST}
    first = await start_bridge(**config)
    await modem_online(store, "alice")
    ids = [(await store.create_message(outgoing()))[0].id for _ in range(2)]
    await receiver.wait_for(lambda r: len({h["webhook-id"] for h, _ in r}) >= 3)
    await first.bridge.stop()
    ids += [(await store.create_message(outgoing()))[0].id for _ in range(2)]  # while down
    receiver.answer = lambda n: 200
    await start_bridge(**config)
    await receiver.wait_for(lambda r: len({h["webhook-id"] for h, _ in r}) >= 5)
    events = {e["id"]: e for e in verified(secret, receiver.requests)}
    got = [e["data"]["message"]["id"] for e in events.values() if e["type"] == "message.queued"]
    assert sorted(got) == sorted(ids)


async def test_a_stuck_endpoint_never_holds_back_another(store, start_bridge):
    stuck, fast = Receiver(), Receiver()
    await stuck.start()
    await fast.start()
    release = asyncio.Event()

    async def hold(request):  # answers only when the test ends
        await release.wait()
        from aiohttp import web

        return web.Response(status=200)

    stuck._handle = hold  # type: ignore[method-assign]
    await stuck.stop()
    await stuck.start()
    try:
        secret = new_secret()
        await start_bridge(
            webhooks=(
                endpoint(stuck, secret, "stuck", timeout=60, concurrency=1),
                endpoint(fast, secret, "fast"),
            ),
            retry=FAST,
        )
        for i in range(5):
            await modem_online(store, f"modem{i}")
        await fast.wait_for(lambda r: len(r) >= 5)
        assert not release.is_set()  # the stuck endpoint still holds its first request
    finally:
        release.set()
        await stuck.stop()
        await fast.stop()


async def test_secret_rotation_sends_both_signatures(store, start_bridge, receiver):
    old, new = new_secret(), new_secret()
    await start_bridge(
        webhooks=(
            webhook_config("app", {"url": receiver.url, "secret": [new, old], "events": QUEUED}),
        ),
        retry=FAST,
    )
    await modem_online(store)
    await receiver.wait_for(lambda r: len(r) >= 1)
    headers, body = receiver.requests[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old).verify(body, headers) == Webhook(new).verify(body, headers)
    assert json.loads(body)["type"] == "modem.online"
    assert len(parse_secret(new, "x")) == 32


async def test_the_readme_way_to_verify_works(store, start_bridge, receiver):
    """The few lines the README gives to verify a webhook accept ours and refuse a change."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    (code,) = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "def verify" in b]
    namespace: dict = {}
    exec(code, namespace)
    secret = new_secret()
    await start_bridge(webhooks=(endpoint(receiver, secret),), retry=FAST)
    await modem_online(store)
    await receiver.wait_for(lambda r: len(r) >= 1)
    headers, body = receiver.requests[0]
    headers = {k.lower(): v for k, v in headers.items()}
    assert namespace["verify"](secret, headers, body) is True
    assert namespace["verify"](secret, headers, body + b" ") is False
    assert namespace["verify"](new_secret(), headers, body) is False
