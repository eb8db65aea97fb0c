"""`modem listen`: stream incoming messages, delivery reports and modem state until Ctrl-C.

Direct mode (this process owns the port, see cli/direct.py). Each event is one line of text,
or with `--json` one JSON object per line (JSON lines).

Listening changes nothing on the SIM: messages stay stored where they are (read again by
`modem inbox`, or by the next `modem listen`) unless `--delete` is given, in which case each
one is deleted only after its line was written and flushed, so a crash between the two shows
it again next time. A routed message (`--route`, or a status report a profile routes) is never
stored: it is acknowledged to the network (AT+CNMA) once shown, whatever the options, or the
network would send it again and again. `--keep` (the old way to ask for today's default) is
still accepted and changes nothing. Ctrl-C or SIGTERM ends it with exit 0 and no traceback.

`--whole` joins the parts of a long SMS (`modem.sms.Reassembler`) and shows the message once;
its parts follow the same rule (deleted after it was shown, with `--delete` only).
"""

from __future__ import annotations

import contextlib
import sys
from collections import deque
from typing import Any

import click

from cli.direct import open_modem, print_json, setup_logging
from cli.options import common_options, given

__all__ = ["listen"]


@click.command()
@common_options
@click.option(
    "--delete", is_flag=True, help="Delete each stored message from the modem once shown."
)
@click.option("--keep", is_flag=True, hidden=True, help="Leave messages (the default).")
@click.option("--route", is_flag=True, help="Have messages routed (+CMT, AT+CNMA), not stored.")
@click.option("--whole", is_flag=True, help="Join concatenated parts; show whole messages only.")
@click.pass_context
def listen(ctx: click.Context, delete: bool, keep: bool, route: bool, whole: bool) -> None:
    """Stream incoming messages, delivery reports and modem state until Ctrl-C.

    Messages stay on the modem unless --delete is given."""
    from modem.device import describe, to_json

    if keep and delete:
        raise click.UsageError("--keep and --delete contradict each other (keeping is the default)")
    options = given(ctx)
    setup_logging(options.verbose)

    def show(event: Any) -> None:
        if options.as_json:
            print_json(to_json(event))
        else:
            click.echo(describe(event))
        sys.stdout.flush()  # written before anything is deleted

    async def main() -> None:
        import asyncio
        import signal

        modem = open_modem(options, listen=True, receive="route" if route else None)
        task = asyncio.current_task()
        assert task is not None
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await modem.open()
        try:
            if whole:
                await _whole(modem, show, delete)
            else:
                await _each(modem, show, delete)
        finally:
            await modem.close()

    import asyncio

    # Ctrl-C (KeyboardInterrupt, after asyncio.run cancelled main and the modem closed) and
    # SIGTERM (main cancelled) are how listening is meant to end: exit 0, no traceback.
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())


async def _each(modem: Any, show: Any, delete: bool) -> None:
    """Every event as it comes; a message acknowledged once shown if routed or `delete`."""
    async for event in modem.events(auto_ack=False):
        show(event)
        await _settle(event, delete)


async def _whole(modem: Any, show: Any, delete: bool) -> None:
    """Whole messages (parts joined), reports and modem state, over `events(auto_ack=False)`:
    a part is deleted (with `delete`) only once its message was shown; a routed part is
    acknowledged when it comes (the network must hear back within seconds; a message whose
    other parts never come is shown incomplete after `WHOLE_TIMEOUT`)."""
    import asyncio

    from modem.device import SmsReceived

    queue: asyncio.Queue[Any] = asyncio.Queue(1)
    done = object()

    async def pump() -> None:
        async for event in modem.events(auto_ack=False):
            await queue.put(event)
        await queue.put(done)

    joiner = _Joiner()
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as group:
        pumping = group.create_task(pump())
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), min(WHOLE_TIMEOUT, 60.0))
            except TimeoutError:
                event = None
            if event is done:
                break
            if isinstance(event, SmsReceived):
                if event.storage is None:
                    await _ack(event)
                complete, copies = joiner.add(event, loop.time())
            else:
                complete, copies = [], []
                if event is not None:
                    show(event)
                    await _settle(event, delete)
            for whole, parts in complete + joiner.expire(loop.time()):
                show(whole)
                for part in parts:
                    await _settle(part, delete)
            for copy in copies:
                await _settle(copy, delete)
        pumping.cancel()


#: How long `listen --whole` waits for the missing parts of a message before showing it
#: incomplete (the driver's `messages()` default).
WHOLE_TIMEOUT = 3600.0


class _Joiner:
    """Concatenated parts in, whole messages out (`modem.sms.Reassembler`), with the events
    each was made of, so they can be acknowledged after it was shown. A part handed over
    again (after a reopen the start-up scan reads the storage again) replaces the one held,
    whose acknowledgement belonged to the old port; a copy of a part already shown is
    returned to be acknowledged (deleted) like the original."""

    def __init__(self) -> None:
        from modem.sms import Reassembler

        self.reassembler = Reassembler(timeout=WHOLE_TIMEOUT)
        self.held: dict[tuple[Any, ...], Any] = {}
        self.shown: deque[tuple[Any, ...]] = deque(maxlen=4096)

    def add(self, event: Any, now: float) -> tuple[list[tuple[Any, list[Any]]], list[Any]]:
        key = _key(event.message)
        if key in self.shown:
            return [], [event]
        if key in self.held:
            self.held[key] = event
            return [], []
        self.held[key] = event
        whole = self.reassembler.add(event.message, now)
        if whole is None:
            return [], []
        return [self._taken(whole)], []

    def expire(self, now: float) -> list[tuple[Any, list[Any]]]:
        return [self._taken(whole) for whole in self.reassembler.expire(now)]

    def _taken(self, whole: Any) -> tuple[Any, list[Any]]:
        parts = []
        for part in whole.parts:
            key = _key(part)
            event = self.held.pop(key, None)
            if event is not None:
                parts.append(event)
                self.shown.append(key)
        return whole, parts


def _key(part: Any) -> tuple[Any, ...]:
    """What tells one received part from another: the same part delivered or handed over
    twice has the same sender, place, content and TP-SCTS."""
    concat = part.concat
    place = (concat.reference, concat.total, concat.sequence) if concat is not None else None
    return (str(part.sender), place, part.text, part.data, part.timestamp)


async def _settle(event: Any, delete: bool) -> None:
    """Acknowledge a message or report once shown: always when routed, stored ones only
    with `delete` (else they stay on the modem)."""
    from modem.device import SmsReceived, StatusReportReceived

    if isinstance(event, SmsReceived | StatusReportReceived) and (delete or event.storage is None):
        await _ack(event)


async def _ack(event: Any) -> None:
    from modem.errors import ModemError

    try:
        await event.ack()
    except ModemError as exc:  # the port went away: it is shown again after reopening
        click.echo(f"warning: not acknowledged: {exc}", err=True)
