"""A stand-in for pppd, for the ppp bearer tests: this machine's kernel has no PPP device to
give a real pppd, so this script plays pppd's part as far as the bearer can see it.

It is started exactly as pppd would be (`<this> file <options>`), reads the options file the
bearer wrote, opens the data port named there and runs the `connect` chat script on it as pppd
does (stdin and stdout on the port), so the real chat(8) talks to the test's fake modem. Then
it prints what pppd prints with `nodetach` and exits with pppd's exit status, following the
scenario in $FAKE_PPPD_SCENARIO:

  up         link up on interface "lo" (127.0.0.1, DNS 127.0.0.1) until SIGTERM (exit 5)
  lcp        "LCP: timeout sending Config-Requests", exit 10
  pap        "PAP authentication failed", exit 19
  hangup     up, then "Modem hangup" 0.3 s later, exit 16
  silent     says nothing, does nothing, until SIGTERM
  locked     "Device ... is locked by pid 4242", exit 6, before running chat

What it was given (argv and the options file) goes to $FAKE_PPPD_RECORD as JSON.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    scenario = os.environ.get("FAKE_PPPD_SCENARIO", "up")
    path = sys.argv[2]
    options = open(path).read()  # noqa: SIM115
    with open(os.environ["FAKE_PPPD_RECORD"], "w") as f:
        json.dump({"argv": sys.argv, "options": options, "mode": os.stat(path).st_mode & 0o777}, f)
    lines = [line.strip() for line in options.splitlines() if line.strip()]
    port = lines[0]
    connect = next(line.split(" ", 1)[1] for line in lines if line.startswith("connect "))
    signal.signal(signal.SIGTERM, lambda *_: (say("Terminating on signal 15"), sys.exit(5)))
    if scenario == "locked":
        say(f"Device {os.path.basename(port)} is locked by pid 4242")
        return 6
    if scenario == "silent":
        while True:
            time.sleep(1)
    fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
    chat = subprocess.run(shlex.split(shlex.split(connect)[0]), stdin=fd, stdout=fd)
    if chat.returncode != 0:
        say("Connect script failed")
        return 8
    say("Serial connection established.")
    say("Using interface lo")
    say(f"Connect: lo <--> {port}")
    if scenario == "lcp":
        time.sleep(0.1)
        say("LCP: timeout sending Config-Requests")
        return 10
    if scenario == "pap":
        say("PAP authentication failed")
        say("Connection terminated.")
        return 19
    say("local  IP address 127.0.0.1")
    say("remote IP address 127.0.0.2")
    say("primary   DNS address 127.0.0.1")
    if scenario == "hangup":
        time.sleep(0.3)
        say("Modem hangup")
        say("Connection terminated.")
        return 16
    while True:
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
