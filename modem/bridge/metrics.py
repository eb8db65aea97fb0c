"""`GET /metrics`: Prometheus text (prometheus-client), from the store and the dispatcher.

What is read from the store at each scrape (so every node shows the whole gateway, and a
restart loses nothing): messages by direction and state, each modem's readiness, health,
signal and queue depth (labelled by the stable `modem_id`, never a tty), the queue depth.
What is counted as it happens: the send latency (from a message's creation to a recipient's
`sent`, observed from the outbox's `message.sent` events by `follow()`), and webhook
attempts by endpoint and outcome (delivered, retry, failed). Each bridge has its own
registry, so several in one process (tests) do not mix.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from modem.bridge.follow import follow
from modem.store import Event, Store
from modem.vocabulary import parse_iso

__all__ = ["CONTENT_TYPE", "Metrics"]

log = logging.getLogger("modem.bridge.metrics")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600)


class Metrics:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.registry = r = CollectorRegistry()
        self.messages = Gauge(
            "gsmbridge_messages", "Messages in the store, by direction and state",
            ["direction", "state"], registry=r,
        )  # fmt: skip
        self.queue = Gauge(
            "gsmbridge_queue_depth", "Recipients waiting to be sent (scheduled or queued)",
            registry=r,
        )  # fmt: skip
        self.modem_ready = Gauge(
            "gsmbridge_modem_ready", "1 when the modem is open and ready, else 0",
            ["modem", "node"], registry=r,
        )  # fmt: skip
        self.modem_healthy = Gauge(
            "gsmbridge_modem_healthy", "1 when the pool routes messages to the modem, else 0",
            ["modem"], registry=r,
        )  # fmt: skip
        self.modem_signal = Gauge(
            "gsmbridge_modem_signal_dbm", "Received signal strength (dBm), when known",
            ["modem"], registry=r,
        )  # fmt: skip
        self.modem_queue = Gauge(
            "gsmbridge_modem_queue_depth",
            "Recipients naming the modem, waiting, plus those it is sending",
            ["modem"], registry=r,
        )  # fmt: skip
        self.send_latency = Histogram(
            "gsmbridge_send_latency_seconds",
            "From a message's creation to a recipient's every part accepted by the network",
            buckets=_LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.webhook_attempts = Counter(
            "gsmbridge_webhook_attempts", "Webhook delivery attempts, by endpoint and outcome",
            ["endpoint", "outcome"], registry=r,
        )  # fmt: skip
        self.webhook_failures = Counter(
            "gsmbridge_webhook_failures", "Webhook deliveries given up (failed)",
            ["endpoint"], registry=r,
        )  # fmt: skip
        self._task: asyncio.Task[None] | None = None

    def on_attempt(self, endpoint: str, outcome: str, status: int | None) -> None:
        self.webhook_attempts.labels(endpoint, outcome).inc()
        if outcome == "failed":
            self.webhook_failures.labels(endpoint).inc()

    async def start(self) -> None:
        after = await self.store.last_event_seq()
        self._task = asyncio.create_task(self._follow(after), name="metrics: send latency")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _follow(self, after: int) -> None:
        while True:
            try:
                async for event in follow(self.store, after, ["message.sent"], heartbeat=60):
                    if event is not None:
                        after = event.seq
                        self.observe(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store away for a while: carry on after it
                log.warning("metrics: following the outbox failed (%s); retrying", exc)
                await asyncio.sleep(5)

    def observe(self, event: Event) -> None:
        """A `message.sent` event: its recipient's send latency."""
        message = event.data.get("message") or {}
        number = event.data.get("recipient")
        created = message.get("created_at")
        for recipient in message.get("recipients") or ():
            if recipient.get("number") == number and recipient.get("sent_at") and created:
                seconds = (parse_iso(recipient["sent_at"]) - parse_iso(created)).total_seconds()
                self.send_latency.observe(max(0.0, seconds))
                return

    async def render(self) -> bytes:
        await self._refresh()
        return generate_latest(self.registry)

    async def _refresh(self) -> None:
        store = self.store
        self.messages.clear()
        for direction in ("outbound", "inbound"):
            for state, n in (await store.count_messages(direction)).items():
                self.messages.labels(direction, state).set(n)
        self.queue.set(await store.queue_depth())
        for gauge in (self.modem_ready, self.modem_healthy, self.modem_signal, self.modem_queue):
            gauge.clear()
        for modem in await store.list_modems():
            mid = modem.modem_id
            self.modem_ready.labels(mid, modem.node).set(1 if modem.status == "ready" else 0)
            self.modem_healthy.labels(mid).set(1 if modem.healthy else 0)
            signal = modem.state.get("signal_dbm")
            if isinstance(signal, int | float):
                self.modem_signal.labels(mid).set(signal)
            self.modem_queue.labels(mid).set(await store.queue_depth(mid))
