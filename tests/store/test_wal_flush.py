"""The group commit of SQLite's WAL (store/wal_flush.py): a writer returns only after an fsync that
began after its call, and writers whose waits overlap share fsyncs instead of each queueing one."""
from __future__ import annotations

import os
import sqlite3
import threading
import time

from store import wal_flush
from store.wal_flush import WalFlusher


def _wal_database(folder):
    database = folder / "wal.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    return database, connection  # kept open: closing the last connection checkpoints the WAL away


def test_every_flush_waits_for_an_fsync_that_began_after_it_and_overlapping_flushes_share_them(tmp_path, monkeypatch):
    database, connection = _wal_database(tmp_path)
    fsyncs: list[tuple[float, float]] = []
    real_fsync = os.fsync

    def slow_fsync(descriptor: int) -> None:  # a disk that takes 20 ms to flush, so waits overlap
        began = time.monotonic()
        real_fsync(descriptor)
        time.sleep(0.02)
        fsyncs.append((began, time.monotonic()))

    monkeypatch.setattr(wal_flush.os, "fsync", slow_fsync)
    flusher = WalFlusher(database)
    calls: list[tuple[float, float]] = []
    lock = threading.Lock()

    def writer() -> None:
        for _ in range(5):
            called = time.monotonic()
            flusher.flush()
            with lock:
                calls.append((called, time.monotonic()))

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(calls) == 40
    for called, returned in calls:
        assert any(called <= began and ended <= returned for began, ended in fsyncs), (called, returned)
    assert len(fsyncs) < 40 / 2  # (the first flush also syncs the folder once: the WAL's name)
    connection.close()


def test_a_flush_without_a_wal_returns_at_once(tmp_path):
    database = tmp_path / "no-wal.sqlite"
    sqlite3.connect(database).close()
    WalFlusher(database).flush()
    assert not database.with_name(database.name + "-wal").exists()
