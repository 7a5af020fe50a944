"""The store contract: one class over either backend. The service, the CLI and the tests use only this.

    store = open_store(url, data_dir, region, geocoder)   # creates, migrates and seeds on first use
    store.apply(Put(...), principal)                      # one transaction
    store.published_dataset(), store.data_version()       # what the read path rebuilds from
"""
from __future__ import annotations

import json
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from geo.boundaries import Region
from geo.geocoder import Geocoder
from store import accounts as account_rows
from store import backup as backups
from store import layer_rows
from store.commands import Command, Principal, Result
from store.dataset import PublishedDataset, read_dataset
from store.edition import import_edition, seed
from store.engine import SQLITE_BUSY_MS, flush_to_disk, make_engine, serialise, upgrade
from store import sessions as session_rows
from store.errors import StaleVersion, TooManyAttempts, hidden_or_missing
from store.rows import cells, current, data_version
from store.schema import TABLES, meta, proposals, revisions
from store.validation import Validator
from store.writer_queue import WriterQueue
from store.writes import apply_command, entity_named

WRITER_QUEUE_SUFFIX = "-writers"  # the lock file beside a SQLite database that its writers queue on


@dataclass(frozen=True)
class Revision:
    id: int
    entity: str
    key: str
    action: str
    author: str
    author_role: str
    author_communes: tuple[str, ...]
    reviewer: str | None
    at: datetime
    reason: str
    source: str
    before: dict | None
    after: dict | None
    data_version: int


@dataclass(frozen=True)
class Proposal:
    id: int
    entity: str
    key: str
    action: str
    base_version: int | None
    after: dict | None
    author: str
    author_communes: tuple[str, ...]
    at: datetime
    reason: str
    source: str
    status: str
    decided_by: str | None
    decision_reason: str | None


@dataclass(frozen=True)
class Record:
    """A published row and its version (the service's ETag)."""

    entity: str
    key: str
    values: dict[str, str]
    version: int


def _communes(text: str) -> tuple[str, ...]:
    return tuple(filter(None, text.split(";")))


class Store:
    def __init__(self, engine: Engine, region: Region, geocoder: Geocoder):
        self.engine = engine
        self.region = region
        self.validator = Validator(region, geocoder)
        # SQLite has one writer at a time; every process's writers queue here, in order, instead of
        # polling SQLite's lock (its busy handler let one writer wait seconds behind the others).
        self.writer_lock = (WriterQueue(Path(engine.url.database + WRITER_QUEUE_SUFFIX), SQLITE_BUSY_MS / 1000,
                                        _file_mode(Path(engine.url.database)))
                            if self.backend == "sqlite" else nullcontext())

    @property
    def backend(self) -> str:
        return "postgresql" if self.engine.dialect.name == "postgresql" else "sqlite"

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: BEGIN IMMEDIATE on SQLite, committed when the block ends without
        error and on the disk when this returns (the wait for the disk after the lock is given up)."""
        with self.writer_lock:
            with self.engine.connect() as connection:
                connection.execution_options(write=True)
                with connection.begin():
                    yield connection
        flush_to_disk(self.engine)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    # -- reading -------------------------------------------------------------------------------
    def data_version(self) -> int:
        with self._read() as connection:
            return data_version(connection)

    def published_dataset(self) -> PublishedDataset:
        """The published state in one snapshot, as text frames of the five edition files."""
        with self._read() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return read_dataset(connection, data_version(connection))

    def get(self, entity: str, key: str) -> Record:
        """A published row; a hidden and a missing one give the same NotFound."""
        kind = entity_named(entity)
        with self._read() as connection:
            row = current(connection, kind, key)
        if row is None or row["row_hidden"]:
            raise hidden_or_missing(kind.name, key)
        return Record(kind.name, key, cells(kind, row), row["row_version"])

    def row_version(self, entity: str, key: str) -> int | None:
        """The row's version whether published or hidden (a curator reverts a deletion with it); None: never stored."""
        kind = entity_named(entity)
        with self._read() as connection:
            row = current(connection, kind, key)
        return None if row is None else row["row_version"]
    def records(self, entity: str, deleted: bool = False) -> list[Record]:
        """Every published row of an entity with its version, in edition order (the editing pages list
        them); `deleted`: the hidden rows instead, with the cells they had (a curator restores them)."""
        kind = entity_named(entity)
        table = TABLES[kind.name]
        with self._read() as connection:
            rows = connection.execute(select(table).where(table.c.row_hidden.is_(deleted)).order_by(table.c.row_order))
            return [Record(kind.name, row.row_key, cells(kind, row._mapping), row.row_version) for row in rows]

    def history(self, entity: str, key: str) -> list[Revision]:
        with self._read() as connection:
            rows = connection.execute(select(revisions).where(revisions.c.entity == entity,
                                                              revisions.c.entity_key == key).order_by(revisions.c.id))
            return [Revision(r.id, r.entity, r.entity_key, r.action, r.author, r.author_role,
                             _communes(r.author_communes), r.reviewer, r.at, r.reason, r.source,
                             json.loads(r.before) if r.before else None, json.loads(r.after) if r.after else None,
                             r.data_version) for r in rows]

    def proposals(self, status: str | None = "proposed") -> list[Proposal]:
        query = select(proposals).order_by(proposals.c.id)
        if status:
            query = query.where(proposals.c.status == status)
        with self._read() as connection:
            return [Proposal(p.id, p.entity, p.entity_key, p.action, p.base_version,
                             json.loads(p.after) if p.after else None, p.author, _communes(p.author_communes), p.at,
                             p.reason, p.source, p.status, p.decided_by, p.decision_reason)
                    for p in connection.execute(query)]

    # -- writing -------------------------------------------------------------------------------
    def apply(self, command: Command, principal: Principal) -> Result:
        """Validate, check rights and version, record a revision or a proposal: all or nothing.

        Everything happens inside the write lock: the check of a row takes a fraction of a
        millisecond (geo/programme_checks.py), less than reading the state twice to run it before."""
        try:
            with self._write() as connection:
                return apply_command(connection, self.validator, command, principal)
        except IntegrityError:  # two writers created the same id at once: the later one lost
            raise StaleVersion("the row was created by someone else at the same moment; reload it") from None

    def import_edition(self, folder: Path, principal: Principal, reason: str, source: str) -> int:
        with self._write() as connection:
            return import_edition(connection, self.validator, folder, principal, reason, source)

    def export(self, folder: Path) -> list[Path]:
        return self.published_dataset().write_csv(folder)

    # -- accounts ------------------------------------------------------------------------------
    def add_account(self, name: str, role: str, communes: list[str] | tuple[str, ...] = ()) -> str:
        with self._write() as connection:
            return account_rows.add_account(connection, name, role, list(communes), set(self.region.communes["ags"]))

    def revoke_account(self, name: str) -> None:
        with self._write() as connection:
            account_rows.revoke_account(connection, name)

    def accounts(self) -> list[account_rows.Account]:
        with self._read() as connection:
            return account_rows.list_accounts(connection)

    def authenticate(self, token: str) -> Principal | None:
        with self._read() as connection:
            return account_rows.authenticate_token(connection, token)

    def set_password(self, name: str, password: str) -> None:
        """A new password also ends the account's browser sessions (a leaked password's sessions with it)."""
        with self._write() as connection:
            account_rows.set_password(connection, name, password)
            session_rows.end_sessions_of(connection, name)

    def check_password(self, name: str, password: str) -> Principal | None:
        with self._write() as connection:
            return account_rows.check_password(connection, name, password)

    # -- planners' layers ----------------------------------------------------------------------
    def add_layer(self, owner: Principal, layer: layer_rows.NewLayer, quota_bytes: int) -> int:
        """Stored whole or not at all; TooLarge when the owner's layers would exceed `quota_bytes`."""
        with self._write() as connection:
            return layer_rows.add_layer(connection, owner, layer, quota_bytes)

    def layers(self, principal: Principal) -> list[layer_rows.LayerInfo]:
        with self._read() as connection:
            return layer_rows.visible_layers(connection, principal)

    def layer(self, principal: Principal, layer_id: int) -> layer_rows.LayerInfo:
        with self._read() as connection:
            return layer_rows.layer_info(connection, principal, layer_id)

    def layer_content(self, principal: Principal, layer_id: int):
        with self._read() as connection:
            return layer_rows.layer_content(connection, principal, layer_id)

    def layer_table(self, principal: Principal, layer_id: int):
        """The layer and its compact table (geo/layer_table.py): what summaries and the map are computed from."""
        with self._read() as connection:
            return layer_rows.layer_table(connection, principal, layer_id)

    def layer_sums(self, principal: Principal, layer_id: int):
        """The layer and its sums per commune, Kreis and region made at upload (None for older layers)."""
        with self._read() as connection:
            return layer_rows.layer_sums(connection, principal, layer_id)

    def share_layer(self, principal: Principal, layer_id: int, public: bool, shared_with: list[str]):
        with self._write() as connection:
            return layer_rows.share_layer(connection, principal, layer_id, public, shared_with)

    def delete_layer(self, principal: Principal, layer_id: int) -> None:
        with self._write() as connection:
            layer_rows.delete_layer(connection, principal, layer_id)

    # -- browser sessions ----------------------------------------------------------------------
    def sign_in(self, name: str, password: str, address: str) -> tuple[str, session_rows.Session] | None:
        """A new session (cookie token, session) for a matching password; None otherwise, with no hint why.

        Past MAX_FAILURES failures for the name or the address within the window, TooManyAttempts is
        raised before the password is even checked, for existing and unknown names alike."""
        keys = session_rows.failure_keys(name, address)
        with self._read() as connection:
            if session_rows.failures_exceeded(connection, keys):
                raise TooManyAttempts("too many failed sign-ins; try again later")
        principal = self.check_password(name, password)
        with self._write() as connection:
            if principal is None:
                session_rows.record_failure(connection, keys)
                return None
            session_rows.clear_failures(connection, keys[0])
            return session_rows.open_session(connection, principal)

    def session(self, token: str) -> session_rows.Session | None:
        with self._read() as connection:
            return session_rows.find_session(connection, token)

    def end_session(self, token: str) -> None:
        with self._write() as connection:
            session_rows.end_session(connection, token)

    # -- operations ----------------------------------------------------------------------------
    def backup(self, target: Path) -> None:
        backups.backup(self.engine, target)

    def restore(self, source: Path) -> None:
        """Restore a backup; the data version still rises, so every reader notices the change."""
        before = self.data_version()
        backups.restore(self.engine, source)
        upgrade(self.engine)
        with self._write() as connection:
            restored = data_version(connection)
            connection.execute(update(meta).where(meta.c.id == 1).values(data_version=max(before, restored) + 1))

    def close(self) -> None:
        self.engine.dispose()
        if isinstance(self.writer_lock, WriterQueue):
            self.writer_lock.close()


def _file_mode(database: Path) -> int:
    """The database file's permissions (as SQLite gives its WAL), for the writers' lock file beside it."""
    try:
        return database.stat().st_mode & 0o666
    except FileNotFoundError:
        return 0o644


def open_store(url: str, data_dir: Path, region: Region, geocoder: Geocoder, seed_data: bool = True) -> Store:
    """Connect, create or migrate the schema, and seed it from `data_dir`'s edition on first use."""
    engine = make_engine(url)
    upgrade(engine)
    store = Store(engine, region, geocoder)
    if seed_data:
        with store._write() as connection:
            serialise(connection)
            seed(connection, store.validator, data_dir)
    return store
