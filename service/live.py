"""The service on the living data: the store the settings name, the read model built from its
published state, and the follower that swaps in a new read model whenever the data version moves.

Every worker and every replica follows the store on its own, so a change published anywhere is
served everywhere within one poll interval (on PostgreSQL at once, by LISTEN/NOTIFY) plus one
rebuild; a request never sees a half-built model (service/generation.py swaps whole generations).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from types import MappingProxyType

from geo.errors import DataError
from geo.read_model import ReadModel, build_read_model
from geo.repository import Repository, assemble_repository
from service.generation import ServiceState
from service.listener import ChangeListener
from service.observability import Metrics
from service.settings import Settings
from service.write_gate import WriteGate
from store import Store, open_store, resolve_url

log = logging.getLogger("ruhrkarte.live")
SETTLE_S = 5.0         # how long a reader with credentials (or a page's write) waits for a rebuild at most
PROBE_PAUSE_S = 2.0    # after the database failed a version probe, readers are served without asking
MAX_REST_S = 1.0  # the longest pause between background rebuilds; keeps "visible within 2 s" under load
# Under a stream of writes a worker rests this many times as long as its last build took before the
# next (a build is about 0.1 s): a seventh of its time building, the rest for the writes themselves.
REST_PER_BUILD = 6


def open_settings_store(settings: Settings, base: Repository) -> Store:
    """The store named by the settings (SQLite in the state folder by default), created, migrated
    and seeded from the committed edition on first use."""
    url = resolve_url(settings.database_url, settings.state_dir)
    return open_store(url, settings.data_dir, base.region, base.geocoder)


def model_from_store(store: Store, base: Repository, give_way: Callable[[], None] = lambda: None) -> tuple[int, ReadModel]:
    """The store's data version and the read model of its published state, validated by the same
    code as the committed files.

    Boundaries, geocoder and names come from `base` (they are not living data). The model's version
    (its ETags) names the boundaries and the data version, so replicas over one database agree.
    `give_way` is called between the steps (service/write_gate.py: the worker's writes go first)."""
    give_way()
    dataset = store.published_dataset()
    give_way()
    programmes = dataset.programme_data(base.region, base.geocoder)
    give_way()
    version = f"{base.version[:8]}-{dataset.version}"
    model = build_read_model(assemble_repository(base.region, base.geocoder, programmes, version, base.report),
                             give_way)
    return dataset.version, replace(model, row_versions=MappingProxyType(dataset.row_versions))


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str           # '' when ready
    served: int           # the data version being served
    latest: int | None    # the store's, None when it could not be read


class DataFollower:
    """Follows the store's data version; on a change builds the new read model off the event loop and swaps it in.

    It polls every `interval_s` (the only way on SQLite; the fallback on PostgreSQL) and, on
    PostgreSQL, is woken at once by the NOTIFY of every published write (service/listener.py)."""

    def __init__(self, state: ServiceState, store: Store, base: Repository, served: int, interval_s: float,
                 metrics: Metrics | None = None, gate: WriteGate | None = None):
        self.state = state
        self.gate = gate or WriteGate()   # this worker's write requests, which its rebuilds give way to
        self.served = served              # the data version of the model being served
        self.store = store
        self.base = base
        self.interval_s = interval_s
        self.metrics = metrics
        # Behind the store for longer than this (a rebuild is a second or two at most): not ready.
        # (plus the longest rest between rebuilds under a stream of writes)
        self.stale_after_s = max(4 * interval_s, 3.0) + MAX_REST_S
        self.behind_since: float | None = None
        self.broken: int | None = None    # a data version that failed validation: not built again
        self.build_s = 0.0                # the last rebuild's own time (without giving way to writes)
        # One builder thread: two changes in quick succession build one after the other, never at once.
        self.builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-model")
        self.task: asyncio.Task | None = None
        self.wakeup: asyncio.Event | None = None
        self.catching_up: asyncio.Lock | None = None  # made in the event loop that uses it
        self.listener: ChangeListener | None = None
        # Readers with credentials ask for the version on threads of their own, so a crowd of them
        # never delays /readyz (the default executor); after a failure they don't ask for a moment.
        self.prober = ThreadPoolExecutor(max_workers=2, thread_name_prefix="version-probe")
        self.probe_failed_until = 0.0

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.wakeup = asyncio.Event()
        if self.store.backend == "postgresql":
            self.listener = ChangeListener(self.store.engine, lambda: loop.call_soon_threadsafe(self.wakeup.set))
            self.listener.start()
        self.task = loop.create_task(self._follow())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.listener is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.listener.stop)
        self.builder.shutdown(wait=False, cancel_futures=True)
        self.prober.shutdown(wait=False, cancel_futures=True)

    def _saw(self, latest: int) -> None:
        """Remember since when the store has been ahead of what is served."""
        if latest <= self.served:
            self.behind_since = None
        elif self.behind_since is None:
            self.behind_since = time.monotonic()

    async def catch_up(self, at_least: int = 0) -> bool:
        """Swap in the store's current state if it is newer than the one served; True if it swapped.

        One catch-up at a time: callers that arrive during a build (the poll, a NOTIFY, writes that
        wait to read their own write) wait for it and then find their version served, instead of
        queueing one more build each."""
        if self.catching_up is None:
            self.catching_up = asyncio.Lock()
        async with self.catching_up:
            if at_least and self.served >= at_least:  # the build this caller waited for already serves it
                return False
            return await self._catch_up()

    def nudge(self) -> None:
        """A write was published here: build the new model now, in the background, not at the next poll."""
        if self.wakeup is not None:
            self.wakeup.set()

    async def ensure_current(self) -> None:
        """Serve the store's current state before answering (a reader who may just have written:
        read your writes on any worker). Costs one small query when nothing changed."""
        if time.monotonic() < self.probe_failed_until:  # the database just failed us: don't pile up
            return
        try:
            latest = await self._probe(self.prober, SETTLE_S)
        except Exception as error:  # unreachable, locked, timed out: serve what is served (/readyz says why)
            self.probe_failed_until = time.monotonic() + PROBE_PAUSE_S
            log.warning("could not read the data version for a reader with credentials (%s)", type(error).__name__)
            return
        if latest > self.served and latest != self.broken:
            await self.settle(latest)

    async def settle(self, at_least: int) -> None:
        """Serve data version `at_least` (or newer) before going on, if that can be had within
        SETTLE_S; a failed or slow rebuild leaves what is served (and is logged), never a 500."""
        try:
            await asyncio.wait_for(asyncio.shield(self.catch_up(at_least)), SETTLE_S)
        except Exception as error:
            self.probe_failed_until = time.monotonic() + PROBE_PAUSE_S  # the next readers don't queue for it again
            log.warning("could not serve data version %s before answering (%s)", at_least, type(error).__name__)

    async def settle_own_write(self, at_least: int) -> None:
        """settle() for a write request that waits to serve its own change: meanwhile it is no write
        in flight, or the rebuild it waits for would give way to it (service/write_gate.py)."""
        self.gate.end()
        try:
            await self.settle(at_least)
        finally:
            self.gate.begin()

    async def _catch_up(self) -> bool:
        loop = asyncio.get_running_loop()
        latest = await loop.run_in_executor(self.builder, self.store.data_version)
        self._saw(latest)
        if latest == self.served or latest == self.broken:
            return False
        began = time.perf_counter()
        give_way = self.gate.yielder()
        try:
            version, model = await loop.run_in_executor(self.builder, model_from_store, self.store, self.base, give_way)
        except DataError as error:  # changed behind the store's back: keep serving the last valid state
            self.broken = latest
            log.error("data version %s does not validate; still serving %s (/readyz says so): %s",
                      latest, self.served, error)
            return False
        self.build_s = time.perf_counter() - began - give_way.waited_s  # the build's own time
        if version <= self.served:  # a slower, older build never replaces a newer one
            return False
        self.served = version
        self.state.swap(model)
        self._saw(version)
        if self.metrics is not None:
            self.metrics.serving(model.version, version, time.perf_counter() - began)
        return True

    async def _probe(self, executor: ThreadPoolExecutor | None, timeout_s: float) -> int:
        """The store's data version, asked on `executor` (None: the loop's default), within `timeout_s`."""
        return await asyncio.wait_for(
            asyncio.get_running_loop().run_in_executor(executor, self.store.data_version), timeout_s)

    async def readiness(self, timeout_s: float = 2.0) -> Readiness:
        """Ready when the store answers and what is served is current, or behind only for a moment."""
        try:
            latest = await self._probe(None, timeout_s)
        except Exception as error:  # unreachable, locked, timed out: the load balancer should look elsewhere
            log.warning("readiness: the database did not answer (%s)", type(error).__name__)
            return Readiness(False, "database unreachable", self.served, None)
        self._saw(latest)
        if self.behind_since is not None and time.monotonic() - self.behind_since > self.stale_after_s:
            return Readiness(False, "behind the database", self.served, latest)
        return Readiness(True, "", self.served, latest)

    async def _follow(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self.wakeup.wait(), self.interval_s)
            except asyncio.TimeoutError:
                pass
            self.wakeup.clear()
            try:
                if await self.catch_up():
                    # A burst of writes would otherwise rebuild back to back and take the cores (and
                    # this worker's GIL, while a write holds the writer lock) from the writes
                    # themselves. Readers with credentials don't wait for this (ensure_current).
                    # The time its stages gave way to writes is not counted (service/write_gate.py).
                    await asyncio.sleep(min(REST_PER_BUILD * self.build_s, MAX_REST_S))
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end following; /readyz reports staleness
                log.exception("following the data version failed; trying again")
