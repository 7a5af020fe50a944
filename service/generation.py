"""The service's one reference to the data it serves, and the FastAPI dependencies that read it.

A generation is a read model and everything cached for it (the rendered pages). The app holds the
current generation in one attribute; `swap` replaces it in one assignment, so a request (which
takes its generation once, through `GenerationDep`) never mixes two versions of the data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from geo.errors import NotFound
from geo.read_model import ReadModel
from maps.common import PageConfig
from service.pages import Pages
from service.settings import Settings
from store import Store


@dataclass(frozen=True)
class Generation:
    model: ReadModel
    pages: Pages          # rendered once per key for this model; dropped with it

    @classmethod
    def of(cls, model: ReadModel, config: PageConfig) -> Generation:
        return cls(model, Pages(model, config))


class ServiceState:
    """What the app serves: its settings, its page configuration, the current generation and, when
    it serves the living data, the store it follows (None: a read-only snapshot of a data folder)."""

    def __init__(self, settings: Settings, config: PageConfig, model: ReadModel, store: Store | None = None):
        self.settings = settings
        self.config = config
        self.current = Generation.of(model, config)
        self.store = store
        self.follower = None              # service.live.DataFollower when there is a store

    def swap(self, model: ReadModel) -> Generation:
        """Serve `model` from now on (built beforehand, off the event loop); returns the old generation."""
        old, self.current = self.current, Generation.of(model, self.config)
        old.pages.retire()
        return old


def install_state(app: FastAPI, state: ServiceState) -> None:
    app.state.service = state


def service_state(request: Request) -> ServiceState:
    return request.app.state.service


def public_base(request: Request) -> str:
    """The base of every link: the configured public URL, else this request's own (its Host was
    checked by TrustedHosts)."""
    return service_state(request).settings.public_url or str(request.base_url).rstrip("/")


async def generation(request: Request) -> Generation:
    """Taken once per request (FastAPI caches a dependency within a request).

    A read with credentials (an editor's token or session) may come right after its own write,
    answered by another worker: it is served the store's current state, so nobody reads an ETag
    older than their own write. Anonymous readers are served from memory and follow within moments."""
    state = service_state(request)
    if state.follower is not None and request.method in ("GET", "HEAD") and _carries_credentials(request):
        await state.follower.ensure_current()  # (a write checks versions in the store itself)
    return state.current


def _carries_credentials(request: Request) -> bool:
    """A bearer token or our session cookie (another site's cookies are no reason to ask the database)."""
    from service.sessions import SESSION_COOKIE  # service.sessions builds on this module
    return "authorization" in request.headers or SESSION_COOKIE in request.cookies


GenerationDep = Annotated[Generation, Depends(generation)]


def read_model(current: GenerationDep) -> ReadModel:
    return current.model


def settings(request: Request) -> Settings:
    return service_state(request).settings


def living_store(request: Request) -> Store:
    """The store behind the writing routes; a snapshot of a data folder has nothing to write to (404)."""
    store = service_state(request).store
    if store is None:
        raise NotFound("this service serves a read-only snapshot; there is no living data to change")
    return store


ReadModelDep = Annotated[ReadModel, Depends(read_model)]
StoreDep = Annotated[Store, Depends(living_store)]
SettingsDep = Annotated[Settings, Depends(settings)]
