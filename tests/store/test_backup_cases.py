"""What an operator does with backups of the SQLite store (store/backup.py), called in-process.

`ruhrkarte db backup FILE` / `db restore FILE` run these same functions (tests/store/test_cli_store.py
runs the commands themselves).
"""
from __future__ import annotations

import sqlite3

import pytest

from geo.errors import InvalidInput
from store.backup import backup, check_backup, restore
from store.engine import make_engine, resolve_url
from tests.store.helpers import DORTMUND, a_site, changed
from tests.store.sqlite_files import journal_mode

SQLITE_ONLY = pytest.mark.parametrize("store", ["sqlite"], indirect=True)



@SQLITE_ONLY
def test_a_backup_into_a_new_nested_folder_creates_the_folders(store, tmp_path):
    target = tmp_path / "sicherungen" / "2026" / "dezember.sqlite"
    store.backup(target)
    check_backup(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["dezember.sqlite"]


@SQLITE_ONLY
def test_a_backup_into_an_existing_folder_beside_other_files(store, tmp_path):
    (tmp_path / "notiz.txt").write_text("ältere Sicherungen liegen auf dem NAS")
    store.backup(tmp_path / "heute.sqlite")
    check_backup(tmp_path / "heute.sqlite")


@SQLITE_ONLY
def test_a_backup_is_one_self_contained_file_in_rollback_journal_mode(store, tmp_path):
    """Copied alone (scp, a USB stick), the file is the whole database: no -wal file belongs to it."""
    target = tmp_path / "sicherung.sqlite"
    store.backup(target)
    assert journal_mode(target) == "delete"
    assert journal_mode(store.engine.url.database) == "wal"  # the live database stays in WAL mode


@SQLITE_ONLY
def test_a_backup_over_an_existing_file_is_refused_and_the_file_kept(store, tmp_path):
    target = tmp_path / "sicherung.sqlite"
    target.write_text("wichtig")
    with pytest.raises(InvalidInput, match="sicherung.sqlite: exists already; choose a new file"):
        store.backup(target)
    assert target.read_text() == "wichtig"


def _damaged_copy(store, tmp_path):
    """A backup that SQLite can open but whose integrity check fails (a column declared NOT NULL
    holds NULLs, as after a bad edit with a foreign tool)."""
    damaged = tmp_path / "beschaedigt.sqlite"
    store.backup(damaged)
    connection = sqlite3.connect(damaged)
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute("UPDATE sqlite_master SET sql = replace(sql, 'reviewer TEXT', 'reviewer TEXT NOT NULL') "
                       "WHERE name = 'revisions'")
    connection.commit()
    connection.close()
    return damaged


@SQLITE_ONLY
def test_restoring_a_damaged_backup_is_refused_as_damaged_and_the_live_data_kept(store, tmp_path):
    key = a_site(store, DORTMUND)
    damaged = _damaged_copy(store, tmp_path)
    changed(store, key, name="Nach der Sicherung geändert")
    with pytest.raises(InvalidInput, match=r"beschaedigt.sqlite: damaged SQLite file \(integrity check failed\)"):
        store.restore(damaged)
    assert store.get("sites", key).values["name"] == "Nach der Sicherung geändert"


@SQLITE_ONLY
def test_restoring_another_programs_sqlite_file_is_refused_as_no_backup(store, tmp_path):
    other = tmp_path / "kontakte.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    key = a_site(store, DORTMUND)
    before = store.get("sites", key)
    with pytest.raises(InvalidInput, match="kontakte.sqlite: not a Ruhrkarte database backup"):
        store.restore(other)
    with pytest.raises(InvalidInput, match="missing.sqlite: no such file"):
        store.restore(tmp_path / "missing.sqlite")
    assert store.get("sites", key) == before


def test_a_database_server_is_not_backed_up_or_restored_here_but_named_pg_dump(tmp_path):
    """Refused before any connection is made: no server is needed to be told what to use instead."""
    engine = make_engine(resolve_url("postgresql://ruhrkarte@db.example/ruhrkarte", tmp_path))
    try:
        with pytest.raises(InvalidInput, match="PostgreSQL: use pg_dump -Fc -f FILE DBNAME and pg_restore"):
            backup(engine, tmp_path / "sicherung.sqlite")
        (tmp_path / "alt.sqlite").write_bytes(b"")
        with pytest.raises(InvalidInput, match="PostgreSQL: use pg_dump"):
            restore(engine, tmp_path / "alt.sqlite")
        assert not (tmp_path / "sicherung.sqlite").exists()
    finally:
        engine.dispose()


@SQLITE_ONLY
@pytest.mark.parametrize("name", ["Sicherung #2.sqlite", "vor dem Update?.sqlite", "100%20fertig.sqlite"])
def test_a_backup_whose_name_has_signs_of_a_web_address_is_restored(store, tmp_path, name):
    """An operator names backups freely; '#', '?' and '%' mean something in a file: URI, so such a
    name once made a valid backup 'not a Ruhrkarte database backup' (or opened another file)."""
    site = a_site(store, DORTMUND)
    before = store.get("sites", site).values["name"]
    store.backup(tmp_path / name)
    changed(store, site, name="Nach der Sicherung geändert")
    store.restore(tmp_path / name)
    assert store.get("sites", site).values["name"] == before
