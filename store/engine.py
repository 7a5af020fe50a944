"""The database behind the store: which one (the URL), how to connect safely, and migrating it.

SQLite runs in WAL mode; a write that returned has reached the disk and survives `kill -9` or a
power cut: its commit writes the WAL (synchronous=NORMAL, no wait for the disk while the write
lock is held), and the writer then waits in `flush_to_disk` for the WAL to reach the disk before
its write is acknowledged, after giving up the lock, so the next writer already works meanwhile
and writers whose waits overlap share one flush (a group commit: store/wal_flush.py). SQLite syncs the WAL before
every checkpoint, so nothing reaches the database file unsynced. Write transactions start with
BEGIN IMMEDIATE, so two writers queue instead of failing half-way. PostgreSQL is reached through
psycopg 3 (its commit waits for its own WAL flush).
"""
from __future__ import annotations

import sqlite3
import time

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from geo.errors import InvalidInput
from store.wal_flush import flusher_of

DEFAULT_FILE = "ruhrkarte.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 30_000  # a writer waits this long for another writer before giving up
WAL_SWITCH_S = 30.0      # as long, for the one-time switch of a new file to WAL
SETUP_LOCK = 5_911_913  # the advisory lock id of schema set-up and seeding (any constant)


def resolve_url(database_url: str, state_dir: Path) -> str:
    """The SQLAlchemy URL: the setting, or the SQLite file in the state folder when it is empty."""
    if not database_url:
        return f"sqlite:///{state_dir / DEFAULT_FILE}"
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise InvalidInput(f"RUHRKARTE_DATABASE_URL: not a database URL (got {database_url[:60]!r})") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite" and url.database and url.database != ":memory:":
        return database_url
    raise InvalidInput("RUHRKARTE_DATABASE_URL: use sqlite:///PATH or postgresql://USER@HOST/DB "
                       f"(got {url.render_as_string(hide_password=True)[:60]!r})")


def _switch_to_wal(cursor) -> None:
    """WAL mode, also when workers open a new file at the same moment: switching needs the file to
    itself, and SQLite answers a contender "database is locked" at once instead of waiting (the busy
    timeout does not apply), so the switch is tried again for up to WAL_SWITCH_S."""
    deadline = time.monotonic() + WAL_SWITCH_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver leaves transactions to the begin hook below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        _switch_to_wal(cursor)
        for pragma in ("synchronous=NORMAL", "foreign_keys=ON"):  # NORMAL: flush_to_disk waits for the disk
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("write") else "BEGIN")


def flush_to_disk(engine: Engine) -> None:
    """SQLite: every transaction committed so far is on the disk when this returns (see above)."""
    if engine.dialect.name == "sqlite":
        flusher_of(Path(engine.url.database)).flush()


def make_engine(url: str) -> Engine:
    """An engine for the URL (from resolve_url); the SQLite file's folder is created."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (Alembic)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection.execution_options(write=True)
        serialise(connection)
        command.upgrade(config, "head")
        connection.commit()
    flush_to_disk(engine)


def serialise(connection) -> None:
    """Make workers that start together on a new database migrate and seed one after another.

    SQLite: the write transaction (BEGIN IMMEDIATE) already does; PostgreSQL: an advisory lock held
    until the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SETUP_LOCK})")
    else:
        connection.exec_driver_sql("SELECT 1")  # opens the BEGIN IMMEDIATE transaction


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
