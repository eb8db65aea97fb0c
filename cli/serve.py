"""`modem serve`: run the gateway (store, modems, pool) until SIGTERM.

The configuration comes from `-c FILE` (else $GSMBRIDGE_CONFIG, else the default file);
flags override it for quick runs: `--modem NAME=URL` (repeatable; the modems are then exactly
those given, each inheriting the settings of a configured modem of the same name), `--db`
(the store: a path or a URL), `--node` (this host's name in a fleet). `--sim` runs the whole
gateway on two simulated modems in this process (a temporary store unless one is named).
The HTTP API (modem/bridge) runs with it: `--listen`, `--token`, `--webhook` and
`--webhook-secret` add to the config's `bridge:` section (cli/api.py).
SIGHUP reloads the configuration (the flags applied again); SIGTERM stops cleanly, finishing
the SMS in flight. Logs go to stderr, in the journal's form under systemd.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.api import api_options, bridge_component, print_sim_banner

if TYPE_CHECKING:
    from modem.config import Config


@click.command()
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Config file (default $GSMBRIDGE_CONFIG or ~/.config/gsmbridge/config.yaml).",
)
@click.option(
    "--modem",
    "modems",
    multiple=True,
    metavar="NAME=URL",
    help="A modem to use (repeatable): replaces the config's list for this run.",
)
@click.option("--db", default=None, help="Store: a database path or URL.")
@click.option("--node", default=None, help="This host's name in a fleet (default: host name).")
@click.option("--sim", is_flag=True, help="Run on two simulated modems in this process.")
@api_options
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
def serve(
    config_path: Path | None,
    modems: tuple[str, ...],
    db: str | None,
    node: str | None,
    sim: bool,
    log_level: str,
    listen: str | None,
    tokens: tuple[str, ...],
    webhooks: tuple[str, ...],
    webhook_secret: str | None,
) -> None:
    """Run the gateway: the modems, the queue, the store and the HTTP API."""
    import asyncio
    import tempfile

    from modem.config import load_config
    from modem.service import serve as run
    from modem.service import setup_logging

    overrides = _modems(modems)
    if node is not None:
        from modem.config.gateway import parse_node

        node = parse_node(node)
    scratch = None
    if sim and db is None and load_config(config_path).store.path is None:
        scratch = tempfile.TemporaryDirectory(prefix="gsmbridge-sim-")
        db = str(Path(scratch.name) / "modem.db")
        click.echo(f"simulated modems; a temporary store in {db}", err=True)

    def load() -> Config:
        return _apply(load_config(config_path), overrides, db, node)

    config = load()  # a mistake in the file or the flags: one error line before anything starts
    component, token = bridge_component(
        listen, tokens, webhooks, webhook_secret, sim=sim,
        configured_tokens=len(config.bridge.tokens),
    )  # fmt: skip
    component.overrides.apply(config.bridge)  # --listen 0.0.0.0 without a token: refused now

    banner: list[asyncio.Task[None]] = []

    def started(gateway: Any) -> None:
        if sim:  # printed once the modems are ready (kept referenced until then)
            banner.append(asyncio.ensure_future(print_sim_banner(gateway, component, token)))

    setup_logging(log_level)
    try:
        asyncio.run(run(load, sim=sim, components=[component], on_started=started))
    except KeyboardInterrupt:  # before the signal handlers were in place
        pass
    finally:
        if scratch is not None:
            scratch.cleanup()


def _modems(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or not name.strip() or not url.strip():
            raise click.BadParameter(f"{value!r}: give NAME=URL", param_hint="--modem")
        if name.strip() in out:
            raise click.BadParameter(f"{name.strip()!r} given twice", param_hint="--modem")
        out[name.strip()] = url.strip()
    return out


def _apply(config: Config, modems: dict[str, str], db: str | None, node: str | None) -> Config:
    import dataclasses

    from modem.config import StoreConfig
    from modem.config.driver import parse_modem

    changes: dict[str, object] = {}
    if modems:
        chosen = {}
        for name, url in modems.items():
            known = config.modems.get(name)
            chosen[name] = dataclasses.replace(known, port=url) if known else parse_modem(name, url)
        changes["modems"] = chosen
        if config.default not in chosen:
            changes["default"] = None
    if db is not None:
        url_like = "://" in db
        changes["store"] = (
            StoreConfig(url=db)
            if url_like
            else StoreConfig(path=db, synchronous=config.store.synchronous)
        )
    if node is not None:
        changes["node"] = node
    return dataclasses.replace(config, **changes)
