"""A real gateway for the bridge's end-to-end tests: `modem sim` (simulated modems on loopback
TCP ports, as ser2net would serve real ones) and `modem serve` (the daemon) as subprocesses,
talking real HTTP on 127.0.0.1.

`Daemon.start()` writes the config, starts the daemon on a free port (it logs where it
listens) and waits until /readyz says a modem is ready; `stop()` sends SIGTERM (a clean
stop), `kill()` SIGKILL; `start()` again brings it back on the same store and port.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

MODEM = [sys.executable, "-m", "cli.main"]
ROOT = Path(__file__).resolve().parents[2]
_LISTENING = re.compile(r"bridge: listening on (http://\S+)")


@dataclass
class SimModems:
    """`modem sim` with a config: the modems' socket:// URLs and numbers."""

    config: dict[str, Any]
    directory: Path
    modems: dict[str, dict[str, Any]] = field(default_factory=dict)
    process: asyncio.subprocess.Process | None = None

    async def start(self) -> SimModems:
        path = self.directory / "sim.yaml"
        path.write_text(yaml.safe_dump(self.config))
        self.process = await asyncio.create_subprocess_exec(
            *MODEM, "sim", "--config", str(path), "--json", cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        assert self.process.stdout is not None
        async with asyncio.timeout(30):
            while len(self.modems) < len(self.config["modems"]):
                line = await self.process.stdout.readline()
                if not line:
                    raise RuntimeError("modem sim ended before serving its modems")
                modem = json.loads(line)
                self.modems[modem["name"]] = modem
        return self

    def number(self, name: str) -> str:
        return self.modems[name]["number"]

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                async with asyncio.timeout(10):
                    await self.process.wait()
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@dataclass
class Daemon:
    """`modem serve` on the simulated modems, with `bridge` as its config's bridge: section."""

    sim: SimModems
    directory: Path
    bridge: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    process: asyncio.subprocess.Process | None = None
    port: int = 0

    @property
    def log(self) -> str:
        path = self.directory / "serve.log"
        return path.read_text(errors="replace") if path.exists() else ""

    async def start(self, ready: bool = True) -> Daemon:
        config = {
            "modems": {name: {"port": m["url"]} for name, m in self.sim.modems.items()},
            "store": {"path": str(self.directory / "modem.db"), "synchronous": "normal"},
            "bridge": {"listen": f"127.0.0.1:{self.port}", **self.bridge},
            **self.extra,
        }
        path = self.directory / "config.yaml"
        path.write_text(yaml.safe_dump(config))
        log = (self.directory / "serve.log").open("ab")
        env = {**os.environ, "GSMBRIDGE_CONFIG": str(path)}
        self.process = await asyncio.create_subprocess_exec(
            *MODEM, "serve", "-c", str(path), cwd=ROOT, env=env,
            stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        log.close()
        async with asyncio.timeout(60):
            while not self.url:
                if self.process.returncode is not None:
                    raise RuntimeError(f"modem serve ended:\n{self.log[-3000:]}")
                match = _LISTENING.findall(self.log)
                if match:
                    self.url = match[-1]
                    self.port = int(self.url.rsplit(":", 1)[1])
                await asyncio.sleep(0.05)
            if ready:
                await self.wait_ready()
        return self

    async def wait_ready(self) -> None:
        """Until /readyz answers 200 (the store takes writes, every modem is ready)."""
        async with aiohttp.ClientSession() as session:
            while True:
                try:
                    async with session.get(self.url + "/readyz") as r:
                        body = await r.json()
                        if r.status == 200 and body["modems_ready"] >= len(self.sim.modems):
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        process, self.process, self.url = self.process, None, ""
        if process is None or process.returncode is not None:
            return process.returncode if process else 0
        process.send_signal(sig)
        try:
            async with asyncio.timeout(30):
                return await process.wait()
        except TimeoutError:
            process.kill()
            return await process.wait()
