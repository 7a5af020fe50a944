"""One SQLite writer at a time across every process sharing the file, each woken the moment the
previous one is done.

SQLite's own wait for its write lock (the busy handler) polls with growing sleeps (1, 2, 5, 10 …
100 ms), so a writer that found the file locked often slept on long after the lock was free: with
four editors on two workers that waiting was most of a write's time. An exclusive flock on a file
beside the database queues the writers in the kernel instead, which wakes the next one at once.
SQLite's lock stays the arbiter (a writer that does not take this queue is still ordered by it);
this only makes waiting for it cheap. The lock is released when its process dies, so a killed
worker never blocks the others.
"""
from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path


class WriterQueue:
    """A re-entrant lock held across threads (an RLock) and processes (flock on `path`)."""

    def __init__(self, path: Path):
        self.path = path
        self.local = threading.RLock()
        self.depth = 0
        self.fd: int | None = None
        self.pid = 0

    def _descriptor(self) -> int:
        # A forked child shares its parent's open file, and with it the flock: open our own.
        if self.fd is None or self.pid != os.getpid():
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self.pid = os.getpid()
        return self.fd

    def __enter__(self) -> WriterQueue:
        self.local.acquire()
        try:
            if self.depth == 0:
                fcntl.flock(self._descriptor(), fcntl.LOCK_EX)  # blocks this thread only (no GIL held)
            self.depth += 1
        except BaseException:
            self.local.release()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.depth -= 1
        try:
            if self.depth == 0:
                fcntl.flock(self._descriptor(), fcntl.LOCK_UN)
        finally:
            self.local.release()
