"""The store's configuration (store, node, retention) and `modem store migrate`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.config import config_from_dict
from modem.config.gateway import default_store_path
from modem.errors import ConfigError


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    config = config_from_dict({})
    assert config.store.target == str(tmp_path / "gsmbridge" / "modem.db")
    assert config.retention.keep == timedelta(days=90)
    assert config.node  # the host name


def test_systemd_state_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/modem:/var/lib/other")
    assert default_store_path() == Path("/var/lib/modem/modem.db")


def test_sections() -> None:
    config = config_from_dict(
        {
            "store": {"path": "~/gw.db", "synchronous": "full"},
            "node": "pi-kitchen",
            "retention": {"keep": "30d"},
        }
    )
    assert config.store.target == str(Path("~/gw.db").expanduser())
    assert config.store.options == {"synchronous": "full"}
    assert config.node == "pi-kitchen"
    assert config.retention.keep == timedelta(days=30)
    assert config_from_dict({"store": "/data/m.db"}).store.path == "/data/m.db"
    url = config_from_dict({"store": "postgresql://gw@db/gw"}).store
    assert url.target == "postgresql://gw@db/gw" and url.options == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"store": {"path": "a", "url": "postgresql://x"}}, "store: give path or url"),
        ({"store": {"url": "mysql://db"}}, "store.url: 'mysql://db' is not"),
        ({"store": {"synchronous": "off"}}, "store.synchronous: must be"),
        ({"store": {"size": 1}}, "store.size: unknown key"),
        ({"node": "my node"}, "node: must be a name"),
        ({"retention": {"keep": "forever"}}, "retention.keep: 'forever' is not a duration"),
        ({"retention": {"keep": 0}}, "retention.keep: must be more than zero"),
    ],
)
def test_mistakes_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_dict(data)


def test_migrate_creates_then_does_nothing(tmp_path: Path) -> None:
    db = tmp_path / "state" / "modem.db"
    runner = CliRunner()
    first = runner.invoke(main, ["store", "migrate", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "applied migrations 1, 2, 3; schema version 3" in first.output
    again = runner.invoke(main, ["store", "migrate", "--db", str(db)])
    assert again.exit_code == 0
    assert "schema is current (version 3); nothing to do" in again.output


def test_migrate_uses_the_configs_store(tmp_path: Path) -> None:
    db = tmp_path / "configured.db"
    config = tmp_path / "config.yaml"
    config.write_text(f"store:\n  path: {db}\n")
    result = CliRunner().invoke(main, ["store", "migrate", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert db.exists()
