"""Plain HTML views of the API (German, escaped, no external assets)."""
from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

from geo.ruhr import ATTRIBUTION, LICENCE, LICENCE_URL
from maps import html_text
from service.security import page_policy

_STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}footer{margin-top:2rem;color:#555}")


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)} – Ruhrkarte</title>'
            f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}"
            f'<footer>Grenzen: {escape(ATTRIBUTION)}, <a href="{escape(LICENCE_URL)}">{escape(LICENCE)}</a></footer>'
            "</body></html>")


def link_list(links: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links) + "</ul>"


def table(header: list, rows: list[list]) -> str:
    """The one table helper (maps/html_text.py: every cell escaped), as plain text for these pages."""
    return str(html_text.table(header, rows))


def response(html: str, tile_url: str = "") -> HTMLResponse:
    """An HTML response whose Content-Security-Policy allows exactly its own inline blocks."""
    return HTMLResponse(html, headers={"Content-Security-Policy": page_policy(html, tile_url)})
