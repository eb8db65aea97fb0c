"""Standard input and output to a TCP connection and back, as `socat STDIO TCP:HOST:PORT`.

gammu has no TCP connection of its own; its "proxyat" connection runs a command and speaks AT
over that command's standard input and output (libgammu/device/proxy). With socat as the
command it reaches a modem behind ser2net; test_gammu.py uses this instead, socat not being
installed everywhere. Usage: python tcp_relay.py HOST PORT
"""

from __future__ import annotations

import os
import selectors
import socket
import sys


def relay(host: str, port: int) -> None:
    with socket.create_connection((host, port)) as sock:
        selector = selectors.DefaultSelector()
        selector.register(sys.stdin.fileno(), selectors.EVENT_READ)
        selector.register(sock, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select():
                if key.fileobj is sock:
                    data = sock.recv(65536)
                    if not data:
                        return
                    view = memoryview(data)
                    while view:
                        view = view[os.write(sys.stdout.fileno(), view) :]
                else:
                    data = os.read(sys.stdin.fileno(), 65536)
                    if not data:
                        return
                    sock.sendall(data)


if __name__ == "__main__":
    relay(sys.argv[1], int(sys.argv[2]))
