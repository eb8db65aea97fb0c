"""udev rules for the known modems, generated from their table (modem/profiles/devices.py).

What the rules do, for every modem in the table (or, for `modem ports --udev`, the ones
plugged in now):

- its AT port gets a stable name, `/dev/modem/<ID_PATH>-at`, and `TAG+="systemd"` (so systemd
  has a .device unit that follows it); the port a PPP bearer dials on, where the modem has
  one, gets `/dev/modem/<ID_PATH>-data`. ID_PATH (set by systemd's 60-serial.rules) names the
  physical USB port, so the name survives reboots and re-enumeration in any order, and two
  identical boards without serial numbers (CH340) never share one, as /dev/serial/by-id
  names do;
- `ENV{ID_MM_DEVICE_IGNORE}="1"` on the modem's USB device and everything under it keeps
  ModemManager from probing and holding the ports this program drives (left out with
  `keep_modemmanager=True`; how to undo it is written at the top of the file).

The rules use a small subset of udev's syntax, and the generator refuses to emit anything
outside it (`check()`), so a test can evaluate the very text that ships: matches `==`/`!=` on
ACTION, SUBSYSTEM, ENV{} and ATTRS{} with plain values (no globs), assignments `=`/`+=` to
ENV{}, SYMLINK and TAG, forward GOTO/LABEL, and `$env{NAME}` substitution in SYMLINK. Port
numbers and class triples are matched with ATTRS{} on the USB interface (all ATTRS of one
rule on one device, as udev requires); the product with ENV{ID_VENDOR_ID}/ENV{ID_MODEL_ID}
(60-serial.rules imports them), since idVendor/idProduct live on another parent device.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from modem.profiles.devices import BRIDGE, DEVICES, MODEM, SOURCES, Device, Interface

__all__ = [
    "FILENAME",
    "LINK_DIR",
    "Rule",
    "Token",
    "UdevSyntaxError",
    "check",
    "link_name",
    "parse",
    "render",
]

FILENAME = "70-gsmbridge.rules"  # after 60-serial.rules, which sets ID_PATH
LINK_DIR = "/dev/modem"
END = "gsmbridge_end"


class UdevSyntaxError(ValueError):
    """A rule line outside the subset of udev syntax these rules are written in."""


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # ACTION, SUBSYSTEM, ENV, ATTRS, SYMLINK, TAG, GOTO, LABEL
    attr: str | None  # the name in ENV{...} / ATTRS{...}
    op: str  # ==, !=, =, +=
    value: str

    @property
    def is_match(self) -> bool:
        return self.op in ("==", "!=")


@dataclass(frozen=True, slots=True)
class Rule:
    line: int  # 1-based, for messages
    tokens: tuple[Token, ...]


# key -> (takes {attr}, allowed operators)
_KEYS: dict[str, tuple[bool, frozenset[str]]] = {
    "ACTION": (False, frozenset({"==", "!="})),
    "SUBSYSTEM": (False, frozenset({"==", "!="})),
    "ENV": (True, frozenset({"==", "!=", "="})),
    "ATTRS": (True, frozenset({"==", "!="})),
    "SYMLINK": (False, frozenset({"+="})),
    "TAG": (False, frozenset({"+="})),
    "GOTO": (False, frozenset({"="})),
    "LABEL": (False, frozenset({"="})),
}
_TOKEN = re.compile(r'\s*([A-Z]+)(?:\{([A-Za-z0-9_.]+)\})?\s*(==|!=|\+=|=)\s*"([^"]*)"\s*(,|$)')
_PLAIN = re.compile(r"[A-Za-z0-9_.:/+-]*")  # no globs, no substitutions, no quotes
_SYMLINK = re.compile(r"(?:[A-Za-z0-9_.:/+-]|\$env\{[A-Z_]+\})+")


def parse(text: str) -> list[Rule]:
    """The rules of `text` (comments and blank lines skipped); UdevSyntaxError naming the line
    for anything outside the subset, and for a GOTO with no LABEL after it."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rules.append(Rule(number, tuple(_tokens(number, line))))
    labels_after: set[str] = set()
    for rule in reversed(rules):
        for token in rule.tokens:
            if token.key == "LABEL":
                labels_after.add(token.value)
            elif token.key == "GOTO" and token.value not in labels_after:
                raise UdevSyntaxError(
                    f"line {rule.line}: GOTO {token.value!r} has no LABEL after it"
                )
    return rules


def _tokens(number: int, line: str) -> list[Token]:
    if line.endswith("\\"):
        raise UdevSyntaxError(f"line {number}: continuation lines are not used")
    tokens: list[Token] = []
    position = 0
    while position < len(line):
        found = _TOKEN.match(line, position)
        if found is None:
            raise UdevSyntaxError(f"line {number}: cannot read {line[position:]!r}")
        key, attr, op, value, comma = found.groups()
        _check_token(number, key, attr, op, value)
        tokens.append(Token(key, attr, op, value))
        position = found.end()
        if not comma and position < len(line):
            raise UdevSyntaxError(f"line {number}: expected ',' before {line[position:]!r}")
    if tokens[0].key == "LABEL" and len(tokens) > 1:
        raise UdevSyntaxError(f"line {number}: a LABEL stands alone")
    return tokens


def _check_token(number: int, key: str, attr: str | None, op: str, value: str) -> None:
    where = f"line {number}: {key}{'{' + attr + '}' if attr else ''}"
    if key not in _KEYS:
        raise UdevSyntaxError(f"{where}: key not in the subset ({', '.join(_KEYS)})")
    takes_attr, ops = _KEYS[key]
    if takes_attr != (attr is not None):
        raise UdevSyntaxError(f"{where}: {'needs' if takes_attr else 'takes no'} {{name}}")
    if op not in ops:
        raise UdevSyntaxError(f"{where}: operator {op} not allowed ({', '.join(sorted(ops))})")
    pattern = _SYMLINK if key == "SYMLINK" else _PLAIN
    if not pattern.fullmatch(value) or (key == "SYMLINK" and not value):
        raise UdevSyntaxError(f"{where}: value {value!r} outside the subset (no globs, no %)")


def check(text: str) -> str:
    """`text` if every line is in the subset (UdevSyntaxError otherwise)."""
    parse(text)
    return text


def link_name(id_path: str, role: str) -> str:
    """The stable name the rules give a port: /dev/modem/<ID_PATH>-at (or -data)."""
    return f"{LINK_DIR}/{id_path}-{role}"


# --- generating ----------------------------------------------------------------------------

_HEADER = f"""\
# Stable names for the modems gsmbridge drives, generated from its table of known modems:
# `modem ports --udev` prints the rules for the modems plugged in now, `modem setup --install`
# installs them. Install as /etc/udev/rules.d/{FILENAME}, then run
#   udevadm control --reload && udevadm trigger
#
# Each modem's AT port:                       {LINK_DIR}/<ID_PATH>-at   (TAG systemd)
# the port a PPP bearer dials on, if any:     {LINK_DIR}/<ID_PATH>-data
# ID_PATH (from 60-serial.rules) names the physical USB port, so a name stays the same across
# reboots and re-plugging into the same socket, and identical boards never share one.
"""

_MM_HEADER = """\

# ModemManager would probe these modems and hold their ports. ID_MM_DEVICE_IGNORE on the USB
# device (and, by ATTRS, everything under it: ttys, network and cdc-wdm ports) makes it leave
# them to gsmbridge. To give a modem back to ModemManager, delete its line below (or this
# whole file), run the two udevadm commands above, then: systemctl restart ModemManager
"""


def render(
    devices: Iterable[Device] = DEVICES,
    *,
    pinned: dict[tuple[int, int], tuple[str, ...]] | None = None,
    keep_modemmanager: bool = False,
) -> str:
    """The rules file for `devices` (default: the whole table), checked against the subset.

    `pinned`: for USB-serial bridges, the ID_PATHs to name (a CH340 may as well be an
    Arduino: rules for what is plugged in now name only the bridges seen); a bridge absent
    from `pinned` is named wherever it is plugged in. `keep_modemmanager`: leave out the
    ID_MM_DEVICE_IGNORE lines.
    """
    chosen = [d for d in devices if d.at is not None and d.kind in (MODEM, BRIDGE)]
    pinned = pinned or {}
    lines = [_HEADER, f'ACTION=="remove", GOTO="{END}"']
    modems = [d for d in chosen if d.kind == MODEM]
    if modems and not keep_modemmanager:
        lines.append(_MM_HEADER.rstrip("\n"))
        for device in modems:
            lines.append(
                f'ATTRS{{idVendor}}=="{device.vid:04x}", ATTRS{{idProduct}}=="{device.pid:04x}", '
                'ENV{ID_MM_DEVICE_IGNORE}="1"'
            )
    lines += [
        "",
        "# The ports: ttys of the products below, once 60-serial.rules has set ID_PATH.",
        f'SUBSYSTEM!="tty", GOTO="{END}"',
        f'ENV{{ID_PATH}}=="", GOTO="{END}"',
    ]
    for device in chosen:
        lines.append("")
        lines.append(f"# {device.model}, {device.usb_id} ({_sources(device)})")
        for path in pinned.get((device.vid, device.pid), (None,)):
            lines += _port_rules(device, path, keep_modemmanager)
    lines += ["", f'LABEL="{END}"', ""]
    return check("\n".join(lines))


def _sources(device: Device) -> str:
    return ", ".join(SOURCES[s][0] for s in device.sources)


def _port_rules(device: Device, id_path: str | None, keep_modemmanager: bool) -> list[str]:
    product = f'ENV{{ID_VENDOR_ID}}=="{device.vid:04x}", ENV{{ID_MODEL_ID}}=="{device.pid:04x}"'
    if id_path is not None:
        product += f', ENV{{ID_PATH}}=="{id_path}"'
    out = []
    for role, interface in (("at", device.at), ("data", device.data)):
        if interface is None:
            continue
        actions = f'SYMLINK+="{LINK_DIR.removeprefix("/dev/")}/$env{{ID_PATH}}-{role}"'
        if role == "at":
            actions += ', TAG+="systemd"'
            if device.kind == BRIDGE and not keep_modemmanager:
                actions += ', ENV{ID_MM_DEVICE_IGNORE}="1"'  # one port: the port's own tag
        for match in _interface_matches(interface):
            out.append(f"{product}, {match}, {actions}")
    return out


def _interface_matches(interface: Interface) -> list[str]:
    if interface.number is not None:
        return [f'ATTRS{{bInterfaceNumber}}=="{interface.number:02x}"']
    return [
        f'ATTRS{{bInterfaceClass}}=="{c:02x}", ATTRS{{bInterfaceSubClass}}=="{s:02x}", '
        f'ATTRS{{bInterfaceProtocol}}=="{p:02x}"'
        for c, s, p in interface.classes
    ]
