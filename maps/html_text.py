"""German formatting and escaped HTML fragments for the pages around the maps."""
from __future__ import annotations

from html import escape


def euro(value: float | None) -> str:
    """1234567.0 -> '1.234.567 €' (German grouping)."""
    if value is None:
        return "–"
    return f"{value:,.0f} €".replace(",", ".")


def decimal(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def link(href: str | None, text: str) -> str:
    if not href or not href.startswith(("http://", "https://", "/", "?")) and not href.endswith(".html"):
        return escape(text)
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def source(text: str) -> str:
    """A source as a link when it is a URL, otherwise as escaped text."""
    return link(text, "Quelle") if text.startswith(("http://", "https://")) else escape(text)


def table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """Cells must already be escaped HTML; numeric columns are right-aligned."""
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


FUNDERS_DE = {"EU": "EU", "Land": "Land NRW", "Bund": "Bund", "commune": "Kommune", "other": "andere",
              "unspecified": "nicht angegeben"}


def funders_de(funder: str) -> str:
    """'Land;EU' -> 'Land NRW, EU'."""
    return ", ".join(FUNDERS_DE.get(part, part) for part in funder.split(";") if part)
