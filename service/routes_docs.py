"""/api.html: Swagger UI for the OpenAPI document, served from our own copy (no CDN)."""
from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from geo.errors import DataError
from maps.assets import node_modules

SWAGGER_BASE = "/static/vendor/swagger-ui"
router = APIRouter()


def install_docs(app: FastAPI) -> None:
    folder = node_modules() / "swagger-ui-dist"
    if not folder.is_dir():
        raise DataError(f"Swagger UI not installed ({folder}); run `npm ci` (make does)")
    app.mount(SWAGGER_BASE, StaticFiles(directory=folder), name="swagger-ui")
    app.include_router(router)


@router.get("/api.html", include_in_schema=False)
async def api_docs(request: Request):
    return get_swagger_ui_html(
        openapi_url="/api", title="Ruhrkarte – API",
        swagger_js_url=f"{SWAGGER_BASE}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_BASE}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_BASE}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # the default would call an online validator
    )
