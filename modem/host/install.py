"""Installing gsmbridge as a service: the udev rules, the systemd unit, the service user.

The files, as shipped in the repository's udev/ directory and written by `modem setup
--install` (`render_*` make them; tests hold the shipped copies equal to these):

- /etc/udev/rules.d/70-gsmbridge.rules: stable port names, ModemManager kept off (udev.py);
- /etc/systemd/system/modem.service: `modem serve -c /etc/modem/config.yaml` as the user
  gsmbridge (groups: dialout for the ports), Type=notify with a watchdog, restarted on
  failure, state in /var/lib/modem, logs to journald, hardened in every way that still
  reaches serial ports (see the comments in the unit);
- /etc/systemd/system/modem.service.d/ppp.conf, only when the configuration uses the ppp
  bearer: pppd must run as root (Debian installs it setuid root for the group dip), which
  the hardening forbids, so this drop-in lifts exactly what stands in its way;
- /etc/sysusers.d/gsmbridge.conf: the system user, created with systemd-sysusers.

`install()` writes them under a root directory. On the running system ("/") it then reloads
udev and systemd and enables the service; under another root (an SD card image being
prepared) it runs only the commands that understand --root (systemd-sysusers, systemctl
enable) and leaves udev to the image's first boot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_EXEC",
    "PPP_DROPIN",
    "SYSUSERS",
    "UNIT",
    "USER",
    "Installed",
    "install",
    "render_ppp_dropin",
    "render_sysusers",
    "render_unit",
]

USER = "gsmbridge"
UNIT = "/etc/systemd/system/modem.service"
PPP_DROPIN = "/etc/systemd/system/modem.service.d/ppp.conf"
SYSUSERS = "/etc/sysusers.d/gsmbridge.conf"
RULES_DIR = "/etc/udev/rules.d"
CONFIG = "/etc/modem/config.yaml"
DEFAULT_EXEC = "/opt/gsmbridge/bin/modem"  # the README's install location (a venv)


def render_unit(exec_path: str = DEFAULT_EXEC, config: str = CONFIG) -> str:
    """The service unit, running `exec_path serve -c config`."""
    return f"""\
# gsmbridge: the SMS/MMS gateway. `modem setup --install` writes this file as {UNIT}
# (ExecStart pointing at the `modem` that ran it) with the udev rules and the user.
[Unit]
Description=gsmbridge SMS/MMS gateway for GSM/LTE modems
Wants=network-online.target
After=network-online.target

[Service]
Type=notify
NotifyAccess=main
ExecStart={exec_path} serve -c {config}
ExecReload=/bin/kill -HUP $MAINPID
User={USER}
Group={USER}
# The modem ports are root:dialout 0660.
SupplementaryGroups=dialout
# /var/lib/modem: the message database ($STATE_DIRECTORY).
StateDirectory=modem
StateDirectoryMode=0750
# /etc/modem: config.yaml ($CONFIGURATION_DIRECTORY); the file is root:{USER} 0640.
ConfigurationDirectory=modem
Restart=on-failure
RestartSec=5
# Killed and restarted when it stops reporting WATCHDOG=1 (a wedged event loop).
WatchdogSec=60
# A send in progress is finished before the daemon exits (timeouts.send is 60 s).
TimeoutStopSec=90
# Plain lines on stderr; journald adds the time and keeps them.
StandardOutput=journal
StandardError=journal
SyslogIdentifier=modem

# Hardening that still reaches the serial ports. Not used: PrivateDevices= (it hides
# /dev/ttyUSB*), DevicePolicy=/DeviceAllow= and ProtectClock= (which implies DeviceAllow=):
# device groups are resolved when the service starts, so a modem plugged in later, whose
# driver loads only then, would be refused. MemoryDenyWriteExecute= is left out because
# libffi callbacks (ctypes) need writable code.
NoNewPrivileges=yes
CapabilityBoundingSet=
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
UMask=0027
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
"""


def render_ppp_dropin() -> str:
    """The drop-in for the ppp bearer (written only when the configuration uses it)."""
    return """\
# Written by `modem setup --install` because the configuration uses the ppp bearer. pppd
# must run as root; Debian installs it setuid root for members of the group dip. Gaining
# privileges through setuid is forbidden by NoNewPrivileges= and by every setting that
# implies it, so this drop-in lifts those, and lets pppd write its pid and lock files
# (/run) and resolv.conf (/etc/ppp). It is removed again when ppp is no longer used.
[Service]
SupplementaryGroups=dip
NoNewPrivileges=no
CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_ADMIN CAP_SYS_TTY_CONFIG CAP_KILL
CapabilityBoundingSet=CAP_DAC_OVERRIDE CAP_SETUID CAP_SETGID CAP_CHOWN CAP_FOWNER
ProtectKernelTunables=no
ProtectKernelModules=no
ProtectKernelLogs=no
ProtectHostname=no
RestrictNamespaces=no
RestrictRealtime=no
RestrictSUIDSGID=no
LockPersonality=no
RestrictAddressFamilies=
SystemCallArchitectures=
SystemCallFilter=
ReadWritePaths=-/run -/etc/ppp
"""


def render_sysusers() -> str:
    return f"""\
# The user the modem service runs as (modem.service User={USER}); applied with
# systemd-sysusers. Member of dialout so `sudo -u {USER} modem doctor` reaches the ports too.
u {USER} - "gsmbridge SMS gateway" /var/lib/modem
m {USER} dialout
"""


@dataclass
class Installed:
    """What `install()` did: files written or removed, commands run, commands left to run."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    to_run: list[str] = field(default_factory=list)


Runner = Callable[[list[str]], None]


def install(
    root: str,
    *,
    rules: str,
    exec_path: str,
    config: str = CONFIG,
    ppp: bool = False,
    run: Runner | None = None,
) -> Installed:
    """Write the rules, the unit (and the ppp drop-in when `ppp`), the sysusers file under
    `root`, then create the user and enable the service (see the module docstring). `run`
    runs a command (default: subprocess, failing with a ModemError naming the command)."""
    from modem.udev import FILENAME

    base = Path(root)
    live = base.resolve() == Path("/")
    run = run or _run
    done = Installed()
    _write(base, SYSUSERS, render_sysusers(), done)
    _write(base, f"{RULES_DIR}/{FILENAME}", rules, done)
    _write(base, UNIT, render_unit(exec_path, config), done)
    dropin = base / PPP_DROPIN.lstrip("/")
    if ppp:
        _write(base, PPP_DROPIN, render_ppp_dropin(), done)
    elif dropin.exists():
        dropin.unlink()
        done.removed.append(PPP_DROPIN)
    commands: list[tuple[list[str], bool]] = [
        (["systemd-sysusers", *_root(root, live), str(base / SYSUSERS.lstrip("/"))], True),
        (["udevadm", "control", "--reload"], False),
        (["udevadm", "trigger", "--subsystem-match=tty", "--subsystem-match=usb"], False),
        (["systemctl", "daemon-reload"], False),
        (["systemctl", *_root(root, live), "enable", "modem.service"], True),
    ]
    for command, offline in commands:
        if not (live or offline):
            continue  # an image: its udev and systemd read the files when it boots
        if shutil.which(command[0]):
            run(command)
            done.ran.append(" ".join(command))
        else:
            done.to_run.append(" ".join(c for c in command if not c.startswith("--root=")))
    return done


def _root(root: str, live: bool) -> list[str]:
    return [] if live else [f"--root={root}"]


def _write(base: Path, path: str, text: str, done: Installed) -> None:
    target = base / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    done.written.append(path)


def _run(command: list[str]) -> None:
    from modem.errors import ModemError

    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModemError(f"{' '.join(command)}: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit code {result.returncode}"
        raise ModemError(f"{' '.join(command)} failed: {reason}")
