"""The reference docs name every key the loaders accept, so a key added without its line in
docs/config.md or docs/simulator.md fails here, not in a user's hands."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import modem.config as user
from modem.config import Timeouts, bridge, driver, gateway, mms
from modem.sim import config as sim
from modem.sim import mmsc_config
from modem.sim.faults import FaultSpec

DOCS = Path(__file__).resolve().parents[2] / "docs"


def documented(name: str) -> set[str]:
    """The `key`s in the first cell of a table row or in a section heading of a doc."""
    text = (DOCS / name).read_text(encoding="utf-8")
    cells = re.findall(r"^\| ([^|]+) \|", text, re.M)  # the first cell of each row
    cells += re.findall(r"^## (.*)$", text, re.M)  # and the section headings
    return {key for cell in cells for key in re.findall(r"`([a-z_]+)`", cell)}


def test_config_md_names_every_key_of_the_user_configuration() -> None:
    keys = set(user._TOP) | driver._MODEM | driver._SEND | {"mms", "extends"}
    keys |= {f.name for f in dataclasses.fields(Timeouts)} | mms._MMS_KEYS
    keys |= gateway._STORE | gateway._RETENTION
    keys |= bridge._BRIDGE | bridge._TOKEN | bridge._WEBHOOK
    assert keys - documented("config.md") == set()


def test_simulator_md_names_every_key_of_the_simulator_yaml() -> None:
    keys = set(sim._TOP) | sim._MODEM | {f.name for f in dataclasses.fields(FaultSpec)}
    keys |= mmsc_config._KEYS
    assert keys - documented("simulator.md") == set()


def test_simulator_md_names_every_fault_of_the_simulated_mmsc() -> None:
    text = (DOCS / "simulator.md").read_text(encoding="utf-8")
    assert {k for k in mmsc_config._FAULT_KEYS if f"`{k}`" not in text} == set()


def test_every_configuration_example_in_the_docs_loads(tmp_path: Path) -> None:
    """The YAML a user copies from README.md or docs/config.md is accepted as it is shown."""
    root = DOCS.parent
    shown = [
        (name, example)
        for name in ("README.md", "docs/config.md")
        for example in re.findall(r"```yaml\n(.*?)```", (root / name).read_text(), re.S)
    ]
    assert len(shown) >= 4
    for i, (name, example) in enumerate(shown):
        path = tmp_path / f"{Path(name).stem}-example{i}.yaml"  # an error names the doc
        path.write_text(example)
        user.load_config(path)  # a ConfigError here names the key the docs got wrong
