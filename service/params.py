"""Query parameters as FastAPI dependencies; each becomes a typed value or a 400 problem."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from geo.errors import InvalidInput, NotFound
from geo.layers import QUERYABLES, Layer
from service.crs import ServedCrs, parse_bbox, served_crs
from service.problems import clip

ITEM_PARAMETERS = {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "sortby", *QUERYABLES}
ITEM_FORMATS = ("json", "html", "csv", "gpkg")
CrsUri = Literal["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4326",
                 "http://www.opengis.net/def/crs/EPSG/0/25832", "http://www.opengis.net/def/crs/EPSG/0/3857"]
DocFormat = Annotated[Literal["json", "html"] | None, Query(description="json or html (default: by Accept header)")]


def reject_unknown(request: Request, allowed: set[str]) -> None:
    """Unknown or repeated query parameters are rejected (400): a typo never silently returns
    everything, and `f=json&f=html` never silently takes one of the two."""
    names = [name for name, _ in request.query_params.multi_items()]
    unknown = sorted(set(names) - allowed)
    if unknown:
        listed = ", ".join(clip(name, 60) for name in unknown[:10])
        raise InvalidInput(f"unknown query parameter(s) {listed}; allowed: {', '.join(sorted(allowed)) or 'none'}")
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise InvalidInput(f"query parameter(s) given more than once: {', '.join(repeated)}")


def wants_html(request: Request, f: str | None) -> bool:
    if f is not None:
        return f == "html"
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept


def output_format(request: Request, f: str | None, allowed: tuple[str, ...]) -> str:
    if f is not None and f not in allowed:
        raise InvalidInput(f"f must be one of {', '.join(allowed)}")
    return "html" if wants_html(request, f) else (f or "json")


def layer_for(request: Request, collection_id: str) -> Layer:
    layers = request.app.state.layers
    if collection_id not in layers:
        raise NotFound(f"no collection {collection_id!r}", sorted(layers))
    return layers[collection_id]


@dataclass(frozen=True)
class ItemsQuery:
    layer: Layer
    format: str
    crs: ServedCrs
    bbox: object | None
    filters: dict[str, str]
    sortby: list[tuple[str, bool]]
    limit: int
    offset: int


def _sortby(text: str | None, layer: Layer) -> list[tuple[str, bool]]:
    keys = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        name, ascending = (part[1:], part[0] != "-") if part[0] in "+-" else (part, True)
        if name not in layer.properties:
            raise InvalidInput(f"sortby: {name!r} is not a property of {layer.id}")
        keys.append((name, ascending))
    return keys


async def items_query(
    request: Request,
    collection_id: str,
    f: Annotated[Literal["json", "html", "csv", "gpkg"] | None, Query(description="json, html, csv or gpkg")] = None,
    bbox: Annotated[str | None, Query(description="minx,miny,maxx,maxy in bbox-crs")] = None,
    bbox_crs: Annotated[CrsUri | None, Query(alias="bbox-crs")] = None,
    crs: Annotated[CrsUri | None, Query(description="CRS URI of the response geometries")] = None,
    limit: Annotated[int, Query(ge=1, description="at most 1000; larger values are capped")] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    sortby: Annotated[str | None, Query(description="e.g. name,-population")] = None,
    programme: str | None = None, ags: str | None = None, district_code: str | None = None,
    precision: str | None = None, status: str | None = None,
) -> ItemsQuery:
    reject_unknown(request, ITEM_PARAMETERS)
    layer = layer_for(request, collection_id)
    given = {"programme": programme, "ags": ags, "district_code": district_code, "precision": precision, "status": status}
    filters = {k: v for k, v in given.items() if v is not None}
    unusable = sorted(set(filters) - set(layer.queryables))
    if unusable:
        raise InvalidInput(f"{layer.id} cannot be filtered by {', '.join(unusable)}; queryables: {', '.join(layer.queryables)}")
    settings = request.app.state.settings
    return ItemsQuery(
        layer=layer, format=output_format(request, f, ITEM_FORMATS), crs=served_crs(crs, "crs"),
        bbox=parse_bbox(bbox, served_crs(bbox_crs, "bbox-crs")) if bbox is not None else None,
        filters=filters, sortby=_sortby(sortby, layer), limit=min(limit, settings.max_limit), offset=offset,
    )


ItemsQueryDep = Annotated[ItemsQuery, Depends(items_query)]
