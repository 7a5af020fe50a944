"""The German web pages (folium maps) and the assets they load, all served by Ruhrkarte itself."""
from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from geo.repository import Repository
from maps.assets import OWN_STATIC, vendor_folders
from maps.common import PageConfig
from maps.karte import build_karte
from service.params import reject_unknown

router = APIRouter()


class Pages:
    """Pages rendered once per argument set: the data cannot change while the service runs."""

    def __init__(self, repo: Repository, config: PageConfig):
        self.karte = lru_cache(maxsize=1)(lambda: build_karte(repo, config))


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
