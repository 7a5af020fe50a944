"""The /api document as OpenAPI 3.0 (the oas30 conformance class), with our real error responses."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

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
    allowed = {"programme": repo.programmes.registry.ids, "measure": list(measures(repo.programmes.registry))}
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") in allowed:
                    schema = parameter.setdefault("schema", {})
                    schema.pop("anyOf", None)
                    schema.update({"type": "string", "enum": allowed[parameter["name"]]})


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
            _registry_enums(document, model.repo)
            app.openapi_schema, built_for[0] = _to_30(document), model.version
        return app.openapi_schema

    app.openapi = build

    @app.get("/api", include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        reject_unknown(request, set())
        return JSONResponse(app.openapi())
