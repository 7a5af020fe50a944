"""The group commit of SQLite's WAL (store/wal_flush.py): a writer returns only after an fsync that
began after its call, and writers whose waits overlap share fsyncs instead of each queueing one."""
from __future__ import annotations

import errno
import os
import sqlite3
import stat
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


def _first_fsync_held(tmp_path, monkeypatch, fails: bool):
    """A WAL database whose next fsync waits until `release` is set (then fails with EIO if `fails`, or
    is done); every fsync's descriptor is recorded in `fsyncs`. The folder is synced already, so from
    here on every fsync is the WAL's."""
    database, connection = _wal_database(tmp_path)
    flusher = WalFlusher(database)
    flusher.flush()
    real_fsync = os.fsync
    release, fsyncs = threading.Event(), []

    def held(descriptor: int) -> None:
        fsyncs.append(descriptor)
        if len(fsyncs) == 1:
            release.wait(60)
            if fails:
                raise OSError(errno.EIO, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(wal_flush.os, "fsync", held)
    return flusher, connection, release, fsyncs


def _wait_until(condition, deadline: float) -> None:
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


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

    threads = [threading.Thread(target=writer, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60  # one minute for all of them: a flush that never returns fails in time
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
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


def test_the_folder_is_synced_once_for_the_wal_file_not_on_every_flush(tmp_path, monkeypatch):
    """The WAL's directory entry must reach the disk too (else a power cut can lose the whole file), but
    once per WAL file is enough: syncing the folder on every commit would double the waits."""
    database, connection = _wal_database(tmp_path)
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file")
        real_fsync(descriptor)

    monkeypatch.setattr(wal_flush.os, "fsync", recording_fsync)
    flusher = WalFlusher(database)
    for number in range(3):
        connection.execute("INSERT INTO t VALUES (?)", (number,))
        connection.commit()
        flusher.flush()
    assert synced == ["file", "folder", "file", "file"]
    connection.close()


def test_a_failing_fsync_reaches_its_writer_and_the_waiting_writer_gets_an_fsync_of_its_own(tmp_path, monkeypatch):
    """A disk error while one writer's fsync runs: that writer learns of it (its commit may not be on the
    disk), and a writer that waited for that fsync is neither left waiting nor told it is on the disk."""
    flusher, connection, second_waits, fsyncs = _first_fsync_held(tmp_path, monkeypatch, fails=True)
    outcomes: dict[str, BaseException | None] = {}

    def writer(name: str) -> None:
        try:
            flusher.flush()
            outcomes[name] = None
        except BaseException as error:  # noqa: BLE001  (looked at below)
            outcomes[name] = error

    first = threading.Thread(target=writer, args=("first",), daemon=True)
    first.start()
    deadline = time.monotonic() + 60
    _wait_until(lambda: fsyncs, deadline)
    second = threading.Thread(target=writer, args=("second",), daemon=True)
    second.start()
    _wait_until(lambda: flusher.issued >= 3, deadline)  # the second writer holds its ticket
    second_waits.set()
    first.join(60)
    second.join(60)
    assert isinstance(outcomes.get("first"), OSError) and outcomes["first"].errno == errno.EIO
    assert "second" in outcomes and outcomes["second"] is None
    assert len(fsyncs) == 2  # the second writer's own fsync, after the failed one
    connection.close()


def test_the_writers_of_one_database_share_its_flusher(tmp_path):
    """Only writers that share a flusher share fsyncs: every connection to one file gets the same one."""
    one, other = tmp_path / "eins.sqlite", tmp_path / "zwei.sqlite"
    flusher = wal_flush.flusher_of(one)
    assert flusher.database == one
    assert wal_flush.flusher_of(one) is flusher
    assert wal_flush.flusher_of(other) is not flusher and wal_flush.flusher_of(other).database == other


def test_the_writers_that_commit_while_an_fsync_runs_share_the_next_one(tmp_path, monkeypatch):
    """The group commit itself: six writers commit while writer one's fsync runs, so that fsync cannot
    carry their commits; one more fsync carries all six, and none of them queues one of its own."""
    flusher, connection, others_wait, fsyncs = _first_fsync_held(tmp_path, monkeypatch, fails=False)
    writers = [threading.Thread(target=flusher.flush, daemon=True) for _ in range(7)]
    writers[0].start()
    deadline = time.monotonic() + 60
    _wait_until(lambda: fsyncs, deadline)
    for writer in writers[1:]:
        writer.start()
    _wait_until(lambda: flusher.issued >= 8, deadline)  # the six others hold their tickets
    others_wait.set()
    deadline = time.monotonic() + 60
    for writer in writers:
        writer.join(max(0.0, deadline - time.monotonic()))
    assert not any(writer.is_alive() for writer in writers)
    assert len(fsyncs) == 2
    connection.close()
