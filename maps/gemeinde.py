"""A municipality's portfolio page: its map, programmes, sites, funding with sources, comparisons."""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from geo.portfolio_report import commune_report
from geo.repository import Repository
from maps.common import PageConfig, boundary_layer, commune_records, finish, js_refs, new_map, programmes, site_layers, site_records
from maps.html_text import counted_de, decimal, euro, funders_de, link, source, table

PRECISION_DE = {"address": "Adresse (amtliche Koordinaten)", "landmark": "Ort (veröffentlichte Koordinaten)"}


def _downloads(cfg: PageConfig, ags: str) -> str:
    if cfg.api is None:
        return ""
    base = f"{cfg.api}/collections/sites/items?"
    links = [link(base + urlencode({"ags": ags, "f": f}), label)
             for f, label in (("csv", "Standorte als CSV"), ("json", "GeoJSON"), ("gpkg", "GeoPackage"))]
    links.append(link(f"{cfg.api}/communes/{ags}", "Portfolio als JSON"))
    return "<h2>Downloads</h2><p>" + " · ".join(links) + "</p>"


def _body(report: dict, names: dict, cfg: PageConfig) -> tuple[str, str]:
    district, region = report["district"], report["region"]
    intro = (f'<div class="rk-page"><h1>{escape(report["name"])}</h1>'
             f'<p>{escape(report["district_name"])} · {report["population"]:,} Einwohner (31.12.2023)</p></div>').replace(",", ".")
    programme_rows = [[escape(names[p]["name"]), str(n)] for p, n in report["sites"].items()]
    unknown = [s for s in report["site_list"] if s["precision"] == "commune"]
    site_rows = [[escape(s["name"]), escape(names[s["programme"]]["name"]), escape(s["address"] or "–"),
                  escape(PRECISION_DE.get(s["precision"], f"Standort in {report['name']}, genaue Lage nicht veröffentlicht")),
                  source(s["source"])] for s in report["site_list"]]
    funding_rows = [[escape(f["figure_id"]), escape(f["title"]), euro(f["amount_eur"]) + (f" (wahrscheinlich {euro(f['probable_amount_eur'])})" if f["probable_amount_eur"] else ""),
                     escape(funders_de(f["funder"])), escape(f["period_de"] or "–"), escape(counted_de(f["counted"])), source(f["source"])]
                    for f in report["funding_figures"]]
    rank = f'{report["rank_funding_per_inhabitant"]} von {report["rank_of"]}'
    comparison = table(["", "Angerechnete Förderung", "je Einwohner", "Rang"], [
        [escape(report["name"]), euro(report["funding_eur"]), decimal(report["funding_per_inhabitant_eur"]) + " €", rank],
        [escape(f"Kreisebene: {district['name']}"), euro(district["funding_eur"]), decimal(district["funding_per_inhabitant_eur"]) + " €",
         f'{district["rank_funding_per_inhabitant"]} von {district["rank_of"]}'],
        ["Ruhrgebiet", euro(region["funding_eur"]), decimal(region["funding_per_inhabitant_eur"]) + " €", "–"],
    ], numeric={1, 2})
    details = (
        '<div class="rk-page">'
        f"<h2>Programme</h2>{table(['Programm', 'Standorte'], programme_rows, numeric={1})}"
        f"<p>Davon ohne veröffentlichte Lage: {len(unknown)}.</p>"
        f"<h2>Standorte</h2>{table(['Name', 'Programm', 'Adresse', 'Lage', 'Quelle'], site_rows) if site_rows else '<p>Keine Standorte.</p>'}"
        f"<h2>Förderung</h2>{comparison}"
        "<p>Angerechnet wird nur ein Betrag, der allein dieser Gemeinde gilt; gemeinsame Beträge mehrerer Orte "
        "werden ungeteilt aufgeführt, Programmsummen und Sätze nicht addiert.</p>"
        f"{table(['Kennung', 'Vorhaben', 'Betrag', 'Geldgeber', 'Zeitraum', 'Zählung', 'Quelle'], funding_rows) if funding_rows else '<p>Keine Beträge im Fortschrittsbericht.</p>'}"
        f"<p>5-Standorte-Programm: {'ja' if report['five_sites_member'] else 'nein'}</p>"
        f"{_downloads(cfg, report['ags'])}"
        f'<p>{link(cfg.karte_link, "Zur Karte aller Projekte")}</p>'
        "</div>"
    )
    return intro, details


def build_gemeinde(repo: Repository, ags: str, cfg: PageConfig) -> str:
    report = commune_report(repo, ags)
    names = programmes(repo)
    intro, details = _body(report, names, cfg)
    m = new_map(cfg, f"{report['name']} – Ruhrkarte", height="55vh")
    commune = repo.region.communes[repo.region.communes["ags"] == ags]
    boundaries = boundary_layer(m, cfg, commune, "Gemeindegrenze",
                                lambda _: {"color": "#333", "weight": 2, "fillColor": "#3182bd", "fillOpacity": 0.08})
    sites = [s for s in site_records(repo) if s["id"] in {x["id"] for x in report["site_list"]}]
    groups, _ = site_layers(m, repo, sites, cluster=False)
    records = commune_records(repo)
    data = {"sites": sites, "communes": {ags: records[ags]}, "programmes": names}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups)}
    page = finish(m, cfg, "initGemeinde", refs, data)
    # folium places its map div last in <body>: the intro goes before it, the tables after it.
    page = page.replace('<div class="folium-map"', intro + '<div class="folium-map"', 1)
    return page.replace("</body>", details + "</body>", 1)
