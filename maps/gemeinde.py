"""A municipality's portfolio page: its map, programmes, sites, funding with sources, comparisons.

The one commune page: `/gemeinden/{key}` serves it and `/communes/{key}?f=html` redirects here.
"""
from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup

from geo.numbers_de import decimal_de, euro_de, integer_de
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, add_section, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.html_text import funders_de, link, source, table
from maps.i18n import N_, _, pick
from maps.labels import precision_de

CREDITING_NOTE = N_("Angerechnet werden nur Fördermittel von Land, Bund, EU oder Dritten, die allein dieser Gemeinde "
                  "gelten. Gemeinsame Beträge mehrerer Orte werden ungeteilt aufgeführt, aber nicht angerechnet; "
                  "Eigenanteile, nur einsetzbare Mittel, Gesamtbudgets, Programmsummen, landesweite Vorhaben und Sätze "
                  "werden mit ihrem Grund aufgeführt, aber nicht addiert. Die Spalte „Zählung“ nennt den Grund für "
                  "jeden Betrag.")


def _downloads(cfg: PageConfig, ags: str) -> Markup:
    if cfg.api is None:
        return Markup("")
    base = f"{cfg.api}/collections/sites/items?"
    links = [link(base + urlencode({"ags": ags, "f": f}), label)
             for f, label in (("csv", _("Standorte als CSV")), ("json", "GeoJSON"), ("gpkg", "GeoPackage"))]
    links.append(link(f"{cfg.api}/communes/{ags}", _("Portfolio als JSON")))
    return Markup("<h2>{}</h2><p>{}</p>").format(_("Downloads"), Markup(" · ").join(links))


def _amount(figure: dict) -> str:
    """The amount as printed, the report's qualifier ("über", "bis zu") and a corrected misprint."""
    text = euro_de(figure["amount_eur"])
    if figure["qualifier_de"]:
        text += f" ({figure['qualifier_de']})"
    if figure["probable_amount_eur"]:
        text += " (" + _("wahrscheinlich {amount}").format(amount=euro_de(figure["probable_amount_eur"])) + ")"
    return text


def _per_inhabitant(value: float) -> str:
    return f"{decimal_de(value)} €"


def _intro(report: dict) -> Markup:
    return Markup('<div class="rk-page"><h1>{}</h1><p>{} · {}</p></div>').format(
        report["name"], report["district_name"],
        _("{population} Einwohner (31.12.2023)").format(population=integer_de(report["population"])))


def _details(report: dict, names: dict, cfg: PageConfig) -> Markup:
    district, region = report["district"], report["region"]
    programme_rows = [[names[p]["name"], n] for p, n in report["sites"].items()]
    unknown = [s for s in report["site_list"] if s["precision"] == "commune"]
    site_rows = [[s["name"], names[s["programme"]]["name"], s["address"] or "–",
                  precision_de(s["precision"], report["name"]), source(s["source"])] for s in report["site_list"]]
    funding_rows = [[f["figure_id"], f["title"], _amount(f), funders_de(f["funder"]), f["period_de"] or "–",
                     pick(f["counted_de"], f["counted_text"]), source(f["source"])] for f in report["funding_figures"]]
    rank = _("{rank} von {of}")
    comparison = table([_("Ebene"), _("Angerechnete Förderung"), _("je Einwohner"), _("Rang")], [
        [report["name"], euro_de(report["funding_eur"]), _per_inhabitant(report["funding_per_inhabitant_eur"]),
         rank.format(rank=report["rank_funding_per_inhabitant"], of=report["rank_of"])],
        [_("Kreisebene: {name}").format(name=district["name"]), euro_de(district["funding_eur"]),
         _per_inhabitant(district["funding_per_inhabitant_eur"]),
         rank.format(rank=district["rank_funding_per_inhabitant"], of=district["rank_of"])],
        [_("Ruhrgebiet"), euro_de(region["funding_eur"]), _per_inhabitant(region["funding_per_inhabitant_eur"]), "–"],
    ], numeric={1, 2})
    parts = [
        Markup("<h2>{}</h2>").format(_("Programme")), table([_("Programm"), _("Standorte")], programme_rows, numeric={1}),
        Markup("<p>{}</p>").format(_("Davon ohne veröffentlichte Lage: {n}.").format(n=len(unknown))),
        Markup("<h2>{}</h2>").format(_("Standorte")),
        table([_("Name"), _("Programm"), _("Adresse"), _("Lage"), _("Quelle")], site_rows) if site_rows
        else Markup("<p>{}</p>").format(_("Keine Standorte.")),
        Markup("<h2>{}</h2>").format(_("Förderung")), comparison,
    ]
    if report["funding_nothing_credited_de"]:
        parts.append(Markup("<p><strong>{}</strong></p>").format(report["funding_nothing_credited_de"]))
    parts.append(Markup("<p>{}</p>").format(_(CREDITING_NOTE)))
    parts.append(table([_("Kennung"), _("Vorhaben"), _("Betrag"), _("Geldgeber"), _("Zeitraum"), _("Zählung"), _("Quelle")],
                       funding_rows) if funding_rows else Markup("<p>{}</p>").format(_("Keine Beträge im Fortschrittsbericht.")))
    parts.append(Markup("<p>{}</p>").format(_("5-Standorte-Programm: {answer}").format(
        answer=_("ja") if report["five_sites_member"] else _("nein"))))
    parts.append(_downloads(cfg, report["ags"]))
    parts.append(Markup("<p>{}</p>").format(link(cfg.karte_link, _("Zur Karte aller Projekte"))))
    return Markup('<div class="rk-page">{}</div>').format(Markup("").join(parts))


def build_gemeinde(source_: ReadModel | Repository, ags: str, cfg: PageConfig) -> str:
    model = as_read_model(source_)
    cfg = cfg.in_language()
    report = model.commune_report(ags)
    names = programmes(model)
    m = new_map(cfg, f"{report['name']} – Ruhrkarte", height="55vh", before=_intro(report))
    boundaries = boundary_layer(m, cfg, model, _("Gemeindegrenze"),
                                lambda _: {"color": "#333", "weight": 2, "fillColor": "#3182bd", "fillOpacity": 0.08}, only=ags)
    sites = model.commune_page_sites(ags)
    groups = site_layers(m, model, sites, cluster=False)[0]
    add_section(m, _details(report, names, cfg))
    data = {"sites": sites, "communes": {ags: model.commune_cards[ags]}, "programmes": names}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups)}
    return finish(m, cfg, "initGemeinde", refs, data)
