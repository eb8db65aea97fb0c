"""`modem store ...`: looking after the gateway's message store.

`modem store migrate [--db PATH]` brings the database's schema up to date: it creates the
database if there is none, applies the migrations it lacks, each in its own transaction, and
says which. Running it again changes nothing. A database written by a newer gsmbridge is
refused and left as it is. The database is `--db` (a path, or a sqlite:// URL), else the
config's `store:`, else the default path (`modem.config.gateway`).
"""

from __future__ import annotations

import click

from cli.direct import run


@click.group()
def store() -> None:
    """The gateway's message store."""


@store.command()
@click.option("--db", help="Database path or URL (default: the config's store).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default $GSMBRIDGE_CONFIG or ~/.config/gsmbridge/config.yaml).",
)
def migrate(db: str | None, config_path: str | None) -> None:
    """Create or update the store's schema (idempotent); print what was applied."""
    if db is None:
        from modem.config import load_config

        target = load_config(config_path).store.target
    else:
        target = db
    applied, version = run(_migrate(target))
    if applied:
        numbers = ", ".join(str(n) for n in applied)
        click.echo(f"{target}: applied migration{'s' * (len(applied) > 1)} {numbers}; "
                   f"schema version {version}")  # fmt: skip
    else:
        click.echo(f"{target}: schema is current (version {version}); nothing to do")


async def _migrate(target: str) -> tuple[list[int], int]:
    from modem.store import store_for

    async with store_for(target) as db:
        applied = await db.migrate()
        return applied, await db.schema_version()
