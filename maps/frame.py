"""The frame around every HTML page (map pages and the API's HTML views alike), written once.

What WCAG 2.1 AA and axe-core ask of a page frame: the document language, a viewport that lets
people zoom, a skip link as the first focusable element, one main landmark holding the content,
and the rest (site navigation, language switch, attribution) in a footer landmark. The page puts
its one h1 inside main itself.
"""
from __future__ import annotations

from markupsafe import Markup

from maps.i18n import _, switch_href

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
MAIN_ID = "inhalt"


def skip_link(target: str = MAIN_ID) -> Markup:
    return Markup('<a class="rk-skip" href="#{}">{}</a>').format(target, _("Zum Inhalt springen"))


def top() -> Markup:
    """Everything before the page content: the skip link, then main opens."""
    return Markup('{}\n<main id="{}" tabindex="-1">').format(skip_link(), MAIN_ID)


def bottom(nav: list[tuple[str, str]], query: dict[str, str] | None = None, switch: bool = True,
           note: Markup | str = "", close_main: bool = True) -> Markup:
    """main closes; the footer with the site links, the language switch (the same page and `query`
    in the other language) and an optional note (the attribution of pages without a map)."""
    links = [Markup('<a href="{}">{}</a>').format(href, text) for href, text in nav]
    if switch:
        href, code, name = switch_href(query)
        links.append(Markup('<a class="rk-lang" href="{}" hreflang="{}" lang="{}">{}</a>').format(href, code, code, name))
    navigation = Markup('<nav aria-label="{}">{}</nav>').format(_("Seiten"), Markup(" ").join(links)) if links else ""
    extra = Markup("<p>{}</p>").format(note) if note else ""
    footer = Markup('<footer class="rk-footer">{}{}</footer>').format(navigation, extra)
    return Markup("</main>\n") + footer if close_main else footer
