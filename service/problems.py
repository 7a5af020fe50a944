"""Errors as RFC 9457 problem+json: one table from exception type to HTTP status."""
from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from geo.errors import Ambiguous, DataError, InvalidInput, NotFound, SetupError
from store.errors import Forbidden, StaleVersion, StoreBusy, TooLarge, ValidationFailed

PROBLEM_JSON = "application/problem+json"
STATUS_FOR = {Forbidden: 403, StaleVersion: 412, TooLarge: 413, InvalidInput: 400, Ambiguous: 404, NotFound: 404,
              StoreBusy: 503, DataError: 500, SetupError: 500}
# Client input echoed in an error (a path, a parameter) is cut here: a 60 KB path is not sent back twice.
ECHO_LIMIT = 300


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def problem(status: int, detail: str, instance: str, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": clip(detail),
            "instance": clip(instance), **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def allowed_methods(request: Request) -> str:
    """The methods the routes of this path answer (HEAD is answered as GET)."""
    methods: set[str] = set()
    scope = {**request.scope, "method": "GET"}

    def visit(routes) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI's included routers (no prefixes here)
            if included is not None:
                visit(included.routes)
            elif getattr(route, "methods", None) and route.matches(scope)[0].name in ("FULL", "PARTIAL"):
                methods.update(route.methods)

    visit(request.app.router.routes)
    methods |= {"HEAD"} if "GET" in methods else set()
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
    return ", ".join(m for m in order if m in methods) or "GET, HEAD"


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the app can meet becomes a problem+json response, never a traceback."""

    async def domain_error(request: Request, error: Exception):
        status = next(code for kind, code in STATUS_FOR.items() if isinstance(error, kind))
        extra = {"suggestions": error.suggestions} if isinstance(error, NotFound) and error.suggestions else {}
        if isinstance(error, ValidationFailed):  # every failing field, so a form can mark each one
            extra = {"errors": [{"entity": p.entity, "id": p.key, "field": p.field, "message": clip(p.message)}
                                for p in error.problems]}
        return problem(status, str(error), request.url.path, **extra)

    async def http_error(request: Request, error: HTTPException):
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405 and not getattr(error, "exact_allow", False):  # the router names one route's
            headers["Allow"] = allowed_methods(request)
        return problem(error.status_code, str(error.detail), request.url.path, headers=headers)

    async def validation_error(request: Request, error: RequestValidationError):
        return problem(400, _validation_detail(error), request.url.path)

    async def unexpected(request: Request, error: Exception):
        return problem(500, "internal error; the request was logged", request.url.path)

    for kind in STATUS_FOR:
        app.add_exception_handler(kind, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
