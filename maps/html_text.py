"""HTML fragments for the pages around the maps and the API's HTML views.

One escaping rule: every helper escapes every text it is given. Callers pass raw text; only
markup built here (a link) is passed on as `Markup`, which is not escaped twice.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from maps.i18n import N_, _


def link(href: str | None, text: str) -> Markup:
    """A link for http(s), site-relative and page URLs; anything else is only its text."""
    if not href or not href.startswith(("http://", "https://", "/", "?")) and not href.endswith(".html"):
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(href, text)


def source(text: str) -> Markup:
    """A source as a link when it is a URL, otherwise as escaped text."""
    return link(text, _("Quelle")) if text.startswith(("http://", "https://")) else escape(text)


def cell(value) -> Markup:
    """One cell: None is empty, anything else is its text, escaped (Markup stays as it is)."""
    return escape("" if value is None else value if isinstance(value, Markup) else str(value))


def table(header: list, rows: list[list], numeric: set[int] = frozenset()) -> Markup:
    """A table of raw values, every cell escaped; numeric columns are right-aligned."""
    head = "".join(Markup('<th scope="col">{}</th>').format(cell(h)) for h in header)
    # data-label: the column's name, shown before each cell where a phone stacks the rows (ruhrkarte.css).
    labels = [cell(h) for h in header]
    body = "".join("<tr>" + "".join(Markup('<td class="num" data-label="{}">{}</td>' if i in numeric else
                                           '<td data-label="{}">{}</td>').format(labels[i] if i < len(labels) else "", cell(c))
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return Markup(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


FUNDERS_DE = {"EU": "EU", "Land": N_("Land NRW"), "Bund": N_("Bund"), "commune": N_("Kommune"), "other": N_("andere"),
              "unspecified": N_("nicht angegeben")}


def funders_de(funder: str) -> str:
    """'Land;EU' -> 'Land NRW, EU'."""
    return ", ".join(_(FUNDERS_DE.get(part, part)) for part in funder.split(";") if part)
