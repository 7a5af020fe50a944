"""Backups of the SQLite store through SQLite's online backup API (a consistent copy while the
service runs). PostgreSQL is backed up with pg_dump/pg_restore (README, "Betrieb")."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from geo.errors import InvalidInput

PG_HINT = ("PostgreSQL: use pg_dump -Fc -f FILE DBNAME and pg_restore --clean -d DBNAME FILE "
           "(README, 'Betrieb: Datenbank und Konten')")


def _sqlite_only(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        raise InvalidInput(PG_HINT)


def backup(engine: Engine, target: Path) -> None:
    """Copy the live database into a new file `target` (never over an existing one)."""
    _sqlite_only(engine)
    if target.exists():
        raise InvalidInput(f"{target}: exists already; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            destination.close()
    finally:
        raw.close()


def _read_only(source: Path) -> sqlite3.Connection:
    """The file opened read-only. Its path goes into a URI percent-encoded (`as_uri`): written as it is, a
    name with '#', '?' or '%' ("Sicherung #2.sqlite") named another file or none."""
    return sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)


def check_backup(source: Path) -> None:
    """A file is restored only when it is an intact Ruhrkarte store."""
    if not source.is_file():
        raise InvalidInput(f"{source}: no such file")
    try:
        connection = _read_only(source)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise InvalidInput(f"{source}: damaged SQLite file (integrity check failed)")
            connection.execute("SELECT data_version FROM store_meta").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{source}: not a Ruhrkarte database backup") from None


def restore(engine: Engine, source: Path) -> None:
    """Replace the live database's content with the backup's, in one step of the backup API."""
    _sqlite_only(engine)
    check_backup(source)
    engine.dispose()
    raw = engine.raw_connection()
    try:
        origin = _read_only(source)
        try:
            origin.backup(raw.driver_connection)
        finally:
            origin.close()
    finally:
        raw.close()
    engine.dispose()
