"""The /api document as OpenAPI 3.0 (the oas30 conformance class), with our real error responses."""
from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from geo.cql_filter import queryable_types
from geo.layers import QUERYABLES
from service.params import reject_unknown

from maps.planung import measures  # the page's own list: one source for the page, its check and this document

PROBLEM = {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                                            "status": {"type": "integer"}, "detail": {"type": "string"},
                                            "instance": {"type": "string"}}, "required": ["title", "status", "detail"]}


def _problem_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _to_30(node: Any) -> Any:
    """JSON Schema 2020-12 'anyOf [X, null]' -> OpenAPI 3.0 'X, nullable: true'."""
    if isinstance(node, list):
        return [_to_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_30(value) for key, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        merged = {k: v for k, v in node.items() if k != "anyOf"}
        merged.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
        merged["nullable"] = True
        return merged
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), (int, float)) and not isinstance(node.get(bound), bool):
            node[flag], node[bound] = node[bound], True
    if "examples" in node and isinstance(node["examples"], list) and "properties" not in node:
        node["example"] = node.pop("examples")[0] if node["examples"] else None
    return node


def _registry_enums(document: dict, repo) -> None:
    """Parameters whose values come from the loaded programme registry get them as an enum."""
    allowed = {"programme": repo.programmes.registry.ids, "measure": list(measures(repo))}
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") in allowed:
                    schema = parameter.setdefault("schema", {})
                    schema.pop("anyOf", None)
                    schema.update({"type": "string", "enum": allowed[parameter["name"]]})


BEARER = {"type": "http", "scheme": "bearer", "description": (
    "An API token (`ruhrkarte users add NAME --role editor|curator …` prints it once) or, where configured, an "
    "OpenID Connect access token of the municipality's identity provider. Reading needs none.")}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "The feature's ETag from its GET (the row version, e.g. \"3\"): 428 without, 412 when stale"}
WRITES = ("post", "put", "patch", "delete")


def _security(document: dict) -> None:
    """The bearer scheme on every write and on the review queue; If-Match where a change needs it."""
    document["components"]["securitySchemes"] = {"bearer": BEARER}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in WRITES or path.startswith("/changes"):
                operation["security"] = [{"bearer": []}]
            if method in ("put", "patch", "delete") or path.endswith("/revert"):
                operation.setdefault("parameters", []).append(dict(IF_MATCH))


ITEMS_TEMPLATE = "/collections/{collection_id}/items"
QUERYABLES_TEMPLATE = "/collections/{collection_id}/queryables"


def _limit(operation: dict, max_limit: int) -> None:
    """limit: default 100, maximum the configured cap (a larger value is capped, not refused, as Part 1 says)."""
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "limit":
            parameter["schema"].update({"type": "integer", "minimum": 1, "maximum": max_limit, "default": 100})
            parameter["description"] = (f"features per page: default 100, at most {max_limit} (a larger value "
                                        "is capped); follow the `next` link for the rest")


def _concrete(operations: dict, layer_id: str) -> dict:
    """The template path's operations for one collection: no collectionId parameter, own ids."""
    concrete = {}
    for method, operation in operations.items():
        operation = copy.deepcopy(operation)
        operation["operationId"] = f"{operation.get('operationId', method)}_{layer_id}"
        operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("in") != "path"]
        concrete[method] = operation
    return concrete


def _collection_paths(document: dict, layers: dict, max_limit: int) -> None:
    """One items path per real collection (clients such as GDAL look their collection's path up),
    with only the parameters it accepts and its queryables with their types in the filter's text."""
    paths = document["paths"]
    _limit(paths[ITEMS_TEMPLATE]["get"], max_limit)
    for layer in layers.values():
        types = queryable_types(layer.frame, layer.properties)
        listed = ", ".join(f"{name} ({kind})" for name, kind in types.items())
        items = _concrete(paths[ITEMS_TEMPLATE], layer.id)
        read = items["get"]
        read["summary"] = f"Features of {layer.id}: {layer.title}"
        unusable = set(QUERYABLES) - set(layer.queryables)
        read["parameters"] = [p for p in read["parameters"] if p.get("name") not in unusable]
        for parameter in read["parameters"]:
            if parameter.get("name") == "filter":
                parameter["description"] = (f"CQL2 filter on the queryables of {layer.id} "
                                            f"(/collections/{layer.id}/queryables): {listed}, geometry "
                                            f"({layer.geometry_type}, for S_INTERSECTS)")
            if parameter.get("name") == "datetime" and not layer.time_property:
                parameter["description"] = f"{layer.id} has no time: no feature matches a datetime"
        paths[f"/collections/{layer.id}/items"] = items
        queryables = _concrete(paths[QUERYABLES_TEMPLATE], layer.id)
        queryables["get"]["summary"] = f"Queryables of {layer.id}: {listed}"
        paths[f"/collections/{layer.id}/queryables"] = queryables


def _read_only_collections(document: dict, model) -> None:
    """Derived collections (communes, portfolio, …) are not written: their items paths keep GET only."""
    writable = {"sites", *model.registry.ids}
    for layer_id in model.layers:
        if layer_id not in writable:
            document["paths"].get(f"/collections/{layer_id}/items", {}).pop("post", None)


def install_openapi(app: FastAPI) -> None:
    built_for: list[str] = [""]  # the read model version the kept document was built for

    def build() -> dict:
        """Built once per served data version: the enums follow the programmes of the living data."""
        model = app.state.service.current.model
        if app.openapi_schema is None or built_for[0] != model.version:
            document = get_openapi(title=app.title, version=app.version, description=app.description,
                                   routes=app.routes, openapi_version="3.0.3")
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            schemas["Problem"] = PROBLEM
            for path, operations in document["paths"].items():
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    responses.pop("422", None)
                    responses["400"] = _problem_response("Bad request: a parameter is invalid or unknown")
                    if "{" in path or "404" in responses:
                        responses["404"] = _problem_response("Not found")
            state = app.state.service
            _security(document)
            _collection_paths(document, model.layers, state.settings.max_limit)
            _read_only_collections(document, model)
            _registry_enums(document, model.repo)
            app.openapi_schema, built_for[0] = _to_30(document), model.version
        return app.openapi_schema

    app.openapi = build

    @app.get("/api", include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        reject_unknown(request, set())
        return JSONResponse(app.openapi())
