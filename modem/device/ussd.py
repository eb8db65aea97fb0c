"""USSD (TS 27.007 §7.15): `AT+CUSD=1,...` and the network's +CUSD reply, decoded.

One request at a time; the reply comes as a URC (the command's own OK only says the request
went out). A +CUSD nobody waits for (a network push, a reply after the deadline) is handed to
the consumer as a `UssdReply` item.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from modem.at import Urc
from modem.at.info import parse_cusd
from modem.device.channel import Channel
from modem.device.items import UssdReply
from modem.errors import CommandTimeout
from modem.profiles import Profile

__all__ = ["Ussd"]


class Ussd:
    def __init__(
        self, channel: Channel, *, profile: Callable[[], Profile], modem_id: Callable[[], str]
    ) -> None:
        self.channel = channel
        self._profile = profile
        self._modem_id = modem_id
        self._waiter: asyncio.Future[UssdReply] | None = None
        self._lock = asyncio.Lock()

    async def request(self, code: str, timeout: float) -> UssdReply:
        """Send `code` ("*100#", or a menu answer "1"); the reply, or CommandTimeout."""
        from modem.at.ussd import ussd_command

        line = ussd_command(code, packed=self._profile().ussd_packed)
        async with self._lock:
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self.channel.exchange(line)
                try:
                    async with asyncio.timeout(timeout):
                        return await waiter
                except TimeoutError:
                    raise CommandTimeout(f"USSD {code}: no reply within {timeout:g} s") from None
            finally:
                self._waiter = None

    def reply(self, urc: Urc) -> UssdReply | None:
        """A +CUSD from the reader: to the request waiting for it (None), else the reply."""
        from modem.at.ussd import decode_ussd

        ussd = parse_cusd(urc.value)
        text = ussd.text
        if text is not None:
            text = decode_ussd(text, ussd.dcs, packed=self._profile().ussd_packed)
        reply = UssdReply(int(ussd.status), text, ussd.dcs, ussd.text, self.channel.current_port,
                          self._modem_id(), datetime.now(UTC))  # fmt: skip
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(reply)
            return None
        return reply
