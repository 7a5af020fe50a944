"""How a store's writers queue (store/store.py with store/writer_queue.py): the lock file beside a
SQLite database, how long a writer waits for another one, and no lock file for PostgreSQL."""
from __future__ import annotations

import itertools
import os
import time
import types

import pytest

from geo.settings import COMMITTED_DATA
from store import open_store
from store import writer_queue
from store.errors import StoreBusy
from store.writer_queue import WriterQueue
from tests.store.conftest import new_pg_database
from tests.store.helpers import DORTMUND, a_site, changed


@pytest.fixture
def no_umask():
    """The lock file's permissions exactly as the store asks for them (no umask in between)."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.parametrize("database_mode, lock_mode", [
    (0o660, 0o660),  # a database shared by a group of service accounts: they may all queue
    (0o600, 0o600),  # a database of one account: so is its lock file
    (0o777, 0o666),  # a share that shows every file as 0777 (a Windows volume): no execute bits
])
def test_the_writers_lock_file_takes_the_database_files_permissions(tmp_path, region, geocoder, sqlite_template,
                                                                    no_umask, database_mode, lock_mode):
    database = tmp_path / "ruhrkarte.sqlite"
    database.write_bytes(sqlite_template.read_bytes())
    database.chmod(database_mode)
    store = open_store(f"sqlite:///{database}", COMMITTED_DATA, region, geocoder)
    try:
        changed(store, a_site(store, DORTMUND), name="Neuer Name")
        lock = tmp_path / "ruhrkarte.sqlite-writers"
        assert oct(lock.stat().st_mode & 0o777) == oct(lock_mode)
    finally:
        store.close()


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_write_gives_up_after_30_seconds_behind_another_process_writer(store, monkeypatch):
    """Another process (here a second queue on the same file) holds the database; the store's writer
    waits SQLITE_BUSY_MS (30 s) and is then refused with StoreBusy (a 503) that says how long it waited.
    The queue's clock runs 5 s a reading, so the wait takes milliseconds."""
    key = a_site(store, DORTMUND)
    readings = itertools.count(step=5)

    def monotonic() -> int:
        now = next(readings)
        if now > 100:
            raise AssertionError("the writer still waited after 100 s")
        return now

    monkeypatch.setattr(writer_queue, "time", types.SimpleNamespace(monotonic=monotonic, sleep=time.sleep))
    other = WriterQueue(store.writer_lock.path, 60)
    with other:
        with pytest.raises(StoreBusy, match=r"^another writer held the database for over 30 s; try again$"):
            changed(store, key, name="Zu spät")
    assert next(readings) <= 45  # gave up at 30 s, not later
    other.close()
    monkeypatch.undo()
    assert store.get("sites", key).values["name"] != "Zu spät"


def test_a_postgresql_store_leaves_no_lock_file_in_its_working_folder(pg_cluster, pg_template, region, geocoder,
                                                                     tmp_path, monkeypatch):
    """PostgreSQL orders its writers itself: the SQLite writers' queue is not used, so a PostgreSQL store
    started in some folder writes nothing there."""
    monkeypatch.chdir(tmp_path)
    store = open_store(pg_cluster.url(new_pg_database(pg_cluster, pg_template)), COMMITTED_DATA, region, geocoder)
    try:
        changed(store, a_site(store, DORTMUND), name="Neuer Name")
        assert list(tmp_path.iterdir()) == []
    finally:
        store.close()
