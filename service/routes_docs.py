"""/api.html: Swagger UI for the OpenAPI document, served from our own copy (no CDN)."""
from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html

from service import html_pages
from service.params import reject_unknown

SWAGGER_BASE = "/static/vendor/swagger-ui"  # served from the allow-listed vendor files
router = APIRouter()


@router.get("/api.html", include_in_schema=False)
async def api_docs(request: Request):
    reject_unknown(request, set())
    return html_pages.response(_swagger_page())


@lru_cache(maxsize=1)
def _swagger_page() -> str:
    return get_swagger_ui_html(
        openapi_url="/api", title="Ruhrkarte – API",
        swagger_js_url=f"{SWAGGER_BASE}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_BASE}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_BASE}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # the default would call an online validator
    ).body.decode()
