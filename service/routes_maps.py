"""The German web pages (folium maps), rendered off the event loop once per read model generation
(service/pages.py) and answered from there."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from maps.planung import CLASS_COUNTS, DEFAULT_K, DEFAULT_MEASURE, DEFAULT_SCHEME, SCHEMES, check_measure
from service.generation import GenerationDep
from service.params import enum, one_of, reject_unknown

router = APIRouter()


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request, current: GenerationDep):
    reject_unknown(request, set())
    return await current.pages.get("karte", current.pages.karte())


# The measures come from the programme registry of the loaded data (maps.planung.measures), which
# checks the value (400 with the allowed list); the OpenAPI document lists them as an enum.
Measure = Annotated[str, Query(description="a measure of maps.planung.measures: funding, sites per programme, membership")]
Scheme = Annotated[str, enum(SCHEMES, "classification scheme (mapclassify)")]
ClassCount = Annotated[str, enum(CLASS_COUNTS, f"number of classes, {CLASS_COUNTS[0]}-{CLASS_COUNTS[-1]}")]


@router.get("/planung", summary="Planners' choropleth page (German HTML)", response_class=HTMLResponse)
async def planung(request: Request, current: GenerationDep, measure: Measure = DEFAULT_MEASURE,
                  scheme: Scheme = DEFAULT_SCHEME, k: ClassCount = DEFAULT_K):
    reject_unknown(request, {"measure", "scheme", "k"})
    check_measure(current.model.registry, measure)  # only valid pages reach the renderer
    scheme, k = one_of("scheme", scheme, SCHEMES), one_of("k", k, CLASS_COUNTS)
    return await current.pages.get(("planung", measure, scheme, k), current.pages.planung(measure, scheme, k))
