"""The planners' page: a choropleth of the communes by a chosen measure, classed by mapclassify."""
from __future__ import annotations

import warnings
from html import escape

import mapclassify
import numpy as np

from geo.repository import Repository
from maps.common import PageConfig, boundary_layer, commune_records, finish, js_refs, new_map, programmes, site_layers, site_records
from maps.html_text import decimal, link, table

MEASURES = {
    "funding_per_inhabitant_eur": "Angerechnete Förderung je Einwohner (€)",
    "funding_eur": "Angerechnete Förderung (€)",
    "sites_total": "Standorte insgesamt",
    "sites_fgz": "Familiengrundschulzentren",
    "sites_talentkolleg": "TalentKolleg Ruhr",
    "sites_iga2027": "IGA 2027: Standorte",
    "sites_five_sites": "5-Standorte: Kraftwerksstandorte",
    "five_sites_member": "Mitglied im 5-Standorte-Programm",
}
SCHEMES = {"natural_breaks": ("Natürliche Brüche (Jenks)", mapclassify.NaturalBreaks),
           "quantiles": ("Quantile", mapclassify.Quantiles),
           "equal_interval": ("Gleiche Intervalle", mapclassify.EqualInterval)}
PALETTE = {2: ["#deebf7", "#3182bd"], 3: ["#deebf7", "#9ecae1", "#3182bd"],
           4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"], 5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
           6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
           7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"]}
CLASS_COUNTS = range(3, 8)


def _format(value: float, measure: str) -> str:
    if measure == "five_sites_member":
        return "ja" if value else "nein"
    if measure.startswith("sites_"):
        return str(int(value))
    return decimal(value, 2 if measure.endswith("inhabitant_eur") else 0) + " €"


def classify(values: np.ndarray, measure: str, scheme: str, k: int) -> tuple[np.ndarray, list[str]]:
    """Class of every value and the legend labels; few distinct values get one class each."""
    distinct = np.unique(values)
    if len(distinct) <= k:
        classes = np.searchsorted(distinct, values)
        return classes, [_format(v, measure) for v in distinct]
    with warnings.catch_warnings():
        # Repeated values can leave fewer classes than asked; the labels below follow what was made.
        warnings.simplefilter("ignore", UserWarning)
        classifier = SCHEMES[scheme][1](values, k=k)
    bins = classifier.bins
    if measure.startswith("sites_"):
        bins = np.floor(bins)  # counts: a limit of 0.4 separates the same values as 0
    bins = np.unique(bins)  # quantiles of repeated values can repeat a limit
    classes = np.searchsorted(bins, values, side="left")
    # A class holds the values above the previous limit up to and including its own.
    labels = [f"bis {_format(bins[0], measure)}"]
    labels += [f"über {_format(lo, measure)} bis {_format(hi, measure)}" for lo, hi in zip(bins[:-1], bins[1:])]
    return classes, labels


def _form(measure: str, scheme: str, k: int) -> str:
    def options(choices: dict, chosen) -> str:
        return "".join(f'<option value="{escape(str(key))}"{" selected" if key == chosen else ""}>{escape(str(label))}</option>'
                       for key, label in choices.items())
    return ('<form class="rk-page" method="get" action="">'
            '<h1>Ruhrkarte für Planende</h1>'
            f'<label>Kennzahl <select name="measure">{options(MEASURES, measure)}</select></label> '
            f'<label>Klassen <select name="scheme">{options({k_: v[0] for k_, v in SCHEMES.items()}, scheme)}</select></label> '
            f'<label>Anzahl <select name="k">{options({n: n for n in CLASS_COUNTS}, k)}</select></label> '
            '<button type="submit">Anzeigen</button></form>')


def build_planung(repo: Repository, cfg: PageConfig, measure: str = "funding_per_inhabitant_eur",
                  scheme: str = "natural_breaks", k: int = 5) -> str:
    table_ = repo.portfolios.communes
    values = table_[measure].astype(float).to_numpy()
    classes, labels = classify(values, measure, scheme, k)
    colours = PALETTE[max(2, len(labels))][:len(labels)] if len(labels) <= 7 else PALETTE[7]
    fill = {ags: colours[c] for ags, c in zip(table_.index, classes)}
    m = new_map(cfg, "Ruhrkarte für Planende", height="70vh")
    boundaries = boundary_layer(m, cfg, repo.region.communes, MEASURES[measure],
                                lambda f: {"color": "#444", "weight": 1, "fillColor": fill[f["properties"]["ags"]], "fillOpacity": 0.8})
    sites = site_records(repo)
    groups, clusters = site_layers(m, repo, sites)
    communes = commune_records(repo)
    for ags, value in zip(table_.index, values):
        communes[ags]["value_text"] = _format(value, measure)
    data = {"sites": sites, "communes": communes, "programmes": programmes(repo), "measureLabel": MEASURES[measure],
            "classes": [{"colour": c, "label": l} for c, l in zip(colours, labels)]}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    page = finish(m, cfg, "initPlanung", refs, data)
    order = np.argsort(-values, kind="stable")
    rows = [[escape(table_.index[i]), link(cfg.commune_link.replace("{ags}", table_.index[i]), table_["name"].iloc[i]),
             escape(_format(values[i], measure)), escape(labels[classes[i]])] for i in order]
    download = f"<p>{link(f'{cfg.api}/summaries?f=csv', 'Tabelle aller Kennzahlen als CSV')}</p>" if cfg.api is not None else ""
    details = (f'<div class="rk-page"><h2>{escape(MEASURES[measure])}</h2>{download}'
               f"{table(['AGS', 'Gemeinde', 'Wert', 'Klasse'], rows, numeric={2})}</div>")
    page = page.replace('<div class="folium-map"', _form(measure, scheme, k) + '<div class="folium-map"', 1)
    return page.replace("</body>", details + "</body>", 1)
