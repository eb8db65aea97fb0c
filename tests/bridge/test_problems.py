"""Request bodies the API refuses, each as an RFC 9457 problem with its status: not JSON
(400), too large (413, before it is read when Content-Length says so), not typed as JSON
(415), wrong fields (422, every one listed with a JSON Pointer)."""

from __future__ import annotations

from modem.bridge.problems import MEDIA_TYPE


async def test_malformed_json_is_400(start_bridge):
    api = await start_bridge()
    for body in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        status, problem, r = await api.call(
            "POST", "/api/v1/messages", data=body, headers={"Content-Type": "application/json"}
        )
        assert status == 400 and r.content_type == MEDIA_TYPE, body
        assert problem["type"] == "/problems/bad-request"


async def test_bad_idempotency_key_is_400(start_bridge):
    api = await start_bridge()
    status, problem, _ = await api.call(
        "POST", "/api/v1/messages", json={}, headers={"Idempotency-Key": "x" * 300}
    )
    assert status == 400 and problem["errors"][0]["parameter"] == "Idempotency-Key"


async def test_too_large_is_413(start_bridge):
    api = await start_bridge(max_body=1024)
    body = {"to": "+4915112345678", "text": "x" * 5000}
    status, problem, r = await api.call("POST", "/api/v1/messages", json=body)
    assert status == 413 and r.content_type == MEDIA_TYPE
    assert problem["type"] == "/problems/too-large" and "1024" in problem["detail"]

    async def chunks():  # no Content-Length: refused while reading
        for _ in range(10):
            yield b" " * 512

    status, problem, _ = await api.call(
        "POST", "/api/v1/messages", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert status == 413 and problem["status"] == 413


async def test_not_json_is_415(start_bridge):
    api = await start_bridge()
    status, problem, _ = await api.call("POST", "/api/v1/messages", data={"to": "+49151"})
    assert status == 415 and problem["type"] == "/problems/unsupported-media-type"


async def test_wrong_fields_are_422_with_pointers(start_bridge):
    api = await start_bridge()
    status, problem, r = await api.call(
        "POST", "/api/v1/messages", json={"to": ["+4915112345678", "0151"], "txt": "hi"}
    )
    assert status == 422 and r.content_type == MEDIA_TYPE
    assert problem["type"] == "/problems/validation"
    assert problem["title"] == "The request's fields are not valid"
    assert {e["pointer"] for e in problem["errors"]} == {"/to/1", "/text", "/txt"}
    assert all(e["detail"] for e in problem["errors"])
    status, problem, _ = await api.call(
        "POST", "/api/v1/messages/estimate", json={"to": "+4915112345678", "text": " "}
    )
    assert status == 422 and problem["errors"][0]["pointer"] == "/text"


async def test_sending_without_a_pool_is_503(start_bridge):
    api = await start_bridge()
    status, problem, _ = await api.call(
        "POST", "/api/v1/messages", json={"to": "+4915112345678", "text": "hi"}
    )
    assert status == 503 and problem["type"] == "/problems/unavailable"
