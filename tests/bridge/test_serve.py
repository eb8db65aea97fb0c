"""End to end over real HTTP on 127.0.0.1: `modem serve` on simulated modems (`modem sim`
over loopback TCP), sending, receiving, following, cancelling, USSD, estimates."""

from __future__ import annotations

import asyncio

from tests.bridge.conftest import READER, SENDER, sim_config
from tests.bridge.test_events import read_events

LONG = "Grüße aus dem Gateway 👋📡 " * 12  # UCS-2, several parts


async def test_send_and_follow_to_delivered(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    to = daemon.sim.number("sim1")
    async with api.session.get(
        daemon.url + "/api/v1/events?types=message.sent,message.delivered",
        headers={"Authorization": f"Bearer {api.token}"},
    ) as stream:
        status, body, r = await api.call(
            "POST", "/api/v1/messages",
            json={"to": to, "text": LONG, "modem": "sim0", "metadata": {"ticket": 9}},
        )  # fmt: skip
        assert status == 202, body
        assert r.headers["Location"] == f"/api/v1/messages/{body['id']}"
        assert body["state"] == "queued" and body["encoding"] == "ucs2"
        assert body["part_count"] >= 3 and body["metadata"] == {"ticket": 9}
        events = await read_events(stream, 2)
    assert [e[1] for e in events] == ["message.sent", "message.delivered"]
    assert all(e[2]["data"]["message"]["id"] == body["id"] for e in events)
    message = await api.wait_message(body["id"], {"delivered"})
    (recipient,) = message["recipients"]
    assert recipient["modem_id"] == "sim0" and recipient["delivered_at"]
    for part in recipient["parts"]:
        assert part["state"] == "delivered" and part["reference"] is not None
        assert part["report"]["outcome"] == "delivered" and part["report"]["status"] == 0
    states = [h["state"] for h in message["history"] if h["state"]]
    assert states[0] == "queued" and "sent" in states and states[-1] == "delivered"
    # ... and it arrived whole at the other modem
    inbound = await wait_inbound(api, LONG)
    assert inbound["sender"] == daemon.sim.number("sim0") and inbound["modem_id"] == "sim1"
    assert inbound["complete"] is True and len(inbound["parts"]) == body["part_count"]
    _, metrics, _ = await api.call("GET", "/metrics")
    text = metrics.decode()
    assert "gsmbridge_send_latency_seconds_count 1.0" in text
    assert 'gsmbridge_messages{direction="inbound",state="received"} 1.0' in text
    assert 'gsmbridge_modem_ready{modem="sim0"' in text


async def wait_inbound(api, text: str, timeout: float = 60) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            _, body, _ = await api.call("GET", "/api/v1/messages?direction=inbound")
            for m in body["messages"]:
                if m["text"] == text:
                    return m
            await asyncio.sleep(0.1)


async def test_one_part_lost_is_partially_delivered(gateway, client_for):
    """The simulated SMSC loses some SMS on the way (a permanent TP-ST for that part)."""
    daemon = await gateway(sim_config(undeliverable_rate=0.5))
    api = client_for(daemon.url)
    _, body, _ = await api.call(
        "POST", "/api/v1/messages",
        json={"to": daemon.sim.number("sim1"), "text": LONG * 2, "modem": "sim0"},
    )  # fmt: skip
    message = await api.wait_message(
        body["id"], {"delivered", "partially_delivered", "undelivered"}
    )
    assert message["state"] == "partially_delivered"
    outcomes = {p["report"]["outcome"] for p in message["recipients"][0]["parts"]}
    assert outcomes == {"delivered", "undelivered"}
    lost = [p for p in message["recipients"][0]["parts"] if p["state"] == "undelivered"]
    assert lost[0]["report"]["status"] == 0x40 and lost[0]["report"]["status_text"]


async def test_receive(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    await api.call(
        "POST",
        "/api/v1/messages",
        json={"to": daemon.sim.number("sim0"), "text": "ping", "modem": "sim1"},
    )
    message = await wait_inbound(api, "ping")
    assert message["state"] == "received" and message["direction"] == "inbound"
    assert message["sender"] == daemon.sim.number("sim1")
    _, body, _ = await api.call("GET", "/api/v1/messages?direction=inbound&modem=sim0")
    assert [m["id"] for m in body["messages"]] == [message["id"]]


async def test_cancel(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    later = {"to": daemon.sim.number("sim1"), "text": "later", "send_at": "2099-01-01T00:00:00Z"}
    _, body, _ = await api.call("POST", "/api/v1/messages", json=later)
    assert body["state"] == "scheduled"
    status, canceled, _ = await api.call("DELETE", f"/api/v1/messages/{body['id']}", token=SENDER)
    assert status == 200 and canceled["state"] == "canceled"
    status, again, _ = await api.call("DELETE", f"/api/v1/messages/{body['id']}")
    assert status == 200 and again["state"] == "canceled"
    _, sent, _ = await api.call("POST", "/api/v1/messages",
                                json={"to": daemon.sim.number("sim1"), "text": "now"})  # fmt: skip
    await api.wait_message(sent["id"], {"delivered"})
    status, problem, r = await api.call("DELETE", f"/api/v1/messages/{sent['id']}")
    assert status == 409 and r.content_type == "application/problem+json"
    assert problem["type"] == "/problems/conflict" and "delivered" in problem["detail"]


async def test_idempotency(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    body = {"to": daemon.sim.number("sim1"), "text": "only once"}
    key = {"Idempotency-Key": "order-1234"}
    s1, first, r1 = await api.call("POST", "/api/v1/messages", json=body, headers=key)
    s2, second, r2 = await api.call("POST", "/api/v1/messages", json=body, headers=key)
    assert s1 == s2 == 202 and first["id"] == second["id"]
    assert r2.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in r1.headers
    status, problem, _ = await api.call(
        "POST", "/api/v1/messages", json={**body, "text": "something else"}, headers=key
    )
    assert status == 409 and problem["type"] == "/problems/idempotency-conflict"
    # the same key from another token is another key
    other = await api.call("POST", "/api/v1/messages", json=body, headers=key, token=SENDER)
    assert other[0] == 202 and other[1]["id"] != first["id"]
    _, listed, _ = await api.call("GET", "/api/v1/messages?direction=outbound")
    assert sum(m["text"] == "only once" for m in listed["messages"]) == 2


async def test_pagination_and_resume_on_the_daemon(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    ids = []
    for i in range(5):
        _, body, _ = await api.call(
            "POST", "/api/v1/messages", json={"to": daemon.sim.number("sim1"), "text": f"n{i}",
                                              "send_at": "2099-01-01T00:00:00Z"})  # fmt: skip
        ids.append(body["id"])
    seen, cursor = [], ""
    while True:
        _, page, _ = await api.call("GET", f"/api/v1/messages?limit=2&state=scheduled{cursor}")
        seen += [m["id"] for m in page["messages"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == ids[::-1]
    # the event stream, resumed: every scheduled event once
    headers = {"Authorization": f"Bearer {api.token}"}
    async with api.session.get(
        daemon.url + "/api/v1/events?after=0&types=message.scheduled", headers=headers
    ) as stream:
        first = await read_events(stream, 2)
    headers["Last-Event-ID"] = str(first[-1][0])
    async with api.session.get(
        daemon.url + "/api/v1/events?types=message.scheduled", headers=headers
    ) as stream:
        rest = await read_events(stream, 3)
    assert [e[2]["message_id"] for e in first + rest] == ids


async def test_ussd_and_estimate_and_modems(gateway, client_for):
    daemon = await gateway()
    api = client_for(daemon.url)
    status, reply, _ = await api.call("POST", "/api/v1/modems/sim0/ussd", json={"code": "*100#"})
    assert status == 200 and reply["type"] == "ussd.reply" and "balance" in reply["text"]
    ussd = {"code": "*100#"}
    status, _, _ = await api.call("POST", "/api/v1/modems/sim0/ussd", json=ussd, token=READER)
    assert status == 403
    status, estimate, _ = await api.call(
        "POST", "/api/v1/messages/estimate", json={"to": ["+15550000002", "+15550000001"],
                                                   "text": LONG})  # fmt: skip
    assert status == 200 and estimate["type"] == "sms.count" and estimate["encoding"] == "ucs2"
    assert estimate["total_parts"] == 2 * estimate["parts"] and estimate["remaining"] >= 0
    status, body, _ = await api.call("GET", "/api/v1/modems", token=READER)
    assert status == 200 and [m["modem_id"] for m in body["modems"]] == ["sim0", "sim1"]
    sim0 = body["modems"][0]
    assert sim0["status"] == "ready" and sim0["local"] is True
    assert sim0["identity"]["imsi"] and sim0["operator"]
    status, _problem, _ = await api.call("POST", "/api/v1/modems/nope/reset")
    assert status == 404
