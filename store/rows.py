"""Row-level SQL of the store: reading a row, the candidate published state, writing rows and
revisions, and the data version. Every function runs inside the caller's transaction."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache

from sqlalchemy import Connection, String, bindparam, cast, func, insert, select, text, update
from sqlalchemy.sql import Insert, Select, Update

from store.commands import Principal
from store.dataset import published_rows
from store.errors import StaleVersion
from store.schema import ENTITIES, TABLES, Entity, meta, revisions
from store.validation import CHECKED_WITH


def now() -> datetime:
    return datetime.now(timezone.utc)


def cells(entity: Entity, row) -> dict[str, str]:
    return {c: row[c] for c in entity.columns}


CHANGE_CHANNEL = "ruhrkarte_data_version"  # PostgreSQL NOTIFY channel; the payload is the new version


# The statements of every write are built once and executed with their values as parameters:
# SQLAlchemy then finds their compiled SQL by the cache key kept on the statement object, instead of
# building the statement and its key again on each write (a third of a write's time in the lock).
@cache
def _current_query(entity_name: str) -> Select:
    table = TABLES[entity_name]
    return select(table).where(table.c.row_key == bindparam("w_key"))


@cache
def _orders_query(entity_name: str) -> Select:
    table = TABLES[entity_name]
    return select(table.c.row_key, table.c.row_order)


@cache
def _insert_row(entity_name: str) -> Insert:
    return insert(TABLES[entity_name])


@cache
def _update_row(entity_name: str) -> Update:
    """The SET clause is made of the parameters that name columns; w_* name the row and its version."""
    table = TABLES[entity_name]
    return update(table).where(table.c.row_key == bindparam("w_key"), table.c.row_version == bindparam("w_expected"))


@cache
def _bump(dialect: str) -> Update:
    bump = update(meta).where(meta.c.id == 1).values(data_version=meta.c.data_version + 1)
    if dialect == "postgresql":
        # The NOTIFY in the same statement: one round trip while the version row is locked, not three.
        return bump.returning(meta.c.data_version, func.pg_notify(CHANGE_CHANNEL, cast(meta.c.data_version, String)))
    return bump.returning(meta.c.data_version)


_INSERT_REVISION = insert(revisions).returning(revisions.c.id)
_DATA_VERSION = select(meta.c.data_version).where(meta.c.id == 1)


def current(connection: Connection, entity: Entity, key: str) -> dict | None:
    """The stored row (hidden or not) with its row_* columns, or None."""
    found = connection.execute(_current_query(entity.name), {"w_key": key}).first()
    return dict(found._mapping) if found else None


def candidate(connection: Connection, entity: Entity, key: str, row: dict[str, str] | None,
              order: int | None) -> dict[str, list[dict[str, str]]]:
    """The part of the published state a change is checked with, as it would be with `key` set to
    `row` (None: hidden) at position `order`: the entities of CHECKED_WITH in full, the changed
    entity's row alone when it is not among them, nothing of the others."""
    context = CHECKED_WITH[entity.name]
    rows = {name: published_rows(connection, e) if name in context else [] for name, e in ENTITIES.items()}
    if entity.name not in context:
        rows[entity.name] = [] if row is None else [{**row, "row_key": key}]
        return rows
    orders = dict(connection.execute(_orders_query(entity.name)).all())
    kept = [r for r in rows[entity.name] if r["row_key"] != key]
    if row is not None:
        kept.append({**row, "row_key": key})
        orders[key] = order if order is not None else orders.get(key, 0)
    rows[entity.name] = sorted(kept, key=lambda r: orders[r["row_key"]])
    return rows


def next_order(connection: Connection, entity: Entity) -> int:
    table = TABLES[entity.name]
    return (connection.execute(select(func.max(table.c.row_order))).scalar() or 0) + 1


def write_row(connection: Connection, entity: Entity, key: str, row: dict[str, str] | None,
              expected: int | None, order: int | None = None) -> int:
    """Insert (expected None) or update the row where its version is still `expected`; row None hides it.

    Returns the new version. A concurrent writer that got there first makes this raise StaleVersion:
    the conditional UPDATE is the one arbiter on both backends.
    """
    if expected is None:
        connection.execute(_insert_row(entity.name),
                           {"row_key": key, "row_order": order, "row_version": 1, "row_hidden": False, **row})
        version = 1
    else:
        values = {"row_version": expected + 1, "row_hidden": row is None, **(row or {})}
        if order is not None:
            values["row_order"] = order
        done = connection.execute(_update_row(entity.name), {"w_key": key, "w_expected": expected, **values})
        if done.rowcount != 1:
            raise StaleVersion(f"{entity.name} {key!r} was changed by someone else (version {expected} is stale); "
                               "reload it and apply the change again")
        version = expected + 1
    if entity.name == "sites" and connection.dialect.name == "postgresql":
        sync_geometry(connection, key)
    return version


def sync_geometry(connection: Connection, key: str) -> None:
    """The PostGIS point from the row's lat/lon text (none for commune-level or unusable positions)."""
    connection.execute(text(
        "UPDATE sites SET geom = CASE WHEN precision <> 'commune' AND lat ~ '^-?[0-9]+(\\.[0-9]+)?$' "
        "AND lon ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN ST_SetSRID(ST_MakePoint(lon::double precision, "
        "lat::double precision), 4326) END WHERE row_key = :key"), {"key": key})


def bump_data_version(connection: Connection) -> int:
    """+1 on the one version row; on PostgreSQL its row lock also orders concurrent publishers, and a
    NOTIFY (delivered only at commit) tells every listening process to rebuild its read model."""
    return connection.execute(_bump(connection.dialect.name)).first()[0]


def data_version(connection: Connection) -> int:
    return connection.execute(_DATA_VERSION).scalar_one()


def to_json(row: dict[str, str] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def add_revision(connection: Connection, *, entity: Entity, key: str, action: str, author: Principal,
                 reason: str, source: str, before: dict | None, after: dict | None, version: int,
                 reviewer: str | None = None, proposal_id: int | None = None) -> int:
    return connection.execute(_INSERT_REVISION, dict(
        entity=entity.name, entity_key=key, action=action, author=author.name, author_role=author.role,
        author_communes=";".join(sorted(author.communes)), reviewer=reviewer, at=now(), reason=reason,
        source=source, before=to_json(before), after=to_json(after), proposal_id=proposal_id,
        data_version=version)).scalar_one()
