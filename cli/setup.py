"""`modem setup`: from "a modem is plugged in" to a configuration and an installed service.

Finds the modems (modem/host/setup.py), asks for a SIM's PIN when it wants one (`--pin`, or a
prompt on a terminal), writes a starter configuration naming each modem's port by its stable
udev name (modem/host/config_file.py), and with `--install` (as root) installs the udev rules,
the systemd unit and the service user (modem/host/install.py). It never overwrites an
existing configuration without `--force`; with `--install` alone it keeps it and installs.
Then it prints the next steps.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from modem.vocabulary import ItemType

__all__ = ["setup"]


def _check_pin(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (value.isdigit() and 4 <= len(value) <= 8):
        raise click.BadParameter("a SIM PIN is 4 to 8 digits", ctx=ctx, param=param)
    return value


@click.command()
@click.option(
    "-c",
    "--config",
    "config_path",
    default="/etc/modem/config.yaml",
    show_default=True,
    help="Where to write the configuration ('-': print it).",
)
@click.option(
    "-p",
    "--port",
    "ports",
    multiple=True,
    help="Set up this port (device path or URL) instead of looking; repeatable.",
)
@click.option("--pin", callback=_check_pin, help="PIN for a SIM that wants one.")
@click.option("--force", is_flag=True, help="Overwrite an existing configuration.")
@click.option(
    "--install",
    is_flag=True,
    help="Install the udev rules, the systemd unit and the service user (root).",
)
@click.option(
    "--keep-modemmanager",
    is_flag=True,
    help="Do not keep ModemManager off the modems (udev rules without it).",
)
@click.option("--exec", "exec_path", help="The `modem` the service runs (default: this one).")
@click.option("--no-input", is_flag=True, help="Never prompt (a SIM PIN must come by --pin).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=3.0,
    show_default=True,
    help="Seconds to wait for each AT answer.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--root", default="/", hidden=True, help="Act on the system under here.")
def setup(
    config_path: str,
    ports: tuple[str, ...],
    pin: str | None,
    force: bool,
    install: bool,
    keep_modemmanager: bool,
    exec_path: str | None,
    no_input: bool,
    timeout: float,
    as_json: bool,
    root: str,
) -> None:
    """Find the modems, write a starter configuration, install the service."""
    from cli.main import Failure

    live = Path(root).resolve() == Path("/")
    if install and live and os.geteuid() != 0:
        raise Failure("--install writes to /etc and creates a user: run it as root (sudo)")
    if install and config_path == "-":
        raise Failure("--install needs the configuration in a file, not '-'")
    target = _under(root, config_path) if config_path != "-" else None
    result: dict[str, Any] = {"type": ItemType.SETUP_RESULT.value, "config": config_path}
    keep = target is not None and target.exists() and not force
    if keep and not install:
        raise Failure(f"{config_path} exists: --force writes a new one over it")
    if target is not None and not keep and not _writable(target):
        raise Failure(
            f"cannot write {config_path}: run as root (sudo), or pass --config PATH ('-' prints it)"
        )
    messages: list[str] = []
    if keep:
        messages.append(f"kept the existing {config_path}")
        result["modems"], result["written"] = [], False
    else:
        found = _find(root, list(ports), pin, no_input, timeout, messages)
        text = _render(found)
        result["modems"] = [_found_json(f) for f in found]
        if target is None:
            click.echo(text, nl=False)
            return
        _write_config(target, text)
        result["written"] = True
        messages.append(f"wrote {config_path}")
    if install:
        result["installed"] = _install(root, target, config_path, exec_path, keep_modemmanager)
        messages += _install_lines(result["installed"])
    result["next_steps"] = _next_steps(config_path, install, result)
    if as_json:
        click.echo(json.dumps(result))
        return
    for line in messages:
        click.echo(line)
    click.echo("next steps:")
    for number, step in enumerate(result["next_steps"], 1):
        click.echo(f"  {number}. {step}")


def _writable(target: Path) -> bool:
    """The file can be written: it, or its first existing parent directory, allows it."""
    here = target if target.exists() else target.parent
    while not here.exists():
        here = here.parent
    return os.access(here, os.W_OK)


def _under(root: str, path: str) -> Path:
    if Path(root).resolve() == Path("/"):
        return Path(path)
    return Path(root) / Path(path).relative_to("/") if path.startswith("/") else Path(path)


def _find(
    root: str,
    ports: list[str],
    pin: str | None,
    no_input: bool,
    timeout: float,
    messages: list[str],
) -> list[Any]:
    import asyncio

    from cli.direct import Interrupted
    from cli.main import Failure
    from modem.host.checks import system_checks
    from modem.host.setup import candidates, detect, usable
    from modem.host.sysfs import scan

    machine = scan(root)
    notes = [c for c in system_checks(machine) if c.name in ("usb_modeswitch", "hilink")]
    for check in notes:
        if check.failed:
            messages.append(f"note: {check.message}; {check.fix}")
    chosen = candidates(machine, ports)
    if not chosen:
        hint = "".join(f"\n  {m}" for m in messages)
        raise Failure(
            "no modem this program knows is plugged in (`modem ports --all` lists every port; "
            f"--port names one the table does not know){hint}"
        )
    asker = None if no_input or not sys.stdin.isatty() else _ask_pin
    try:
        found = asyncio.run(detect(chosen, pin=pin, ask_pin=asker, timeout=timeout))
    except KeyboardInterrupt:
        raise Interrupted() from None
    for item in found:
        messages.append(_found_line(item))
    kept = usable(found)
    if not kept:
        raise Failure("no modem answered: nothing to write\n  " + "\n  ".join(messages))
    return kept


def _ask_pin(port: str, attempts: int | None) -> str | None:
    left = f", {attempts} attempts left" if attempts is not None else ""
    while True:
        value = click.prompt(
            f"The SIM in {port} wants its PIN{left} (empty: skip)",
            default="",
            hide_input=True,
            show_default=False,
        )
        if not value:
            return None
        if value.isdigit() and 4 <= len(value) <= 8:
            return value
        click.echo("a SIM PIN is 4 to 8 digits", err=True)


def _found_line(item: Any) -> str:
    what = item.device.model if item.device else (item.model or "unknown modem")
    state = {"READY": "SIM ready", "absent": "no SIM"}.get(item.sim, f"SIM: {item.sim}")
    bits = [state, item.operator or "", f"MMS settings: {item.carrier.name}" if item.carrier
            else ""]  # fmt: skip
    line = f"found {item.name}: {what} at {item.opened} ({', '.join(b for b in bits if b)})"
    return line + "".join(f"\n  {p}" for p in item.problems)


def _found_json(item: Any) -> dict[str, Any]:
    return {
        "name": item.name,
        "port": item.port,
        "opened": item.opened,
        "usb_id": item.device.usb_id if item.device else None,
        "model": item.device.model if item.device else item.model,
        "profile": item.profile,
        "answered": item.answered,
        "sim": item.sim,
        "pin_written": item.pin is not None,
        "imsi": item.imsi,
        "operator": item.operator,
        "carrier": item.carrier.name if item.carrier else None,
        "problems": list(item.problems),
    }


def _render(found: list[Any]) -> str:
    from modem.host.config_file import render_config

    return render_config(found)


def _write_config(target: Path, text: str) -> None:
    """Atomically, readable by its owner only (it may hold a PIN)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, target)


def _install(
    root: str, target: Path | None, config_path: str, exec_path: str | None, keep_mm: bool
) -> dict[str, Any]:
    import yaml

    from modem.host.config_file import uses_ppp
    from modem.host.install import USER, install
    from modem.udev import render

    ppp = False
    if target is not None and target.exists():
        ppp = uses_ppp(yaml.safe_load(target.read_text(encoding="utf-8")))
    done = install(
        root,
        rules=render(keep_modemmanager=keep_mm),
        exec_path=exec_path or _this_modem(),
        config=config_path,
        ppp=ppp,
    )
    if target is not None and target.exists():
        _share_with_service(root, target, USER)
    return {"written": done.written, "removed": done.removed, "ran": done.ran,
            "to_run": done.to_run, "ppp": ppp}  # fmt: skip


def _this_modem() -> str:
    """The absolute path of the `modem` program running now (the service runs the same)."""
    import shutil

    argv0 = Path(sys.argv[0])
    if argv0.name == "modem" and argv0.exists():
        return str(argv0.resolve().parent / argv0.name)
    found = shutil.which("modem")
    if found:
        return str(Path(found).absolute())
    from modem.host.install import DEFAULT_EXEC

    return DEFAULT_EXEC


def _share_with_service(root: str, target: Path, user: str) -> None:
    """root:<user> 0640, so the service reads its configuration and nobody else does."""
    gid = _group_id(root, user)
    if gid is None:
        return
    try:
        os.chown(target, 0, gid)
        os.chmod(target, 0o640)
    except PermissionError:
        pass  # not root (an image prepared by a user): the owner keeps 0600


def _group_id(root: str, name: str) -> int | None:
    try:
        lines = (Path(root) / "etc/group").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split(":")
        if len(fields) > 2 and fields[0] == name and fields[2].isdigit():
            return int(fields[2])
    return None


def _install_lines(done: dict[str, Any]) -> list[str]:
    out = [f"installed {path}" for path in done["written"]]
    out += [f"removed {path}" for path in done["removed"]]
    out += [f"ran: {command}" for command in done["ran"]]
    return out


def _next_steps(config_path: str, install: bool, result: dict[str, Any]) -> list[str]:
    where = "" if config_path == "/etc/modem/config.yaml" else f" -c {config_path}"
    steps = []
    if not install:
        steps.append("install the udev rules and the service: sudo modem setup --install")
    else:
        steps += [f"run: {c}" for c in result["installed"]["to_run"]]
    sudo = "sudo " if config_path.startswith("/etc/") else ""  # the file is for root only
    steps.append(f"check the modems: {sudo}modem doctor{where}")
    steps.append("start the gateway: sudo systemctl start modem (its log: journalctl -u modem -f)")
    return steps
