"""`modem demo`: a tour of the whole product in one command, no hardware needed.

It starts the gateway in this process on two simulated modems served on real
pseudo-terminals (the driver opens them as it would open /dev/ttyUSB2), with its store in a
temporary directory, its HTTP API on a free port of 127.0.0.1 behind a token, and a webhook
receiver of its own. Then it does what an application would: asks the API what a long
message with emoji costs, POSTs it, and prints each step as the gateway records it (queued,
each part sent with its reference, each delivery report, delivered), and finally the signed
webhook of the message arriving at the other modem, its signature checked.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import json
import os
import secrets
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import click

from modem.errors import ModemError
from modem.vocabulary import ItemType

DEFAULT_TEXT = (
    "Hello from gsmbridge! 👋 This message travels from one simulated modem to another, "
    "split into several SMS parts because emoji need UCS-2 📡. Each part keeps its surrogate "
    "pairs whole, the receiver puts them back together, and a delivery report comes back "
    "for every part ✅🎉"
)


@click.command()
@click.option("--text", default=DEFAULT_TEXT, show_default=False, help="What to send.")
@click.option(
    "--personality",
    default="generic",
    show_default=True,
    help="Simulated modem type: generic, huawei, simcom, quectel, zte, telit or ublox.",
)
@click.option(
    "--latency-scale",
    type=click.FloatRange(0),
    default=0.1,
    show_default=True,
    help="Scale the simulated latencies (1 is a real network: about 3 s per SMS part).",
)
@click.option("--trace", is_flag=True, help="Also print every AT line on stderr.")
@click.option("--timeout", type=click.FloatRange(1), default=60.0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per step and line.")
def demo(
    text: str, personality: str, latency_scale: float, trace: bool, timeout: float, as_json: bool
) -> None:
    """Tour the gateway: send a long emoji SMS over its HTTP API between two simulated
    modems and watch each step, up to the signed webhook of its arrival."""
    import logging

    logging.basicConfig(format="%(name)s %(message)s", level=logging.WARNING)
    logging.getLogger("modem").setLevel(logging.ERROR)  # the tour prints what matters
    if trace:
        logging.getLogger("modem.at").setLevel(logging.DEBUG)
    if not text:
        raise click.BadParameter("the text is empty", param_hint="--text")
    try:
        asyncio.run(asyncio.wait_for(_run(text, personality, latency_scale, as_json), timeout))
    except TimeoutError:
        raise ModemError(f"the demo did not finish within {timeout:g} s") from None


class _Steps:
    """Prints each step as a line of text, or as a JSON object with --json."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.start = time.monotonic()

    def __call__(self, step: str, message: str, **fields: Any) -> None:
        elapsed = time.monotonic() - self.start
        if self.as_json:
            record = {"type": ItemType.DEMO_STEP.value, "step": step, "t": round(elapsed, 3)}
            click.echo(json.dumps({**record, **fields}, ensure_ascii=False))
        else:
            click.echo(f"[{elapsed:6.2f}s] {message}")


async def _run(text: str, personality: str, latency_scale: float, as_json: bool) -> None:
    import aiohttp

    say = _Steps(as_json)
    async with _webhook_receiver() as hooks, _gateway(personality, latency_scale, hooks) as tour:
        for name, number, port in tour.modems:
            say("modem", f"simulated {personality} modem {name} {number} on {port}",
                name=name, number=number, port=port)  # fmt: skip
        say("gateway", f"gateway running: API {tour.url}/api/v1, docs {tour.url}/docs",
            url=tour.url)  # fmt: skip
        (alice, _, _), (_, bob_number, _) = tour.modems
        headers = {"Authorization": f"Bearer {tour.token}"}
        body = {"to": bob_number, "text": text, "modem": alice, "metadata": {"tour": True}}
        async with aiohttp.ClientSession(tour.url, headers=headers) as http:
            cost = await _post(http, "/api/v1/messages/estimate", body)
            say("count", f"POST /api/v1/messages/estimate: {len(text)} characters cost "
                f"{cost['parts']} parts in {cost['encoding']} ({cost['remaining']} left in the "
                "last part)", encoding=cost["encoding"], parts=cost["parts"],
                units=cost["units"])  # fmt: skip
            message = await _post(http, "/api/v1/messages", body)
            say("queued", f"POST /api/v1/messages: 202, {message['id']} {message['state']}",
                id=message["id"], state=message["state"])  # fmt: skip
            final = await _follow(http, message["id"], cost["parts"], say)
        if final["state"] != "delivered":
            raise ModemError(f"the message ended {final['state']}, not delivered")
        event = await hooks.events.get()  # the only event the tour's endpoint asked for
        received = event["data"]["message"]
        say("webhook", f"webhook {event['type']} {event['id']}: from {received['sender']} at "
            f"{received['modem_id']}, signature verified: {received['text']}",
            event=event["type"], id=event["id"], verified=True, text=received["text"])  # fmt: skip
        if received["text"] != text:
            raise ModemError(f"expected {text!r}, got {received['text']!r}")
        say("done", "the text arrived intact; every part was delivered", ok=True)


async def _post(http: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    async with http.post(path, json=body) as response:
        answer = await response.json()
        if response.status >= 400:
            raise ModemError(f"{path}: {answer.get('detail', response.status)}")
        return answer


async def _follow(http: Any, message_id: str, parts: int, say: _Steps) -> dict[str, Any]:
    """Print the message's history as the gateway records it, until it is final."""
    shown = 0
    while True:
        async with http.get(f"/api/v1/messages/{message_id}") as response:
            message = await response.json()
        recipient = message["recipients"][0]
        for entry in message["history"][shown:]:
            _step(entry, recipient, parts, say)
        shown = len(message["history"])
        if message["state"] not in ("queued", "scheduled", "sending", "sent"):
            return message
        await asyncio.sleep(0.05)


def _step(entry: dict[str, Any], recipient: dict[str, Any], parts: int, say: _Steps) -> None:
    seq, part_state = entry.get("part"), entry.get("part_state")
    if seq is not None and part_state == "sent":
        part = recipient["parts"][seq - 1]
        say("sent", f"part {seq}/{parts} accepted by the network on {part['modem_id']}, "
            f"reference {part['reference']}", part=seq, reference=part["reference"])  # fmt: skip
    elif seq is not None and part_state in ("delivered", "undelivered"):
        status = f"TP-ST 0x{entry['code'] or 0:02X}"
        say("report", f"part {seq}/{parts} delivery report: {part_state} ({status})",
            part=seq, outcome=part_state, status=entry["code"])  # fmt: skip
    elif entry.get("state") and seq is None:
        detail = f" ({entry['detail']})" if entry.get("detail") else ""
        say("message", f"message {entry['state']}{detail}", state=entry["state"])


class _Tour:
    def __init__(self, url: str, token: str, modems: list[tuple[str, str, str]]) -> None:
        self.url, self.token, self.modems = url, token, modems


@contextlib.asynccontextmanager
async def _gateway(personality: str, scale: float, hooks: _Hooks) -> AsyncIterator[_Tour]:
    """The gateway on two simulated modems (alice, bob) in this process."""
    from modem.bridge.component import BridgeComponent, Overrides
    from modem.config import Config, ModemConfig, StoreConfig
    from modem.config.bridge import Listen, TokenConfig, webhook
    from modem.service import Gateway
    from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork

    latency = FaultSpec(latency=0.05, sms_latency=3.0)  # a real network's, scaled down
    sim = SimConfig(
        modems=[ModemSpec(n, personality=personality, faults=latency) for n in ("alice", "bob")],
        latency_scale=scale,
        seed=1,
    )
    token = secrets.token_urlsafe(24)
    overrides = Overrides(
        listen=Listen("127.0.0.1", 0),
        tokens=(TokenConfig("demo", token),),
        webhooks=(
            webhook(
                "tour", {"url": hooks.url, "secret": hooks.secret, "events": ["message.received"]}
            ),
        ),
    )
    component = BridgeComponent(overrides)
    with tempfile.TemporaryDirectory(prefix="gsmbridge-demo-") as scratch:
        async with SimNetwork(sim) as network:
            modems, shown = {}, []
            for modem in network.modems:
                port = await modem.serve_pty()
                modems[modem.name] = ModemConfig(name=modem.name, port=port)
                shown.append((modem.name, modem.number, port))
            config = Config(modems=modems, node="demo",
                            store=StoreConfig(path=str(Path(scratch) / "modem.db"),
                                              synchronous="normal"))  # fmt: skip
            gateway = Gateway(config)
            gateway.add(component)
            await gateway.start()
            try:
                await _ready(gateway)
                assert component.bridge is not None
                yield _Tour(component.bridge.url, token, shown)
            finally:
                await gateway.stop()


async def _ready(gateway: Any) -> None:
    for modem in gateway.modems.values():
        while not modem.state.ready:
            await modem.wait_state(modem.state.version)


class _Hooks:
    """A webhook receiver on 127.0.0.1 that checks each signature (Standard Webhooks:
    HMAC-SHA256 of id.timestamp.body with the endpoint's secret) before it believes a body."""

    def __init__(self) -> None:
        self.key = os.urandom(32)
        self.secret = "whsec_" + base64.b64encode(self.key).decode()
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.url = ""

    async def handle(self, request: Any) -> Any:
        from aiohttp import web

        from modem.bridge.signing import sign

        body = await request.read()
        webhook_id = request.headers.get("webhook-id", "")
        stamp = request.headers.get("webhook-timestamp", "0")
        expected = sign(self.key, webhook_id, int(stamp), body)
        given = request.headers.get("webhook-signature", "").split(" ")
        if not any(hmac.compare_digest(expected, g) for g in given):
            return web.Response(status=401, text="bad signature")
        await self.events.put(json.loads(body))
        return web.Response(status=204)


@contextlib.asynccontextmanager
async def _webhook_receiver() -> AsyncIterator[_Hooks]:
    from aiohttp import web

    hooks = _Hooks()
    app = web.Application()
    app.router.add_post("/hook", hooks.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    hooks.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield hooks
    finally:
        await runner.cleanup()
