"""The web pages (folium maps, German or English by `?lang=`), rendered off the event loop once per read model generation
(service/pages.py) and answered from there."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from geo.errors import NotFound
from maps.planung import CLASS_COUNTS, DEFAULT_K, DEFAULT_MEASURE, DEFAULT_SCHEME, SCHEMES, check_measure
from service.generation import GenerationDep
from service.params import PageLanguage, enum, one_of, page_language, reject_unknown

router = APIRouter()


@router.get("/karte", summary="Citizens' map (German HTML)", response_class=HTMLResponse)
async def karte(request: Request, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    return await current.pages.get(("karte", lang), current.pages.karte(lang))


@router.get("/gemeinden/{key}", summary="A municipality's portfolio page (German HTML), by AGS or name",
            response_class=HTMLResponse)
async def gemeinde(request: Request, key: str, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    place = current.model.gazetteer.resolve(key)
    if place.kind != "commune":
        raise NotFound(f"{key!r} is a Kreis, not a commune")
    return await current.pages.get(("gemeinde", place.code, lang), current.pages.gemeinde(place.code, lang))


# The measures come from the programme registry of the loaded data (maps.planung.measures), which
# checks the value (400 with the allowed list); the OpenAPI document lists them as an enum.
Measure = Annotated[str, Query(description="a measure of maps.planung.measures: funding, sites per programme, membership")]
Scheme = Annotated[str, enum(SCHEMES, "classification scheme (mapclassify)")]
ClassCount = Annotated[str, enum(CLASS_COUNTS, f"number of classes, {CLASS_COUNTS[0]}-{CLASS_COUNTS[-1]}")]


@router.get("/planung", summary="Planners' choropleth page (German HTML)", response_class=HTMLResponse)
async def planung(request: Request, current: GenerationDep, measure: Measure = DEFAULT_MEASURE,
                  scheme: Scheme = DEFAULT_SCHEME, k: ClassCount = DEFAULT_K, lang: PageLanguage = None):
    reject_unknown(request, {"measure", "scheme", "k", "lang"})
    lang = page_language(lang)
    check_measure(current.model.registry, measure)  # only valid pages reach the renderer
    scheme, k = one_of("scheme", scheme, SCHEMES), one_of("k", k, CLASS_COUNTS)
    return await current.pages.get(("planung", measure, scheme, k, lang), current.pages.planung(measure, scheme, k, lang))
