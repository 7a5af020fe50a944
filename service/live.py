"""The service on the living data: the store the settings name, the read model built from its
published state, and the follower that swaps in a new read model whenever the data version moves.

Every worker and every replica follows the store on its own, so a change published anywhere is
served everywhere within one poll interval plus one rebuild; a request never sees a half-built
model (service/generation.py swaps whole generations).
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from types import MappingProxyType

from geo.read_model import ReadModel, build_read_model
from geo.repository import Repository, assemble_repository
from service.generation import ServiceState
from service.settings import Settings
from store import Store, open_store, resolve_url

log = logging.getLogger("ruhrkarte.live")


def open_settings_store(settings: Settings, base: Repository) -> Store:
    """The store named by the settings (SQLite in the state folder by default), created, migrated
    and seeded from the committed edition on first use."""
    url = resolve_url(settings.database_url, settings.state_dir)
    return open_store(url, settings.data_dir, base.region, base.geocoder)


def model_from_store(store: Store, base: Repository) -> tuple[int, ReadModel]:
    """The store's data version and the read model of its published state, validated by the same
    code as the committed files.

    Boundaries, geocoder and names come from `base` (they are not living data). The model's version
    (its ETags) names the boundaries and the data version, so replicas over one database agree."""
    dataset = store.published_dataset()
    programmes = dataset.programme_data(base.region, base.geocoder)
    version = f"{base.version[:8]}-{dataset.version}"
    model = build_read_model(assemble_repository(base.region, base.geocoder, programmes, version, base.report))
    return dataset.version, replace(model, row_versions=MappingProxyType(dataset.row_versions))


class DataFollower:
    """Polls the store's data version; on a change builds the new read model off the event loop and swaps it in."""

    def __init__(self, state: ServiceState, store: Store, base: Repository, served: int, interval_s: float):
        self.state = state
        self.served = served              # the data version of the model being served
        self.store = store
        self.base = base
        self.interval_s = interval_s
        # One builder thread: two changes in quick succession build one after the other, never at once.
        self.builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-model")
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._follow())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        self.builder.shutdown(wait=False, cancel_futures=True)

    async def catch_up(self) -> bool:
        """Swap in the store's current state if it is newer than the one served; True if it swapped."""
        loop = asyncio.get_running_loop()
        if await loop.run_in_executor(self.builder, self.store.data_version) == self.served:
            return False
        version, model = await loop.run_in_executor(self.builder, model_from_store, self.store, self.base)
        if version > self.served:  # a slower, older build never replaces a newer one
            self.served = version
            self.state.swap(model)
        return True

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.catch_up()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end following; /readyz reports staleness
                log.exception("following the data version failed; trying again")
