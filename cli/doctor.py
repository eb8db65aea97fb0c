"""`modem doctor`: check this machine and each modem, one line per check, with what to do.

Which modems: `--port URL` alone; else those of the configuration (`--config`, else
$GSMBRIDGE_CONFIG, else /etc/modem/config.yaml or the user's config, whichever exists); else
the AT port of every known modem plugged in. The checks live in modem/host/doctor.py and
checks.py. Exit code 0 when nothing failed (warnings allowed), 1 when a check failed.
"""

from __future__ import annotations

import json
from typing import Any

import click

from modem.vocabulary import ItemType

__all__ = ["doctor"]

_LABEL = {"ok": "ok", "warn": "WARN", "fail": "FAIL", "skip": "skip"}


def _check_pin(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (value.isdigit() and 4 <= len(value) <= 8):
        raise click.BadParameter("a SIM PIN is 4 to 8 digits", ctx=ctx, param=param)
    return value


@click.command()
@click.option("-p", "--port", help="Check only this port (a device path or URL).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration whose modems to check.")  # fmt: skip
@click.option("--pin", callback=_check_pin, help="SIM PIN to try if the SIM wants one.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=3.0,
    show_default=True,
    help="Seconds to wait for each AT answer.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--root", default="/", hidden=True, help="Read sysfs, /dev, /proc under here.")
def doctor(
    port: str | None,
    config_path: str | None,
    pin: str | None,
    timeout: float,
    as_json: bool,
    root: str,
) -> None:
    """Check the modems and this machine, and say what to fix."""
    import asyncio

    from cli.direct import Failed, Interrupted
    from modem.host.doctor import diagnose
    from modem.host.sysfs import scan

    machine = scan(root)
    targets = _targets(machine, port, config_path, pin)
    try:
        checks = asyncio.run(diagnose(targets, root=root, timeout=timeout, machine=machine))
    except KeyboardInterrupt:
        raise Interrupted() from None
    failed = [c for c in checks if c.failed]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "type": ItemType.DOCTOR_REPORT.value,
                    "healthy": not failed,
                    "checks": [c.to_json() for c in checks],
                }
            )
        )
    else:
        for check in checks:
            fix = f"; fix: {check.fix}" if check.fix and check.status in ("fail", "warn") else ""
            click.echo(
                f"{_LABEL[check.status]:5} {check.subject} {check.name}: {check.message}{fix}"
            )
    if failed:
        if as_json:
            raise SystemExit(1)
        raise Failed(f"{len(failed)} check(s) failed")


def _targets(machine: Any, port: str | None, config_path: str | None, pin: str | None) -> list:
    from modem.host.doctor import Target

    config = _config(config_path)
    if port:
        configured = config.modem(port=port) if config is not None else None
        return [
            Target(
                port,
                configured.port if configured else port,
                pin or (configured.pin if configured else None),
                configured.smsc if configured else None,
            )
        ]
    if config is not None and config.modems:
        return [
            Target(
                name,
                modem.port,
                pin or modem.pin,
                modem.smsc,
                f"set modems.{name}.pin in {config.path}: the gateway enters it when it starts",
            )
            for name, modem in config.modems.items()
        ]
    return [
        Target(p.stable_name if p.linked else p.node, p.stable_name if p.linked else p.node, pin)
        for p in machine.usb_ports
        if p.role == "at" and p.device is not None
    ]


def _config(config_path: str | None) -> Any:
    """The configuration named, or the first that exists of $GSMBRIDGE_CONFIG, the system's
    (/etc/modem/config.yaml) and the user's; None when there is none."""
    import os
    from pathlib import Path

    from modem.config import default_path, load_config
    from modem.host.install import CONFIG

    if config_path:
        return load_config(config_path)
    if os.environ.get("GSMBRIDGE_CONFIG"):
        return load_config()
    for candidate in (Path(CONFIG), default_path()):
        if candidate.is_file():
            if not os.access(candidate, os.R_OK):
                from cli.main import Failure

                raise Failure(
                    f"{candidate} is readable by root and the service's group only: run "
                    "sudo modem doctor (or name a port with --port)"
                )
            return load_config(candidate)
    return None
