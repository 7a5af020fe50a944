"""/api.html: Swagger UI for the OpenAPI document, served from our own copy (no CDN), in the frame of
every page (skip link, main, footer; Swagger UI's own text is English and marked so)."""
from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from markupsafe import Markup

from maps import frame
from service import html_pages
from service.params import reject_unknown

SWAGGER_BASE = "/static/vendor/swagger-ui"  # served from the allow-listed vendor files
router = APIRouter()


@router.get("/api.html", include_in_schema=False)
async def api_docs(request: Request):
    reject_unknown(request, set())
    return html_pages.response(_swagger_page())


def _framed(page: str, replacements: dict[str, str]) -> str:
    """Swagger UI's page with our frame put in; a changed template is an error here, not a silent gap."""
    for old, new in replacements.items():
        if page.count(old) != 1:
            raise RuntimeError(f"Swagger UI page template changed: {old!r} not found once")
        page = page.replace(old, new)
    return page


@lru_cache(maxsize=1)
def _swagger_page() -> str:
    page = get_swagger_ui_html(
        openapi_url="/api", title="Ruhrkarte – API",
        swagger_js_url=f"{SWAGGER_BASE}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_BASE}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_BASE}/favicon-32x32.png",
        # validatorUrl: the default would call an online validator. deepLinking puts a link inside each
        # operation's button (nested interactive controls, WCAG 4.1.2).
        swagger_ui_parameters={"validatorUrl": None, "deepLinking": False},
    ).body.decode()
    # Swagger UI renders its own <main id="operations">: the frame brings the skip link to it, a header
    # with the page's h1 and the footer, but no second main.
    header = Markup('<header class="rk-api-header"><h1>{}</h1></header>').format("Ruhrkarte – API-Dokumentation")
    return _framed(page, {
        "<html>": '<html lang="de">',
        "</title>": ('</title>\n    <link rel="stylesheet" href="/static/app/ruhrkarte.css">'
                     '\n    <link rel="stylesheet" href="/static/app/api-docs.css">'),
        '<div id="swagger-ui">': f'{frame.skip_link("operations")}{header}<div id="swagger-ui" lang="en">',
        "</div>\n    <script src=": f"</div>\n{frame.bottom(html_pages.nav(), switch=False, close_main=False)}\n    <script src=",
    })
