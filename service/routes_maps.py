"""The web pages (folium maps, German or English by `?lang=`), rendered off the event loop once per read model generation
(service/pages.py) and answered from there."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.generation import GenerationDep
from service.params import PageLanguage, page_language, reject_unknown

router = APIRouter()


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    return await current.pages.get(("karte", lang), current.pages.karte(lang))
