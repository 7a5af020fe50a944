"""Beyond the standard: nearby search, place search, reverse geocoding, commune portfolios, summaries."""
from __future__ import annotations

import json
import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from geo.crs import UTM32N, WGS84, transformer
from geo.errors import InvalidInput, NotFound
from geo.grid_index import OUTSIDE
from geo.jsonable import plain
from geo.nearby import MAX_RADIUS_M
from geo.read_model import ReadModel
from geo.portfolio_report import summary_csv
from geo.ruhr import ATTRIBUTION
from maps.i18n import _, language, localized
from service import html_pages
from service.generation import ReadModelDep
from service.params import (SUMMARY_FORMATS, DocFormat, PageLanguage, SummaryFormat, output_format, page_language,
                            reject_unknown)

router = APIRouter()
DOC_MEDIA = {200: {"description": "JSON, or HTML with f=html", "content": {"application/json": {}, "text/html": {}}}}
SUMMARY_MEDIA = {200: {"description": "JSON, CSV or HTML", "content": {"application/json": {}, "text/csv": {}, "text/html": {}}}}
Latitude = Annotated[float, Query(ge=-90, le=90, description="WGS84 latitude")]
Longitude = Annotated[float, Query(ge=-180, le=180, description="WGS84 longitude")]


def _utm(lon: float, lat: float) -> tuple[float, float]:
    """One WGS84 point to EPSG:25832 (scalar call: a fraction of the array path's cost)."""
    return transformer(WGS84, UTM32N).transform(lon, lat)


def _commune_of(model: ReadModel, x: float, y: float) -> dict | None:
    if not (math.isfinite(x) and math.isfinite(y)):  # far from UTM 32N (another continent): outside the Ruhr
        return None
    geocoder = model.repo.geocoder
    position = geocoder.locate_xy([x], [y])[0]
    return None if position == OUTSIDE else model.names.commune_info(geocoder.ags[position])


def _json(body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


@router.get("/nearby", summary="Sites nearest to a point, with distances in metres")
async def nearby(request: Request, model: ReadModelDep, lat: Latitude, lon: Longitude,
           radius: Annotated[float, Query(gt=0, le=MAX_RADIUS_M, description="metres, up to 50 km")] = 5000,
           limit: Annotated[int, Query(ge=1, le=200)] = 20, programme: str | None = None):
    reject_unknown(request, {"lat", "lon", "radius", "limit", "programme"})
    if programme is not None and programme not in model.registry.ids:
        raise InvalidInput(f"unknown programme {programme!r}; one of {', '.join(model.registry.ids)}")
    x, y = _utm(lon, lat)
    commune = _commune_of(model, x, y)
    finder = model.finder
    return _json({"lat": lat, "lon": lon, "radius_m": radius, "commune": commune,
                  "sites": finder.nearby(x, y, radius, limit, programme),
                  "commune_level_sites": finder.commune_level(commune["ags"], commune["district_code"], programme) if commune else [],
                  "attribution": ATTRIBUTION})


def _place_position(model: ReadModel, place) -> dict:
    if place.kind == "site":
        return model.site_by_id[place.code].fields(("lon", "lat", "ags", "commune", "programme", "precision"))
    repo = model.repo
    frame = repo.region.communes if place.kind == "commune" else repo.region.districts
    key = "ags" if place.kind == "commune" else "district_code"
    geometry = frame.loc[frame[key] == place.code].to_crs("OGC:CRS84").geometry.iloc[0]
    point = geometry.representative_point()
    where = {"ags": place.code, "commune": place.name} if place.kind == "commune" else {}
    return {"lon": round(point.x, 6), "lat": round(point.y, 6), "bbox": [round(v, 6) for v in geometry.bounds], **where}


@router.get("/search", summary="Place search over communes, districts, site names and addresses")
async def search(request: Request, model: ReadModelDep, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=50)] = 10):
    """`results`: ranked places, each saying how it matched (`match`: exact, prefix, word, substring,
    partial = only part of the query names it, fuzzy = a close spelling). `candidates`: the results
    with a position that are as good as the best one: one means the query is clear, several are
    offered to choose from. `suggestions`: names close to a query that found nothing."""
    reject_unknown(request, {"q", "limit"})
    if not q.strip():
        raise InvalidInput("q must not be empty")
    gazetteer = model.gazetteer
    matches = gazetteer.search(q, limit)
    rows = {m.place: _search_row(model, m) for m in matches}
    located = [row for row in rows.values() if row["lat"] is not None]
    candidates = [rows[m.place] for m in gazetteer.candidates(matches) if rows[m.place]["lat"] is not None]
    suggestions = [] if rows else gazetteer.suggestions(q)
    return {"query": q, "results": list(rows.values()), "candidates": candidates or located[:1],
            "suggestions": suggestions}


def _search_row(model: ReadModel, match) -> dict:
    place = match.place
    return {"kind": place.kind, "code": place.code, "name": place.name, "score": match.score, "match": match.how,
            "matched": match.matched, "district_code": place.district_code, "district": place.district_name,
            **_place_position(model, place)}


@router.get("/reverse", summary="The commune of a point", responses={404: {"description": "outside the Ruhr area"}})
async def reverse(request: Request, model: ReadModelDep, lat: Latitude, lon: Longitude):
    reject_unknown(request, {"lat", "lon"})
    commune = _commune_of(model, *_utm(lon, lat))
    if commune is None:
        raise NotFound(f"({lat}, {lon}) lies outside the Ruhr area")
    return {**commune, "attribution": ATTRIBUTION}


@router.get("/communes/{key}", summary="The portfolio of a commune, by AGS or name; f=html: 303 to its page",
            responses={**DOC_MEDIA, 303: {"description": "f=html: the commune page /gemeinden/{ags}"}})
async def commune(request: Request, model: ReadModelDep, key: str, f: DocFormat = None, lang: PageLanguage = None):
    reject_unknown(request, {"f", "lang"})
    lang = page_language(lang)
    place = model.gazetteer.resolve(key)
    if place.kind != "commune":
        raise NotFound(f"{key!r} is a Kreis, not a commune; see /summaries for its communes")
    if output_format(request, f, ("json", "html")) == "html":
        return RedirectResponse(localized(f"/gemeinden/{place.code}", lang), status_code=303)  # the one commune page
    return Response(model.commune_json(place.code), media_type="application/json")


@router.get("/summaries", summary="One row per commune with the region totals (JSON or CSV)", responses=SUMMARY_MEDIA)
async def summaries(request: Request, model: ReadModelDep, f: SummaryFormat = None, lang: PageLanguage = None):
    reject_unknown(request, {"f", "lang"})
    lang = page_language(lang)  # checked for every format, used by HTML
    portfolios = model.repo.portfolios
    table = portfolios.communes
    fmt = output_format(request, f, SUMMARY_FORMATS)
    if fmt == "csv":
        return Response(summary_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="ruhrkarte-gemeinden.csv"'})
    if fmt == "html":
        rows = table[portfolios.columns].values.tolist()
        with language(lang):
            return html_pages.response(html_pages.page(_("Übersicht je Gemeinde"), html_pages.table(portfolios.columns, rows),
                                                       dict(request.query_params)))
    return {"communes": [{k: plain(v) for k, v in r.items()} for r in table[portfolios.columns].to_dict("records")],
            "region": portfolios.region, "attribution": ATTRIBUTION}
