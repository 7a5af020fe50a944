"""Beyond the standard: nearby search, place search, reverse geocoding, commune portfolios, summaries."""
from __future__ import annotations

import json
import math
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from geo.crs import UTM32N, WGS84, transformer
from geo.errors import InvalidInput, NotFound
from geo.grid_index import OUTSIDE
from geo.jsonable import plain
from geo.nearby import MAX_RADIUS_M
from geo.portfolio_report import commune_report
from geo.ruhr import ATTRIBUTION
from service import html_pages
from service.cli_summary import summary_csv
from service.params import DocFormat, output_format, reject_unknown

router = APIRouter()
DOC_MEDIA = {200: {"description": "JSON, or HTML with f=html", "content": {"application/json": {}, "text/html": {}}}}
SUMMARY_MEDIA = {200: {"description": "JSON, CSV or HTML", "content": {"application/json": {}, "text/csv": {}, "text/html": {}}}}
Latitude = Annotated[float, Query(ge=-90, le=90, description="WGS84 latitude")]
Longitude = Annotated[float, Query(ge=-180, le=180, description="WGS84 longitude")]


def _utm(lon: float, lat: float) -> tuple[float, float]:
    """One WGS84 point to EPSG:25832 (scalar call: a fraction of the array path's cost)."""
    return transformer(WGS84, UTM32N).transform(lon, lat)


def _commune_of(request: Request, x: float, y: float) -> dict | None:
    if not (math.isfinite(x) and math.isfinite(y)):  # far from UTM 32N (another continent): outside the Ruhr
        return None
    geocoder = request.app.state.repo.geocoder
    position = geocoder.locate_xy([x], [y])[0]
    return None if position == OUTSIDE else request.app.state.commune_info[geocoder.ags[position]]


def _json(body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


@router.get("/nearby", summary="Sites nearest to a point, with distances in metres")
async def nearby(request: Request, lat: Latitude, lon: Longitude,
           radius: Annotated[float, Query(gt=0, le=MAX_RADIUS_M, description="metres, up to 50 km")] = 5000,
           limit: Annotated[int, Query(ge=1, le=200)] = 20, programme: str | None = None):
    reject_unknown(request, {"lat", "lon", "radius", "limit", "programme"})
    repo = request.app.state.repo
    if programme is not None and programme not in repo.programmes.programmes.index:
        raise InvalidInput(f"unknown programme {programme!r}; one of {', '.join(repo.programmes.programmes.index)}")
    x, y = _utm(lon, lat)
    commune = _commune_of(request, x, y)
    finder = request.app.state.site_finder
    return _json({"lat": lat, "lon": lon, "radius_m": radius, "commune": commune,
                  "sites": finder.nearby(x, y, radius, limit, programme),
                  "commune_level_sites": finder.commune_level(commune["ags"], commune["district_code"], programme) if commune else [],
                  "attribution": ATTRIBUTION})


def _place_position(repo, place) -> dict:
    if place.kind == "site":
        return {k: place.extra.get(k) for k in ("lon", "lat", "ags", "programme", "precision")}
    frame = repo.region.communes if place.kind == "commune" else repo.region.districts
    key = "ags" if place.kind == "commune" else "district_code"
    geometry = frame.loc[frame[key] == place.code].to_crs("OGC:CRS84").geometry.iloc[0]
    point = geometry.representative_point()
    return {"lon": round(point.x, 6), "lat": round(point.y, 6), "bbox": [round(v, 6) for v in geometry.bounds]}


@router.get("/search", summary="Place search over communes, districts, site names and addresses")
async def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=50)] = 10):
    reject_unknown(request, {"q", "limit"})
    repo = request.app.state.repo
    if not q.strip():
        raise InvalidInput("q must not be empty")
    matches = request.app.state.search_index.search(q, limit)
    results = [{"kind": m.place.kind, "code": m.place.code, "name": m.place.name, "score": m.score,
                "district_code": m.place.district_code, "district": m.place.district_name,
                **_place_position(repo, m.place)} for m in matches]
    suggestions = [] if results else request.app.state.search_index.suggestions(q)
    return {"query": q, "results": results, "suggestions": suggestions}


@router.get("/reverse", summary="The commune of a point", responses={404: {"description": "outside the Ruhr area"}})
async def reverse(request: Request, lat: Latitude, lon: Longitude):
    reject_unknown(request, {"lat", "lon"})
    commune = _commune_of(request, *_utm(lon, lat))
    if commune is None:
        raise NotFound(f"({lat}, {lon}) lies outside the Ruhr area")
    return {**commune, "attribution": ATTRIBUTION}


@router.get("/communes/{key}", summary="The portfolio of a commune, by AGS or name", responses=DOC_MEDIA)
async def commune(request: Request, key: str, f: DocFormat = None):
    reject_unknown(request, {"f"})
    repo = request.app.state.repo
    place = repo.gazetteer.resolve(key)
    if place.kind != "commune":
        raise NotFound(f"{key!r} is a Kreis, not a commune; see /summaries for its communes")
    if output_format(request, f, ("json", "html")) == "json":
        return Response(request.app.state.commune_json(place.code), media_type="application/json")
    report = commune_report(repo, place.code)
    rows = [[fig["figure_id"], fig["title"], fig["amount_eur"], fig["counted_de"]] for fig in report["funding_figures"]]
    return html_pages.response(html_pages.page(report["name"], html_pages.table(["Kennung", "Titel", "Betrag (EUR)", "Zählung"], rows)))


@router.get("/summaries", summary="One row per commune with the region totals (JSON or CSV)", responses=SUMMARY_MEDIA)
async def summaries(request: Request, f: Annotated[Literal["json", "csv", "html"] | None, Query()] = None):
    reject_unknown(request, {"f"})
    repo = request.app.state.repo
    table = repo.portfolios.communes
    fmt = output_format(request, f, ("json", "csv", "html"))
    if fmt == "csv":
        return Response(summary_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="ruhrkarte-gemeinden.csv"'})
    if fmt == "html":
        columns = repo.portfolios.columns
        rows = table[columns].values.tolist()
        return html_pages.response(html_pages.page("Übersicht je Gemeinde", html_pages.table(columns, rows)))
    return {"communes": [{k: plain(v) for k, v in r.items()} for r in table[repo.portfolios.columns].to_dict("records")],
            "region": repo.portfolios.region, "attribution": ATTRIBUTION}
