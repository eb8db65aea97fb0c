"""`modem demo`: the whole SMS path on two simulated modems, no hardware needed.

Two simulated modems are served on real pseudo-terminals; the driver opens them as it would
open /dev/ttyUSB2, sends a long message with emoji from one to the other, and the steps are
printed as they happen: identities, what the text costs, each part's AT+CMGS reference, each
part arriving at the other modem, the reassembled text, and the delivery reports.
"""

from __future__ import annotations

import json
import time
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
    """Send a long message with emoji between two simulated modems, step by step."""
    import asyncio
    import logging

    if trace:
        logging.basicConfig(format="%(name)s %(message)s")
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
            click.echo(json.dumps({**record, **fields}))
        else:
            click.echo(f"[{elapsed:6.2f}s] {message}")


async def _run(text: str, personality: str, latency_scale: float, as_json: bool) -> None:
    import asyncio

    from modem.device import Modem, SmsReceived, StatusReportReceived
    from modem.sim import FaultSpec, ModemSpec, SimConfig, SimNetwork
    from modem.sms import count

    say = _Steps(as_json)
    # Command and network latencies as a real modem has them, scaled down by latency_scale.
    latency = FaultSpec(latency=0.05, sms_latency=3.0)
    config = SimConfig(
        modems=[
            ModemSpec("alice", personality=personality, faults=latency),
            ModemSpec("bob", personality=personality, faults=latency),
        ],
        latency_scale=latency_scale,
        seed=1,
    )
    async with SimNetwork(config) as network:
        sims = [network.modem("alice"), network.modem("bob")]
        ports = [await sim.serve_pty() for sim in sims]
        for sim, port in zip(sims, ports, strict=True):
            say(
                "modem",
                f"simulated {personality} modem {sim.name} {sim.number} on {port}",
                name=sim.name,
                number=sim.number,
                port=port,
            )

        async with (
            Modem(ports[0], reconnect=False) as alice,
            Modem(ports[1], reconnect=False) as bob,
        ):
            for name, modem in (("alice", alice), ("bob", bob)):
                info = await modem.info()
                say(
                    "info",
                    f"{name}: {info.manufacturer} {info.model}, operator {info.operator}, "
                    f"signal {_signal(info.signal)}",
                    name=name,
                    manufacturer=info.manufacturer,
                    model=info.model,
                    operator=info.operator,
                )

            cost = count(text)
            say(
                "count",
                f"{len(text)} characters cost {cost.parts} parts in {cost.encoding} "
                f"({cost.units} units, {cost.remaining} left in the last part)",
                encoding=cost.encoding,
                parts=cost.parts,
                units=cost.units,
            )

            receiver = asyncio.create_task(_receive(bob, say))

            def sent(part: Any) -> None:
                say(
                    "sent",
                    f"alice: part {part.sequence + 1}/{cost.parts} accepted by the network, "
                    f"AT+CMGS reference {part.reference}",
                    part=part.sequence + 1,
                    reference=part.reference,
                )

            result = await alice.send_sms(sims[1].number, text, status_report=True, on_part=sent)
            pending = set(result.references)
            async for event in alice.events(auto_ack=True):
                if isinstance(event, StatusReportReceived) and event.reference in pending:
                    pending.discard(event.reference)
                    say(
                        "report",
                        f"alice: delivery report for reference {event.reference}: "
                        f"{event.outcome} (TP-ST {event.report.status})",
                        reference=event.reference,
                        outcome=event.outcome,
                    )
                    if not pending:
                        break
                elif isinstance(event, SmsReceived):
                    continue
            received = await receiver
            if received != text:
                raise _Mismatch(text, received)
            say("done", "bob received the text intact; every part was delivered", ok=True)


async def _receive(bob: Any, say: _Steps) -> str:
    """Take bob's parts as they arrive, reassemble, and acknowledge them only then."""
    from modem.device import SmsReceived
    from modem.sms import Reassembler

    reassembler = Reassembler()
    held = []
    async for event in bob.events(auto_ack=False):
        if not isinstance(event, SmsReceived):
            continue
        held.append(event)
        concat = event.message.udh.concat if event.message.udh else None
        sequence = f"{concat.sequence}/{concat.total}" if concat else "1/1"
        where = f"{event.storage} index {event.index}" if event.storage else "routed"
        say(
            "arrived",
            f"bob: part {sequence} from {event.sender} ({where})",
            part=sequence,
            sender=event.sender,
            storage=event.storage,
            index=event.index,
        )
        message = reassembler.add(event.message, time.monotonic())
        if message is not None:
            say(
                "message",
                f"bob: whole message from {message.sender}: {message.text}",
                sender=str(message.sender),
                text=message.text,
                parts=len(message.parts),
            )
            for part in held:
                await part.ack()
            return message.text
    raise _Mismatch("a message", "the modem closed first")


def _signal(signal: Any) -> str:
    if signal is None:
        return "unknown"
    dbm = getattr(signal, "dbm", None)
    return f"{dbm} dBm" if dbm is not None else str(signal)


class _Mismatch(ModemError):
    def __init__(self, expected: str, got: str) -> None:
        super().__init__(f"expected {expected!r}, got {got!r}")
