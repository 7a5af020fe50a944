"""OGC API - Features Part 3 queryables: per collection, the properties a `filter` may name and
their types, as a JSON Schema (the same types the filter evaluator checks literals against)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from geo.cql_filter import queryable_types
from geo.layers import Layer
from service import html_pages
from service.generation import ReadModelDep, public_base
from service.params import DocFormat, layer_for, output_format, reject_unknown
from service.user_collections import PRIVATE, is_user_collection, user_layer

SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
QUERYABLES_MEDIA = {200: {"description": "The queryables as a JSON Schema, or HTML with f=html",
                          "content": {SCHEMA_JSON: {}, "application/json": {}, "text/html": {}}}}
router = APIRouter()


def geometry_schema(layer: Layer) -> dict:
    """The spatial queryable (Part 3: format geometry-<type>), named as S_INTERSECTS names it."""
    return {"title": "Geometrie", "format": f"geometry-{layer.geometry_type.lower()}", "x-ogc-role": "primary-geometry"}


def queryables_schema(layer: Layer, url: str) -> dict:
    properties = {name: {"title": name, "type": kind} for name, kind in queryable_types(layer.frame, layer.properties).items()}
    if layer.time_property:
        properties[layer.time_property]["description"] = (
            "start year as the source states it ('2021' or a school year '2021/22'); `datetime` selects on it")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": url, "type": "object",
            "title": layer.title, "description": f"Queryables of {layer.id} for filter (CQL2 text or JSON)",
            "properties": {**properties, "geometry": geometry_schema(layer)}, "additionalProperties": False}


def _media_type(request: Request) -> str:
    """application/schema+json as Part 3 says, but plain JSON for a client that asks only for that."""
    accept = request.headers.get("accept", "")
    return "application/json" if "application/json" in accept and SCHEMA_JSON not in accept else SCHEMA_JSON


@router.get("/collections/{collection_id}/queryables", summary="Queryables of a collection (for filter)",
            responses=QUERYABLES_MEDIA)
async def queryables(request: Request, model: ReadModelDep, collection_id: str, f: DocFormat = None):
    reject_unknown(request, {"f"})
    private = is_user_collection(collection_id)
    layer = (await user_layer(request, model, collection_id))[0] if private else layer_for(model, collection_id)
    base = public_base(request)
    schema = queryables_schema(layer, f"{base}/collections/{layer.id}/queryables")
    if output_format(request, f, ("json", "html")) == "html":
        rows = [[name, spec.get("type") or spec.get("format")] for name, spec in schema["properties"].items()]
        body = "<p>Eigenschaften, nach denen <code>filter</code> (CQL2) auswählen kann.</p>" + html_pages.table(
            ["Eigenschaft", "Typ"], rows)
        response = html_pages.response(html_pages.page(f"Filterbare Eigenschaften: {layer.title}", body))
        response.headers.update(PRIVATE if private else {})
        return response
    return JSONResponse(schema, media_type=_media_type(request), headers=PRIVATE if private else {})
