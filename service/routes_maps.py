"""The German web pages (folium maps) and the assets they load, all served by Ruhrkarte itself."""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from geo.errors import NotFound
from geo.repository import Repository
from maps.assets import OWN_STATIC, vendor_folders
from maps.common import PageConfig
from maps.gemeinde import build_gemeinde
from maps.karte import build_karte
from maps.planung import build_planung
from service.params import reject_unknown

router = APIRouter()


class Pages:
    """Pages rendered once per argument set: the data cannot change while the service runs."""

    def __init__(self, repo: Repository, config: PageConfig):
        self.karte = lru_cache(maxsize=1)(lambda: build_karte(repo, config))
        self.gemeinde = lru_cache(maxsize=None)(lambda ags: build_gemeinde(repo, ags, config))
        self.planung = lru_cache(maxsize=64)(lambda measure, scheme, k: build_planung(repo, config, measure, scheme, k))


def install_pages(app: FastAPI, repo: Repository, config: PageConfig) -> None:
    for name, folder in vendor_folders().items():
        app.mount(f"/static/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
    app.mount("/static/app", StaticFiles(directory=OWN_STATIC), name="app-static")
    app.state.pages = Pages(repo, config)
    app.include_router(router)


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request):
    reject_unknown(request, set())
    return HTMLResponse(request.app.state.pages.karte())


@router.get("/gemeinden/{key}", summary="A municipality's portfolio page (German HTML), by AGS or name",
            response_class=HTMLResponse)
async def gemeinde(request: Request, key: str):
    reject_unknown(request, set())
    place = request.app.state.repo.gazetteer.resolve(key)
    if place.kind != "commune":
        raise NotFound(f"{key!r} is a Kreis, not a commune")
    return HTMLResponse(request.app.state.pages.gemeinde(place.code))


# The measures come from the programme registry of the loaded data (maps.planung.measures), which
# checks the value (400 with the allowed list); the OpenAPI document lists them as an enum.
Measure = Annotated[str, Query(description="a measure of maps.planung.measures: funding, sites per programme, membership")]


@router.get("/planung", summary="Planners' choropleth page (German HTML)", response_class=HTMLResponse)
async def planung(request: Request, measure: Measure = "funding_per_inhabitant_eur",
                  scheme: Literal["natural_breaks", "quantiles", "equal_interval"] = "natural_breaks",
                  k: Annotated[int, Query(ge=3, le=7)] = 5):
    reject_unknown(request, {"measure", "scheme", "k"})
    return HTMLResponse(request.app.state.pages.planung(measure, scheme, k))
