"""`ppp`: this program dials the MMS APN itself on the modem's data port with pppd.

start(): the MMS PDP context is defined on the AT port (AT+CGDCONT, through `at_command`, a
small callable the modem side provides: send one AT line, raise if it fails), pppd is started
on the data port with a generated chat script and options (see `ppp_setup`), its output is
logged line by line, and the link counts as up when pppd reports the interface and its address
and the interface exists; then the bearer works as an `InterfaceBearer` on that interface,
with pppd's peer DNS servers (or those configured). stop(): pppd gets SIGTERM (SIGKILL if it
lingers) and its files are removed. When pppd fails or the link drops, the error says why in
pppd's words and with its exit status in plain English ("LCP: timeout sending
Config-Requests", "authentication to the network failed").

Modems with two ports (Quectel EC25: AT on ttyUSB2, PPP on ttyUSB3) keep the driver's AT port
while the link runs. A modem with one port for both needs the AT layer's data mode: that is the
`modem` bearer's job, not this one's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from modem.bearer.base import Bearer
from modem.bearer.interface import InterfaceBearer
from modem.bearer.ppp_setup import PppWatch, cgdcont, chat_script, options_file
from modem.errors import BearerDown, ModemError

__all__ = ["AtCommand", "PppBearer"]

log = logging.getLogger("modem.bearer.ppp")

AtCommand = Callable[[str], Awaitable[object]]
"""Sends one AT command line on the modem's AT port; raises (a ModemError) if it fails."""


class PppBearer(Bearer):
    kind = "ppp"

    def __init__(
        self,
        data_port: str,
        *,
        apn: str,
        context: int = 1,
        pdp_type: str = "IP",
        user: str | None = None,
        password: str | None = None,
        at_command: AtCommand | None = None,
        baudrate: int = 115200,
        dns: Sequence[str] = (),
        pppd: str = "pppd",
        chat: str = "chat",
        up_timeout: float = 60.0,
        linger: float = 10.0,
        name: str = "gsmbridge-mms",
        extra_options: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.data_port = data_port
        self.apn = apn
        self.context = context
        self.pdp_type = pdp_type.upper()
        self.user = user
        self.password = password
        self.at_command = at_command
        self.baudrate = baudrate
        self.dns = tuple(dns)
        self.pppd = pppd
        self.chat = chat
        self.up_timeout = up_timeout
        self.linger = linger
        self.name = name
        self.extra_options = tuple(extra_options)
        self.cgdcont = cgdcont(context, self.pdp_type, apn)  # ValueError for a bad one now
        self.watch = PppWatch(ipv6_only=self.pdp_type == "IPV6")
        self.process: asyncio.subprocess.Process | None = None
        self.link: InterfaceBearer | None = None
        self._dir: Path | None = None
        self._reader: asyncio.Task[None] | None = None
        self._up = asyncio.Event()
        self._gone = asyncio.Event()
        self._dns_seen = asyncio.Event()

    # --- bringing the link up ---------------------------------------------------------------

    async def _start(self) -> None:
        await self._define_context()
        argv = self.command_line()
        self.watch = PppWatch(ipv6_only=self.pdp_type == "IPV6")
        self._up, self._gone, self._dns_seen = asyncio.Event(), asyncio.Event(), asyncio.Event()
        log.info("%s: starting %s", self.name, " ".join(argv))
        try:
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C at the terminal is ours to pass on
            )
        except OSError as exc:
            self._remove_files()
            raise BearerDown(f"cannot run {self.pppd}: {exc.strerror or exc}") from None
        self._reader = asyncio.get_running_loop().create_task(self._read_output())
        try:
            await self._wait_up()
            if not self.dns:  # pppd logs the peer's DNS servers right after the addresses
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._dns_seen.wait(), 1.0)
            iface = self.watch.interface
            assert iface is not None
            self.link = InterfaceBearer(iface, dns=self.dns or self.watch.dns)
            await self.link.start()
        except BaseException:
            await self._kill()
            raise
        log.info(
            "%s: up on %s (%s), DNS %s",
            self.name,
            iface,
            self.watch.local_ip or self.watch.local_ll,
            ", ".join(self.link.dns) or "none",
        )

    async def _define_context(self) -> None:
        if self.at_command is None:
            log.info(
                "%s: no AT port given: PDP context %d is used as the modem has it",
                self.name,
                self.context,
            )
            return
        try:
            await self.at_command(self.cgdcont)
        except ModemError as exc:
            raise BearerDown(f"{self.cgdcont} failed: {exc}") from None

    def command_line(self) -> list[str]:
        """pppd's argv (writes the options and chat files it names)."""
        pppd = shutil.which(self.pppd) or self.pppd
        chat = shutil.which(self.chat) or self.chat
        noop = shutil.which("true") or "/bin/true"
        self._remove_files()
        self._dir = Path(tempfile.mkdtemp(prefix="gsmbridge-ppp-"))  # 0700
        chat_path = self._dir / "chat"
        chat_path.write_text(chat_script(self.context))
        options = self._dir / "options"
        fd = os.open(options, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(
                options_file(
                    data_port=self.data_port,
                    baudrate=self.baudrate,
                    chat=chat,
                    chat_path=str(chat_path),
                    pdp_type=self.pdp_type,
                    noop=noop,
                    user=self.user,
                    password=self.password,
                    unit_name=self.name,
                    extra=self.extra_options,
                )
            )
        return [pppd, "file", str(options)]

    async def _read_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        try:
            while True:
                try:
                    raw = await stream.readline()
                except ValueError:  # a line longer than the stream's limit: keep going
                    raw = await stream.read(65536)
                if not raw:
                    break
                line = raw.decode("utf-8", "replace").rstrip()
                if line:
                    log.info("%s: pppd: %s", self.name, line)
                    self.watch.feed(line)
                    if self.watch.up and not self._up.is_set():
                        self._up.set()
                    if self.watch.dns:
                        self._dns_seen.set()
            await self.process.wait()
        finally:
            self._gone.set()
            if self.up:
                log.warning("%s: the PPP link went down: %s", self.name, self._reason())

    async def _wait_up(self) -> None:
        up = asyncio.ensure_future(self._up.wait())
        gone = asyncio.ensure_future(self._gone.wait())
        try:
            await asyncio.wait(
                {up, gone}, timeout=self.up_timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            up.cancel()
            gone.cancel()
        if self._up.is_set() and not self._gone.is_set():
            await self._wait_interface()
            return
        if self._gone.is_set():
            raise BearerDown(f"no PPP link on {self.data_port}: {self._reason()}")
        raise BearerDown(
            f"no PPP link on {self.data_port} within {self.up_timeout:g} s"
            + (f" (pppd said: {self.watch.tail[-1]})" if self.watch.tail else "")
        )

    async def _wait_interface(self) -> None:
        """pppd names the interface before the kernel may show it: wait for it, briefly."""
        name = self.watch.interface
        assert name is not None
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.if_nametoindex(name)
                return
            if self._gone.is_set():
                break
            await asyncio.sleep(0.05)
        raise BearerDown(f"pppd reported {name} but no such interface appeared")

    def _reason(self) -> str:
        code = self.process.returncode if self.process is not None else None
        return self.watch.reason(code)

    # --- using it ---------------------------------------------------------------------------

    async def connect(
        self, host: str, port: int, *, timeout: float
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if not self.up:
            await self.start()
        if self._gone.is_set() or self.link is None:
            reason = self._reason()
            await self.stop()
            raise BearerDown(f"the PPP link on {self.data_port} went down: {reason}")
        return await self.link.connect(host, port, timeout=timeout)

    # --- taking it down ---------------------------------------------------------------------

    async def _stop(self) -> None:
        await self._kill()

    async def _kill(self) -> None:
        process, self.process = self.process, None
        if self.link is not None:
            await self.link.stop()
            self.link = None
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 5.0)
            except TimeoutError:
                log.warning("%s: pppd ignored SIGTERM; killing it", self.name)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._reader is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._reader, 5.0)
            self._reader = None
        if process is not None:
            self.process = process  # kept for its exit status (and `reason`)
        self._remove_files()

    def _remove_files(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "data_port": self.data_port,
            "apn": self.apn,
            "context": self.context,
            "interface": self.watch.interface,
            "local_ip": self.watch.local_ip,
            "dns": list(self.dns or self.watch.dns),
        }
