"""A worker's rebuilds of the read model give way to write requests.

A rebuild (0.03 to 0.1 s of Python) and a write share one worker's GIL. Each time a write waits for
SQLite or the disk, the rebuild takes the GIL, and the write gets it back only after the
interpreter's switch interval (5 ms); over the dozen statements of one write that was most of the
slowest writes' time: bench/edit.py's write p99 was 40 to 60 ms with rebuilds running and 20 to 30 ms
without. So a rebuild runs in stages and waits before each while a write request is in flight, for
at most MAX_YIELD_S per rebuild: a stream of writes delays a change's visibility by that much at
most, never indefinitely.

The gate sees the write requests of its own process only: that is where the GIL is shared. (Giving
way to the other workers' writes too, through a flock on a file beside the database, was measured
and not kept: the waiting stage's polling cost the writes more than it saved them.)
"""
from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

# The longest a rebuild gives way to writes in all (its stages together). Visibility within 2 s has
# room for it: a poll interval (0.5 s), the rest between rebuilds (1 s at most) and the build itself.
MAX_YIELD_S = 0.3
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteGate:
    """Counts the write requests in flight in this process; a rebuild's stage waits for none."""

    def __init__(self, budget_s: float = MAX_YIELD_S) -> None:
        self.quiet = threading.Condition()
        self.writing = 0   # write requests in flight
        self.waiting = 0   # rebuild stages waiting for them (for the tests)
        self.budget_s = budget_s

    def begin(self) -> None:
        with self.quiet:
            self.writing += 1

    def end(self) -> None:
        with self.quiet:
            self.writing -= 1
            if self.writing == 0:
                self.quiet.notify_all()

    def yielder(self) -> GiveWay:
        """The pauses of one rebuild (all together at most `budget_s`)."""
        return GiveWay(self, time.monotonic() + self.budget_s)


class GiveWay:
    """Called between a rebuild's steps: waits while writes are in flight, until `until` at the latest;
    `waited_s` is the time given to them, which is not the build's own."""

    def __init__(self, gate: WriteGate, until: float):
        self.gate = gate
        self.until = until
        self.waited_s = 0.0

    def __call__(self) -> None:
        gate = self.gate
        began = time.monotonic()
        with gate.quiet:
            gate.waiting += 1
            try:
                gate.quiet.wait_for(lambda: gate.writing == 0, timeout=max(0.0, self.until - began))
            finally:
                gate.waiting -= 1
        self.waited_s += time.monotonic() - began


class WritesInFlight:
    """ASGI middleware: every request with a method that changes something is a write in flight,
    from its first byte until its answer is sent (parsing, checking, committing: all of it)."""

    def __init__(self, app: ASGIApp, gate: WriteGate):
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        self.gate.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.end()
