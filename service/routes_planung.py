"""The planners' page `/planung` and the measure it shows as CSV (`/planung.csv`), both by the same
parameters: measure, level (communes or Kreis-level units), classification scheme and k."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from geo.planning import LEVELS
from maps.planung import (CLASS_COUNTS, DEFAULT_K, DEFAULT_LEVEL, DEFAULT_MEASURE, DEFAULT_SCHEME, SCHEMES,
                          check_measure, measure_csv, shown_table)
from service.generation import GenerationDep
from service.params import PageLanguage, enum, one_of, page_language, reject_unknown

router = APIRouter()
PARAMETERS = {"measure", "scheme", "k", "level"}
# The measures come from the programme registry and the funding periods of the loaded data
# (maps.planung.measures), which checks the value (400 with the allowed list).
Measure = Annotated[str, Query(description="a measure of maps.planung.measures: funding, funding per period, sites per "
                                           "programme, membership")]
Scheme = Annotated[str, enum(SCHEMES, "classification scheme (mapclassify)")]
ClassCount = Annotated[str, enum(CLASS_COUNTS, f"number of classes, {CLASS_COUNTS[0]}-{CLASS_COUNTS[-1]}, 'keine' (0) included")]
Level = Annotated[str, enum(LEVELS, "communes (53) or Kreis-level units (15)")]


def _checked(current, measure: str, scheme: str, k: str, level: str) -> tuple[str, str, int, str]:
    check_measure(current.model, measure)  # only valid pages reach the renderer
    return measure, one_of("scheme", scheme, SCHEMES), one_of("k", k, CLASS_COUNTS), one_of("level", level, LEVELS)


@router.get("/planung", summary="Planners' choropleth page (German HTML)", response_class=HTMLResponse)
async def planung(request: Request, current: GenerationDep, measure: Measure = DEFAULT_MEASURE,
                  scheme: Scheme = DEFAULT_SCHEME, k: ClassCount = DEFAULT_K, level: Level = DEFAULT_LEVEL,
                  lang: PageLanguage = None):
    reject_unknown(request, PARAMETERS | {"lang"})
    lang = page_language(lang)
    key = (*_checked(current, measure, scheme, k, level), lang)
    return await current.pages.get(("planung", *key), current.pages.planung(*key))


@router.get("/planung.csv", summary="The measure the planners' page shows, with Kreis, population, value and class (CSV)",
            responses={200: {"content": {"text/csv": {}}}})
async def planung_csv(request: Request, current: GenerationDep, measure: Measure = DEFAULT_MEASURE,
                      scheme: Scheme = DEFAULT_SCHEME, k: ClassCount = DEFAULT_K, level: Level = DEFAULT_LEVEL):
    reject_unknown(request, PARAMETERS)
    measure, scheme, k, level = _checked(current, measure, scheme, k, level)
    table, _, _ = shown_table(current.model, measure, scheme, k, level)
    return Response(measure_csv(table, measure), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="ruhrkarte-planung-{level}-{measure}.csv"'})
