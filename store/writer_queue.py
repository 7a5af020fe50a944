"""One SQLite writer at a time across every process sharing the file, each starting within a
millisecond of the previous one's end.

SQLite's own wait for its write lock (the busy handler) polls with growing sleeps (1, 2, 5, 10 …
100 ms), so a writer that found the file locked often slept on long after the lock was free: with
four editors on two workers that waiting was most of a write's time. An exclusive flock on a file
beside the database is tried again every millisecond instead (a blocking flock could not give up
after `wait_s`), so the next writer starts within a millisecond of the lock's release.
SQLite's lock stays the arbiter (a writer that does not take this queue is still ordered by it);
this only makes waiting for it cheap. The lock is released when its process dies, so a killed
worker never blocks the others; a writer waits at most `wait_s` (then StoreBusy, a 503).
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
import weakref
from pathlib import Path

from store.errors import StoreBusy

POLL_S = 0.001  # the retry step of a timed wait; only while another process holds the lock


class WriterQueue:
    """A re-entrant lock held across threads (an RLock) and processes (flock on `path`)."""

    def __init__(self, path: Path, wait_s: float, mode: int = 0o644):
        self.path = path
        self.wait_s = wait_s
        self.mode = mode          # as the database file's: every account that may write can queue
        self.local = threading.RLock()
        self.depth = 0
        self.fd: int | None = None
        self.pid = 0
        me = weakref.ref(self)  # a weak reference: queues of closed stores are not kept alive by this hook
        os.register_at_fork(after_in_child=lambda: (queue := me()) is not None and queue._forget())

    def _forget(self) -> None:
        """A forked child starts without its parent's lock, file or thread lock state."""
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.depth, self.local = None, 0, threading.RLock()

    def _descriptor(self) -> int:
        if self.fd is None or self.pid != os.getpid():
            self.fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, self.mode)  # flock needs no write access
            self.pid = os.getpid()
        return self.fd

    def _lock(self, deadline: float) -> None:
        descriptor = self._descriptor()
        while True:  # another process writes: wait for it, but not forever
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"another writer held the database for over {self.wait_s:.0f} s; try again") from None
            time.sleep(POLL_S)

    def __enter__(self) -> WriterQueue:
        deadline = time.monotonic() + self.wait_s
        if not self.local.acquire(timeout=self.wait_s):
            raise StoreBusy(f"another writer held the database for over {self.wait_s:.0f} s; try again")
        try:
            if self.depth == 0:
                self._lock(deadline)
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

    def close(self) -> None:
        if self.fd is not None and self.pid == os.getpid():
            os.close(self.fd)
        self.fd = None
