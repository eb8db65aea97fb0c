"""The webhook dispatcher: events from the store's outbox to each configured endpoint,
signed, at least once, retried, surviving restarts.

Theory of operation. Each endpoint has its own worker task, so a slow or dead endpoint
never delays another. A worker does two things in turn:

1. Scan: the outbox events after the endpoint's cursor that the endpoint wants become one
   pending delivery each (`store.add_deliveries`, which also moves the cursor, in one
   transaction). A new endpoint starts at the newest event: it gets what happens from now.
2. Send: it takes the due deliveries (`store.due_deliveries` leases them to this node, so on
   a shared database no other node sends them meanwhile), POSTs each with the Standard
   Webhooks headers, and records the attempt: delivered on 2xx; on a network error, a
   timeout, 5xx, 408 or 429 pending again after an exponential backoff with jitter (and no
   sooner than a `Retry-After`), until the retry horizon from the event is over; on any other
   answer failed at once (the receiver said no: repeating will not change its mind).

Everything a worker knows is in the store: after a restart it carries on where the cursor and
the deliveries' states say. A delivery in flight when the process died keeps its lease until
`timeout` + a margin has passed, then it is sent again (at least once: receivers drop
duplicates by `webhook-id`, the event's id, the same on every attempt). Failed deliveries are
listed and redelivered through the API (`redeliver`, then `poke`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from modem.bridge.signing import envelope_body, signature_headers
from modem.config.bridge import RetryPolicy, WebhookConfig
from modem.store import Delivery, Store, StoreUnavailable

__all__ = ["Dispatcher", "is_retryable"]

log = logging.getLogger("modem.bridge.webhooks")

SCAN_LIMIT = 500
POLL = 5.0  # seconds: how often a worker looks for work other nodes made due
LEASE_MARGIN = 5.0
ERROR_BODY = 200  # characters of a refusing answer's body kept as the delivery's last error
AttemptHook = Callable[[str, str, int | None], None]  # (endpoint, outcome, status)


def is_retryable(status: int | None) -> bool:
    """Worth trying again: no answer (network error, timeout), 5xx, 408 or 429."""
    return status is None or status >= 500 or status in (408, 429)


class Dispatcher:
    """One worker per endpoint; `start()` after the store is open, `stop()` before it
    closes. `on_attempt(endpoint, outcome, status)` is told of each attempt ("delivered",
    "retry", "failed") for the metrics."""

    def __init__(
        self,
        store: Store,
        endpoints: tuple[WebhookConfig, ...],
        retry: RetryPolicy,
        node: str,
        *,
        user_agent: str = "gsmbridge",
        on_attempt: AttemptHook | None = None,
        clock: Callable[[], datetime] | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.endpoints = endpoints
        self.retry = retry
        self.node = node
        self.user_agent = user_agent
        self.on_attempt = on_attempt or (lambda *a: None)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.rng = rng
        self._workers: dict[str, _Worker] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._session: Any = None

    async def start(self) -> None:
        import aiohttp

        if not self.endpoints:
            return
        # No connection pooling across endpoints' failures to care about; each request has
        # its own timeout. Redirects are not followed (the spec: update the URL instead).
        self._session = aiohttp.ClientSession(
            headers={"User-Agent": self.user_agent},
            connector=aiohttp.TCPConnector(limit=0, force_close=False),
        )
        for endpoint in self.endpoints:
            worker = _Worker(self, endpoint)
            # A new endpoint starts at the events there are now, when the bridge starts (not
            # whenever its task first runs: an event committed meanwhile would be lost).
            worker.cursor = await worker.start_cursor()
            self._workers[endpoint.name] = worker
            self._tasks.append(asyncio.create_task(worker.run(), name=f"webhook {endpoint.name}"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def poke(self, endpoint: str | None = None) -> None:
        """Look for due deliveries now (after a redelivery through the API)."""
        for name, worker in self._workers.items():
            if endpoint is None or name == endpoint:
                worker.wake.set()

    def next_attempt(
        self, delivery: Delivery, now: datetime, retry_after: float | None
    ) -> datetime | None:
        """When to try a delivery again after its attempt number `attempts + 1` failed, or
        None when the horizon is over (given up)."""
        deadline = delivery.created_at + timedelta(seconds=self.retry.horizon)
        if now >= deadline:
            return None
        n = delivery.attempts  # attempts before this one: the first retry waits `first`
        delay = min(self.retry.max, self.retry.first * (2 ** min(n, 40)))
        delay *= 0.5 + self.rng() / 2  # jitter: retries of many deliveries spread out
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(now + timedelta(seconds=delay), deadline)


class _Worker:
    def __init__(self, dispatcher: Dispatcher, endpoint: WebhookConfig) -> None:
        self.d = dispatcher
        self.endpoint = endpoint
        self.cursor: int | None = None  # None until read from the store
        self.wake = asyncio.Event()
        self.next_due: datetime | None = None

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                if self.cursor is None:
                    self.cursor = await self.start_cursor()
                scanned = await self._scan()
                sent = await self._send_due()
                failures = 0
                if not scanned and not sent:
                    await self._wait()
            except asyncio.CancelledError:
                raise
            except StoreUnavailable as exc:
                failures += 1
                log.warning("webhook %s: the store is unavailable (%s); waiting", self.name, exc)
                await asyncio.sleep(min(30.0, 0.5 * 2**failures))
            except Exception:  # a bug must not end deliveries for good
                failures += 1
                log.exception("webhook %s: unexpected error; retrying", self.name)
                await asyncio.sleep(min(30.0, 0.5 * 2**failures))

    @property
    def name(self) -> str:
        return self.endpoint.name

    async def start_cursor(self) -> int:
        store = self.d.store
        cursor = await store.webhook_cursor(self.name)
        if cursor is None:  # a new endpoint: from now on
            cursor = await store.last_event_seq()
            await store.add_deliveries(self.name, [], upto=cursor)
            log.info("webhook %s: new endpoint, delivering events after #%d", self.name, cursor)
        return cursor

    async def _scan(self) -> bool:
        store = self.d.store
        after = self.cursor or 0
        top = await store.last_event_seq()  # before the read: every event up to it is there
        events = await store.events_after(after, SCAN_LIMIT, types=self.endpoint.events)
        upto = None if len(events) == SCAN_LIMIT else top
        new_top = max([e.seq for e in events] + ([upto] if upto is not None else []) + [after])
        if new_top <= after:
            return False
        await store.add_deliveries(self.name, events, upto=upto)
        self.cursor = new_top
        return bool(events)

    async def _send_due(self) -> bool:
        now = self.d.clock()
        lease = now + timedelta(seconds=self.endpoint.timeout + LEASE_MARGIN)
        due = await self.d.store.due_deliveries(
            self.name, now, self.endpoint.concurrency, self.d.node, lease
        )
        if not due:
            return False
        await asyncio.gather(*(self._attempt(d) for d in due))
        return True

    async def _attempt(self, delivery: Delivery) -> None:
        import aiohttp

        assert delivery.event is not None
        body = envelope_body(delivery.event.to_json())
        headers = signature_headers(
            self.endpoint.secrets, delivery.event_id, int(time.time()), body
        )
        headers["Content-Type"] = "application/json"
        status: int | None = None
        error: str | None = None
        retry_after: float | None = None
        try:
            async with self.d._session.post(
                self.endpoint.url,
                data=body,
                headers=headers,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=self.endpoint.timeout),
            ) as response:
                status = response.status
                if not 200 <= status < 300:
                    snippet = (await response.content.read(ERROR_BODY)).decode("utf-8", "replace")
                    error = f"HTTP {status}" + (f": {snippet.strip()}" if snippet.strip() else "")
                    retry_after = _retry_after(response.headers.get("Retry-After"), self.d.clock())
        except TimeoutError:
            error = f"no answer within {self.endpoint.timeout:g} s"
        except (aiohttp.ClientError, OSError) as exc:
            error = _describe(exc)
        await self._record(delivery, status, error, retry_after)

    async def _record(
        self, delivery: Delivery, status: int | None, error: str | None, retry_after: float | None
    ) -> None:
        now = self.d.clock()
        delivered = status is not None and 200 <= status < 300
        next_at = None
        if not delivered and is_retryable(status):
            next_at = self.d.next_attempt(delivery, now, retry_after)
        await self.d.store.record_attempt(
            delivery.id, at=now, delivered=delivered, status=status, error=error,
            next_attempt_at=next_at,
        )  # fmt: skip
        if delivered:
            outcome = "delivered"
        elif next_at is not None:
            outcome = "retry"
            self.next_due = next_at if self.next_due is None else min(self.next_due, next_at)
            log.info(
                "webhook %s: %s for %s (%s); attempt %d, next at %s", self.name, error,
                delivery.event_id, delivery.event_type, delivery.attempts + 1, next_at.isoformat(),
            )  # fmt: skip
        else:
            outcome = "failed"
            log.warning(
                "webhook %s: gave up on %s (%s) after %d attempts: %s", self.name,
                delivery.event_id, delivery.event_type, delivery.attempts + 1, error,
            )  # fmt: skip
        self.d.on_attempt(self.name, outcome, status)

    async def _wait(self) -> None:
        timeout = POLL
        if self.next_due is not None:
            until = (self.next_due - self.d.clock()).total_seconds()
            if until <= 0:
                self.next_due = None
                return
            timeout = min(timeout, until)
        self.wake.clear()
        waiter = asyncio.ensure_future(self.d.store.wait_events(self.cursor or 0, timeout))
        poked = asyncio.ensure_future(self.wake.wait())
        try:
            await asyncio.wait(
                {waiter, poked}, timeout=timeout + 1.0, return_when="FIRST_COMPLETED"
            )
        finally:
            for f in (waiter, poked):
                f.cancel()
            await asyncio.gather(waiter, poked, return_exceptions=True)
        if self.next_due is not None and self.next_due <= self.d.clock():
            self.next_due = None


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds (a number of seconds or an HTTP date, RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError):
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:ERROR_BODY]
