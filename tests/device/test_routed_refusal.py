"""A routed +CMT the consumer does not take in time is refused, and comes again.

TS 27.005 §3.4.4 (+CNMA) and TS 24.011 §7.3.4 (RP-ERROR): with AT+CSMS=1, a modem whose
+CMT is not acknowledged in time switches routing off, so later messages would be stored
silently. The driver refuses instead (AT+CNMA=2) when its consumer is slower than
`timeouts.ack`; the network keeps the message and offers it again, and that copy is the one
acknowledged. Nothing is lost and routing stays on.
"""

from __future__ import annotations

import dataclasses

from modem.device import SmsReceived

from .conftest import FAST, ModemSpec, network, next_event, opened, until


async def test_a_message_the_consumer_is_too_slow_for_is_refused_and_comes_again() -> None:
    # The simulated SMSC offers a refused message again 30 modem-seconds later: 0.3 s here.
    async with network(ModemSpec("sim0"), latency_scale=0.01) as net:
        sim = net.modem("sim0")
        timeouts = dataclasses.replace(FAST, ack=1.0)
        async with opened(sim.url, receive="route", timeouts=timeouts) as modem:
            await net.inject_sms(sim.number, "slow consumer")
            # The consumer is busy elsewhere: nobody takes the event within timeouts.ack.
            await until(lambda: "AT+CNMA=2" in sim.commands)

            refused = await next_event(modem, SmsReceived)
            again = await next_event(modem, SmsReceived)
            assert refused.text == again.text == "slow consumer"
            assert again.storage is None  # still routed: the modem kept routing on
            # Acknowledging the refused copy late sends nothing: an AT+CNMA now would
            # acknowledge whatever +CMT is pending, perhaps one the consumer has not taken.
            await refused.ack()
            assert "AT+CNMA" not in sim.commands
            await again.ack()
            await until(lambda: "AT+CNMA" in sim.commands)
            assert sim.commands.count("AT+CNMA") == 1

            # Routing is still on: the next message is routed too, and nothing was stored.
            await net.inject_sms(sim.number, "next one")
            routed = await next_event(modem, SmsReceived)
            assert routed.text == "next one" and routed.storage is None
            await routed.ack()
            assert sim.inbox == []
