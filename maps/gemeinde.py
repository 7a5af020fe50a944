"""A municipality's portfolio page: its map, programmes, sites, funding with sources, comparisons.

The one commune page: `/gemeinden/{key}` serves it and `/communes/{key}?f=html` redirects here.
Every number is explained where it stands (maps/portfolio_text.py): a rank shared by all places
without credited funding is no rank, membership in the 5-Standorte-Programm is not a count of
power-plant sites, and every figure and project names its line in the linked report.
"""
from __future__ import annotations

from urllib.parse import urlencode

import folium
from markupsafe import Markup

from geo.neighbours import neighbours
from geo.numbers_de import decimal_de, euro_de, integer_de
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, add_section, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.html_text import funders_de, link, table
from maps.i18n import N_, _, pick
from maps.labels import precision_de
from maps.portfolio_text import five_sites_de, lines_de, projects_section, rank_de, source_de, sources_note

CREDITING_NOTE = N_("Angerechnet werden nur Fördermittel von Land, Bund, EU oder Dritten, die allein dieser Gemeinde "
                  "gelten. Gemeinsame Beträge mehrerer Orte werden ungeteilt aufgeführt, aber nicht angerechnet; "
                  "Eigenanteile, nur einsetzbare Mittel, Gesamtbudgets, Programmsummen, landesweite Vorhaben und Sätze "
                  "werden mit ihrem Grund aufgeführt, aber nicht addiert. Die Spalte „Zählung“ nennt den Grund für "
                  "jeden Betrag.")
# The downloads of a commune or Kreis page: (file, label); served by service/routes_communes.py.
DOWNLOADS = (("standorte.csv", N_("Standorte als CSV")), ("standorte-excel.csv", N_("Standorte als CSV für Excel")),
             ("standorte.geojson", N_("Standorte als GeoJSON")), ("foerderung.csv", N_("Förderung als CSV")),
             ("foerderung-excel.csv", N_("Förderung als CSV für Excel")))
NEIGHBOUR_STYLE = {"color": "#888", "weight": 1, "fillColor": "#bbbbbb", "fillOpacity": 0.12, "dashArray": "4 3"}


def downloads(cfg: PageConfig, page_path: str, ags: str | None = None) -> Markup:
    """Links to the page's own downloads (all sites, also those without a published position)."""
    if cfg.api is None:
        return Markup("")
    links = [link(f"{cfg.api}{page_path}/{name}", _(label)) for name, label in DOWNLOADS]
    if ags:
        links.append(link(f"{cfg.api}/collections/sites/items?" + urlencode({"ags": ags, "f": "gpkg"}),
                          _("GeoPackage (nur Standorte mit veröffentlichter Lage)")))
        links.append(link(f"{cfg.api}/communes/{ags}", _("Portfolio als JSON")))
    return Markup('<h2>{}</h2><p>{}</p><p class="rk-note">{}</p>').format(
        _("Downloads"), Markup(" · ").join(links),
        _("Die Dateien enthalten alle Standorte der Seite; Standorte ohne veröffentlichte Lage stehen ohne Koordinaten "
        "(CSV) bzw. mit leerer Geometrie (GeoJSON) darin. „Für Excel“: Semikolon, Dezimalkomma, UTF-8 mit BOM."))


def amount_de(figure: dict) -> str:
    """The amount as printed, the report's qualifier ("über", "bis zu") and a corrected misprint."""
    text = euro_de(figure["amount_eur"])
    if figure["qualifier_de"]:
        text += f" ({figure['qualifier_de']})"
    if figure["probable_amount_eur"]:
        text += " (" + _("wahrscheinlich {amount}").format(amount=euro_de(figure["probable_amount_eur"])) + ")"
    return text


def per_inhabitant_de(value: float) -> str:
    return f"{decimal_de(value)} €"


def funding_table(figures: list[dict], report: dict) -> Markup:
    rows = [[f["figure_id"], f["title"], amount_de(f), funders_de(f["funder"]), f["period_de"] or "–",
             pick(f["counted_de"], f["counted_text"]), lines_de(str(f["report_line"])), source_de(f["source"], report)]
            for f in figures]
    header = [_("Kennung"), _("Vorhaben"), _("Betrag"), _("Geldgeber"), _("Zeitraum"), _("Zählung"),
              _("Stelle im Bericht"), _("Quelle")]
    return (table(header, rows) if rows
            else Markup("<p>{}</p>").format(_("Keine Beträge im Fortschrittsbericht.")))


def programme_page(model: ReadModel, programme_id: str) -> str | None:
    """The report page of a programme (programmes.csv `report_page`), None where the data has none."""
    frame = model.repo.programmes.programmes
    return (str(frame.loc[programme_id, "report_page"]) or None) if programme_id in frame.index else None


def _intro(report: dict, cfg: PageConfig) -> Markup:
    district = report["district_name"]
    kreis = (link(cfg.kreis_link.replace("{code}", report["district_code"]), district)
             if district.startswith("Kreis") or district.endswith("Kreis") else _("kreisfreie Stadt"))
    return Markup('<div class="rk-page"><p>{}</p><h1>{}</h1><p>{} · {}</p></div>').format(
        link(cfg.index_link, _("Alle Gemeinden")), report["name"], kreis,
        _("{population} Einwohner (31.12.2023)").format(population=integer_de(report["population"])))


def _comparison(report: dict) -> Markup:
    district, region = report["district"], report["region"]
    return table([_("Einheit"), _("Angerechnete Förderung"), _("je Einwohner"), _("Rang je Einwohner")], [
        [report["name"], euro_de(report["funding_eur"]), per_inhabitant_de(report["funding_per_inhabitant_eur"]),
         rank_de(report, _("Gemeinden"))],
        [_("Kreisebene: {name}").format(name=district["name"]), euro_de(district["funding_eur"]),
         per_inhabitant_de(district["funding_per_inhabitant_eur"]), rank_de(district, _("Kreisen und kreisfreien Städten"))],
        [_("Ruhrgebiet"), euro_de(region["funding_eur"]), per_inhabitant_de(region["funding_per_inhabitant_eur"]), "–"],
    ], numeric={1, 2})


def _details(report: dict, names: dict, model: ReadModel, cfg: PageConfig) -> Markup:
    programme_rows = [[names[p]["name"], n] for p, n in report["sites"].items()]
    unknown = [s for s in report["site_list"] if s["precision"] == "commune"]
    site_rows = [[s["name"], names[s["programme"]]["name"], s["address"] or "–",
                  precision_de(s["precision"], report["name"]), source_de(s["source"], report["report"])]
                 for s in report["site_list"]]
    parts = [
        Markup("<h2>{}</h2>").format(_("Programme")), table([_("Programm"), _("Standorte")], programme_rows, numeric={1}),
        Markup("<p>{}</p>").format(_("Davon ohne veröffentlichte Lage: {n}.").format(n=len(unknown))),
        Markup("<h2>{}</h2>").format(_("Standorte")),
        table([_("Name"), _("Programm"), _("Adresse"), _("Lage"), _("Quelle")], site_rows) if site_rows
        else Markup("<p>{}</p>").format(_("Keine Standorte.")),
        Markup("<h2>{}</h2>").format(_("Förderung")), _comparison(report),
    ]
    if report["funding_nothing_credited_de"]:
        parts.append(Markup("<p><strong>{}</strong></p>").format(report["funding_nothing_credited_de"]))
    parts += [Markup("<p>{}</p>").format(_(CREDITING_NOTE)), funding_table(report["funding_figures"], report["report"])]
    parts.append(five_sites_de(report["five_sites_basis"], report["name"], report["district_name"],
                               report["sites"].get("five_sites", 0), programme_page(model, "five_sites")))
    parts.append(projects_section(report["projects_named"], report["report"], report["name"]))
    parts.append(sources_note(report["report"]))
    parts.append(downloads(cfg, f"/gemeinden/{report['ags']}", report["ags"]))
    parts.append(Markup("<p>{} · {}</p>").format(link(cfg.karte_link, _("Zur Karte aller Projekte")),
                                                link(cfg.index_link, _("Alle Gemeinden"))))
    return Markup('<div class="rk-page">{}</div>').format(Markup("").join(parts))


def context_layer(m: folium.Map, cfg: PageConfig, model: ReadModel, codes: list[str]) -> None:
    """The neighbouring communes, drawn lightly and not interactive: orientation, not content."""
    features = [{**f, "properties": dict(f["properties"])} for f in model.display_communes(cfg.display_tolerance_m)["features"]
                if f["properties"]["ags"] in codes]
    if features:
        folium.GeoJson({"type": "FeatureCollection", "features": features}, name=_("Nachbargemeinden"),
                       style_function=lambda _: NEIGHBOUR_STYLE, interactive=False, control=False).add_to(m)


def build_gemeinde(source_: ReadModel | Repository, ags: str, cfg: PageConfig) -> str:
    model = as_read_model(source_)
    cfg = cfg.in_language()
    report = model.commune_report(ags)
    names = programmes(model)
    m = new_map(cfg, f"{report['name']} – Ruhrkarte", height="55vh", before=_intro(report, cfg))
    context_layer(m, cfg, model, neighbours(model.repo.region.communes, [ags]))
    boundaries = boundary_layer(m, cfg, model, _("Gemeindegrenze"),
                                lambda _: {"color": "#333", "weight": 2, "fillColor": "#3182bd", "fillOpacity": 0.08}, only=ags)
    sites = model.commune_page_sites(ags)
    groups = site_layers(m, model, sites, cluster=False)[0]
    add_section(m, _details(report, names, model, cfg))
    data = {"sites": sites, "communes": {ags: model.commune_cards[ags]}, "programmes": names}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups)}
    return finish(m, cfg, "initGemeinde", refs, data)
