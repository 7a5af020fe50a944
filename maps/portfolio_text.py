"""German sentences that explain a commune's or Kreis' numbers: a rank that is only a tie at 0 EUR,
membership in the 5-Standorte-Programm beside its power-plant sites, and where in the report a
project or figure stands (with a link to the report). Shared by the commune and Kreis pages."""
from __future__ import annotations

import re

from markupsafe import Markup

from maps.html_text import link, source, table

REPORT_LINES_NOTE = ("Zeilenangaben beziehen sich auf die Textfassung des Berichts, aus der die Daten erhoben wurden; "
                     "Seitenangaben, wo vorhanden, auf das PDF.")


def rank_de(place: dict, unit: str) -> str:
    """'Rang 2 von 53', 'Rang 3 von 53, gemeinsam mit 2 weiteren', or for 0 EUR: no rank, and why.

    A shared last place of every place without credited funding says nothing about the place."""
    if not place["funding_eur"]:
        others = place["rank_of"] - place["funded_places"]
        return f"kein Rang: keine Förderung angerechnet (wie bei {others} von {place['rank_of']} {unit})"
    text = f"Rang {place['rank_funding_per_inhabitant']} von {place['rank_of']}"
    if place["rank_shared_with"]:
        text += f", gemeinsam mit {place['rank_shared_with']} weiteren (gleicher Betrag je Einwohner)"
    return text


def report_link(report: dict) -> Markup:
    """The report by name, linked to its PDF at the Landtag."""
    return link(report["url"], f"{report['title']} (Landtag NRW, {report['document']})")


def sources_note(report: dict) -> Markup:
    return Markup('<p class="rk-note">Quelle aller Beträge und Projekte: {}. {}</p>').format(
        report_link(report), REPORT_LINES_NOTE)


def lines_de(lines: str | None) -> str:
    """'227-290' -> 'Zeilen 227–290', '3987' -> 'Zeile 3987', None -> '–'."""
    if not lines:
        return "–"
    text = str(lines).replace("-", "–")
    return f"Zeilen {text}" if "–" in text or ";" in text else f"Zeile {text}"


def _tie_de(project: dict) -> str:
    if project["inferred"]:
        return "ergänzt (nicht im Berichtstext genannt)"
    return "nur in einer Bildunterschrift genannt" if project["caption_only"] else "im Berichtstext genannt"


def projects_section(projects: list[dict], report: dict, name: str) -> Markup:
    """The report's projects whose text names the place, with their lines and how the tie was made."""
    heading = Markup("<h2>Projekte des Berichts, die {} nennen</h2>").format(name)
    if not projects:
        return heading + Markup("<p>Der Bericht nennt {} bei keinem Projekt.</p>").format(name)
    rows = [[p["project_id"] or "–", p["title"], lines_de(p["report_lines"]), _tie_de(p)] for p in projects]
    return (heading + Markup("<p>{} Projekte; nachzulesen im {}.</p>").format(len(projects), report_link(report))
            + table(["Projekt", "Titel", "Stelle im Bericht", "Bezug"], rows))


def five_sites_de(basis: str | None, name: str, district_name: str, plant_sites: int, page: str | None) -> Markup:
    """Membership (a location of the programme) explained beside the power-plant sites in the place."""
    where = f" (Bericht S. {page})" if page else ""
    if basis == "commune":
        member = f"ja: {name} ist selbst einer der fünf Standorte des Programms{where}."
    elif basis == "district" and name == district_name:
        member = f"ja: {name} ist als Ganzes einer der fünf Standorte des Programms{where}."
    elif basis == "district":
        member = f"ja: {name} gehört zum {district_name}, der als Ganzes einer der fünf Standorte ist{where}."
    elif basis == "communes":
        member = f"ja: Gemeinden des Kreises sind Standorte des Programms{where}."
    else:
        member = "nein: kein Standort des Programms."
    plants = (f"Kraftwerksstandorte des Programms im Gebiet von {name}: {plant_sites}. "
              "Mitglied heißt, zu einem der fünf Standorte zu gehören, für die die Strukturhilfe des Bundes gilt; "
              "gezählt werden dagegen nur die Steinkohlekraftwerke, die im Gebiet liegen. "
              "Ein Mitglied kann also 0 Kraftwerksstandorte haben.")
    return Markup("<h2>5-Standorte-Programm</h2><p>Mitglied: {}</p><p>{}</p>").format(member, plants)


_ENGLISH_PLACES = ((re.compile(r"\blines\b"), "Zeilen"), (re.compile(r"\bline\b"), "Zeile"),
                   (re.compile(r"\b(report )?p\.\s"), "S. "))


def source_de(text: str, report: dict) -> Markup:
    """A row's source as the page shows it: a citation of the report is linked to the report and says
    "Zeile"/"S." (the data writes "line"/"p."); any other source stays a link or text (html_text.source)."""
    if not text.startswith(report["title"]):
        return source(text)
    german = text
    for pattern, word in _ENGLISH_PLACES:
        german = pattern.sub(word, german)
    return link(report["url"], german)
