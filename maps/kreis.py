"""A Kreis page (`/kreise/{code}`): the Kreis' communes on a map and in a table, and the figures the
data has at Kreis level (grants for the Kreis as a whole, its sites, 5-Standorte membership)."""
from __future__ import annotations

from markupsafe import Markup

from geo.neighbours import neighbours
from geo.numbers_de import euro_de, integer_de
from geo.portfolio_report import district_report
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, add_section, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.gemeinde import context_layer, downloads, funding_table, per_inhabitant_de, programme_page
from maps.html_text import link, table
from maps.i18n import _
from maps.portfolio_text import five_sites_de, projects_section, rank_de, source_de, sources_note


def _communes_table(report: dict, cfg: PageConfig) -> Markup:
    rows = [[link(cfg.commune_link.replace("{ags}", c["ags"]), c["name"]), integer_de(c["population"]), c["sites_total"],
             euro_de(c["funding_eur"]), per_inhabitant_de(c["funding_per_inhabitant_eur"])]
            for c in sorted(report["commune_table"], key=lambda c: c["name"])]
    return table([_("Gemeinde"), _("Einwohner"), _("Standorte"), _("Angerechnete Förderung"), _("je Einwohner")], rows,
                 numeric={1, 2, 3, 4})


def _details(report: dict, names: dict, model: ReadModel, cfg: PageConfig) -> Markup:
    kreis_sites = [[s["name"], names[s["programme"]]["name"], source_de(s["source"], report["report"])]
                   for s in report["site_list"]]
    # The Kreis' credited funding is its communes' plus the grants for the Kreis as a whole (geo/portfolio.py).
    own = report["funding_eur"] - sum(c["funding_eur"] for c in report["commune_table"])
    parts = [
        Markup("<h2>{}</h2>").format(_("Gemeinden")), _communes_table(report, cfg),
        Markup("<h2>{}</h2>").format(_("Kennzahlen der Kreisebene")),
        table([_("Kennzahl"), _("Wert")], [
            [_("Einwohner"), integer_de(report["population"])],
            [_("Standorte in den Gemeinden und im Kreis"), report["sites_total"]],
            [_("davon ohne veröffentlichte Lage"), report["sites_commune_level"]],
            [_("Förderung für den Kreis als Ganzes"), euro_de(own)],
            [_("Angerechnete Förderung insgesamt (Gemeinden und Kreis)"), euro_de(report["funding_eur"])],
            [_("je Einwohner"), per_inhabitant_de(report["funding_per_inhabitant_eur"])],
            [_("Rang je Einwohner"), rank_de(report, _("Kreisen und kreisfreien Städten"))],
        ], numeric={1}),
        Markup("<h2>{}</h2>").format(_("Standorte des Kreises als Ganzes")),
        table([_("Name"), _("Programm"), _("Quelle")], kreis_sites) if kreis_sites
        else Markup("<p>{}</p>").format(_("Keine Standorte, die dem Kreis als Ganzem gelten.")),
        Markup("<h2>{}</h2>").format(_("Beträge, die den Kreis nennen")),
        funding_table(report["funding_figures"], report["report"]),
        five_sites_de(report["five_sites_basis"], report["name"], report["name"], report["sites"].get("five_sites", 0),
                      programme_page(model, "five_sites")),
        projects_section(report["projects_named"], report["report"], report["name"]),
        sources_note(report["report"]),
        downloads(cfg, f"/kreise/{report['district_code']}"),
        Markup("<p>{} · {}</p>").format(link(cfg.index_link, _("Alle Gemeinden")),
                                        link(cfg.karte_link, _("Zur Karte aller Projekte"))),
    ]
    return Markup('<div class="rk-page">{}</div>').format(Markup("").join(parts))


def build_kreis(source_: ReadModel | Repository, code: str, cfg: PageConfig) -> str:
    model = as_read_model(source_)
    cfg = cfg.in_language()
    report = district_report(model.repo, code)
    members = [c["ags"] for c in report["commune_table"]]
    names = programmes(model)
    intro = Markup('<div class="rk-page"><p>{}</p><h1>{}</h1><p>{} · {}</p></div>').format(
        link(cfg.index_link, _("Alle Gemeinden")), report["name"],
        _("{n} Gemeinden").format(n=report["communes"]),
        _("{population} Einwohner (31.12.2023)").format(population=integer_de(report["population"])))
    m = new_map(cfg, f"{report['name']} – Ruhrkarte", height="55vh", before=intro)
    context_layer(m, cfg, model, neighbours(model.repo.region.communes, members))
    boundaries = boundary_layer(m, cfg, model, _("Gemeinden des Kreises"),
                                lambda _: {"color": "#333", "weight": 1.5, "fillColor": "#3182bd", "fillOpacity": 0.08},
                                only=members)
    sites = [s for s in model.page_sites if set(model.site_by_id[s["id"]].code_list) & {code, *members}]
    groups = site_layers(m, model, sites, cluster=False)[0]
    add_section(m, _details(report, names, model, cfg))
    data = {"sites": sites, "communes": {a: model.commune_cards[a] for a in members}, "programmes": names}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups)}
    return finish(m, cfg, "initGemeinde", refs, data)
