"""The planners' page: a choropleth of the communes or the Kreis-level units by a chosen measure,
classed by mapclassify (maps/planung_classes.py), a sortable table with Kreis, population and the
value, the shown measure as CSV, a comparison of funding periods, and export of the map as shown
(a print layout for A4 landscape and a PNG drawn in the browser by maps/static/ruhrkarte-export.js)."""
from __future__ import annotations

from urllib.parse import urlencode

import folium
import numpy as np
import pandas as pd
from markupsafe import Markup

from geo.errors import InvalidInput
from geo.numbers_de import integer_de
from geo.planning import LEVELS, period_measures, planning_table
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, boundary_attribution, add_section, finish, js_refs, new_map, programmes, site_layers
from maps.html_text import link
from maps.i18n import N_, _, current, localized, pick
from maps.planung_classes import (CLASS_COUNTS, MEMBERSHIP_MEASURE, SCHEMES, classify, colours, fewer_classes_note,
                                  format_value)

FIXED_MEASURES = {
    "funding_per_inhabitant_eur": N_("Angerechnete Förderung je Einwohner (€)"),
    "funding_eur": N_("Angerechnete Förderung (€)"),
    "sites_total": N_("Standorte insgesamt"),
}
LEVEL_LABELS = {"gemeinden": N_("Gemeinden (53)"), "kreise": N_("Kreise und kreisfreie Städte (15)")}
PERIOD_PREFIX_DE = "Angerechnete Förderung, Zeitraum "  # geo.planning.period_measures labels them in German
DEFAULT_MEASURE, DEFAULT_SCHEME, DEFAULT_K, DEFAULT_LEVEL = "funding_per_inhabitant_eur", "natural_breaks", 5, "gemeinden"
EXPORT_SCRIPTS = ("ruhrkarte-lists.js", "ruhrkarte-export.js")
OWN_LAYERS_SCRIPT = "ruhrkarte-ebenen.js"   # the planners' own layers, fetched with the reader's session
DATA_DATE_DE = N_("Daten: Fortschrittsbericht vom 7.12.2021, Einwohner am 31.12.2023")


def _period_label(label_de: str) -> str:
    """A period measure's label (German from geo.planning) in the page's language."""
    if label_de.startswith(PERIOD_PREFIX_DE):
        return _("Angerechnete Förderung, Zeitraum {period} (€)").format(period=label_de[len(PERIOD_PREFIX_DE):-4])
    return _("Angerechnete Förderung ohne Zeitraumangabe (€)")


def measures(repo: Repository) -> dict[str, str]:
    """Every measure of the page with its label in the page's language: one site count per registered
    programme and credited funding per stated period."""
    return {**{key: _(label) for key, label in FIXED_MEASURES.items()},
            **{p.site_column: pick(p.label_de, p.label_en) for p in repo.programmes.registry},
            **{key: _(label) for key, label in MEMBERSHIP_MEASURE.items()},
            **{key: _period_label(label) for key, label in period_measures(repo).items()}}


def check_measure(model: ReadModel, measure: str) -> str:
    """The measure's label; InvalidInput listing the allowed measures for any other value."""
    labels = measures(model.repo)
    if measure not in labels:
        raise InvalidInput(f"unknown measure {measure[:60]!r}; one of {', '.join(labels)}")
    return labels[measure]


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise InvalidInput(f"unknown level {level[:60]!r}; one of {', '.join(LEVELS)}")
    return level


def shown_table(model: ReadModel, measure: str, scheme: str, k: int, level: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The rows of the level with the shown measure's value, class and class label; labels and colours."""
    frame = planning_table(model.repo, level)
    return classified(frame, frame[measure].astype(float).to_numpy(), measure, scheme, k)


def classified(units: pd.DataFrame, values: np.ndarray, measure: str, scheme: str,
               k: int) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The units (code, name, Kreis, population) with a measure's value, class and class label; the
    labels and colours. The one classification of the page, for the programme and the planners' own measures."""
    classes, labels = classify(values, measure, scheme, k)
    out = units[["code", "name", "kreis", "population"]].copy()
    out["value"], out["class"] = values, classes
    out["class_label"] = [labels[c] for c in classes]
    return out, labels, colours(labels)


def measure_csv(table: pd.DataFrame, measure: str) -> str:
    """The shown measure: code, name, Kreis, population, the raw value and its class, as CSV."""
    out = table[["code", "name", "kreis", "population", "value", "class_label"]].rename(
        columns={"value": measure, "class_label": "class"})
    if not measure.endswith("inhabitant_eur"):  # counts, membership and euros are whole numbers
        out[measure] = out[measure].round().astype("int64")
    return out.to_csv(index=False, lineterminator="\n")


def _form(labels: dict[str, str], measure: str, scheme: str, k: int, level: str) -> Markup:
    def options(choices: dict, chosen) -> Markup:
        return Markup("").join(Markup('<option value="{}"{}>{}</option>').format(
            str(key), Markup(" selected") if key == chosen else "", str(label)) for key, label in choices.items())
    language = Markup('<input type="hidden" name="lang" value="{}">').format(current()) if current() != "de" else ""
    return Markup('<form class="rk-page" method="get" action="">'
                  '<h1>{}</h1>'
                  '<label>{} <select name="measure">{}</select></label> '
                  '<label>{} <select name="level">{}</select></label> '
                  '<label>{} <select name="scheme">{}</select></label> '
                  '<label>{} <select name="k">{}</select></label> {}'
                  '<button type="submit">{}</button></form>').format(
        _("Ruhrkarte für Planende"), _("Kennzahl"), options(labels, measure), _("Ebene"),
        options({key: _(text) for key, text in LEVEL_LABELS.items()}, level), _("Klassen"),
        options({k_: _(v[0]) for k_, v in SCHEMES.items()}, scheme), _("Anzahl"),
        options({n: n for n in CLASS_COUNTS}, k), language, _("Anzeigen"))


def own_layers_panel() -> Markup:
    """The place of the reader's own layers: empty and hidden in the (public, cached) page; the script
    fills it from `GET /layers` with the reader's session and shows it when there is something to offer."""
    return Markup(
        '<section class="rk-page rk-own rk-no-print" id="rk-own" aria-labelledby="rk-own-title" hidden>'
        '<h2 id="rk-own-title">{}</h2><p id="rk-own-upload" hidden><a href="{}">{}</a></p>'
        '<p class="rk-own-choice"><label for="rk-own-layer">{}</label> <select id="rk-own-layer"><option value="">{}</option>'
        '</select> <label for="rk-own-measure">{}</label> <select id="rk-own-measure" disabled></select> '
        '<span class="rk-own-draw"><input type="checkbox" id="rk-own-draw" disabled> <label for="rk-own-draw">{}</label>'
        '</span></p><p id="rk-own-status" role="status" aria-live="polite"></p><p id="rk-own-drawn" class="rk-note"></p>'
        '</section>').format(
        _("Eigene Ebenen"), localized("/ebenen"), _("Eigene Ebene hochladen"), _("Ebene"),
        _("– keine –"), _("Kennzahl"), _("Objekte der Ebene auf der Karte zeigen"))


def _before_map(labels: dict, measure: str, scheme: str, k: int, level: str, note: str | None, own: bool) -> Markup:
    notice = Markup('<p class="rk-notice" id="rk-class-note">{}</p>').format(note) if note else ""
    return Markup('{}<div class="rk-page">{}<p class="rk-print-only" id="rk-print-title">{}</p></div>{}').format(
        _form(labels, measure, scheme, k, level), notice, f"{labels[measure]} · {_(LEVEL_LABELS[level])}",
        own_layers_panel() if own else "")


def _boundaries(m: folium.Map, cfg: PageConfig, model: ReadModel, level: str, name: str, fill: dict) -> folium.GeoJson:
    source = model.display_districts if level == "kreise" else model.display_communes
    features = [{**f, "properties": dict(f["properties"])} for f in source(cfg.display_tolerance_m)["features"]]
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=name,
                          style_function=lambda f: {"color": "#444", "weight": 1, "fillColor": fill[f["properties"]["ags"]],
                                                    "fillOpacity": 0.8},
                          highlight_function=lambda _: {"weight": 3}, smooth_factor=0.5).add_to(m)


def _sortable(header: list[str], rows: list[list[tuple]], table_id: str) -> Markup:
    """A table whose cells are (shown text or markup, sort key): complete without JS, sortable with it."""
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in header)
    body = Markup("").join(Markup("<tr>{}</tr>").format(Markup("").join(
        Markup('<td data-label="{}" data-sort="{}"{}>{}</td>').format(
            header[i], sort, Markup(' class="num"') if isinstance(sort, (int, float)) else "", shown)
        for i, (shown, sort) in enumerate(row))) for row in rows)
    return Markup('<table class="rk-sortable" id="{}"><thead data-rk-sort-title="{}"><tr>{}</tr></thead>'
                  '<tbody>{}</tbody></table>').format(table_id, _("Nach dieser Spalte sortieren"), head, body)


def _unit_link(cfg: PageConfig, level: str, code: str, name: str) -> Markup:
    pattern = cfg.kreis_link.replace("{code}", code) if level == "kreise" else cfg.commune_link.replace("{ags}", code)
    return link(pattern, name)


def _periods_section(model: ReadModel, cfg: PageConfig, level: str, query: dict) -> Markup:
    """Credited funding per stated period, each a link to its map (a static build has only the default page)."""
    frame = planning_table(model.repo, level)
    def shown(measure: str, label: str):
        text = label.removeprefix(_("Angerechnete Förderung")).strip(" ,(€)")
        return link(localized("?" + urlencode({**query, "measure": measure})), text) if cfg.api is not None else text
    rows = [[shown(measure, label),
             format_value(float(frame[measure].sum()), "funding_eur"), int((frame[measure] > 0).sum())]
            for measure, label in ((m_, _period_label(l_)) for m_, l_ in period_measures(model.repo).items())]
    return Markup("<h2>{}</h2><p>{}</p>{}").format(
        _("Angerechnete Förderung nach Zeitraum"),
        _("Der Bericht nennt zu den meisten Beträgen einen Zeitraum; jede Zeile lässt sich als Karte zeigen."),
        _sortable([_("Zeitraum"), _("Summe"), _("Einheiten mit Förderung")],
                  [[(r[0], i), (r[1], float(frame[list(period_measures(model.repo))[i]].sum())), (r[2], r[2])]
                   for i, r in enumerate(rows)], "rk-period-table"))


def _after_map(model: ReadModel, cfg: PageConfig, table: pd.DataFrame, measure: str, label: str,
               labels: list[str], colours_: list[str], query: dict, level: str) -> Markup:
    legend = Markup("").join(Markup('<li><span class="rk-swatch rk-swatch-{}"></span> {}</li>').format(i, text)
                             for i, text in enumerate(labels))
    print_block = Markup('<div class="rk-print-only"><ul class="rk-print-legend">{}</ul><p>{} · {} · '
                         '<span id="rk-print-date" data-rk-template="{}"></span></p></div>').format(
        legend, boundary_attribution(html=False), _(DATA_DATE_DE), _("Gedruckt am {date}"))
    tools = Markup('<p class="rk-tools rk-no-print" hidden><button type="button" id="rk-png">{}</button> '
                   '<button type="button" id="rk-print">{}</button></p>').format(
        _("Karte als PNG speichern"), _("Drucken (A4 quer)"))
    downloads = Markup("")
    if cfg.api is not None:
        downloads = Markup("<p>{} · {}</p>").format(
            link(f"{cfg.api}/planung.csv?" + urlencode(query), _("Diese Kennzahl als CSV")),
            link(f"{cfg.api}/summaries?f=csv", _("Tabelle aller Kennzahlen der Gemeinden als CSV")))
    order = np.argsort(-table["value"].to_numpy(), kind="stable")
    rows = [[(r["code"], r["code"]), (_unit_link(cfg, level, r["code"], r["name"]), r["name"]), (r["kreis"], r["kreis"]),
             (integer_de(int(r["population"])), int(r["population"])),
             (format_value(r["value"], measure), float(r["value"])), (r["class_label"], int(r["class"]))]
            for r in table.iloc[order].to_dict("records")]
    header = ["AGS" if level == "gemeinden" else _("Kennziffer"), _("Gemeinde") if level == "gemeinden" else _("Kreis / Stadt"),
              _("Kreis"), _("Einwohner"), label, _("Klasse")]
    return Markup('{}{}<div class="rk-page rk-no-print"><h2 id="rk-measure-title">{}</h2>{}<p class="rk-note">{}</p>{}{}</div>').format(
        tools, Markup('<div class="rk-page">{}</div>').format(print_block), label, downloads,
        _("Die Tabelle lässt sich mit einem Klick auf eine Spaltenüberschrift sortieren."),
        _sortable(header, rows, "rk-measure-table"), _periods_section(model, cfg, level, query))


def build_planung(source: ReadModel | Repository, cfg: PageConfig, measure: str = DEFAULT_MEASURE,
                  scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K, level: str = DEFAULT_LEVEL) -> str:
    model = as_read_model(source)
    cfg = cfg.in_language()
    measure_label = check_measure(model, measure)
    check_level(level)
    table, labels, colours_ = shown_table(model, measure, scheme, k, level)
    note = fewer_classes_note(labels, k, table["value"].to_numpy(), measure)
    fill = {code: colours_[c] for code, c in zip(table["code"], table["class"])}
    query = {"measure": measure, "scheme": scheme, "k": k, "level": level}
    m = new_map(cfg, _("Ruhrkarte für Planende"), height="70vh",
                before=_before_map(measures(model.repo), measure, scheme, k, level, note, own=cfg.own_layers),
                query={key: str(value) for key, value in query.items()})
    root = m.get_root()
    for script in EXPORT_SCRIPTS + ((OWN_LAYERS_SCRIPT,) if cfg.own_layers else ()):
        root.header.add_child(folium.Element(f'<script src="{cfg.static_base}/{script}" defer></script>'))
    boundaries = _boundaries(m, cfg, model, level, measure_label, fill)
    sites = list(model.page_sites)
    groups, clusters = site_layers(m, model, sites, show=False)  # the overlay is offered, not drawn at first
    add_section(m, _after_map(model, cfg, table, measure, measure_label, labels, colours_, query, level))
    cards = ({code: {**model.commune_cards[code], "value_text": format_value(v, measure)} for code, v in zip(table["code"], table["value"])}
             if level == "gemeinden" else
             {r.code: {"ags": r.code, "name": r.name, "district": r.kreis, "sites": {}, "unknown": [],
                       "value_text": format_value(r.value, measure)} for r in table.itertuples()})
    data = {"sites": sites, "communes": cards, "programmes": programmes(model), "measureLabel": measure_label,
            "classes": [{"colour": c, "label": l} for c, l in zip(colours_, labels)],
            "export": {"title": _("Ruhrkarte für Planende: {measure}").format(measure=measure_label),
                       "level": _(LEVEL_LABELS[level]), "attribution": boundary_attribution(html=False),
                       "dataDate": _(DATA_DATE_DE), "created": _("erstellt am {date}"),
                       "fileName": f"ruhrkarte-planung-{level}-{measure}.png"}}
    if level == "kreise":
        data["communeLink"] = cfg.kreis_link.replace("{code}", "{ags}")
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initPlanung", refs, data)
