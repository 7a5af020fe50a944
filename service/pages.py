"""The web pages of one read model generation, each rendered once per key and language off the event loop."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Hashable

from fastapi.responses import HTMLResponse, Response

from geo.read_model import ReadModel
from maps.common import PageConfig
from maps.gemeinde import build_gemeinde
from maps.gemeinden_index import build_index
from maps.i18n import language
from maps.kreis import build_kreis
from maps.karte import build_karte
from maps.planung import build_planung
from service.security import page_policy


@dataclass(frozen=True)
class RenderedPage:
    body: bytes
    policy: str

    def response(self) -> Response:
        return HTMLResponse(self.body, headers={"Content-Security-Policy": self.policy})


class Pages:
    """Every page is a function of a finite key (the commune, the planners' measure, scheme and k),
    so each is rendered once and kept in full for its read model: no client can make the service
    render again, and a new generation of the data starts with no pages.

    Rendering takes 0.1-0.2 s of CPU: it runs on one dedicated thread, never on the event loop, and
    a page asked for while it renders is rendered once (the waiting requests share the result).
    """

    def __init__(self, model: ReadModel, config: PageConfig):
        self.model = model
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

    # The language is part of every key (a page in English is another page); the render thread
    # does not inherit the request's context, so each build sets its language itself.
    def karte(self, lang: str) -> Callable[[], str]:
        return lambda: _in(lang, build_karte, self.model, self.config)

    def gemeinde(self, ags: str, lang: str) -> Callable[[], str]:
        return lambda: _in(lang, build_gemeinde, self.model, ags, self.config)

    def index(self, lang: str) -> Callable[[], str]:
        return lambda: _in(lang, build_index, self.model, self.config)

    def kreis(self, code: str, lang: str) -> Callable[[], str]:
        return lambda: _in(lang, build_kreis, self.model, code, self.config)

    def planung(self, measure: str, scheme: str, k: int, level: str, lang: str) -> Callable[[], str]:
        return lambda: _in(lang, build_planung, self.model, self.config, measure, scheme, k, level)

    def retire(self) -> None:
        """No new renders; those already queued finish for the requests waiting on them."""
        self.renderer.shutdown(wait=False)

    def close(self) -> None:
        self.renderer.shutdown(wait=False, cancel_futures=True)


def _in(lang: str, build: Callable[..., str], *args) -> str:
    with language(lang):
        return build(*args)
