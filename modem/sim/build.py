"""One simulated modem from its declaration: the same for the asyncio network (serve.py) and
the manual-clock bench (testing.py), so a test bench modem is the modem users run."""

from __future__ import annotations

from modem.sim.config import ModemSpec, SimConfig
from modem.sim.faults import Faults
from modem.sim.host import Host, NetworkPort
from modem.sim.interpreter import Interpreter
from modem.sim.personalities import personality
from modem.sim.state import SimCard


def interpreter_for(
    spec: ModemSpec, config: SimConfig, index: int, *, host: Host, network: NetworkPort
) -> Interpreter:
    """The interpreter for `spec`, the `index`-th modem of `config` (its fault dice are
    seeded from the network's seed and that position)."""
    sim = SimCard(
        imsi=spec.imsi,
        iccid=spec.iccid,
        operator=config.operator,
        mcc_mnc=config.mcc_mnc,
        pin=spec.pin,
        puk=spec.puk,
        inserted=spec.sim_inserted,
    )
    interp = Interpreter(
        name=spec.name,
        number=spec.number,
        personality=personality(spec.personality),
        sim=sim,
        faults=Faults(spec.faults, config.seed * 1000 + index),
        host=host,
        network=network,
        smsc=config.smsc,
        imei=spec.imei,
        latency_scale=config.latency_scale,
        ack_timeout=spec.ack_timeout,
        noise_interval=spec.noise_interval,
    )
    interp.rssi = spec.rssi
    return interp
