"""The FastAPI application: data loaded and validated once, routes, errors, caching, CORS, gzip,
security headers and the Host check."""
from __future__ import annotations

import json
from functools import lru_cache

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from geo.layers import build_layers
from geo.nearby import SiteFinder
from geo.portfolio_report import commune_report
from geo.repository import Repository, load_repository
from geo.search_index import build_search_index
from maps.common import PageConfig
from service import routes_ogc, routes_places
from service import routes_docs
from service.routes_maps import install_pages
from service.response_cache import ResponseCache
from service.routes_static import install_static
from service.security import SecurityHeaders, TrustedHosts
from service.caching import DataVersionCaching
from service.geojson_out import FeatureCache
from service.head import HeadAsGet
from service.observability import install_observability
from service.openapi import install_openapi
from service.problems import install_problem_handlers
from service.settings import Settings, load_settings

EXPOSED_HEADERS = ["ETag", "Link", "Content-Crs", "Content-Disposition"]


def create_app(repo: Repository | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app around already-validated data (loading raises DataError before any request)."""
    settings = settings or load_settings()
    repo = repo or load_repository(settings.data_dir, settings.grid_cell_m)
    app = FastAPI(title="Ruhrkarte", version="0.1.0", openapi_url=None, docs_url=None, redoc_url=None,
                  description="Ruhr-Konferenz programme sites on the 53 Ruhr communes. Boundaries © GeoBasis-DE / BKG "
                              "(Datenlizenz Deutschland – Namensnennung 2.0). Unknown query parameters are rejected "
                              "with 400.")
    app.state.repo = repo
    app.state.settings = settings
    app.state.layers = build_layers(repo)
    app.state.features = FeatureCache(app.state.layers)
    app.state.search_index = build_search_index(repo)
    app.state.site_finder = SiteFinder(repo)
    app.state.commune_info = repo.commune_info()
    # The data is immutable while the service runs: each commune's report is built once.
    app.state.commune_json = lru_cache(maxsize=None)(
        lambda ags: json.dumps(commune_report(repo, ags), ensure_ascii=False).encode())
    install_problem_handlers(app)
    install_openapi(app)
    app.include_router(routes_ogc.router)
    app.include_router(routes_places.router)
    install_pages(app, repo, PageConfig(tile_url=settings.tile_url, tile_attribution=settings.tile_attribution,
                                        display_tolerance_m=settings.display_tolerance_m))
    app.include_router(routes_docs.router)
    install_static(app, settings.node_modules)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "OPTIONS"],
                       allow_credentials=False, expose_headers=EXPOSED_HEADERS)
    app.add_middleware(DataVersionCaching, version=repo.version, max_age=settings.cache_max_age)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ResponseCache, max_bytes=settings.response_cache_mb * 1024 * 1024)
    app.add_middleware(TrustedHosts, hosts=settings.trusted_hosts)
    install_observability(app, repo.version, settings.access_log, settings.metrics_from)  # outermost: sees all
    return app


def app_factory() -> FastAPI:
    """For `uvicorn --factory` with several workers: each worker loads and validates the data."""
    return create_app()
