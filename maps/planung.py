"""The planners' page: a choropleth of the communes by a chosen measure, classed by mapclassify."""
from __future__ import annotations

import warnings

import mapclassify
import numpy as np
from markupsafe import Markup

from geo.errors import InvalidInput
from geo.numbers_de import decimal_de
from geo.programme_registry import ProgrammeRegistry
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, add_section, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.html_text import link, table
from maps.i18n import N_, _, current, pick

FIXED_MEASURES = {
    "funding_per_inhabitant_eur": N_("Angerechnete Förderung je Einwohner (€)"),
    "funding_eur": N_("Angerechnete Förderung (€)"),
    "sites_total": N_("Standorte insgesamt"),
}
MEMBERSHIP_MEASURE = {"five_sites_member": N_("Mitglied im 5-Standorte-Programm")}
# Fisher-Jenks is the exact, deterministic natural-breaks optimum; mapclassify.NaturalBreaks is a
# randomised k-means that fails on skewed values (e.g. 0, 0.5, 1 and 346 million EUR).
SCHEMES = {"natural_breaks": (N_("Natürliche Brüche (Jenks)"), mapclassify.FisherJenks),
           "quantiles": (N_("Quantile"), mapclassify.Quantiles),
           "equal_interval": (N_("Gleiche Intervalle"), mapclassify.EqualInterval)}
PALETTE = {2: ["#deebf7", "#3182bd"], 3: ["#deebf7", "#9ecae1", "#3182bd"],
           4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"], 5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
           6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
           7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"]}
CLASS_COUNTS = range(3, 8)
DEFAULT_MEASURE, DEFAULT_SCHEME, DEFAULT_K = "funding_per_inhabitant_eur", "natural_breaks", 5


def _format(value: float, measure: str) -> str:
    if measure == "five_sites_member":
        return _("ja") if value else _("nein")
    if measure.startswith("sites_"):
        return str(int(value))
    return decimal_de(value, 2 if measure.endswith("inhabitant_eur") else 0) + " €"


def measures(registry: ProgrammeRegistry) -> dict[str, str]:
    """Every measure of the page, with its label in the page's language: one site count per registered programme."""
    fixed = {key: _(label) for key, label in FIXED_MEASURES.items()}
    return {**fixed, **{p.site_column: pick(p.label_de, p.label_en) for p in registry},
            **{key: _(label) for key, label in MEMBERSHIP_MEASURE.items()}}


def check_measure(registry: ProgrammeRegistry, measure: str) -> str:
    """The measure's label; InvalidInput listing the allowed measures for any other value."""
    labels = measures(registry)
    if measure not in labels:
        raise InvalidInput(f"unknown measure {measure[:60]!r}; one of {', '.join(labels)}")
    return labels[measure]


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
    labels = [_("bis {upper}").format(upper=_format(bins[0], measure))]
    labels += [_("über {lower} bis {upper}").format(lower=_format(lo, measure), upper=_format(hi, measure))
               for lo, hi in zip(bins[:-1], bins[1:])]
    return classes, labels


def _form(measure_labels: dict[str, str], measure: str, scheme: str, k: int) -> Markup:
    def options(choices: dict, chosen) -> Markup:
        return Markup("").join(Markup('<option value="{}"{}>{}</option>').format(
            str(key), Markup(" selected") if key == chosen else "", str(label)) for key, label in choices.items())
    language = Markup('<input type="hidden" name="lang" value="{}">').format(current()) if current() != "de" else ""
    return Markup('<form class="rk-page" method="get" action="">'
                  '<h1>{}</h1>'
                  '<label for="rk-measure">{}</label> <select id="rk-measure" name="measure">{}</select> '
                  '<label for="rk-scheme">{}</label> <select id="rk-scheme" name="scheme">{}</select> '
                  '<label for="rk-k">{}</label> <select id="rk-k" name="k">{}</select> {}'
                  '<button type="submit">{}</button></form>').format(
        _("Ruhrkarte für Planende"), _("Kennzahl"), options(measure_labels, measure), _("Klassen"),
        options({k_: _(v[0]) for k_, v in SCHEMES.items()}, scheme), _("Anzahl"),
        options({n: n for n in CLASS_COUNTS}, k), language, _("Anzeigen"))


def build_planung(source: ReadModel | Repository, cfg: PageConfig, measure: str = DEFAULT_MEASURE,
                  scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K) -> str:
    model = as_read_model(source)
    cfg = cfg.in_language()
    measure_label = check_measure(model.registry, measure)
    table_ = model.repo.portfolios.communes
    values = table_[measure].astype(float).to_numpy()
    classes, labels = classify(values, measure, scheme, k)
    colours = PALETTE[max(2, len(labels))][:len(labels)] if len(labels) <= 7 else PALETTE[7]
    fill = {ags: colours[c] for ags, c in zip(table_.index, classes)}
    m = new_map(cfg, _("Ruhrkarte für Planende"), height="70vh", before=_form(measures(model.registry), measure, scheme, k),
                query={"measure": measure, "scheme": scheme, "k": str(k)})
    boundaries = boundary_layer(m, cfg, model, measure_label,
                                lambda f: {"color": "#444", "weight": 1, "fillColor": fill[f["properties"]["ags"]], "fillOpacity": 0.8})
    sites = list(model.page_sites)
    groups, clusters = site_layers(m, model, sites)
    communes = {ags: {**model.commune_cards[ags], "value_text": _format(value, measure)}
                for ags, value in zip(table_.index, values)}
    order = np.argsort(-values, kind="stable")
    rows = [[table_.index[i], link(cfg.commune_link.replace("{ags}", table_.index[i]), table_["name"].iloc[i]),
             _format(values[i], measure), labels[classes[i]]] for i in order]
    download = (Markup("<p>{}</p>").format(link(f"{cfg.api}/summaries?f=csv", _("Tabelle aller Kennzahlen als CSV")))
                if cfg.api is not None else "")
    add_section(m, Markup('<div class="rk-page"><h2>{}</h2>{}{}</div>').format(
        measure_label, download, table(["AGS", _("Gemeinde"), _("Wert"), _("Klasse")], rows, numeric={2})))
    data = {"sites": sites, "communes": communes, "programmes": programmes(model), "measureLabel": measure_label,
            "classes": [{"colour": c, "label": l} for c, l in zip(colours, labels)]}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initPlanung", refs, data)
