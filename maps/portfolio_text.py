"""Sentences (German, or the page's language) that explain a commune's or Kreis' numbers: a rank that is only a tie at 0 EUR,
membership in the 5-Standorte-Programm beside its power-plant sites, and where in the report a
project or figure stands (with a link to the report). Shared by the commune and Kreis pages."""
from __future__ import annotations

import re

from markupsafe import Markup

from maps.html_text import link, source, table
from maps.i18n import N_, _, current

REPORT_LINES_NOTE = N_("Zeilenangaben beziehen sich auf die Textfassung des Berichts, aus der die Daten erhoben wurden; "
                     "Seitenangaben, wo vorhanden, auf das PDF.")


def rank_de(place: dict, unit: str) -> str:
    """'Rang 2 von 53', 'Rang 3 von 53, gemeinsam mit 2 weiteren', or for 0 EUR: no rank, and why.

    A shared last place of every place without credited funding says nothing about the place."""
    if not place["funding_eur"]:
        others = place["rank_of"] - place["funded_places"]
        return _("kein Rang: keine Förderung angerechnet (wie bei {others} von {of} {unit})").format(
            others=others, of=place["rank_of"], unit=unit)
    text = _("Rang {rank} von {of}").format(rank=place["rank_funding_per_inhabitant"], of=place["rank_of"])
    if place["rank_shared_with"]:
        text += ", " + _("gemeinsam mit {n} weiteren (gleicher Betrag je Einwohner)").format(n=place["rank_shared_with"])
    return text


def report_link(report: dict) -> Markup:
    """The report by name, linked to its PDF at the Landtag."""
    return link(report["url"], f"{report['title']} (Landtag NRW, {report['document']})")


def sources_note(report: dict) -> Markup:
    return Markup('<p class="rk-note">{} {}. {}</p>').format(
        _("Quelle aller Beträge und Projekte:"), report_link(report), _(REPORT_LINES_NOTE))


def lines_de(lines: str | None) -> str:
    """'227-290' -> 'Zeilen 227–290', '3987' -> 'Zeile 3987' (in the page's language), None -> '–'."""
    if not lines:
        return "–"
    text = str(lines).replace("-", "–")
    return (_("Zeilen {lines}") if "–" in text or ";" in text else _("Zeile {lines}")).format(lines=text)


def _tie_de(project: dict) -> str:
    if project["inferred"]:
        return _("ergänzt (nicht im Berichtstext genannt)")
    return _("nur in einer Bildunterschrift genannt") if project["caption_only"] else _("im Berichtstext genannt")


def projects_section(projects: list[dict], report: dict, name: str) -> Markup:
    """The report's projects whose text names the place, with their lines and how the tie was made."""
    heading = Markup("<h2>{}</h2>").format(_("Projekte des Berichts, die {name} nennen").format(name=name))
    if not projects:
        return heading + Markup("<p>{}</p>").format(_("Der Bericht nennt {name} bei keinem Projekt.").format(name=name))
    rows = [[p["project_id"] or "–", p["title"], lines_de(p["report_lines"]), _tie_de(p)] for p in projects]
    return (heading + Markup("<p>{} {}.</p>").format(_("{n} Projekte; nachzulesen im").format(n=len(projects)),
                                                       report_link(report))
            + table([_("Projekt"), _("Titel"), _("Stelle im Bericht"), _("Bezug")], rows))


def five_sites_de(basis: str | None, name: str, district_name: str, plant_sites: int, page: str | None) -> Markup:
    """Membership (a location of the programme) explained beside the power-plant sites in the place."""
    where = " (" + _("Bericht S. {page}").format(page=page) + ")" if page else ""
    if basis == "commune":
        member = _("ja: {name} ist selbst einer der fünf Standorte des Programms{where}.")
    elif basis == "district" and name == district_name:
        member = _("ja: {name} ist als Ganzes einer der fünf Standorte des Programms{where}.")
    elif basis == "district":
        member = _("ja: {name} gehört zum {district}, der als Ganzes einer der fünf Standorte ist{where}.")
    elif basis == "communes":
        member = _("ja: Gemeinden des Kreises sind Standorte des Programms{where}.")
    else:
        member = _("nein: kein Standort des Programms.")
    member = member.format(name=name, district=district_name, where=where)
    plants = _("Kraftwerksstandorte des Programms im Gebiet von {name}: {n}. "
               "Mitglied heißt, zu einem der fünf Standorte zu gehören, für die die Strukturhilfe des Bundes gilt; "
               "gezählt werden dagegen nur die Steinkohlekraftwerke, die im Gebiet liegen. "
               "Ein Mitglied kann also 0 Kraftwerksstandorte haben.").format(name=name, n=plant_sites)
    return Markup("<h2>{}</h2><p>{} {}</p><p>{}</p>").format(_("5-Standorte-Programm"), _("Mitglied:"), member, plants)


_ENGLISH_PLACES = ((re.compile(r"\blines\b"), "Zeilen"), (re.compile(r"\bline\b"), "Zeile"),
                   (re.compile(r"\b(report )?p\.\s"), "S. "))


def source_de(text: str, report: dict) -> Markup:
    """A row's source as the page shows it: a citation of the report is linked to the report and, on a
    German page, says "Zeile"/"S." (the data writes "line"/"p."); any other source stays a link or text
    (html_text.source)."""
    if not text.startswith(report["title"]):
        return source(text)
    if current() != "de":
        return link(report["url"], text)
    german = text
    for pattern, word in _ENGLISH_PLACES:
        german = pattern.sub(word, german)
    return link(report["url"], german)
