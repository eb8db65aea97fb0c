"""Configuration of a simulated network: which modems, their SIMs, personalities and faults.

`SimConfig` and `ModemSpec` are what tests build directly; `load_config()` reads the same from
YAML and checks it, raising `modem.errors.ConfigError` with the path of the bad key
("modems[1].faults.garble_rate: must be a number from 0 to 1"). Example:

    latency_scale: 0.1          # multiplies every latency (0: as fast as possible)
    seed: 7                     # modem i draws its faults from random.Random(seed * 1000 + i)
    smsc: "+15550000000"
    report_delay: 1.0           # seconds from delivery to the status report
    validity: 86400             # seconds the SMSC keeps a message that names no TP-VP
    operator: SimNet
    ussd: {"*100#": "Balance 5 EUR"}
    modems:
      - name: sim0
        personality: huawei     # generic, huawei, simcom, quectel, zte, telit, ublox
        number: "+15550000001"
        pin: "1234"             # the SIM asks for it at power-on
        latency: {command: 0.05, sms: 2.0}   # or one number: per-command latency
        faults: {transient_error_rate: 0.1, transient_errors: [500], hang_after: 40}
      - name: sim1
        faults: {unplug_after: 30, replug_after: 5}   # flaps: 30 s up, 5 s gone, again
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modem.errors import ConfigError
from modem.sim.faults import FaultSpec
from modem.sim.personalities import PERSONALITIES


@dataclass(frozen=True)
class ModemSpec:
    """One simulated modem. Empty number/imsi/iccid/imei are filled in from its position."""

    name: str
    personality: str = "generic"
    number: str = ""
    pin: str | None = None
    puk: str = "12345678"
    imsi: str = ""
    iccid: str = ""
    imei: str = ""
    sim_inserted: bool = True
    rssi: int = 20
    faults: FaultSpec = field(default_factory=FaultSpec)
    ack_timeout: float = 15.0  # seconds (not scaled) the modem waits for AT+CNMA
    noise_interval: float = 1.0  # seconds (not scaled) between Huawei-style noise URCs


@dataclass(frozen=True)
class SimConfig:
    modems: list[ModemSpec] = field(default_factory=list)
    latency_scale: float = 1.0
    seed: int = 0
    smsc: str = "+15550000000"
    operator: str = "SimNet"
    mcc_mnc: str = "00101"
    ussd: dict[str, Any] | None = None
    report_delay: float = 1.0  # modem seconds from delivery to its status report (scaled)
    # Seconds (SMSC clock, not scaled) the SMSC keeps an undeliverable message that names no
    # validity period of its own (TP-VP), as every SC has a default.
    validity: float = 86400.0
    mmsc: Any = None  # a modem.sim.mmsc_config.MmscSpec: run the simulated MMSC

    def resolved(self) -> list[ModemSpec]:
        """The modems with numbers and SIM identities filled in; ConfigError on duplicates."""
        out: list[ModemSpec] = []
        names: set[str] = set()
        numbers: set[str] = set()
        for i, spec in enumerate(self.modems):
            n = i + 1
            spec = dataclasses.replace(
                spec,
                number=spec.number or f"+1555{n:07d}",
                imsi=spec.imsi or f"{self.mcc_mnc}{n:010d}",
                iccid=spec.iccid or luhn(f"89014103{n:010d}"),
                imei=spec.imei or luhn(f"35693803{n:06d}"),
            )
            if spec.personality.lower() not in PERSONALITIES:
                known = ", ".join(sorted(PERSONALITIES))
                raise ConfigError(
                    f"modems[{i}].personality: unknown {spec.personality!r} (known: {known})"
                )
            if spec.name in names:
                raise ConfigError(f"modems[{i}].name: {spec.name!r} is used twice")
            digits = "".join(c for c in spec.number if c.isdigit())
            if digits in numbers:
                raise ConfigError(f"modems[{i}].number: {spec.number!r} is used twice")
            names.add(spec.name)
            numbers.add(digits)
            out.append(spec)
        return out


def luhn(body: str) -> str:
    """`body` with its Luhn check digit appended (IMEI, ICCID)."""
    total = 0
    for i, char in enumerate(reversed(body)):
        d = int(char) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def default_config(count: int = 1, personality: str = "generic", **kw: Any) -> SimConfig:
    """`count` modems sim0..simN-1 of one personality."""
    return SimConfig(
        modems=[ModemSpec(name=f"sim{i}", personality=personality) for i in range(count)], **kw
    )


# --- YAML ------------------------------------------------------------------------------------


def load_config(path: str | Path) -> SimConfig:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:  # a binary file, or one saved in another encoding
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_error(path, exc)) from None
    from modem.config.kinds import SIMULATOR_WANTED, looks_like_user_config

    if looks_like_user_config(data):
        raise ConfigError(f"{path}: {SIMULATOR_WANTED}")
    return config_from_dict(data or {})


def _yaml_error(path: str | Path, exc: Exception) -> str:
    """One line: "sim.yaml:3:7: not valid YAML: found character '\\t' ..." (PyYAML's own
    message spans several lines with a source excerpt)."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    return f"{where}: not valid YAML: {' '.join(str(text).split())}"


_TOP = {
    "modems",
    "latency_scale",
    "seed",
    "smsc",
    "operator",
    "mcc_mnc",
    "ussd",
    "report_delay",
    "validity",
    "mmsc",
}
_MODEM = {f.name for f in dataclasses.fields(ModemSpec)} | {"latency"}
_FAULTS = {f.name for f in dataclasses.fields(FaultSpec)}


def _keys(where: str, data: Any, known: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{where or 'config'}: must be a mapping")
    for key in data:
        if key not in known:
            prefix = f"{where}." if where else ""
            raise ConfigError(f"{prefix}{key}: unknown key (known: {', '.join(sorted(known))})")
    return data


def _number(where: str, value: Any, low: float = 0.0, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: must be a number")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f">= {low}"
        raise ConfigError(f"{where}: must be a number {span}")
    return float(value)


def _integer(where: str, value: Any, low: int = 0, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where}: must be a whole number")
    return int(_number(where, value, low, high))


def _digits(where: str, value: Any, low: int, high: int, what: str) -> str:
    text = _text(where, value)
    if not text.isdigit() or not low <= len(text) <= high:
        span = f"{low}" if low == high else f"{low} to {high}"
        raise ConfigError(f"{where}: must be {what} of {span} digits")
    return text


def _phone(where: str, value: Any) -> str:
    """A number the simulated network routes by: digits, optionally after "+"."""
    text = _text(where, value)
    if not text.removeprefix("+").isdigit() or not 3 <= len(text.removeprefix("+")) <= 20:
        raise ConfigError(f"{where}: must be a phone number (3 to 20 digits, optionally after +)")
    return text


def _ussd(where: str, value: Any) -> None:
    """A USSD menu: code -> reply text, or -> {text: ..., options: {choice: reply, ...}}."""
    if isinstance(value, str):
        return
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a reply text or a mapping with text and options")
    _keys(where, value, {"text", "options"})
    if not isinstance(value.get("text", ""), str):
        raise ConfigError(f"{where}.text: must be a string")
    options = value.get("options", {})
    if not isinstance(options, dict):
        raise ConfigError(f"{where}.options: must be a mapping of choices to replies")
    for choice, reply in options.items():
        _ussd(f"{where}.options.{choice}", reply)


def _text(where: str, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: must be a non-empty string")
    return value


def _codes(where: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1023 for v in value
    ):
        raise ConfigError(f"{where}: must be a list of +CMS error codes (integers)")
    return tuple(value)


def _faults(where: str, data: Any, base: FaultSpec) -> FaultSpec:
    data = _keys(where, data, _FAULTS)
    values: dict[str, Any] = {}
    for key, value in data.items():
        at = f"{where}.{key}"
        if key.endswith("_rate"):
            values[key] = _number(at, value, 0.0, 1.0)
        elif key.endswith("_errors"):
            values[key] = _codes(at, value)
        elif key in ("latency", "sms_latency"):
            values[key] = _number(at, value)
        elif key == "storm_lines":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{at}: must be a list of strings")
            values[key] = tuple(value)
        elif key == "storm_count":
            values[key] = _integer(at, value, 1)
        elif key == "hang_after":
            values[key] = None if value is None else _integer(at, value, 0)
        elif key in ("unplug_after", "replug_after"):
            values[key] = None if value is None else _number(at, value, 0.001)
    return dataclasses.replace(base, **values)


def _modem(i: int, data: Any) -> ModemSpec:
    where = f"modems[{i}]"
    data = _keys(where, data, _MODEM)
    values: dict[str, Any] = {"name": _text(f"{where}.name", data.get("name", f"sim{i}"))}
    if "personality" in data:
        values["personality"] = _text(f"{where}.personality", data["personality"])
    if "number" in data:
        values["number"] = _phone(f"{where}.number", data["number"])
    checks = {"puk": (8, 8, "a PUK"), "imsi": (6, 15, "an IMSI"), "iccid": (18, 22, "an ICCID")}
    checks["imei"] = (15, 15, "an IMEI")  # 3GPP TS 23.003 §2.2, §6.2.1; ITU-T E.118
    for key, (low, high, what) in checks.items():
        if key in data:
            values[key] = _digits(f"{where}.{key}", data[key], low, high, what)
    if data.get("pin") is not None:
        if isinstance(data["pin"], int) and not isinstance(data["pin"], bool):
            raise ConfigError(  # YAML reads 01234567 as 342391: a SIM with another PIN
                f'{where}.pin: quote it, as in pin: "0123" (unquoted, YAML reads the digits as '
                "a number, which can drop or change them)"
            )
        pin = _text(f"{where}.pin", data["pin"])
        if not pin.isdigit() or not 4 <= len(pin) <= 8:
            raise ConfigError(f"{where}.pin: must be 4 to 8 digits")
        values["pin"] = pin
    if "sim_inserted" in data:
        if not isinstance(data["sim_inserted"], bool):
            raise ConfigError(f"{where}.sim_inserted: must be true or false")
        values["sim_inserted"] = data["sim_inserted"]
    if "rssi" in data:
        rssi = _integer(f"{where}.rssi", data["rssi"], 0, 99)
        if 31 < rssi < 99:
            raise ConfigError(f"{where}.rssi: must be 0 to 31, or 99 (unknown), as +CSQ says")
        values["rssi"] = rssi
    for key in ("ack_timeout", "noise_interval"):
        if key in data:
            values[key] = _number(f"{where}.{key}", data[key], 0.001)
    faults = FaultSpec()
    latency = data.get("latency")
    if isinstance(latency, dict):
        lat = _keys(f"{where}.latency", latency, {"command", "sms"})
        faults = dataclasses.replace(
            faults,
            latency=_number(f"{where}.latency.command", lat.get("command", 0.0)),
            sms_latency=_number(f"{where}.latency.sms", lat.get("sms", 0.0)),
        )
    elif latency is not None:
        faults = dataclasses.replace(faults, latency=_number(f"{where}.latency", latency))
    if "faults" in data:
        faults = _faults(f"{where}.faults", data["faults"] or {}, faults)
    values["faults"] = faults
    return ModemSpec(**values)


def config_from_dict(data: Any) -> SimConfig:
    """A SimConfig from parsed YAML/JSON; ConfigError naming the first bad key."""
    data = _keys("", data, _TOP)
    modems = data.get("modems", [])
    if not isinstance(modems, list) or not modems:
        raise ConfigError("modems: must be a non-empty list of modems")
    values: dict[str, Any] = {"modems": [_modem(i, m) for i, m in enumerate(modems)]}
    if "latency_scale" in data:
        values["latency_scale"] = _number("latency_scale", data["latency_scale"])
    if "report_delay" in data:
        values["report_delay"] = _number("report_delay", data["report_delay"])
    if "validity" in data:
        values["validity"] = _number("validity", data["validity"], 1.0)
    if "seed" in data:
        values["seed"] = _integer("seed", data["seed"])
    if "smsc" in data:
        values["smsc"] = _phone("smsc", data["smsc"])
    if "operator" in data:
        values["operator"] = _text("operator", data["operator"])
    if "mcc_mnc" in data:
        values["mcc_mnc"] = _digits("mcc_mnc", data["mcc_mnc"], 5, 6, "an MCC+MNC")
    if "ussd" in data:
        if not isinstance(data["ussd"], dict):
            raise ConfigError("ussd: must be a mapping of codes to replies")
        for code, reply in data["ussd"].items():
            _ussd(f"ussd.{code}", reply)
        values["ussd"] = {str(code): reply for code, reply in data["ussd"].items()}
    if data.get("mmsc") not in (None, False):
        from modem.sim.mmsc_config import parse_mmsc

        values["mmsc"] = parse_mmsc(data["mmsc"])
    config = SimConfig(**values)
    config.resolved()
    return config
