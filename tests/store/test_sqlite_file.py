"""SQLite itself: the file's mode, WAL and pragmas, migrations on a real older file, a newer
schema refused (by the store and by `modem store migrate`), migrating idempotently and
concurrently."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from modem.store import SchemaMismatch, store_for
from modem.store.sqlite import SqliteStore
from modem.store.sqlite import schema as sqlite_schema
from modem.vocabulary import MessageState

from .conftest import now, outgoing, send_parts, slot


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_the_file_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "state" / "modem.db"
    old = os.umask(0)
    try:
        store = store_for(str(path))
        await store.open()
    finally:
        os.umask(old)
    try:
        await store.migrate()
        await store.create_message(outgoing())
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            assert side.exists() and mode(side) == 0o600
        assert mode(path.parent) == 0o700
    finally:
        await store.close()


async def test_wal_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "modem.db"
    async with store_for(str(path)) as store:
        await store.migrate()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    finally:
        conn.close()
    from modem.store.sqlite.engine import connect

    conn = connect(path, synchronous="normal", busy_timeout=5.0, readonly=False)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        conn.close()


async def test_migrate_is_idempotent_and_reports_what_it_applied(tmp_path: Path) -> None:
    async with store_for(str(tmp_path / "modem.db")) as store:
        assert await store.schema_version() == 0
        assert await store.migrate() == [1, 2, 3]
        assert await store.migrate() == []
        assert await store.schema_version() == sqlite_schema.LATEST


async def test_concurrent_migrations_apply_each_once(tmp_path: Path) -> None:
    stores = [store_for(str(tmp_path / "modem.db")) for _ in range(4)]
    for s in stores:
        await s.open()
    try:
        applied = await asyncio.gather(*(s.migrate() for s in stores))
        assert sorted(n for a in applied for n in a) == [1, 2, 3]
    finally:
        for s in stores:
            await s.close()


async def test_an_unmigrated_database_is_refused_with_a_hint(tmp_path: Path) -> None:
    async with store_for(str(tmp_path / "modem.db")) as store:
        with pytest.raises(SchemaMismatch, match="modem store migrate"):
            await store.create_message(outgoing())


async def test_an_older_file_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    """A database written at schema version 1 (what the first migration makes, with a
    message queued in it) is brought up to date and its message is then sent."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert sqlite_schema.apply(conn, str(path), upto=1) == [1]
    t = 1_765_000_000_000_000
    conn.execute(
        "INSERT INTO messages (id, direction, kind, state, text, created_at, updated_at)"
        " VALUES ('msg_OLD', 'outbound', 'sms', 'queued', 'from before', ?, ?)",
        (t, t),
    )
    conn.execute(
        "INSERT INTO recipients (message_id, idx, number, number_key, state, priority,"
        " created_at, status_report, updated_at)"
        " VALUES ('msg_OLD', 0, '+4915112345678', '4915112345678', 'queued', 0, ?, 0, ?)",
        (t, t),
    )
    conn.execute(
        "INSERT INTO parts (message_id, idx, seq, state, pdu, length)"
        " VALUES ('msg_OLD', 0, 1, 'queued', '0011000C91', 20)"
    )
    conn.close()
    async with store_for(str(path)) as store:
        assert await store.schema_version() == 1
        assert await store.migrate() == [2, 3]
        old = await store.get_message("msg_OLD")
        assert (old.text, old.state) == ("from before", MessageState.QUEUED)
        claim = await store.claim(slot(), now())
        assert claim.message_id == "msg_OLD"
        await send_parts(store, claim)
        assert (await store.finish(claim)).state == MessageState.SENT


async def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "modem.db"
    async with store_for(str(path)) as store:
        await store.migrate()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO schema_version VALUES (99, 'from the future', 0)")
    conn.close()
    before = path.read_bytes()
    store = store_for(str(path))
    with pytest.raises(SchemaMismatch, match="version 99, newer than this program"):
        await store.open()
    await store.close()
    with pytest.raises(SchemaMismatch, match="newer"):
        sqlite_schema.apply(sqlite3.connect(path, isolation_level=None), str(path))
    assert path.read_bytes() == before


async def test_store_for_picks_the_backend(tmp_path: Path) -> None:
    assert isinstance(store_for(str(tmp_path / "a.db")), SqliteStore)
    assert isinstance(store_for(f"sqlite://{tmp_path}/a.db"), SqliteStore)
    from modem.store import StoreError

    with pytest.raises(StoreError, match="PostgreSQL"):
        store_for("postgresql://user:secret@db/gw")
    with pytest.raises(StoreError, match="not a database"):
        store_for("mysql://db/gw")


def test_migrate_refuses_a_newer_database_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "modem.db"
    assert CliRunner().invoke(main, ["store", "migrate", "--db", str(db)]).exit_code == 0
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future', 0)")
    conn.close()
    out = subprocess.run(
        [sys.executable, "-m", "cli.main", "store", "migrate", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: ")
    assert "newer than this program" in out.stderr


def test_migrate_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all, just some text that is long enough" * 20)
    result = CliRunner().invoke(main, ["store", "migrate", "--db", str(junk)])
    assert result.exit_code == 2
    assert "not a database" in result.output
