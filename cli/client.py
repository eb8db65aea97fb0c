"""The CLI through the daemon: when `modem serve` runs, it owns the modems' ports, so `modem
send`, `inbox`, `listen`, `ussd` and `info` ask it over its HTTP API instead of opening a port
(`--port` still opens one directly, for maintenance with the daemon stopped).

Where the daemon is: $GSMBRIDGE_URL, else the config's `bridge.url`, else its `bridge.listen`
(127.0.0.1:8080 by default). The token: $GSMBRIDGE_TOKEN, else the first of the config's
`bridge.tokens` with the scope the command needs. A daemon is used when it answers /healthz
as gsmbridge within a moment; nothing listening (connection refused) means direct mode.
Which modem `info` and `ussd` use: the config's `default`, else the daemon's first ready one.

Only the standard library's HTTP client is used, so `modem --help` stays fast and a command
in direct mode pays nothing for this.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from modem.errors import ModemError

__all__ = ["ApiError", "DaemonClient", "through_daemon"]

PROBE_TIMEOUT = 0.5


class ApiError(ModemError):
    """The daemon refused a request: its problem's detail, one line."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        detail = problem.get("detail") or problem.get("title") or f"HTTP {status}"
        errors = problem.get("errors") or []
        if len(errors) > 1:
            detail += "; " + "; ".join(
                f"{e.get('pointer') or e.get('parameter')}: {e['detail']}" for e in errors[1:]
            )
        super().__init__(f"the daemon refused it ({status}): {detail}")


@dataclass
class DaemonClient:
    url: str
    token: str | None = None
    default_modem: str | None = None

    def request(
        self, method: str, path: str, body: Any = None, *, timeout: float = 30.0, **headers: str
    ) -> Any:
        data = None
        hdrs = {"Accept": "application/json", **headers}
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            hdrs["Content-Type"] = "application/json"
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, data=data, headers=hdrs, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                problem = json.loads(exc.read())
            except ValueError:
                problem = {"detail": exc.reason}
            raise ApiError(exc.code, problem if isinstance(problem, dict) else {}) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ModemError(f"the daemon at {self.url} did not answer: {reason}") from None

    def events(self, query: str = "", last_id: str | None = None) -> Iterator[dict[str, Any]]:
        """The event stream (SSE), one event's JSON at a time, resuming after a dropped
        connection with Last-Event-ID; forever."""
        headers = {"Accept": "text/event-stream"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        while True:
            if last_id is not None:
                headers["Last-Event-ID"] = last_id
            request = urllib.request.Request(f"{self.url}/api/v1/events{query}", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    data: list[str] = []
                    for raw in response:
                        line = raw.decode("utf-8").rstrip("\r\n")
                        if line.startswith("id: "):
                            last_id = line[4:]
                        elif line.startswith("data: "):
                            data.append(line[6:])
                        elif not line and data:
                            yield json.loads("\n".join(data))
                            data = []
            except urllib.error.HTTPError as exc:
                raise ApiError(exc.code, _problem(exc)) from None
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                if last_id is None:
                    raise ModemError(f"the daemon at {self.url} did not answer: {exc}") from None
                # a dropped stream: reconnect and resume after the last event seen

    def modem_id(self) -> str:
        """The modem `info` and `ussd` mean: the config's default, else the first ready."""
        if self.default_modem:
            return self.default_modem
        modems = self.request("GET", "/api/v1/modems")["modems"]
        ready = [m for m in modems if m.get("ready") and m.get("local", True)] or modems
        if not ready:
            raise ModemError(f"the daemon at {self.url} has no modem")
        return str(ready[0]["modem_id"])


def _problem(exc: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        value = json.loads(exc.read())
    except ValueError:
        return {"detail": exc.reason}
    return value if isinstance(value, dict) else {}


def through_daemon(port: str | None, config_path: str | None, scope: str) -> DaemonClient | None:
    """The running daemon to ask, or None for direct mode (`--port` given, or no daemon)."""
    if port:
        return None
    from modem.config import load_config

    config = load_config(config_path)
    url = (os.environ.get("GSMBRIDGE_URL") or config.bridge.client_url).rstrip("/")
    token = os.environ.get("GSMBRIDGE_TOKEN")
    if token is None:
        token = next((t.token for t in config.bridge.tokens if t.allows(scope)), None)
    client = DaemonClient(url, token, config.default)
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=PROBE_TIMEOUT) as response:
            health = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        if os.environ.get("GSMBRIDGE_URL"):  # asked for by name: not finding it is an error
            raise ModemError(f"no gsmbridge daemon answers at {url} (GSMBRIDGE_URL)") from None
        return None
    if not isinstance(health, dict) or health.get("service") != "gsmbridge":
        return None  # something else listens there
    return client
