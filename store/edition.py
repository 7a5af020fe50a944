"""The CSV edition in and out of the store: seeding an empty database from the committed
data/programmes/, and importing an edition folder as one curator write (a revision per changed row)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from geo.programme_data import FOLDER
from store.commands import Principal
from store.dataset import new_surrogate_key, read_edition, store_key, surrogate_like_id
from store.errors import FieldProblem, ValidationFailed
from store.rows import add_revision, bump_data_version, cells, now, sync_geometry
from store.schema import ENTITIES, TABLES, Entity, meta
from store.scope import require_reviewer
from store.validation import Validator

EDITION_AUTHOR = Principal("edition", "admin")


def is_seeded(connection: Connection) -> bool:
    return connection.execute(select(meta.c.seeded_at).where(meta.c.id == 1)).scalar() is not None


def _keyed(entity: Entity, rows: list[dict[str, str]], existing: dict[str, dict]) -> list[tuple[str, dict[str, str]]]:
    """Keys for the rows of an edition: their ids; a row without one keeps the key of an identical
    stored row, else gets 'row-<line position>' or, when that is taken, a fresh one."""
    free = {}
    if entity.surrogate:
        free = {tuple(r[c] for c in entity.columns): k for k, r in existing.items() if not r["row_hidden"]}
    taken = set(existing)
    keyed = []
    for position, row in enumerate(rows, start=1):
        key = row[entity.id_column]
        if entity.surrogate and not key:
            key = free.pop(tuple(row[c] for c in entity.columns), None)
            if key is None:
                key = store_key(entity, row, position)
                key = key if key not in taken else new_surrogate_key()
        taken.add(key)
        keyed.append((key, row))
    return keyed


def _check_unique_keys(rows: dict[str, list[dict[str, str]]]) -> None:
    """Ids the loader does not check for uniqueness (the five locations' names) must be unique too, and
    an id never looks like the store key of a row without one (it would take that row's place), as in a write."""
    problems = []
    for entity in ENTITIES.values():
        seen: set[str] = set()
        for row in rows[entity.name]:
            key = row[entity.id_column]
            if key and key in seen:
                problems.append(FieldProblem(entity.name, key, entity.id_column, f"duplicate {entity.id_column}"))
            if (problem := surrogate_like_id(entity, key)) is not None:
                problems.append(problem)
            seen.add(key)
    if problems:
        raise ValidationFailed(problems)


def load_edition(connection: Connection, validator: Validator, folder: Path, principal: Principal,
                 reason: str, source: str, action: str) -> int:
    """Make the published state equal to the edition in `folder`; returns the number of rows changed.

    Validated as a whole first; a revision for every created, changed or hidden row; the data version
    rises once when anything changed.
    """
    rows = read_edition(folder)
    validator.check(rows)
    _check_unique_keys(rows)
    changes: list[tuple[Entity, str, dict | None, dict | None]] = []
    for entity in ENTITIES.values():
        table = TABLES[entity.name]
        existing = {r.row_key: dict(r._mapping) for r in connection.execute(select(table))}
        seen = set()
        for position, (key, row) in enumerate(_keyed(entity, rows[entity.name], existing), start=1):
            seen.add(key)
            old = existing.get(key)
            if old is None:
                connection.execute(insert(table).values(row_key=key, row_order=position, row_version=1,
                                                        row_hidden=False, **row))
                changes.append((entity, key, None, row))
                continue
            before = None if old["row_hidden"] else cells(entity, old)
            if before != row:
                connection.execute(update(table).where(table.c.row_key == key).values(
                    row_order=position, row_version=old["row_version"] + 1, row_hidden=False, **row))
                changes.append((entity, key, before, row))
            elif old["row_order"] != position:
                # Only its place moved (a line above was removed): the same row, so the same version, and an
                # editor's open edit of it stays valid.
                connection.execute(update(table).where(table.c.row_key == key).values(row_order=position))
        for key, old in existing.items():
            if key not in seen and not old["row_hidden"]:
                connection.execute(update(table).where(table.c.row_key == key).values(
                    row_hidden=True, row_version=old["row_version"] + 1))
                changes.append((entity, key, cells(entity, old), None))
    if changes or not is_seeded(connection):
        version = bump_data_version(connection)
        for entity, key, before, after in changes:
            add_revision(connection, entity=entity, key=key, action=action, author=principal, reason=reason,
                         source=source, before=before, after=after, version=version)
        if connection.dialect.name == "postgresql":
            for entity, key, _before, _after in changes:
                if entity.name == "sites":
                    sync_geometry(connection, key)
    connection.execute(update(meta).where(meta.c.id == 1, meta.c.seeded_at.is_(None)).values(seeded_at=now()))
    return len(changes)


def seed(connection: Connection, validator: Validator, data_dir: Path) -> int:
    """Fill a new database from the committed edition (once; later starts leave it alone)."""
    if is_seeded(connection):
        return 0
    return load_edition(connection, validator, data_dir / FOLDER, EDITION_AUTHOR,
                        "seeded from the committed edition", f"{FOLDER}/ of the repository", "seed")


def import_edition(connection: Connection, validator: Validator, folder: Path, principal: Principal,
                   reason: str, source: str) -> int:
    require_reviewer(principal)
    return load_edition(connection, validator, folder, principal, reason, source, "import")
