"""Simulated modems: an AT interpreter that answers as real 3GPP modems do, vendor personalities,
a network between them (SMSC, status reports, USSD), fault injection, and serving on a pty or
in-process.

The API other code uses:

    from modem.sim import SimNetwork, SimConfig, ModemSpec, FaultSpec
    async with SimNetwork(SimConfig(modems=[ModemSpec("sim0"), ModemSpec("sim1")],
                                    latency_scale=0.0, seed=1)) as net:
        m = net.modem("sim0")
        sock = modem.sim.connect(m.url)      # "sim://sim0": a socket to its AT port, in-process
        path = await m.serve_pty()           # "/dev/pts/N" for gammu, python-gsmmodem, minicom
        url = m.serve_tcp()                  # "socket://127.0.0.1:PORT" for any process
        await net.inject_sms(to=m.number, text="hi", sender="MyBank")
        m.inbox, m.sent, m.faults = FaultSpec(...), m.unplug(), await m.replug()

    with modem.sim.harness.serve_in_thread(config) as served:   # [(name, port, number), ...]
        ...

Nothing here imports the driver (modem.at, modem.device): the simulator is built on the SMS
codec only, so it can judge the driver independently. Importing it registers the "sim" scheme
with modem.transport's table of URL schemes (a plain registry, no driver logic), so the driver
opens "sim://name" without knowing a simulator exists.
"""

from __future__ import annotations

import socket
import threading

from modem.errors import ModemGone
from modem.sim.config import ModemSpec, SimConfig, default_config, load_config
from modem.sim.faults import FaultSpec
from modem.sim.personalities import PERSONALITIES, Personality
from modem.sim.serve import REGISTRY, SimModem, SimNetwork, StoredSms
from modem.transport import register_scheme


def connect(url: str) -> socket.socket:
    """Open the AT port of a running simulated modem: "sim://<name>" (or
    "sim://<network-id>/<name>"). Returns one end of a socketpair whose other end the modem
    serves in its network's event loop; call it from that loop (the transport does) or from
    another thread (it then waits for the loop). ModemGone if no such modem runs in this
    process or it is unplugged."""
    modem = REGISTRY.get(url.rstrip("/"))
    if modem is None:
        raise ModemGone(
            f"{url}: no simulated modem of that name runs in this process (sim:// URLs work "
            "only inside the program that runs the simulator; from another program use the "
            "pty path or the socket:// URL that `modem sim` prints)"
        )
    loop = modem.loop
    if getattr(modem.network, "thread", None) == threading.get_ident():
        return modem.connect()
    result: list[socket.socket | BaseException] = []
    done = threading.Event()

    def attach() -> None:
        try:
            result.append(modem.connect())
        except BaseException as exc:  # handed to the calling thread
            result.append(exc)
        done.set()

    loop.call_soon_threadsafe(attach)
    if not done.wait(10):
        raise ModemGone(f"{url}: the simulated modem's event loop does not answer")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


register_scheme("sim", connect)

__all__ = [
    "PERSONALITIES",
    "FaultSpec",
    "ModemSpec",
    "Personality",
    "SimConfig",
    "SimModem",
    "SimNetwork",
    "StoredSms",
    "connect",
    "default_config",
    "load_config",
]
