"""Plain HTML views of the API (German or English, escaped, no external assets), in the frame of
every page (maps/frame.py). They are built inside `with language(code)` (maps/i18n.py)."""
from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse
from markupsafe import Markup

from geo.ruhr import ATTRIBUTION, LICENCE, LICENCE_URL
from maps import frame, html_text
from maps.i18n import _, current, localized
from service.security import page_policy

_STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}footer{margin-top:2rem;color:#555}")


def nav() -> list[tuple[str, str]]:
    """The site links of the footer, in the current language."""
    return [(localized(href), text) for href, text in (
        ("/", _("Startseite")), ("/karte", _("Karte der Projekte")), ("/gemeinden", _("Alle Gemeinden")),
        ("/planung", _("Karte für Planende")),
        ("/collections?f=html", _("Datensätze")), ("/api.html", _("API-Dokumentation")))]


def page(title: str, body: str, query: dict[str, str] | None = None, heading: str | None = None) -> str:
    """A whole page: `body` (escaped HTML) under the one h1 (`heading`, else `title`); `query` is the
    request's parameters, which the language switch keeps."""
    attribution = Markup('{} {}, <a href="{}">{}</a>').format(_("Grenzen:"), ATTRIBUTION, LICENCE_URL, LICENCE)
    return (f'<!DOCTYPE html><html lang="{current()}"><head><meta charset="utf-8">{frame.VIEWPORT}'
            f"<title>{escape(title)} – Ruhrkarte</title>"
            '<link rel="stylesheet" href="/static/app/ruhrkarte.css">'
            f"<style>{_STYLE}</style></head><body>{frame.top()}<h1>{escape(heading or title)}</h1>{body}"
            f"{frame.bottom(nav(), query, note=attribution)}</body></html>")


def link_list(links: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links) + "</ul>"


def table(header: list, rows: list[list]) -> str:
    """The one table helper (maps/html_text.py: every cell escaped), as plain text for these pages."""
    return str(html_text.table(header, rows))


def response(html: str, tile_url: str = "") -> HTMLResponse:
    """An HTML response whose Content-Security-Policy allows exactly its own inline blocks."""
    return HTMLResponse(html, headers={"Content-Security-Policy": page_policy(html, tile_url)})
