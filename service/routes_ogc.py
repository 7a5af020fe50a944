"""OGC API - Features Part 1 and 2 endpoints; pure functions of the loaded layers and the query."""
from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from geo.errors import NotFound
from geo.layers import Layer, select_items
from geo.ruhr import ATTRIBUTION, LICENCE, LICENCE_URL
from geo.temporal import year_extent
from maps.i18n import _, language, localized
from maps.landing import PICKER_PARAMETER, landing_body
from service import html_pages
from service.crs import CRS84, SUPPORTED, served_crs
from service.exports import items_csv, items_gpkg
from service.edit_features import item_etag
from service.generation import ReadModelDep, public_base, service_state
from service.geojson_out import feature_collection
from service.params import (CrsUri, DocFormat, ItemsQueryDep, PageLanguage, layer_for, output_format, page_language,
                            reject_unknown)
from service.routes_queryables import QUERYABLES_REL, SCHEMA_JSON
from service.user_collections import PRIVATE, is_user_collection, user_layer

GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    # Part 3 and CQL2: what geo/cql_filter.py evaluates (see its docstring).
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    # The draft name of the same class: QGIS before 3.44 pushes S_INTERSECTS down only under it.
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-operators",
]
WRITING = [  # declared by a service on the living data only
    # Part 4 (draft): create, replace, update (JSON merge patch) and delete, with optimistic locking by ETag.
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
]
ITEMS_MEDIA = {200: {"description": "Features (GeoJSON), or the same as HTML, CSV or GeoPackage",
                     "content": {GEOJSON: {}, "text/html": {}, "text/csv": {}, "application/geopackage+sqlite3": {}}}}
FEATURE_MEDIA = {200: {"description": "One feature", "content": {GEOJSON: {}, "text/html": {}}}}
DOC_MEDIA = {200: {"description": "JSON, or HTML with f=html", "content": {"application/json": {}, "text/html": {}}}}
router = APIRouter()



def _link(href: str, rel: str, type_: str, title: str | None = None) -> dict:
    return {"href": href, "rel": rel, "type": type_, **({"title": title} if title else {})}


def _collection(layer: Layer, base: str) -> dict:
    minx, miny, maxx, maxy = layer.frame.to_crs("OGC:CRS84").total_bounds if len(layer.frame) else (0, 0, 0, 0)
    url = f"{base}/collections/{layer.id}"
    extent = {"spatial": {"bbox": [[round(minx, 6), round(miny, 6), round(maxx, 6), round(maxy, 6)]], "crs": CRS84}}
    interval = year_extent(layer.frame[layer.time_property]) if layer.time_property else None
    if interval:  # only collections with time have a temporal extent (geo/temporal.py)
        extent["temporal"] = {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return {
        "id": layer.id, "title": layer.title, "description": layer.description,
        "itemType": "feature", "attribution": f"{layer.attribution} ({LICENCE})", "extent": extent,
        "crs": list(SUPPORTED), "storageCrs": "http://www.opengis.net/def/crs/EPSG/0/25832",
        "queryables": list(layer.queryables),
        "links": [_link(url, "self", "application/json"), _link(f"{url}?f=html", "alternate", "text/html"),
                  _link(f"{url}/items", "items", GEOJSON), _link(f"{url}/items?f=html", "items", "text/html"),
                  _link(f"{url}/queryables", QUERYABLES_REL, SCHEMA_JSON, "Filterbare Eigenschaften"),
                  _link(LICENCE_URL, "license", "text/html", LICENCE)],
    }


@router.get("/", summary="Landing page (JSON; HTML for browsers: what Ruhrkarte is, for whom, the commune picker)",
            responses={**DOC_MEDIA, 303: {"description": "gemeinde=: the commune page /gemeinden/{ags}"},
                       404: {"description": "gemeinde=: no such commune (problem+json, with suggestions)"}})
async def landing(request: Request, model: ReadModelDep, f: DocFormat = None, lang: PageLanguage = None,
                  gemeinde: Annotated[str | None, Query(description="AGS or name: redirects to its commune page "
                                                                     "(the picker of the HTML landing page)")] = None):
    reject_unknown(request, {"f", "lang", PICKER_PARAMETER})
    lang = page_language(lang)
    if gemeinde:  # an empty choice shows the page again
        place = model.gazetteer.resolve(gemeinde)
        if place.kind != "commune":
            raise NotFound(f"{gemeinde!r} is a Kreis, not a commune")
        return RedirectResponse(localized(f"/gemeinden/{place.code}", lang), status_code=303)
    base = public_base(request)
    links = [_link(f"{base}/", "self", "application/json"), _link(f"{base}/?f=html", "alternate", "text/html"),
             _link(f"{base}/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0"),
             _link(f"{base}/api.html", "service-doc", "text/html"),
             _link(f"{base}/conformance", "conformance", "application/json"),
             _link(f"{base}/collections", "data", "application/json")]
    if output_format(request, f, ("json", "html")) == "html":
        with language(lang):
            title = _("Projekte der Ruhr-Konferenz auf der Karte")
            return html_pages.response(html_pages.page(title, str(landing_body(model, base)), dict(request.query_params),
                                                       heading="Ruhrkarte"))
    return {"title": "Ruhrkarte", "description": "Ruhr-Konferenz programme sites on the map of the 53 Ruhr communes.",
            "attribution": f"{ATTRIBUTION} ({LICENCE})", "links": links}


@router.get("/conformance", summary="Conformance classes", responses=DOC_MEDIA)
async def conformance(request: Request, f: DocFormat = None, lang: PageLanguage = None):
    reject_unknown(request, {"f", "lang"})
    lang = page_language(lang)  # checked for every format, used by HTML
    classes = CONFORMANCE + (WRITING if service_state(request).store is not None else [])
    if output_format(request, f, ("json", "html")) == "html":
        with language(lang):
            return html_pages.response(html_pages.page(_("Konformität"), html_pages.link_list([(c, c) for c in classes]),
                                                       dict(request.query_params)))
    return {"conformsTo": classes}


@router.get("/collections", summary="Feature collections", responses=DOC_MEDIA)
async def collections(request: Request, model: ReadModelDep, f: DocFormat = None, lang: PageLanguage = None):
    reject_unknown(request, {"f", "lang"})
    lang = page_language(lang)  # checked for every format, used by HTML
    base = public_base(request)
    layers = model.layers.values()
    if output_format(request, f, ("json", "html")) == "html":
        with language(lang):
            rows = [[layer.id, layer.title, len(layer.frame)] for layer in layers]
            links = html_pages.link_list([(localized(f"/collections/{l.id}/items?f=html"), l.title) for l in layers])
            body = html_pages.table(["id", _("Titel"), _("Objekte")], rows) + links
            return html_pages.response(html_pages.page(_("Datensätze"), body, dict(request.query_params)))
    return {"collections": [_collection(layer, base) for layer in layers],
            "links": [_link(f"{base}/collections", "self", "application/json")]}


@router.get("/collections/{collection_id}", summary="One feature collection", responses=DOC_MEDIA)
async def collection(request: Request, model: ReadModelDep, collection_id: str, f: DocFormat = None,
                     lang: PageLanguage = None):
    reject_unknown(request, {"f", "lang"})
    lang = page_language(lang)  # checked for every format, used by HTML
    private = is_user_collection(collection_id)
    layer = (await user_layer(request, model, collection_id))[0] if private else layer_for(model, collection_id)
    headers = PRIVATE if private else {}
    if output_format(request, f, ("json", "html")) == "html":
        with language(lang):
            body = f"<p>{escape(layer.description)}</p>" + html_pages.link_list(
                [(localized(f"/collections/{layer.id}/items?f=html"), _("Objekte"))])
            response = html_pages.response(html_pages.page(layer.title, body, dict(request.query_params)))
        response.headers.update(headers)
        return response
    return JSONResponse(_collection(layer, public_base(request)), headers=headers)


def _page_links(request: Request, query, matched: int) -> list[dict]:
    url = f"{public_base(request)}{request.url.path}"
    params = dict(request.query_params)
    links = [_link(f"{url}?{urlencode(params)}" if params else url, "self", GEOJSON)]
    alternate = {**params, "f": "html"}
    links.append(_link(f"{url}?{urlencode(alternate)}", "alternate", "text/html"))
    if query.offset + query.limit < matched:
        links.append(_link(f"{url}?{urlencode({**params, 'offset': query.offset + query.limit, 'limit': query.limit})}", "next", GEOJSON))
    if query.offset > 0:
        links.append(_link(f"{url}?{urlencode({**params, 'offset': max(0, query.offset - query.limit), 'limit': query.limit})}", "prev", GEOJSON))
    return links


@router.get("/collections/{collection_id}/items", summary="Features of a collection", responses=ITEMS_MEDIA)
async def items(request: Request, model: ReadModelDep, query: ItemsQueryDep):
    positions = select_items(query.layer, query.bbox, query.filters, query.sortby, query.cql, query.period)
    page = positions[query.offset:query.offset + query.limit]
    headers = {"Content-Crs": f"<{query.crs.uri}>", **(PRIVATE if query.private else {})}
    if query.format == "csv":
        return Response(items_csv(query.layer, page, query.crs), media_type="text/csv; charset=utf-8",
                        headers={**headers, "Content-Disposition": f'attachment; filename="{query.layer.id}.csv"'})
    if query.format == "gpkg":
        package = await run_in_threadpool(items_gpkg, query.layer, page, query.crs)  # writes a temporary file
        return Response(package, media_type="application/geopackage+sqlite3",
                        headers={**headers, "Content-Disposition": f'attachment; filename="{query.layer.id}.gpkg"'})
    links = _page_links(request, query, len(positions))
    if query.format == "html":
        frame = query.layer.frame.iloc[page]
        rows = frame[["fid", *query.layer.properties[:6]]].values.tolist()
        with language(query.lang):
            found = _("{matched} Treffer, {shown} angezeigt.").format(matched=len(positions), shown=len(page))
            body = f"<p>{escape(found)}</p>"
            body += html_pages.table(["id", *query.layer.properties[:6]], rows)
            response = html_pages.response(html_pages.page(query.layer.title, body, dict(request.query_params)))
        response.headers.update(PRIVATE if query.private else {})
        return response
    ready = query.features.features(query.layer.id, query.crs.code, query.crs.swap_axes, query.crs.decimals)
    body = feature_collection([ready[i] for i in page], len(positions), links)
    return Response(body, media_type=GEOJSON, headers=headers)


@router.get("/collections/{collection_id}/items/{feature_id}", summary="One feature", responses=FEATURE_MEDIA)
async def item(request: Request, model: ReadModelDep, collection_id: str, feature_id: str, f: DocFormat = None,
               crs: CrsUri = None, lang: PageLanguage = None):
    reject_unknown(request, {"f", "crs", "lang"})
    lang = page_language(lang)  # checked for every format, used by HTML
    private = is_user_collection(collection_id)
    layer, cache = await user_layer(request, model, collection_id) if private else (layer_for(model, collection_id),
                                                                                      model.features)
    served = served_crs(crs, "crs")
    matches = (layer.frame["fid"] == feature_id).to_numpy().nonzero()[0]
    if matches.size == 0:
        raise NotFound(f"no feature {feature_id!r} in {collection_id}")
    position = int(matches[0])
    if output_format(request, f, ("json", "html")) == "html":
        record = layer.frame.iloc[position]
        rows = [[name, record[name]] for name in layer.properties]
        with language(lang):
            body = html_pages.table([_("Eigenschaft"), _("Wert")], rows)
            response = html_pages.response(html_pages.page(str(record.get("name", feature_id)), body,
                                                           dict(request.query_params)))
        response.headers.update(PRIVATE if private else {})
        return response
    feature = cache.features(layer.id, served.code, served.swap_axes, served.decimals)[position]
    url = f"{public_base(request)}/collections/{collection_id}/items/{feature_id}"
    links = [_link(url, "self", GEOJSON), _link(f"{public_base(request)}/collections/{collection_id}", "collection", "application/json")]
    body = feature[:-1] + ',"links":' + json.dumps(links) + "}"
    headers = {"Content-Crs": f"<{served.uri}>", **(PRIVATE if private else {})}
    # The row's version, the If-Match of a change (Part 4); writes speak CRS84, so only that representation has it.
    etag = item_etag(model, collection_id, feature_id) if served.uri == CRS84 else None
    if etag is not None:
        headers["ETag"] = etag
    return Response(body, media_type=GEOJSON, headers=headers)
