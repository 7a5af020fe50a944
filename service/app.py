"""The FastAPI application: data loaded and validated once into a read model, routes, errors,
caching, CORS, gzip, security headers and the Host check.

With a store (the living data, `ruhrkarte serve`), the read model is built from its published state
and follows every new data version; without one (tests of the committed edition), it is a
read-only snapshot of the data folder.
"""
from __future__ import annotations

import gc

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from geo.read_model import build_read_model
from geo.repository import Repository, load_repository
from maps.common import PageConfig
from service import (routes_changes, routes_communes, routes_docs, routes_edit, routes_layer_map, routes_layer_pages,
                     routes_layers, routes_maps, routes_ogc, routes_places, routes_planung, routes_queryables, routes_restore,
                     routes_review, routes_signin, routes_write)
from service.auth import install_auth
from service.caching import DataVersionCaching
from service.edit_http import install_edit_handlers
from service.generation import ServiceState, install_state
from service.live import DataFollower, model_from_store, open_settings_store
from service.response_cache import FrontCachedFastAPI
from service.routes_static import install_static
from service.security import SecurityHeaders, TrustedHosts
from service.head import HeadAsGet
from service.observability import install_observability
from service.openapi import install_openapi
from service.problems import install_problem_handlers
from service.process_memory import without_huge_page_advice
from service.settings import Settings, load_settings
from service.user_collections import BuiltCollections
from service.write_gate import WritesInFlight
from store import Store

EXPOSED_HEADERS = ["ETag", "Link", "Content-Crs", "Content-Disposition", "Location", "WWW-Authenticate"]
# Any origin may call the API, never with credentials (cookies): a page elsewhere can only write with a
# bearer token it holds itself, so allowing the write methods and their headers gives it nothing more.
CORS_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]
CORS_HEADERS = ["Authorization", "If-Match", "If-None-Match", "Content-Type", "Accept"]


def create_app(repo: Repository | None = None, settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app around already-validated data (loading raises DataError before any request).

    `repo` is the committed edition (boundaries, geocoder; the served data when there is no store)."""
    without_huge_page_advice()
    settings = settings or load_settings()
    repo = repo or load_repository(settings.data_dir, settings.grid_cell_m)
    if store is None:
        model, follower = build_read_model(repo), None
    else:
        served, model = model_from_store(store, repo)
    app = FrontCachedFastAPI(title="Ruhrkarte", version="0.1.0", openapi_url=None, docs_url=None, redoc_url=None,
                  lifespan=_following,
                  description="Ruhr-Konferenz programme sites on the 53 Ruhr communes. Boundaries © GeoBasis-DE / BKG "
                              "(Datenlizenz Deutschland – Namensnennung 2.0). Unknown query parameters are rejected "
                              "with 400.")
    config = PageConfig(tile_url=settings.tile_url, tile_attribution=settings.tile_attribution,
                        display_tolerance_m=settings.display_tolerance_m, own_layers=store is not None)
    # One typed reference: the read model and its pages; routes take it through service/generation.py.
    state = ServiceState(settings, config, model, store)
    if store is not None:
        follower = DataFollower(state, store, repo, served, settings.follow_interval_s)
    state.follower = follower
    install_state(app, state)
    app.state.user_collections = BuiltCollections()
    serving = lambda: state.current.model.version  # noqa: E731  (ETags and cached answers follow a swap)
    install_problem_handlers(app)
    install_auth(app, settings)
    install_openapi(app)
    if store is not None:  # a read-only snapshot has no write API (its writes are 405, not documented)
        app.include_router(routes_write.router)  # first: its GET of funding and project rows precedes the layers' route
        app.include_router(routes_changes.router)
        app.include_router(routes_layers.router)
        app.include_router(routes_layer_map.router)
    app.include_router(routes_ogc.router)
    app.include_router(routes_queryables.router)
    app.include_router(routes_places.router)
    app.include_router(routes_maps.router)
    app.include_router(routes_communes.router)
    app.include_router(routes_planung.router)
    app.include_router(routes_docs.router)
    app.include_router(routes_signin.router)   # the editing pages (browser sessions, forms)
    app.include_router(routes_restore.router)  # before routes_review: /bearbeiten/geloescht is no {slug}
    app.include_router(routes_review.router)
    app.include_router(routes_edit.router)
    app.include_router(routes_layer_pages.router)   # /ebenen: the planners' upload page
    install_edit_handlers(app)
    install_static(app, settings.node_modules)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=CORS_METHODS,
                       allow_headers=CORS_HEADERS, allow_credentials=False, expose_headers=EXPOSED_HEADERS)
    app.add_middleware(DataVersionCaching, version=serving, max_age=settings.cache_max_age)
    if follower is not None:  # this worker's rebuilds give way to its writes (service/write_gate.py)
        app.add_middleware(WritesInFlight, gate=follower.gate)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHosts, hosts=settings.trusted_hosts)
    metrics = install_observability(app, model.version, settings.access_log, settings.metrics_from,
                                    served if store is not None else None)  # outermost middleware: sees all
    # In front of everything: kept answers skip the framework, and are noted like any other answer.
    app.use_front_cache(settings.response_cache_mb * 1024 * 1024, serving, app.state.request_recorder)
    if follower is not None:
        follower.metrics = metrics
    return app


@asynccontextmanager
async def _following(app: FastAPI):
    """Follow the store's data version while the app serves (nothing to follow for a snapshot)."""
    # What is loaded so far (modules, boundaries, the first read model) lives about as long as the
    # process: out of the collector's sight, a full collection takes about a millisecond instead of
    # 200-300 ms that stopped every request (the write p99 under a burst of rebuilds). The cost: the
    # first read model's cyclic parts stay after it is replaced, once.
    gc.collect()
    gc.freeze()
    follower: DataFollower | None = app.state.service.follower
    if follower is not None:
        follower.start()
    yield
    if follower is not None:
        await follower.stop()


def create_live_app(settings: Settings | None = None, repo: Repository | None = None) -> FastAPI:
    """The app on the living data of the settings' store (created and seeded on first use)."""
    settings = settings or load_settings()
    repo = repo or load_repository(settings.data_dir, settings.grid_cell_m)
    return create_app(repo, settings, open_settings_store(settings, repo))


def app_factory() -> FastAPI:
    """For `uvicorn --factory` with several workers: each worker loads the data and follows the store."""
    return create_live_app()
