"""The HTTP bridge's part of `modem serve`: its flags (--listen, --token, --webhook,
--webhook-secret) and what `--sim` prints once the gateway runs: the URL, a token and a curl
command ready to paste that sends an SMS from one simulated modem to the other.
"""

from __future__ import annotations

import json
import secrets
import shlex
from collections.abc import Callable
from typing import Any

import click

__all__ = ["api_options", "bridge_component", "print_sim_banner", "sim_banner"]


def api_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--webhook-secret",
        metavar="SECRET",
        help="The --webhook endpoints' Standard Webhooks secret (whsec_...; default: a new "
        "one, printed).",
    )(func)
    func = click.option(
        "--webhook",
        "webhooks",
        multiple=True,
        metavar="URL",
        help="POST every message and modem event to URL, signed (repeatable).",
    )(func)
    func = click.option(
        "--token",
        "tokens",
        multiple=True,
        metavar="TOKEN",
        help="A bearer token with every scope (repeatable); needed to listen beyond loopback.",
    )(func)
    return click.option(
        "--listen",
        metavar="HOST:PORT",
        help="Where the HTTP API listens (default: the config's bridge.listen, 127.0.0.1:8080).",
    )(func)


def bridge_component(
    listen: str | None,
    tokens: tuple[str, ...],
    webhooks: tuple[str, ...],
    webhook_secret: str | None,
    *,
    sim: bool,
    configured_tokens: int,
) -> tuple[Any, str | None]:
    """The bridge component for the flags, and the token to show (--sim: a new one when
    none is configured or given, so the printed curl shows how tokens are used)."""
    from modem.bridge.component import BridgeComponent, Overrides
    from modem.config.bridge import TokenConfig, parse_listen, webhook

    shown = tokens[0] if tokens else None
    if sim and not tokens and not configured_tokens:
        shown = secrets.token_urlsafe(24)
        tokens = (shown,)
    for token in tokens:
        if len(token) < 16:
            raise click.BadParameter("at least 16 characters (a long random one)",
                                     param_hint="--token")  # fmt: skip
    token_configs = tuple(TokenConfig(name=f"cli{i + 1}", token=t) for i, t in enumerate(tokens))
    if webhooks and webhook_secret is None:
        import base64
        import os

        webhook_secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
        click.echo(f"webhook secret (verify the webhooks with it): {webhook_secret}", err=True)
    endpoints = tuple(
        webhook(
            f"webhook{i + 1}" if len(webhooks) > 1 else "webhook",
            {"url": url, "secret": webhook_secret},
        )
        for i, url in enumerate(webhooks)
    )
    overrides = Overrides(
        listen=parse_listen(listen, "--listen") if listen else None,
        tokens=token_configs,
        webhooks=endpoints,
    )
    return BridgeComponent(overrides), shown


async def print_sim_banner(gateway: Any, component: Any, token: str | None) -> None:
    """Print the banner once the simulated modems are ready (their numbers are known then)."""
    import asyncio

    from modem.errors import ModemError

    async def ready(modem: Any) -> None:
        while not modem.state.ready:
            await modem.wait_state(modem.state.version)

    numbers: dict[str, str] = {}
    try:
        async with asyncio.timeout(15):
            await asyncio.gather(*(ready(m) for m in gateway.modems.values()))
            for name, modem in gateway.modems.items():
                numbers[name] = modem.state.own_number or (await modem.info()).own_number or ""
    except (TimeoutError, ModemError):
        pass  # print what is known
    click.echo(sim_banner(gateway, component, token, numbers))


def sim_banner(gateway: Any, component: Any, token: str | None, known: dict[str, str]) -> str:
    """What `modem serve --sim` prints once it runs."""
    url = component.bridge.url if component.bridge is not None else "?"
    names = sorted(gateway.modems)
    numbers = [known.get(name) or "?" for name in names]
    sender, to = (names[0], numbers[1]) if len(names) > 1 else (names[0], numbers[0])
    body = json.dumps({"to": to, "text": "Hello from the gateway 👋", "modem": sender},
                      ensure_ascii=False)  # fmt: skip
    auth = f" -H {shlex.quote('Authorization: Bearer ' + token)}" if token else ""
    modems = ", ".join(f"{n} {m}" for n, m in zip(names, numbers, strict=True))
    lines = [
        f"gateway on simulated modems: {modems}",
        f"API:     {url}/api/v1  (docs: {url}/docs)",
    ]
    if token:
        lines.append(f"token:   {token}")
    lines += [
        f"send an SMS from {sender} to {to}:",
        f"  curl -sS{auth} -H 'Content-Type: application/json' \\",
        f"    -d {shlex.quote(body)} {url}/api/v1/messages",
        f"follow it:  curl -sSN{auth} {url}/api/v1/events",
    ]
    return "\n".join(lines)
