"""The German web pages (folium maps), rendered off the event loop and kept for the data's lifetime."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Callable, Hashable, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from geo.errors import NotFound
from geo.repository import Repository
from maps.common import PageConfig
from maps.gemeinde import build_gemeinde
from maps.karte import build_karte
from maps.planung import build_planung
from service.params import reject_unknown
from service.security import page_policy

router = APIRouter()


@dataclass(frozen=True)
class RenderedPage:
    body: bytes
    policy: str

    def response(self) -> Response:
        return HTMLResponse(self.body, headers={"Content-Security-Policy": self.policy})


class Pages:
    """Every page is a function of a finite key (the commune, the planners' measure, scheme and k),
    so each is rendered once and kept in full: no client can make the service render again.

    Rendering takes 0.1-0.3 s of CPU: it runs on one dedicated thread, never on the event loop, and
    a page asked for while it renders is rendered once (the waiting requests share the result).
    """

    def __init__(self, repo: Repository, config: PageConfig):
        self.repo = repo
        self.config = config
        self.rendered: dict[Hashable, RenderedPage] = {}
        self.pending: dict[Hashable, asyncio.Future] = {}
        # One thread: renders queue behind each other instead of competing for the GIL with the loop.
        self.renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-render")

    def _render(self, build: Callable[[], str]) -> RenderedPage:
        html = build()
        return RenderedPage(html.encode(), page_policy(html, self.config.tile_url))

    async def get(self, key: Hashable, build: Callable[[], str]) -> Response:
        page = self.rendered.get(key)
        if page is None:
            future = self.pending.get(key)
            if future is None:
                future = asyncio.get_running_loop().run_in_executor(self.renderer, self._render, build)
                self.pending[key] = future
                future.add_done_callback(lambda done: self._keep(key, done))
            # shield: a client that hangs up does not cancel a render others may wait for.
            page = await asyncio.shield(future)
        return page.response()

    def _keep(self, key: Hashable, done: asyncio.Future) -> None:
        self.pending.pop(key, None)
        if not done.cancelled() and done.exception() is None:
            self.rendered[key] = done.result()

    def karte(self) -> Callable[[], str]:
        return lambda: build_karte(self.repo, self.config)

    def gemeinde(self, ags: str) -> Callable[[], str]:
        return lambda: build_gemeinde(self.repo, ags, self.config)

    def planung(self, measure: str, scheme: str, k: int) -> Callable[[], str]:
        return lambda: build_planung(self.repo, self.config, measure, scheme, k)

    def close(self) -> None:
        self.renderer.shutdown(wait=False, cancel_futures=True)


def install_pages(app: FastAPI, repo: Repository, config: PageConfig) -> None:
    app.state.pages = Pages(repo, config)
    app.include_router(router)


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request):
    reject_unknown(request, set())
    pages: Pages = request.app.state.pages
    return await pages.get("karte", pages.karte())


@router.get("/gemeinden/{key}", summary="A municipality's portfolio page (German HTML), by AGS or name",
            response_class=HTMLResponse)
async def gemeinde(request: Request, key: str):
    reject_unknown(request, set())
    place = request.app.state.repo.gazetteer.resolve(key)
    if place.kind != "commune":
        raise NotFound(f"{key!r} is a Kreis, not a commune")
    pages: Pages = request.app.state.pages
    return await pages.get(("gemeinde", place.code), pages.gemeinde(place.code))


Measure = Literal["funding_per_inhabitant_eur", "funding_eur", "sites_total", "sites_fgz", "sites_talentkolleg",
                  "sites_iga2027", "sites_five_sites", "five_sites_member"]


@router.get("/planung", summary="Planners' choropleth page (German HTML)", response_class=HTMLResponse)
async def planung(request: Request, measure: Measure = "funding_per_inhabitant_eur",
                  scheme: Literal["natural_breaks", "quantiles", "equal_interval"] = "natural_breaks",
                  k: Annotated[int, Query(ge=3, le=7)] = 5):
    reject_unknown(request, {"measure", "scheme", "k"})
    pages: Pages = request.app.state.pages
    return await pages.get(("planung", measure, scheme, k), pages.planung(measure, scheme, k))
