"""Waiting for SQLite's WAL to reach the disk, once for every writer whose wait overlaps (a group commit).

A commit (synchronous=NORMAL) only writes the WAL; the writer then waits here for an fsync of the
WAL that *began after its commit*: any such fsync carries every byte committed before it. So while
one writer's fsync runs, the writers that committed meanwhile wait for it to end and then share the
next one, instead of each queueing an fsync of its own (at 150 writes a second, the disk's waits for
a flush of its own were the slowest writes: 50-85 ms). Writers of other processes flush on their
own: this process cannot know which of their commits an fsync began after.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path


class WalFlusher:
    """The flushes of one WAL file in this process: a ticket per committed writer, one fsync at a time."""

    def __init__(self, database: Path):
        self.database = database
        self.wal = database.with_name(database.name + "-wal")
        self.changed = threading.Condition()
        self.issued = 0        # tickets handed out: one per flush() call, each after its commit
        self.flushed = 0       # every ticket up to this one is on the disk
        self.flushing = False  # an fsync is running
        self.synced_inode: int | None = None  # the WAL file whose directory entry is known to be on disk

    def flush(self) -> None:
        """Returns once everything committed before the call is on the disk."""
        with self.changed:
            self.issued += 1
            mine = self.issued
            while self.flushed < mine:
                if not self.flushing:
                    self.flushing, covers = True, self.issued  # every ticket so far was committed before this fsync
                    break
                self.changed.wait()
            else:
                return  # an fsync that began after this commit has ended
        done = 0
        try:
            self._sync()
            done = covers
        finally:
            with self.changed:
                self.flushing = False
                self.flushed = max(self.flushed, done)
                self.changed.notify_all()

    def _sync(self) -> None:
        try:
            descriptor = os.open(self.wal, os.O_RDONLY)
        except FileNotFoundError:  # no WAL: the last checkpoint (synced by SQLite) holds everything
            return
        try:
            os.fsync(descriptor)
            inode = os.fstat(descriptor).st_ino
        finally:
            os.close(descriptor)
        if self.synced_inode != inode:  # a new WAL file: its name must survive a power cut too
            folder = os.open(self.database.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
            self.synced_inode = inode


_FLUSHERS: dict[Path, WalFlusher] = {}
_FLUSHERS_LOCK = threading.Lock()


def flusher_of(database: Path) -> WalFlusher:
    with _FLUSHERS_LOCK:
        flusher = _FLUSHERS.get(database)
        if flusher is None:
            flusher = _FLUSHERS[database] = WalFlusher(database)
        return flusher
