"""The MMS client against the simulated MMSC's faults, as seen in the field: each one observed
and answered the way a user needs (retried while it can help, reported plainly when not).
Retries follow the real 2/4/8 s schedule on a clock the test moves."""

from __future__ import annotations

import pytest
from client_helpers import JPEG, Clock, client_for, pushes, settle, sim_config

from modem.bearer.base import Limits
from modem.errors import MmsSendError, MmsSendUnknown
from modem.mms import MmsMessage, NotifyRespInd
from modem.mms.client_policy import RetryPolicy
from modem.sim import SimNetwork
from modem.sim.mmsc_config import MmscFaults
from modem.vocabulary import RetrievalState


def photo(net: SimNetwork) -> MmsMessage:
    return MmsMessage.build(net.modem("bob").number, text="hello", attachments=[(JPEG, "p.jpg")])


async def announced(net: SimNetwork, clock: Clock, **kw: object):
    """alice sends bob a photo; bob's client has taken the notification. (client, record)"""
    alice = client_for(net, "alice")
    bob = client_for(net, "bob", clock=clock, retry=RetryPolicy(), **kw)  # type: ignore[arg-type]
    await alice.send(photo(net))
    await settle(net)
    [push] = pushes(net, "bob")
    received = await bob.receive(push)
    return bob, received.notification


async def until_final(bob, clock: Clock, rounds: int = 10):
    """run_due, moving the clock to each retry, until the notification is done."""
    for _ in range(rounds):
        due = await bob.store.next_due(bob.modem_id)
        assert due is not None, "nothing left to do, yet not settled"
        clock.now = max(clock.now, due)
        [n] = await bob.run_due()
        if n.state is not RetrievalState.PENDING:
            return n
    raise AssertionError("never settled")


async def test_server_errors_then_recovery_on_the_retry_schedule() -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.faults = MmscFaults(server_errors=2)
        [first] = await bob.run_due()
        assert first.state is RetrievalState.PENDING and first.attempts == 1
        assert first.error.kind == "http_status" and first.error.status == 503
        assert (first.next_attempt_at - clock.now).total_seconds() == 2  # Android: 2, 4, 8 s
        assert await bob.run_due() == []  # not due yet
        clock.advance(seconds=2)
        [second] = await bob.run_due()
        assert (second.next_attempt_at - clock.now).total_seconds() == 4
        clock.advance(seconds=4)
        [done] = await bob.run_due()
        assert done.state is RetrievalState.RETRIEVED and done.attempts == 3
        assert len(net.mmsc.seen(NotifyRespInd)) == 1


async def test_an_expired_content_location_is_not_retried() -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.expire()
        [n] = await bob.run_due()
        assert n.state is RetrievalState.FAILED and n.error.status == 404
        assert "expired or was already fetched" in n.error.message
        assert net.mmsc.seen(NotifyRespInd) == [] and await bob.run_due() == []


async def test_412_for_a_missing_user_agent_names_the_cause() -> None:
    async with SimNetwork(sim_config(faults=MmscFaults(require_user_agent=True))) as net:
        bare = client_for(net, "alice", user_agent="")
        with pytest.raises(MmsSendError) as caught:
            await bare.send(photo(net))
        error = caught.value
        assert (error.kind, error.outcome, error.retryable) == ("http_status", "failed", False)
        assert "412" in str(error) and "User-Agent" in str(error)
        sent = await client_for(net, "alice").send(photo(net))  # the default UA passes
        assert sent.message_id


async def test_the_connection_closed_early() -> None:
    async with SimNetwork(sim_config()) as net:
        net.mmsc.faults = MmscFaults(close_early=1)
        with pytest.raises(MmsSendUnknown) as caught:  # the request went out: maybe accepted
            await client_for(net, "alice").send(photo(net))
        assert caught.value.outcome == "unknown" and not caught.value.retryable
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.faults = MmscFaults(close_early=1)
        done = await until_final(bob, clock)
        assert done.state is RetrievalState.RETRIEVED and done.attempts == 2


async def test_a_lying_content_length_is_retried_not_stored() -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.faults = MmscFaults(lying_length=1)
        [first] = await bob.run_due()
        assert first.error.kind == "truncated" and first.retrieved is None
        done = await until_final(bob, clock)
        assert done.state is RetrievalState.RETRIEVED


@pytest.mark.parametrize(("status", "retryable"), [(0xC3, True), (0xE2, False)])
async def test_response_status_errors_transient_and_permanent(status: int, retryable: bool) -> None:
    async with SimNetwork(sim_config(faults=MmscFaults(send_status=(status,)))) as net:
        with pytest.raises(MmsSendError) as caught:
            await client_for(net, "alice").send(photo(net))
        error = caught.value
        assert (error.kind, error.response_status, error.retryable) == (
            "mms_status",
            status,
            retryable,
        )
        assert ("transient" if retryable else "permanent") in str(error)
        assert net.mmsc.messages == {}


@pytest.mark.parametrize(("status", "final"), [(0xC1, "retrieved"), (0xE2, "failed")])
async def test_retrieve_status_errors(status: int, final: str) -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.faults = MmscFaults(retrieve_status=(status,))
        done = await until_final(bob, clock)
        assert done.state.value == final
        if final == "failed":
            assert done.error.kind == "mms_status" and done.error.status == status


async def test_a_slow_body_times_out_and_is_tried_again() -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock, limits=Limits(timeout=5, read_timeout=0.2))
        net.mmsc.faults = MmscFaults(slow_body=0.5)
        [first] = await bob.run_due()
        assert first.error.kind == "timeout" and first.state is RetrievalState.PENDING
        net.mmsc.faults = MmscFaults()
        clock.advance(seconds=2)
        [done] = await bob.run_due()
        assert done.state is RetrievalState.RETRIEVED


async def test_too_large_for_the_carrier_is_refused_before_sending() -> None:
    async with SimNetwork(sim_config()) as net:
        small = client_for(net, "alice", max_size=1000)
        with pytest.raises(MmsSendError) as caught:
            await small.send(photo(net))
        assert caught.value.kind == "too_large" and not caught.value.retryable
        assert net.mmsc.requests == []


async def test_retries_stop_at_the_notifications_expiry() -> None:
    async with SimNetwork(sim_config()) as net:
        clock = Clock()
        bob, _ = await announced(net, clock)
        net.mmsc.faults = MmscFaults(server_errors=1000)
        done = await until_final(bob, clock, rounds=200)
        assert done.state is RetrievalState.EXPIRED and done.error.kind == "expired"
        assert "503" in done.error.message and done.attempts > 3
