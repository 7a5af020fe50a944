"""Store contract, both backends: creating from empty, seeding, the CSV edition in and out."""
from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import inspect, text

from geo.errors import InvalidInput
from geo.programme_data import load_programme_data
from geo.settings import COMMITTED_DATA
from store import open_store
from store.engine import make_engine, schema_revision, upgrade
from store.errors import ValidationFailed
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_EDITOR, a_site, changed, counts

EDITION = COMMITTED_DATA / "programmes"
FILES = ["programmes.csv", "sites.csv", "five_locations.csv", "projects.csv", "funding.csv"]


def test_migrations_from_empty_create_every_table_and_seed(empty_url, region, geocoder):
    store = open_store(empty_url, COMMITTED_DATA, region, geocoder)
    try:
        assert schema_revision(store.engine) == "0005_layer_summaries"
        tables = set(inspect(store.engine).get_table_names())
        assert {"programmes", "sites", "five_locations", "projects", "funding", "revisions", "proposals",
                "accounts", "store_meta", "sessions", "sign_in_failures", "layers", "layer_features", "layer_summaries",
                "layer_parts"} <= tables
        assert store.data_version() == 1
        upgrade(store.engine)  # a second upgrade changes nothing
        assert store.data_version() == 1
        seeded = store.published_dataset().frames["sites.csv"]
        assert len(seeded) == 97
    finally:
        store.close()


def test_workers_starting_together_on_an_empty_database(empty_url, region, geocoder):
    import threading
    start, stores, errors = threading.Barrier(3), [], []

    def worker() -> None:
        start.wait()
        try:
            stores.append(open_store(empty_url, COMMITTED_DATA, region, geocoder))
        except Exception as error:  # noqa: BLE001 - the assertion below shows it
            errors.append(repr(error))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "workers deadlocked while setting up the database"
    assert errors == []
    assert [s.data_version() for s in stores] == [1, 1, 1]
    assert len(stores[0].history("sites", "fgz-05911000-1")) == 1   # seeded once
    for opened in stores:
        opened.close()


def test_second_open_does_not_seed_again(store, region, geocoder):
    changed(store, store.published_dataset().frames["sites.csv"]["id"].iloc[0], name="Umbenannt")
    version = store.data_version()
    again = open_store(str(store.engine.url.render_as_string(hide_password=False)), COMMITTED_DATA, region, geocoder)
    assert again.data_version() == version
    again.close()


def test_postgis_points_with_gist_index(store):
    if store.backend != "postgresql":
        with store.engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("sites")}
        assert {"lat", "lon"} <= columns and "geom" not in columns
        return
    with store.engine.connect() as connection:
        srid, points = connection.execute(text(
            "SELECT min(ST_SRID(geom)), count(geom) FROM sites WHERE NOT row_hidden")).one()
        index = connection.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'sites' AND indexname = 'ix_sites_geom'")).scalar()
        lon, lat = connection.execute(text(
            "SELECT ST_X(geom), ST_Y(geom) FROM sites WHERE id = 'fgz-05911000-1'")).one()
    frame = store.published_dataset().frames["sites.csv"]
    assert srid == 4326 and points == int((frame["precision"] != "commune").sum())
    assert "gist" in index.lower()
    assert (lat, lon) == (51.490489, 7.310362)
    changed(store, "fgz-05911000-1", lat="51.4818", lon="7.2162", precision="landmark")  # Bochum Rathaus
    with store.engine.connect() as connection:
        moved = connection.execute(text("SELECT ST_Y(geom), ST_X(geom) FROM published_sites "
                                        "WHERE id = 'fgz-05911000-1'")).one()
    assert tuple(moved) == (51.4818, 7.2162)


def test_export_round_trips_the_committed_edition_byte_for_byte(store, tmp_path):
    store.export(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (EDITION / name).read_bytes(), name


def test_published_dataset_builds_the_same_programme_data(store, region, geocoder):
    from_store = store.published_dataset().programme_data(region, geocoder)
    from_files, _ = load_programme_data(COMMITTED_DATA, region, geocoder)
    assert from_store.sites[["id", "ags", "lon", "lat"]].equals(from_files.sites[["id", "ags", "lon", "lat"]])
    assert from_store.funding["counted_amount"].equals(from_files.funding["counted_amount"])
    assert list(from_store.registry.ids) == list(from_files.registry.ids)


def test_a_change_shows_in_the_dataset_and_the_export(store, tmp_path):
    key = store.published_dataset().frames["sites.csv"]["id"].iloc[3]
    before = store.data_version()
    changed(store, key, name="Neuer Name, mit Komma")
    dataset = store.published_dataset()
    assert dataset.version == before + 1
    assert dataset.frames["sites.csv"].set_index("id").loc[key, "name"] == "Neuer Name, mit Komma"
    store.export(tmp_path)
    assert '"Neuer Name, mit Komma"' in (tmp_path / "sites.csv").read_text(encoding="utf-8")


def test_import_of_the_same_edition_changes_nothing(store):
    before = counts(store)
    assert store.import_edition(EDITION, CURATOR, "Neue Ausgabe", "test") == 0
    assert counts(store) == before


def test_import_publishes_an_edited_edition_with_revisions(store, tmp_path):
    shutil.copytree(EDITION, tmp_path / "edition")
    sites = tmp_path / "edition" / "sites.csv"
    lines = sites.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = lines.pop(5).split(",", 1)[0]
    sites.write_text("".join(lines), encoding="utf-8")
    version = store.data_version()
    assert store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Landtag NRW") == 1
    assert store.data_version() == version + 1
    assert removed not in set(store.published_dataset().frames["sites.csv"]["id"])
    assert store.history("sites", removed)[-1].action == "import"
    store.export(tmp_path / "out")
    assert (tmp_path / "out" / "sites.csv").read_bytes() == sites.read_bytes()


def test_import_of_a_broken_edition_stores_nothing(store, tmp_path):
    shutil.copytree(EDITION, tmp_path / "edition")
    funding = tmp_path / "edition" / "funding.csv"
    funding.write_text(funding.read_text(encoding="utf-8").replace(",75000000,", ",viel,", 1), encoding="utf-8")
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.import_edition(tmp_path / "edition", CURATOR, "kaputt", "test")
    assert "amount_eur" in refused.value.fields
    assert counts(store) == before


def test_import_needs_a_curator(store):
    from store.errors import Forbidden
    with pytest.raises(Forbidden):
        store.import_edition(EDITION, DORTMUND_EDITOR, "x", "y")


def test_database_url_is_checked(tmp_path):
    from store.engine import resolve_url
    assert resolve_url("", tmp_path) == f"sqlite:///{tmp_path / 'ruhrkarte.sqlite'}"
    assert resolve_url("postgresql://u@h/db", tmp_path).startswith("postgresql+psycopg://")
    for bad in ("mysql://u@h/db", "sqlite://", "not a url"):
        with pytest.raises(InvalidInput, match="RUHRKARTE_DATABASE_URL"):
            resolve_url(bad, tmp_path)


def test_sqlite_runs_in_wal_mode_and_a_write_returns_once_its_wal_is_on_the_disk(repo, tmp_path, monkeypatch):
    """synchronous=NORMAL lets a commit return before the disk has the WAL; the store then syncs the
    WAL itself (after giving up the write lock), and the folder once for a new WAL file, before the
    write returns: what was acknowledged survives a power cut."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()
    store = open_store(f"sqlite:///{tmp_path / 'live.sqlite'}", COMMITTED_DATA, repo.region, repo.geocoder)
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd))[1])
    key = a_site(store, DORTMUND)
    changed(store, key, name="Auf der Platte")
    assert str(tmp_path / "live.sqlite-wal") in synced  # the write's WAL, before it returned
    assert store.get("sites", key).values["name"] == "Auf der Platte"
    synced.clear()
    changed(store, key, name="Noch einmal")
    assert synced == [str(tmp_path / "live.sqlite-wal")]  # the folder only once per WAL file
    store.close()
