"""modem/sim/config.py: YAML to SimConfig, with errors that name the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modem.errors import ConfigError
from modem.sim.config import ModemSpec, SimConfig, config_from_dict, load_config, luhn

EXAMPLE = """
latency_scale: 0.1
seed: 7
smsc: "+4917000000"
report_delay: 2
ussd: {"*100#": "Balance 5 EUR"}
modems:
  - name: a
    personality: huawei
    number: "+4915111111111"
    pin: "1234"
    latency: {command: 0.05, sms: 2.0}
    faults: {transient_error_rate: 0.1, transient_errors: [500, 41], hang_after: 40}
  - name: b
    latency: 0.2
"""


def test_example_config(tmp_path: Path) -> None:
    path = tmp_path / "sim.yaml"
    path.write_text(EXAMPLE)
    config = load_config(path)
    assert config.latency_scale == 0.1 and config.seed == 7 and config.report_delay == 2
    a, b = config.modems
    assert a.personality == "huawei" and a.pin == "1234" and a.number == "+4915111111111"
    assert a.faults.latency == 0.05 and a.faults.sms_latency == 2.0
    assert a.faults.transient_errors == (500, 41) and a.faults.hang_after == 40
    assert b.faults.latency == 0.2 and b.personality == "generic"
    resolved = config.resolved()
    assert resolved[1].number == "+15550000002"
    assert resolved[0].imsi.startswith("00101") and len(resolved[0].imsi) == 15


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"modems": [{"name": "a", "colour": "red"}]}, "modems[0].colour: unknown key"),
        ({"modems": [{"personality": "nokia"}]}, "modems[0].personality: unknown 'nokia'"),
        ({"modems": [{"pin": "12"}]}, "modems[0].pin: must be 4 to 8 digits"),
        ({"modems": [{"faults": {"garble_rate": 2}}]}, "modems[0].faults.garble_rate: must be"),
        ({"modems": [{"faults": {"drop": 1}}]}, "modems[0].faults.drop: unknown key"),
        ({"modems": [{"faults": {"transient_errors": "500"}}]}, "transient_errors: must be a list"),
        ({"modems": [{"latency": {"cmd": 1}}]}, "modems[0].latency.cmd: unknown key"),
        ({"modems": [{"latency": -1}]}, "modems[0].latency: must be a number >= 0"),
        ({"modems": [{"name": "a"}, {"name": "a"}]}, "modems[1].name: 'a' is used twice"),
        ({"modems": [{"number": "+15551"}, {"number": "15551"}]}, "modems[1].number: '15551' is"),
        ({"modems": [{"number": "abc"}]}, "modems[0].number: must be a phone number"),
        ({"modems": [{"imei": "12"}]}, "modems[0].imei: must be an IMEI of 15 digits"),
        ({"modems": [{"imsi": "x01"}]}, "modems[0].imsi: must be an IMSI of 6 to 15 digits"),
        ({"modems": [{"iccid": 123}]}, "modems[0].iccid: must be an ICCID of 18 to 22 digits"),
        ({"modems": [{"rssi": 50}]}, "modems[0].rssi: must be 0 to 31, or 99"),
        ({"modems": [{"rssi": 20.5}]}, "modems[0].rssi: must be a whole number"),
        ({"modems": [{"faults": {"storm_count": 2.5}}]}, "storm_count: must be a whole number"),
        ({"modems": [{"faults": {"unplug_after": "soon"}}]}, "unplug_after: must be a number"),
        ({"modems": [{}], "seed": 1.5}, "seed: must be a whole number"),
        ({"modems": [{}], "smsc": "SMSC"}, "smsc: must be a phone number"),
        ({"modems": [{}], "mcc_mnc": "1"}, "mcc_mnc: must be an MCC+MNC of 5 to 6 digits"),
        ({"modems": [{}], "ussd": {"*1#": 5}}, "ussd.*1#: must be a reply text or a mapping"),
        (
            {"modems": [{}], "ussd": {"*1#": {"text": "a", "options": {"1": []}}}},
            "ussd.*1#.options.1: must be a reply text",
        ),
        ({"modems": []}, "modems: must be a non-empty list"),
        ({"modem": []}, "modem: unknown key"),
        ({"modems": [{}], "latency_scale": "fast"}, "latency_scale: must be a number"),
        ({"modems": [{}], "ussd": []}, "ussd: must be a mapping"),
        ({"modems": ["sim0"]}, "modems[0]: must be a mapping"),
        ([], "config: must be a mapping"),
    ],
)
def test_errors_name_the_key(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        config_from_dict(data)


def test_unreadable_and_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("modems: [\n")
    with pytest.raises(ConfigError, match="not valid YAML") as caught:
        load_config(bad)
    message = str(caught.value)
    assert "\n" not in message  # one line, with where it went wrong
    assert message.startswith(f"{bad}:2:1: not valid YAML: ")


def test_unplug_schedule_and_nested_ussd_menu() -> None:
    config = config_from_dict(
        {
            "modems": [{"faults": {"unplug_after": 30, "replug_after": 5}}],
            "ussd": {"*5#": {"text": "1. a", "options": {"1": "done"}}},
        }
    )
    assert config.modems[0].faults.unplug_after == 30.0
    assert config.modems[0].faults.replug_after == 5.0
    assert config.ussd == {"*5#": {"text": "1. a", "options": {"1": "done"}}}


def test_luhn() -> None:
    assert luhn("35693803564380") == "356938035643809"  # a published IMEI example
    assert luhn("7992739871") == "79927398713"  # the textbook Luhn example


def test_resolved_rejects_unknown_personality_in_code() -> None:
    with pytest.raises(ConfigError, match="personality"):
        SimConfig(modems=[ModemSpec("x", personality="nope")]).resolved()
