"""uvicorn, configured so that no client can hold the server: header and keep-alive timeouts and a
concurrency limit (all from the settings), graceful shutdown that finishes running requests."""
from __future__ import annotations

import asyncio
import sys

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

GIL_SWITCH_S = 0.0002
# Seconds given to running requests when the server is asked to stop (SIGTERM, Ctrl-C).
GRACEFUL_SHUTDOWN_S = 10
# How long a worker may take to answer uvicorn's health ping before it is killed and started again.
# uvicorn's 5 s default killed workers that were still loading the data on a busy machine (the
# geocoder's build holds the GIL for seconds), over and over, so the server never became ready.
WORKER_HEALTHCHECK_S = 60


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's protocol plus a deadline for each request's headers.

    uvicorn closes idle keep-alive connections, but a connection that sends nothing, or its headers
    one byte at a time (slow loris), is held forever. The deadline starts when the connection opens
    and whenever a new request begins, and ends with the last header line."""

    header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_header_deadline()

    def on_headers_complete(self) -> None:
        self._disarm_header_deadline()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _arm_header_deadline(self) -> None:
        if self.header_deadline is None:
            timeout = getattr(self.config, "header_timeout", 10.0)
            self.header_deadline = self.loop.call_later(timeout, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def _headers_too_slow(self) -> None:
        self.header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def run_server(app, settings, factory: bool = False) -> None:
    """Serve `app` (an app, or an import string of a factory with workers > 1) with the settings' limits."""
    config = uvicorn.Config(app, factory=factory, host=settings.host, port=settings.port, workers=settings.workers,
                            http=HeaderDeadlineProtocol, timeout_keep_alive=settings.keep_alive_s,
                            limit_concurrency=settings.max_concurrency,
                            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S, log_level="warning",
                            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S)
    # The page renderer and the read-model builder hold the GIL for long stretches; the event loop and
    # a write get it back within 0.2 ms instead of Python's default 5 ms. A write gives the GIL up at
    # each of its SQL statements and waits for it again each time: at 1 ms, a rebuild running beside it
    # added up to 10-20 ms inside the writer lock (bench/edit.py SQLite write p99 34-37 ms, not 37-52;
    # bench/api.py under /planung attack: p99 6 ms, not 14-28 at 1 ms or 47-68 at 5 ms).
    sys.setswitchinterval(GIL_SWITCH_S)
    config.header_timeout = settings.header_timeout_s  # read by HeaderDeadlineProtocol in every worker
    server = uvicorn.Server(config)
    if settings.workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()
