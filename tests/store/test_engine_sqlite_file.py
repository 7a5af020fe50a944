"""The SQLite file behind the store (store/engine.py): where it is made, its WAL mode even while
another worker sets the new file up, its schema revision, and a write's WAL on the disk."""
from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from store import engine as engine_module
from store.engine import make_engine, schema_revision, upgrade
from tests.store.helpers import DORTMUND, a_site, changed
from tests.store.sqlite_files import journal_mode

WAIT_S = 60  # only a guard against a hang; the tests never measure time


def _switching(thread: threading.Thread) -> bool:
    """The thread is inside the retry loop of the switch to WAL (mutation runs rename the function)."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if "_switch_to_wal" in frame.f_code.co_name:
            return True
        frame = frame.f_back
    return False


def _new_file_being_set_up_by_another_worker(path):
    """A new database file (rollback journal) whose write lock another worker holds."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE setup (step TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO setup VALUES ('migrating')")
    return holder


def _connect_in_thread(url):
    outcome: dict = {}

    def connect() -> None:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                outcome["mode"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        except BaseException as error:  # noqa: BLE001 - looked at by the test
            outcome["error"] = error
        finally:
            engine.dispose()

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    return thread, outcome



def test_a_database_in_folders_that_do_not_exist_yet_is_created_there_in_wal_mode(tmp_path):
    path = tmp_path / "zustand" / "ruhrkarte" / "ruhrkarte.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert schema_revision(engine) is None  # an empty database: nothing migrated yet
        upgrade(engine)
        assert schema_revision(engine) == "0005_layer_summaries"
    finally:
        engine.dispose()
    assert journal_mode(path) == "wal"


def test_a_worker_that_finds_the_new_file_locked_by_another_switches_to_wal_once_it_is_free(tmp_path):
    path = tmp_path / "ruhrkarte.sqlite"
    holder = _new_file_being_set_up_by_another_worker(path)
    thread, outcome = _connect_in_thread(f"sqlite:///{path}")
    deadline = time.monotonic() + WAIT_S
    while thread.is_alive() and not _switching(thread) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # it keeps trying while the other worker holds the file
    holder.execute("COMMIT")
    holder.close()
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["mode"] == "wal" and journal_mode(path) == "wal"


def test_a_worker_gives_up_with_database_is_locked_when_the_file_stays_locked(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "WAL_SWITCH_S", 0.2)  # not 30 s: the test need not wait that long
    path = tmp_path / "ruhrkarte.sqlite"
    holder = _new_file_being_set_up_by_another_worker(path)
    try:
        thread, outcome = _connect_in_thread(f"sqlite:///{path}")
        thread.join(WAIT_S)
        assert not thread.is_alive(), "still trying after the switch's time was up"
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert isinstance(outcome.get("error"), OperationalError) and "database is locked" in str(outcome["error"])


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_write_returns_after_its_wal_was_synced_to_the_disk(store, monkeypatch):
    """synchronous=NORMAL leaves the WAL unsynced at commit; the store syncs it before answering."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    key = a_site(store, DORTMUND)
    monkeypatch.setattr(os, "fsync", fsync)
    changed(store, key, name="Sicher auf der Platte")
    assert f"{store.engine.url.database}-wal" in synced
