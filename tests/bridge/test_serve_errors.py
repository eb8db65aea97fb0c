"""Every error status the daemon's API gives, each an RFC 9457 problem: 400, 401, 403, 404,
409, 413, 422, 429 (a token's send rate, with Retry-After)."""

from __future__ import annotations

from tests.bridge.conftest import ADMIN, READER, SENDER

SLOW = "slow-token-0123456789abcdef"


async def test_every_error_status(gateway, client_for):
    daemon = await gateway(
        tokens=[
            {"name": "admin", "token": ADMIN, "scopes": ["admin"]},
            {"name": "reader", "token": READER, "scopes": ["read"]},
            {"name": "sender", "token": SENDER, "scopes": ["send"]},
            {"name": "slow", "token": SLOW, "scopes": ["send", "read"], "rate": "2/min"},
        ],
        max_body="4KB",
    )
    api = client_for(daemon.url)
    to = daemon.sim.number("sim1")
    seen = {}

    async def expect(status, *args, **kw):
        got, problem, r = await api.call(*args, **kw)
        assert got == status, (got, problem)
        assert r.content_type == "application/problem+json"
        assert problem["status"] == status and problem["title"] and problem["detail"]
        assert problem["type"].startswith("/problems/")
        seen[status] = problem
        return problem, r

    await expect(
        400, "POST", "/api/v1/messages", data=b"{", headers={"Content-Type": "application/json"}
    )
    _, r = await expect(401, "GET", "/api/v1/messages", token=None)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    await expect(403, "POST", "/api/v1/messages", json={"to": to, "text": "x"}, token=READER)
    await expect(404, "GET", "/api/v1/messages/msg_00000000000000000000000000")
    _, sent, _ = await api.call("POST", "/api/v1/messages", json={"to": to, "text": "x"})
    await api.wait_message(sent["id"], {"delivered"})
    await expect(409, "DELETE", f"/api/v1/messages/{sent['id']}")
    await expect(413, "POST", "/api/v1/messages", json={"to": to, "text": "x" * 5000})
    problem, _ = await expect(
        422, "POST", "/api/v1/messages", json={"to": to, "text": "x", "modem": "nosuchmodem"}
    )
    assert problem["errors"][0]["pointer"] == "/modem"
    problem, _ = await expect(
        422, "POST", "/api/v1/messages", json={"to": to, "text": "x" * 2000, "max_parts": 2}
    )
    assert "parts" in problem["errors"][0]["detail"]
    for _ in range(2):
        status, _, _ = await api.call(
            "POST", "/api/v1/messages", json={"to": to, "text": "r"}, token=SLOW
        )
        assert status == 202
    problem, r = await expect(
        429, "POST", "/api/v1/messages", json={"to": to, "text": "r"}, token=SLOW
    )
    assert int(r.headers["Retry-After"]) >= 1 and "slow" in problem["detail"]
    # a refused request costs nothing: other tokens are not affected
    status, _, _ = await api.call(
        "POST", "/api/v1/messages", json={"to": to, "text": "r"}, token=SENDER
    )
    assert status == 202
    assert sorted(seen) == [400, 401, 403, 404, 409, 413, 422, 429]
