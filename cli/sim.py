"""`modem sim`: run simulated modems until Ctrl-C or SIGTERM.

Each modem gets a raw-mode pty and a TCP port, served as ser2net serves a tty (raw bytes, no
telnet). Point gammu, python-gsmmodem, minicom or `modem info --port` at the printed pty path,
or any program that speaks socket:// (the driver, pyserial's serial_for_url) at the printed
socket URL, from this host or, with --tcp-host, from a container or another host. Both work
from any other process; sim:// URLs are not printed, they exist only inside the process that
runs the simulator (tests, `modem demo`).

Text output: one line per modem: name, pty, socket URL, number, (personality). With --json,
one JSON object per modem and line, {"type": "sim.modem", "name", "port" (the pty), "url"
(the socket URL), "number", "personality"}, printed before serving, for scripts and tests. A
modem that a configured fault unplugs or replugs (faults: unplug_after, replug_after) adds
{"type": "sim.plug", "name", "event", "port"} lines later (on stderr in text mode); the pty
path changes with a replug (--link-dir gives paths that survive it), the socket URL does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from modem.sim.config import SimConfig
    from modem.sim.serve import SimModem


@click.command()
@click.option(
    "--modems",
    "count",
    type=click.IntRange(1, 64),
    default=None,
    help="How many modems (default 2, or the config's list).",
)
@click.option(
    "--personality", default=None, help="generic, huawei, simcom, quectel, zte, telit or ublox."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML file describing the modems (see modem.sim.config).",
)
@click.option(
    "--latency-scale",
    type=click.FloatRange(0),
    default=None,
    help="Multiply every latency by this (0: answer at once).",
)
@click.option("--seed", type=int, default=None, help="Seed of the fault dice.")
@click.option(
    "--link-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also create <dir>/<name> symlinks that follow a modem across replugs.",
)
@click.option(
    "--tcp-host",
    default="127.0.0.1",
    show_default=True,
    help="Address the socket:// ports listen on (0.0.0.0: reachable from other hosts).",
)
@click.option(
    "--tcp-port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="TCP port of the first modem, the next ones follow it; 0: any free ports.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per modem.")
def sim(
    count: int | None,
    personality: str | None,
    config_path: Path | None,
    latency_scale: float | None,
    seed: int | None,
    link_dir: Path | None,
    tcp_host: str,
    tcp_port: int,
    as_json: bool,
) -> None:
    """Run simulated modems on ptys and TCP ports until Ctrl-C."""
    import asyncio
    import contextlib
    import dataclasses

    from modem.sim.config import ModemSpec, SimConfig, load_config
    from modem.sim.personalities import personality as find_personality

    if config_path is not None:
        config = load_config(config_path)
        if count is not None and count != len(config.modems):
            raise click.UsageError("--modems and --config disagree; give one of them")
    else:
        config = SimConfig(modems=[ModemSpec(name=f"sim{i}") for i in range(count or 2)])
    if personality is not None:
        find_personality(personality)  # ConfigError naming the known ones
        config = dataclasses.replace(
            config,
            modems=[dataclasses.replace(m, personality=personality) for m in config.modems],
        )
    changes = {"latency_scale": latency_scale, "seed": seed}
    config = dataclasses.replace(config, **{k: v for k, v in changes.items() if v is not None})
    if tcp_port and tcp_port + len(config.modems) - 1 > 65535:
        raise click.UsageError(
            f"--tcp-port {tcp_port} leaves no room for {len(config.modems)} modems"
        )
    if link_dir is not None:
        link_dir.mkdir(parents=True, exist_ok=True)
    if not _loopback(tcp_host):
        click.echo(
            f"warning: listening on {tcp_host}: whoever reaches this host can use the "
            "simulated modems (from another host or a container: socket://<this host's "
            "address>:<port>)",
            err=True,
        )
    # Ctrl-C before _serve put its signal handlers in place: stop quietly all the same.
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(config, link_dir, (tcp_host, tcp_port), as_json))


def _loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


async def _serve(
    config: SimConfig, link_dir: Path | None, tcp: tuple[str, int], as_json: bool
) -> None:
    import asyncio
    import json
    import signal

    from modem.sim.serve import SimNetwork
    from modem.vocabulary import ItemType

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    host, base = tcp
    async with SimNetwork(config) as net:
        for i, m in enumerate(net.modems):
            link = str(link_dir / m.name) if link_dir is not None else None
            port = await m.serve_pty(link)
            url = m.serve_tcp(host, base + i if base else 0)
            if as_json:
                record = {
                    "type": ItemType.SIM_MODEM.value,
                    "name": m.name,
                    "port": port,
                    "url": url,
                    "number": m.number,
                    "personality": m.spec.personality,
                }
                click.echo(json.dumps(record))
            else:
                click.echo(f"{m.name}  {port}  {url}  {m.number}  ({m.spec.personality})")
            m.plug_listeners.append(lambda modem, port: _plugged(modem, port, as_json))
        if not as_json:
            click.echo("Serving; press Ctrl-C to stop.", err=True)
        import sys

        sys.stdout.flush()
        await stop.wait()
    if not as_json:
        click.echo("Stopped.", err=True)


def _plugged(modem: SimModem, port: str | None, as_json: bool) -> None:
    """A scheduled unplug or replug (FaultSpec.unplug_after/replug_after): say where it went."""
    import json

    from modem.vocabulary import ItemType

    event = "replugged" if port is not None else "unplugged"
    if as_json:
        record = {"type": ItemType.SIM_PLUG.value, "name": modem.name, "event": event}
        click.echo(json.dumps({**record, "port": port}))
    else:
        click.echo(f"{modem.name}  {event}" + (f"  {port}" if port else ""), err=True)
