"""The API's reads over real HTTP on 127.0.0.1: messages (one, history, pagination, filters),
modems, health, metrics; each error as an RFC 9457 problem with its status."""

from __future__ import annotations

from modem.bridge.problems import MEDIA_TYPE
from tests.bridge.conftest import READER, SENDER, modem_online, outgoing


async def test_get_message_with_recipients_parts_and_history(store, start_bridge):
    api = await start_bridge()
    message, _ = await store.create_message(outgoing(text="x" * 200, metadata={"order": 7}))
    status, body, _r = await api.call("GET", f"/api/v1/messages/{message.id}", token=READER)
    assert status == 200
    assert body["type"] == "message" and body["id"] == message.id
    assert body["state"] == "queued" and body["part_count"] == 2
    assert body["metadata"] == {"order": 7}
    assert [p["state"] for p in body["recipients"][0]["parts"]] == ["queued", "queued"]
    assert body["history"][0]["state"] == "queued"
    status, body, _ = await api.call("GET", f"/api/v1/messages/{message.id}/events")
    assert status == 200 and body["message_id"] == message.id and body["history"]


async def test_pagination_over_more_than_one_page(store, start_bridge):
    api = await start_bridge()
    ids = [(await store.create_message(outgoing()))[0].id for _ in range(7)]
    seen, cursor, pages = [], None, 0
    while True:
        path = "/api/v1/messages?limit=3" + (f"&cursor={cursor}" if cursor else "")
        status, body, _ = await api.call("GET", path)
        assert status == 200
        seen += [m["id"] for m in body["messages"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(ids))  # newest first, none twice, none missed


async def test_filters(store, start_bridge):
    api = await start_bridge()
    a, _ = await store.create_message(outgoing("+4915100000009"))
    await store.create_message(outgoing("+4915100000008"))
    await store.cancel_message(a.id)
    _, body, _ = await api.call("GET", "/api/v1/messages?state=canceled&direction=outbound")
    assert [m["id"] for m in body["messages"]] == [a.id]
    _, body, _ = await api.call("GET", "/api/v1/messages?number=015100000009")
    assert [m["id"] for m in body["messages"]] == [a.id]
    _, body, _ = await api.call("GET", "/api/v1/messages?direction=inbound")
    assert body == {"messages": [], "next_cursor": None}


async def test_bad_query_parameters_are_400_problems(start_bridge):
    api = await start_bridge()
    for query, parameter in [
        ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"),
        ("state=lost", "state"), ("direction=sideways", "direction"),
        ("since=yesterday", "since"), ("cursor=nonsense", "cursor"),
    ]:  # fmt: skip
        status, body, r = await api.call("GET", f"/api/v1/messages?{query}")
        assert status == 400, query
        assert r.content_type == MEDIA_TYPE
        assert body["type"] == "/problems/bad-request" and body["status"] == 400
        assert body["errors"][0]["parameter"] == parameter


async def test_unknown_message_is_404_problem(start_bridge):
    api = await start_bridge()
    status, body, r = await api.call("GET", "/api/v1/messages/msg_NOPE")
    assert status == 404 and r.content_type == MEDIA_TYPE
    assert body["title"] == "No such resource" and "msg_NOPE" in body["detail"]
    status, body, _ = await api.call("GET", "/api/v1/nothing-here")
    assert status == 404 and body["type"] == "/problems/not-found"


async def test_tokens_and_scopes(store, start_bridge):
    api = await start_bridge()
    status, body, r = await api.call("GET", "/api/v1/messages", token=None)
    assert status == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    assert body["type"] == "/problems/unauthorized"
    status, _, _ = await api.call("GET", "/api/v1/messages", token="wrong-token-000000000000")
    assert status == 401
    status, _, _ = await api.call(
        "GET", "/api/v1/messages", token=None, headers={"Authorization": "Basic abc"}
    )
    assert status == 401
    status, body, _ = await api.call("GET", "/api/v1/messages", token=SENDER)
    assert status == 403 and body["type"] == "/problems/forbidden" and "read" in body["detail"]
    status, body, _ = await api.call("POST", "/api/v1/messages", token=READER, json={})
    assert status == 403
    # health and the document are for everyone
    status, body, _ = await api.call("GET", "/healthz", token=None)
    assert status == 200 and body["status"] == "ok" and body["service"] == "gsmbridge"
    status, _, _ = await api.call("GET", "/openapi.json", token=None)
    assert status == 200


async def test_no_tokens_on_loopback_means_open(start_bridge):
    api = await start_bridge(tokens=())
    status, _, _ = await api.call("GET", "/api/v1/messages", token=None)
    assert status == 200


async def test_method_not_allowed_is_405_problem(start_bridge):
    api = await start_bridge()
    status, _body, r = await api.call("PUT", "/api/v1/messages")
    assert status == 405 and r.content_type == MEDIA_TYPE and "GET" in r.headers["Allow"]


async def test_modems_from_the_registry(store, start_bridge):
    api = await start_bridge()
    await modem_online(store, "alice")
    await store.create_message(outgoing(modem="alice"))
    status, body, _ = await api.call("GET", "/api/v1/modems")
    assert status == 200
    (modem,) = body["modems"]
    assert modem["type"] == "modem" and modem["modem_id"] == "alice"
    assert modem["identity"]["number"] == "+4915100000001" and modem["operator"] == "Sim Net"
    assert modem["signal_dbm"] == -71 and modem["registration"] == "registered"
    assert modem["queue_depth"] == 1 and modem["identity"]["imei"] == "356938035643809"
    status, body, _ = await api.call("GET", "/api/v1/modems/alice")
    assert status == 200 and body["modem_id"] == "alice"
    status, body, _ = await api.call("GET", "/api/v1/modems/bob")
    assert status == 404


async def test_readyz_wants_a_ready_modem(store, start_bridge):
    api = await start_bridge()
    status, body, _ = await api.call("GET", "/readyz", token=None)
    assert status == 503 and body["store"] == "ok" and body["modems_ready"] == 0
    await modem_online(store)
    status, body, _ = await api.call("GET", "/readyz", token=None)
    assert status == 200 and body == {"status": "ok", "store": "ok", "modems_ready": 1}


async def test_metrics(store, start_bridge):
    api = await start_bridge()
    await modem_online(store)
    await store.create_message(outgoing())
    status, body, r = await api.call("GET", "/metrics", token=READER)
    assert status == 200 and r.content_type == "text/plain"
    text = body.decode()
    assert 'gsmbridge_messages{direction="outbound",state="queued"} 1.0' in text
    assert 'gsmbridge_modem_ready{modem="alice",node="test"} 1.0' in text
    assert 'gsmbridge_modem_signal_dbm{modem="alice"} -71.0' in text
    assert "gsmbridge_queue_depth 1.0" in text
    assert "gsmbridge_send_latency_seconds_bucket" in text
    status, _, _ = await api.call("GET", "/metrics", token=None)
    assert status == 401


async def test_docs_work_offline(start_bridge):
    api = await start_bridge()
    status, body, r = await api.call("GET", "/docs", token=None)
    assert status == 200 and b"/openapi.json" in body and r.content_type == "text/html"
    status, body, r = await api.call("GET", "/docs/static/swagger-ui-bundle.js", token=None)
    assert status == 200 and len(body) > 100_000
    status, body, r = await api.call("GET", "/problems/validation", token=None)
    assert status == 200 and b"422" in body
