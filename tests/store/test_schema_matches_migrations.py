"""The tables the store's queries describe (store/schema.py) are the tables the migrations create
(store/migrations/): every column with its name, type, nullability and primary key. A migration that
changes a column without schema.py (or the reverse) fails here, not in a query on a live database."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store.engine import make_engine, upgrade
from store.schema import metadata


def _migrated(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ruhrkarte.sqlite'}")
    upgrade(engine)
    return engine


def test_every_column_of_the_schema_is_the_migrated_column(tmp_path):
    engine = _migrated(tmp_path)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            # schema.py describes tables for queries: their indexes and foreign keys live in the migrations only
            drift = [d for d in compare_metadata(context, metadata) if d[0] not in ("remove_index", "remove_fk")]
        assert drift == []
    finally:
        engine.dispose()


def test_every_table_has_the_migrated_primary_key_types_and_nullability(tmp_path):
    engine = _migrated(tmp_path)
    try:
        inspector = inspect(engine)
        for table in metadata.sorted_tables:
            reflected = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert reflected == [column.name for column in table.primary_key], table.name
            migrated = {c["name"]: (c["type"].compile(engine.dialect), c["nullable"])
                        for c in inspector.get_columns(table.name)}
            described = {c.name: (c.type.compile(engine.dialect), c.nullable) for c in table.columns}
            assert described == migrated, table.name
    finally:
        engine.dispose()
