"""Query parameters as FastAPI dependencies; each becomes a typed value or a 400 problem.

Validation once: a parameter with a fixed set of values takes it from the one list that defines
it (service/crs.py SUPPORTED, the formats here, maps/planung.py's schemes and class counts), shows
it as an enum in the OpenAPI document, and answers any other value in our own words (`one_of`),
never with the framework's generic message.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Iterable

from fastapi import Depends, Query, Request

from geo.errors import InvalidInput, NotFound
from geo.layers import QUERYABLES, Layer
from geo.read_model import ReadModel
from maps.i18n import DEFAULT as DEFAULT_LANGUAGE, LANGUAGES
from service.crs import SUPPORTED, ServedCrs, parse_bbox, served_crs
from service.generation import ReadModelDep, SettingsDep
from service.problems import clip

ITEM_PARAMETERS = {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "sortby", "lang", *QUERYABLES}
DOC_FORMATS = ("json", "html")
ITEM_FORMATS = ("json", "html", "csv", "gpkg")
SUMMARY_FORMATS = ("json", "csv", "html")


def enum(values: Iterable, description: str, **extra):
    """A query parameter whose allowed values the OpenAPI document lists; checked by `one_of`."""
    values = list(values)
    kind = "integer" if all(isinstance(v, int) for v in values) else "string"
    return Query(description=description, json_schema_extra={"type": kind, "enum": values}, **extra)


def one_of(parameter: str, value: str | int | None, allowed: Iterable):
    """The allowed value `value` spells (in its own type: k=5 gives 5); None stays None. Any other
    value is a 400 that names the parameter and lists the allowed values."""
    if value is None:
        return None
    for option in allowed:
        if str(value) == str(option):
            return option
    raise InvalidInput(f"{parameter}: {clip(str(value), 60)!r} is not allowed; one of {', '.join(map(str, allowed))}")


CrsUri = Annotated[str | None, enum(SUPPORTED, "CRS URI of the response geometries")]
BboxCrsUri = Annotated[str | None, enum(SUPPORTED, "CRS URI of bbox", alias="bbox-crs")]
DocFormat = Annotated[str | None, enum(DOC_FORMATS, "json or html (default: by Accept header)")]
ItemFormat = Annotated[str | None, enum(ITEM_FORMATS, "json, html, csv or gpkg (default: by Accept header)")]
SummaryFormat = Annotated[str | None, enum(SUMMARY_FORMATS, "json, csv or html (default: by Accept header)")]
# The language of an HTML page is a URL parameter, not Accept-Language: caches and ETags key on the URL.
PageLanguage = Annotated[str | None, enum(LANGUAGES, "language of HTML pages (default de)")]


def page_language(lang: str | None) -> str:
    """The page language of `?lang=` (German without it); another value is a 400 listing de, en."""
    return one_of("lang", lang, LANGUAGES) or DEFAULT_LANGUAGE


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
    one_of("f", f, allowed)
    return "html" if wants_html(request, f) else (f or "json")


def layer_for(model: ReadModel, collection_id: str) -> Layer:
    if collection_id not in model.layers:
        raise NotFound(f"no collection {collection_id!r}", sorted(model.layers))
    return model.layers[collection_id]


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
    lang: str = DEFAULT_LANGUAGE  # of the HTML view


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
    model: ReadModelDep,
    settings: SettingsDep,
    collection_id: str,
    f: ItemFormat = None,
    bbox: Annotated[str | None, Query(description="minx,miny,maxx,maxy in bbox-crs")] = None,
    bbox_crs: BboxCrsUri = None,
    crs: CrsUri = None,
    limit: Annotated[int, Query(ge=1, description="at most 1000; larger values are capped")] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    sortby: Annotated[str | None, Query(description="e.g. name,-population")] = None,
    programme: str | None = None, ags: str | None = None, district_code: str | None = None,
    precision: str | None = None, status: str | None = None, lang: PageLanguage = None,
) -> ItemsQuery:
    reject_unknown(request, ITEM_PARAMETERS)
    layer = layer_for(model, collection_id)
    given = {"programme": programme, "ags": ags, "district_code": district_code, "precision": precision, "status": status}
    filters = {k: v for k, v in given.items() if v is not None}
    unusable = sorted(set(filters) - set(layer.queryables))
    if unusable:
        raise InvalidInput(f"{layer.id} cannot be filtered by {', '.join(unusable)}; queryables: {', '.join(layer.queryables)}")
    return ItemsQuery(
        layer=layer, format=output_format(request, f, ITEM_FORMATS), crs=served_crs(crs, "crs"),
        bbox=parse_bbox(bbox, served_crs(bbox_crs, "bbox-crs")) if bbox is not None else None,
        filters=filters, sortby=_sortby(sortby, layer), limit=min(limit, settings.max_limit), offset=offset,
        lang=page_language(lang),
    )


ItemsQueryDep = Annotated[ItemsQuery, Depends(items_query)]
