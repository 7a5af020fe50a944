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

from geo.cql_filter import LANGUAGE_ALIASES, LANGUAGES, CqlFilter, LiteralCrs, parse_filter
from geo.errors import InvalidInput, NotFound
from geo.feature_json import FeatureCache
from geo.layers import QUERYABLES, Layer
from geo.read_model import ReadModel
from geo.temporal import Interval, parse_datetime
from maps.i18n import DEFAULT as DEFAULT_LANGUAGE, LANGUAGES as PAGE_LANGUAGES
from service.crs import SUPPORTED, ServedCrs, parse_bbox, served_crs
from service.generation import ReadModelDep, SettingsDep
from service.problems import clip
from service.user_collections import is_user_collection, user_layer

ITEM_PARAMETERS = {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "sortby", "filter", "filter-lang", "filter-crs",
                   "datetime", "lang", *QUERYABLES}
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
FilterText = Annotated[str | None, Query(
    description="CQL2 filter on the collection's queryables (/collections/{collectionId}/queryables), e.g. "
                "name LIKE '%Schule%' AND S_INTERSECTS(geometry, BBOX(7.1, 51.4, 7.3, 51.5))")]
FilterLang = Annotated[str | None, enum([*LANGUAGES, *LANGUAGE_ALIASES], "cql2-text (default) or cql2-json; "
                                        "cql-text is the pre-release name of cql2-text", alias="filter-lang")]
FilterCrs = Annotated[str | None, enum(SUPPORTED, "CRS URI of the geometry literals in filter (default CRS84)",
                                       alias="filter-crs")]
DatetimeText = Annotated[str | None, Query(
    description="RFC 3339 instant or interval ('..' for an open end), e.g. 2021-01-01/2022-12-31: sites whose "
                "start year intersects it; collections without time have no feature with a time, so none match")]
# The language of an HTML page is a URL parameter, not Accept-Language: caches and ETags key on the URL.
PageLanguage = Annotated[str | None, enum(PAGE_LANGUAGES, "language of HTML pages (default de)")]


def page_language(lang: str | None) -> str:
    """The page language of `?lang=` (German without it); another value is a 400 listing de, en."""
    return one_of("lang", lang, PAGE_LANGUAGES) or DEFAULT_LANGUAGE


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
    cql: CqlFilter | None = None      # filter / filter-lang / filter-crs (Part 3)
    period: Interval | None = None    # datetime
    features: FeatureCache | None = None  # the collection's serialised features (the read model's, or a planner layer's)
    private: bool = False             # a planner's layer: the answer depends on who asks
    lang: str = DEFAULT_LANGUAGE  # of the HTML view


def _cql(text: str | None, language: str | None, crs_uri: str | None) -> CqlFilter | None:
    crs = served_crs(crs_uri, "filter-crs")
    one_of("filter-lang", language, [*LANGUAGES, *LANGUAGE_ALIASES])
    if text is None:  # filter-lang or filter-crs alone select nothing, but are checked like any value
        return None
    literal_crs = LiteralCrs(crs.code, crs.swap_axes, crs.geographic)
    return CqlFilter(parse_filter(text, language), literal_crs)


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
    precision: str | None = None, status: str | None = None,
    filter: FilterText = None, filter_lang: FilterLang = None, filter_crs: FilterCrs = None,
    datetime: DatetimeText = None, lang: PageLanguage = None,
) -> ItemsQuery:
    reject_unknown(request, ITEM_PARAMETERS)
    if is_user_collection(collection_id):
        layer, cache = await user_layer(request, model, collection_id)
    else:
        layer, cache = layer_for(model, collection_id), model.features
    given = {"programme": programme, "ags": ags, "district_code": district_code, "precision": precision, "status": status}
    filters = {k: v for k, v in given.items() if v is not None}
    unusable = sorted(set(filters) - set(layer.queryables))
    if unusable:
        raise InvalidInput(f"{layer.id} cannot be filtered by {', '.join(unusable)}; queryables: {', '.join(layer.queryables)}")
    if programme is not None and programme not in model.registry.ids:  # as /nearby says, and as /api lists them
        raise InvalidInput(f"unknown programme {clip(programme, 60)!r}; one of {', '.join(model.registry.ids)}")
    box_crs = served_crs(bbox_crs, "bbox-crs")  # checked even without a bbox, like every other value
    return ItemsQuery(
        layer=layer, format=output_format(request, f, ITEM_FORMATS), crs=served_crs(crs, "crs"),
        bbox=parse_bbox(bbox, box_crs) if bbox is not None else None,
        filters=filters, sortby=_sortby(sortby, layer), limit=min(limit, settings.max_limit), offset=offset,
        cql=_cql(filter, filter_lang, filter_crs), period=parse_datetime(datetime) if datetime is not None else None,
        features=cache, private=is_user_collection(collection_id),
        lang=page_language(lang),
    )


ItemsQueryDep = Annotated[ItemsQuery, Depends(items_query)]
