"""The landing page for people (`/` in a browser): what Ruhrkarte is, which page serves whom, the
commune picker (a plain form, so it works without JavaScript) and the URL for GIS clients.

API clients still get the OGC API landing document as JSON from the same URL (service/routes_ogc.py).
"""
from __future__ import annotations

import unicodedata

from markupsafe import Markup

from geo.read_model import ReadModel
from geo.ruhr import KREISFREIE_STAEDTE
from maps.i18n import _, current, localized

PICKER_PARAMETER = "gemeinde"  # `/?gemeinde=<AGS or name>` sends the browser to the commune page


def _sort_key(name: str) -> str:
    """German alphabetical order without a locale: Ü sorts as U."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def commune_groups(model: ReadModel) -> list[tuple[str, list[tuple[str, str]]]]:
    """The 53 communes for the picker: the kreisfreie Städte, then each Kreis; names in order."""
    communes = model.repo.portfolios.communes
    groups: dict[str, list[tuple[str, str]]] = {}
    for ags, row in communes.iterrows():
        group = _("Kreisfreie Städte") if row["district_code"] in KREISFREIE_STAEDTE else row["district_name"]
        groups.setdefault(group, []).append((ags, row["name"]))
    ordered = sorted(groups.items(), key=lambda item: (item[0] != _("Kreisfreie Städte"), _sort_key(item[0])))
    return [(group, sorted(members, key=lambda m: _sort_key(m[1]))) for group, members in ordered]


def _picker(model: ReadModel) -> Markup:
    options = Markup("").join(
        Markup('<optgroup label="{}">{}</optgroup>').format(group, Markup("").join(
            Markup('<option value="{}">{}</option>').format(ags, name) for ags, name in members))
        for group, members in commune_groups(model))
    language = Markup('<input type="hidden" name="lang" value="{}">').format(current()) if current() != "de" else ""
    return Markup('<form class="rk-picker" method="get" action="/">'
                  '<label for="rk-gemeinde">{}</label> '
                  '<select id="rk-gemeinde" name="{}" required><option value="">{}</option>{}</select> {}'
                  '<button type="submit">{}</button></form>').format(
        _("Gemeinde wählen"), PICKER_PARAMETER, _("– bitte wählen –"), options, language, _("Zur Gemeindeseite"))


def landing_body(model: ReadModel, base_url: str) -> Markup:
    """The page below its h1; `base_url` is the public URL of this service (what QGIS connects to)."""
    def a(href: str, text: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(localized(href), text)

    sections = [
        Markup("<p>{}</p>").format(_(
            "Ruhrkarte zeigt, wo die Programme der Ruhr-Konferenz des Landes Nordrhein-Westfalen im Ruhrgebiet "
            "wirken: Familiengrundschulzentren, TalentKolleg Ruhr, das 5-Standorte-Programm, die Internationale "
            "Gartenausstellung 2027 und die Fördermittel aus dem Fortschrittsbericht 2021 – für alle 53 Städte und "
            "Gemeinden des Regionalverbands Ruhr.")),
        Markup("<h2>{}</h2>").format(_("Welche Seite für wen?")),
        Markup('<h3>{}</h3><p>{} {}</p>').format(
            _("Für Bürgerinnen und Bürger"), a("/karte", _("Karte der Projekte")),
            _("– suchen Sie einen Ort, eine Adresse oder Ihre Position und sehen Sie die Projekte in der Nähe.")),
        Markup('<h3>{}</h3><p>{}</p>{}').format(
            _("Für Städte und Gemeinden"),
            _("Jede Gemeinde hat eine eigene Seite: ihre Programme und Standorte, jeder Förderbetrag mit Quelle, "
              "der Vergleich mit Kreis und Region und Downloads."), _picker(model)),
        Markup('<h3>{}</h3><p>{} {}</p>').format(
            _("Für Planende"), a("/planung", _("Karte für Planende")),
            _("– vergleichen Sie die Gemeinden nach einer Kennzahl, als Karte und als Tabelle.")),
        Markup('<h3>{}</h3><p>{}</p><p class="rk-url"><code>{}</code></p><p>{} {} · {} · {}</p>').format(
            _("Für GIS-Nutzende"),
            _("Alle Daten sind ein Dienst nach OGC API – Features. In QGIS: Layer › Layer hinzufügen › "
              "WFS/OGC-API-Features-Layer hinzufügen, „Neu“, als URL diese Adresse eintragen und als Version "
              "„OGC API - Features“ wählen:"),
            base_url + "/", _("Außerdem:"), a("/collections?f=html", _("Datensätze")),
            a("/api.html", _("API-Dokumentation")), Markup('<a href="/summaries?f=csv">{}</a>').format(
                _("Übersicht je Gemeinde (CSV)"))),
    ]  # the attribution of the boundaries is in the footer of every page (service/html_pages.py)
    return Markup("").join(sections)
