"""What the `ppp` bearer hands to pppd and how it reads pppd's answers (no I/O here).

- `cgdcont(context, pdp_type, apn)`: the AT command that defines the MMS PDP context (3GPP TS
  27.007 §10.1.1), sent on the AT port before dialling.
- `chat_script(context)`: dials it on the data port with `ATD*99***<cid>#` (TS 27.007 §10.2.1.1,
  the GPRS service code 99) and waits for CONNECT; any of the modem's refusals ends it.
- `options_file(...)`: pppd's options: no default route and no DNS change on the host (the MMS
  link is only for the MMSC), peer DNS asked for (`usepeerdns`: pppd logs them, they are the
  bearer's DNS servers), the credentials (in this 0600 file, never on a command line that `ps`
  shows), the host's ip-up/ip-down scripts replaced by a no-op (Debian's would put the MMS
  APN's DNS servers into /etc/resolv.conf).
- `PppWatch`: reads pppd's log lines (it logs to stdout with `nodetach`) for the interface, the
  addresses, the DNS servers, and the reasons it fails.
- `exit_reason(code)`: pppd's exit status in words (pppd(8), EXIT STATUS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["PppWatch", "cgdcont", "chat_script", "exit_reason", "options_file"]

PDP_TYPES = ("IP", "IPV6", "IPV4V6")

EXIT_REASONS = {
    0: "pppd ended normally",
    1: "a fatal error in pppd",
    2: "an error in pppd's options",
    3: "pppd is not setuid root and this user is not root",
    4: "the kernel has no PPP support",
    5: "pppd was stopped by a signal",
    6: "the data port could not be locked (another program uses it)",
    7: "the data port could not be opened",
    8: "the connect script failed (the modem did not answer CONNECT)",
    9: "the pty command could not be run",
    10: "PPP negotiation failed",
    11: "the peer failed to authenticate itself",
    12: "the link was idle too long",
    13: "the connect time limit was reached",
    14: "callback was negotiated",
    15: "the peer stopped answering LCP echo requests",
    16: "the modem hung up",
    17: "a serial loopback was detected",
    18: "the init script failed",
    19: "authentication to the network failed (wrong APN user or password?)",
}
"""pppd(8), EXIT STATUS."""


def exit_reason(code: int | None) -> str:
    if code is None:
        return "pppd is still running"
    if code < 0:
        return f"pppd was killed by signal {-code}"
    return EXIT_REASONS.get(code, f"pppd exited with status {code}")


def _quote(text: str) -> str:
    if any(c in text for c in '"\\\n\r'):
        raise ValueError(f"cannot quote {text!r} for pppd/chat")
    return f'"{text}"'


def cgdcont(context: int, pdp_type: str, apn: str) -> str:
    """AT+CGDCONT=<cid>,"<PDP_type>","<APN>" (TS 27.007 §10.1.1)."""
    if not 1 <= context <= 24:
        raise ValueError(f"PDP context id {context} is not 1 to 24")
    if pdp_type.upper() not in PDP_TYPES:
        raise ValueError(f"PDP type {pdp_type!r} is not one of {', '.join(PDP_TYPES)}")
    return f"AT+CGDCONT={context},{_quote(pdp_type.upper())},{_quote(apn)}"


def chat_script(context: int, *, timeout: int = 30) -> str:
    """The chat(8) script that dials PDP context `context` and waits for CONNECT."""
    lines = [
        f"ABORT {_quote(word)}"
        for word in ("NO CARRIER", "NO DIALTONE", "ERROR", "NO ANSWER", "BUSY")
    ]
    lines += [
        f"TIMEOUT {timeout}",
        '"" AT',
        f"OK ATD*99***{context}#",
        'CONNECT ""',
    ]
    return "\n".join(lines) + "\n"


def options_file(
    *,
    data_port: str,
    baudrate: int,
    chat: str,
    chat_path: str,
    pdp_type: str,
    noop: str,
    user: str | None = None,
    password: str | None = None,
    unit_name: str = "gsmbridge",
    extra: Iterable[str] = (),
) -> str:
    """pppd's options (one per line) for the MMS link."""
    kind = pdp_type.upper()
    lines = [
        data_port,
        str(baudrate),
        "nodetach",  # supervised here; logs to stdout
        "noauth",  # the network does not authenticate to us
        "nodefaultroute",  # the host's default route stays on Ethernet/Wi-Fi
        "noipdefault",
        "usepeerdns",  # ask for the MMS APN's DNS servers (pppd logs them)
        "maxfail 1",  # one try; retries are the client's
        "lcp-echo-interval 10",
        "lcp-echo-failure 3",
        "noccp",  # no compression: modems mostly refuse it anyway
        "novj",
        f"ipparam {unit_name}",
        f"linkname {unit_name}",
        f"ip-up-script {noop}",
        f"ip-down-script {noop}",
        f"connect {_quote(f'{chat} -s -v -f {chat_path}')}",
    ]
    if kind in ("IPV6", "IPV4V6"):
        lines.append("+ipv6")
    if kind == "IPV6":
        lines.append("noip")
    if user:
        lines.append(f"user {_quote(user)}")
    if password:
        lines.append(f"password {_quote(password)}")
    lines += list(extra)
    return "\n".join(lines) + "\n"


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Using interface (\S+)"), "interface"),
    (re.compile(r"local\s+IP address (\S+)"), "local_ip"),
    (re.compile(r"remote IP address (\S+)"), "remote_ip"),
    (re.compile(r"primary\s+DNS address (\S+)"), "dns"),
    (re.compile(r"secondary DNS address (\S+)"), "dns"),
    (re.compile(r"local\s+LL address (\S+)"), "local_ll"),
]
_FAILURES = [
    "LCP: timeout sending Config-Requests",
    "timeout sending Config-Requests",
    "PAP authentication failed",
    "CHAP authentication failed",
    "Authentication failed",
    "Connect script failed",
    "Modem hangup",
    "is locked by pid",
    "Failed to open",
    "No response to",
    "Serial link appears to be disconnected",
    "unrecognized option",
    "Could not determine remote IP address",
    "LCP terminated by peer",
]


@dataclass
class PppWatch:
    """What pppd's output has said so far. `feed(line)` each line; `up` when an IP network
    protocol runs (IPv4 address, or for an IPv6-only link the IPv6 link-local one)."""

    ipv6_only: bool = False
    interface: str | None = None
    local_ip: str | None = None
    remote_ip: str | None = None
    local_ll: str | None = None
    dns: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)

    def feed(self, line: str) -> None:
        line = line.rstrip()
        if not line:
            return
        self.tail = [*self.tail[-19:], line]
        for pattern, name in _PATTERNS:
            m = pattern.search(line)
            if m:
                if name == "dns":
                    if m.group(1) not in self.dns:
                        self.dns.append(m.group(1))
                else:
                    setattr(self, name, m.group(1))
        if any(f.lower() in line.lower() for f in _FAILURES) and line not in self.failures:
            self.failures.append(line)

    @property
    def up(self) -> bool:
        if self.interface is None:
            return False
        return self.local_ll is not None if self.ipv6_only else self.local_ip is not None

    def reason(self, code: int | None) -> str:
        """Why the link is not (or no longer) up, in pppd's own words first."""
        said = "; ".join(self.failures[-3:])
        words = exit_reason(code)
        return f"{words} ({said})" if said else words
