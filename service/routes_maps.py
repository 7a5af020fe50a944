"""The German web pages (folium maps), rendered off the event loop once per read model generation
(service/pages.py) and answered from there."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.generation import GenerationDep
from service.params import reject_unknown

router = APIRouter()


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request, current: GenerationDep):
    reject_unknown(request, set())
    return await current.pages.get("karte", current.pages.karte())
