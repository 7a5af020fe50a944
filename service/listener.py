"""PostgreSQL pushes the data version: a dedicated connection LISTENs on the store's channel and
wakes the follower the moment a write commits, instead of waiting for the next poll.

The connection lives in its own thread (psycopg's blocking `notifies`), outside the store's pool,
and is opened again after it is lost (database restarted, network cut); each new connection wakes
the follower once, so a change committed while nobody listened is still caught. Polling stays as
the fallback, so a lost NOTIFY costs at most one poll interval.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

import psycopg
from sqlalchemy import Engine

from store.rows import CHANGE_CHANNEL

log = logging.getLogger("ruhrkarte.live")
# How long one wait for a notification lasts: the thread sees a stop request within this time.
WAIT_S = 0.5
RECONNECT_MAX_S = 5.0


class ChangeListener:
    """Calls `wake()` (from its own thread) on every NOTIFY of the data version and after each (re)connect."""

    def __init__(self, engine: Engine, wake: Callable[[], None]):
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        self.connect_args = (args, {**kwargs, "autocommit": True, "connect_timeout": 5,
                                     # a silently cut TCP connection is noticed within about 25 s
                                     "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                                     "keepalives_count": 3})
        self.wake = wake
        self.stopping = threading.Event()
        self.connected = threading.Event()
        self.connections = 0   # successful (re)connections, for tests and logs
        self.thread = threading.Thread(target=self._run, name="pg-listen", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=WAIT_S * 4)

    def _run(self) -> None:
        delay = WAIT_S
        while not self.stopping.is_set():
            try:
                self._listen()
                delay = WAIT_S
            except psycopg.Error as error:
                log.warning("listening for data changes failed (%s); connecting again in %.1f s",
                            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__, delay)
            self.connected.clear()
            if self.stopping.wait(delay):
                return
            delay = min(delay * 2, RECONNECT_MAX_S)

    def _listen(self) -> None:
        args, kwargs = self.connect_args
        with psycopg.connect(*args, **kwargs) as connection:
            connection.execute(f"LISTEN {CHANGE_CHANNEL}")
            self.connections += 1
            self.connected.set()
            self.wake()  # whatever was committed while nobody listened
            while not self.stopping.is_set():
                for _ in connection.notifies(timeout=WAIT_S):
                    self.wake()
