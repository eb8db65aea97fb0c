"""`modem serve --sim`: the URL, a token and a curl command ready to paste, which sends an SMS
from one simulated modem to the other (run here as the shell would run it)."""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal

import pytest

from tests.bridge.daemon import MODEM, ROOT


async def test_serve_sim_prints_a_curl_that_works(tmp_path):
    env = {**os.environ, "GSMBRIDGE_CONFIG": str(tmp_path / "none.yaml")}
    (tmp_path / "none.yaml").write_text("{}\n")
    process = await asyncio.create_subprocess_exec(
        *MODEM, "serve", "--sim", "--listen", "127.0.0.1:0", "--db", str(tmp_path / "m.db"),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        lines: list[str] = []
        async with asyncio.timeout(60):
            while not any(line.startswith("follow it:") for line in lines):
                lines.append((await process.stdout.readline()).decode().rstrip("\n"))
        banner = "\n".join(lines)
        assert "sim0 +15550000001, sim1 +15550000002" in banner
        token = next(line.split()[1] for line in lines if line.startswith("token:"))
        assert len(token) >= 16
        curl = " ".join(
            line.strip().rstrip("\\") for line in lines if line.strip().startswith(("curl", "-d"))
        )
        assert "+15550000002" in curl and token in curl
        if shutil.which("curl") is None:
            pytest.skip("curl is not installed: the command was printed, not run")
        run = await asyncio.create_subprocess_exec(
            *shlex.split(curl), stdout=asyncio.subprocess.PIPE
        )
        out, _ = await run.communicate()
        assert b'"state": "queued"' in out and b'"modem": "sim0"' in out
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
