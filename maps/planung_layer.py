"""A planner's own layer as measures of the planners' page: the layer's per-commune summary
(geo/layer_summary.py) classed, labelled and coloured by the page's one classification
(maps.planung.classified), for the 53 communes or the 15 Kreis-level units.

The page itself is public and cached, so a layer never enters it: the page script asks
`GET /layers/{id}/choropleth` with the reader's session and draws what this module answers.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.errors import InvalidInput
from geo.layer_summary import PER_INHABITANTS, LayerSummary
from geo.planning import planning_table
from geo.repository import Repository
from maps.i18n import _
from maps.planung import classified
from maps.planung_classes import (LAYER_COUNT, LAYER_LENGTH, LAYER_PREFIX, LAYER_SHARE, fewer_classes_note,
                                  format_value)

SUM, PER = LAYER_PREFIX + "sum:", LAYER_PREFIX + f"per_{PER_INHABITANTS}:"


def layer_measures(summary: LayerSummary) -> dict[str, tuple[str, str]]:
    """measure id -> (summary column, label in the page's language), in the order the page offers them."""
    found = {LAYER_COUNT: ("features", _("Anzahl der Objekte"))}
    if "area_share" in summary.rows:
        found[LAYER_SHARE] = ("area_share", _("Flächenanteil (%)"))
    if "length_m" in summary.rows:
        found[LAYER_LENGTH] = ("length_m", _("Länge (m)"))
    for column in summary.numeric:
        found[SUM + column] = (f"{column}_sum", _("{column}: Summe").format(column=column))
        found[PER + column] = (f"{column}_per_{PER_INHABITANTS}",
                               _("{column} je 1.000 Einwohner").format(column=column))
    return found


def unit_values(repo: Repository, summary: LayerSummary, column: str, level: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The page's units of the level (as its table lists them) and the layer's values for them. A
    kreisfreie Stadt is a Kreis-level unit of one commune: its commune row is its value."""
    units = planning_table(repo, level)
    rows = summary.rows
    if level == "kreise":
        district_of = repo.region.communes.set_index("ags")["district_code"]
        communes = rows[rows["level"] == "commune"]
        alone = communes.assign(code=communes["code"].map(district_of)).drop_duplicates("code", keep=False)
        by_code = pd.concat([rows[rows["level"] == "district"], alone]).set_index("code")[column]
    else:
        by_code = rows[rows["level"] == "commune"].set_index("code")[column]
    values = units["code"].map(by_code).astype(float).fillna(0.0).to_numpy()
    return units, values


def layer_choropleth(repo: Repository, summary: LayerSummary, measure: str | None, scheme: str, k: int,
                     level: str) -> dict:
    """What the page script draws: the measure's label, classes (colour, label), a note when the data
    yields fewer classes than asked, and per unit its value as text, class and class label."""
    measures = layer_measures(summary)
    measure = measure or LAYER_COUNT
    if measure not in measures:
        raise InvalidInput(f"unknown measure {measure[:60]!r} for this layer; one of {', '.join(measures)}")
    column, label = measures[measure]
    units, values = unit_values(repo, summary, column, level)
    table, labels, colours_ = classified(units, values, measure, scheme, k)
    return {"measure": measure, "label": label, "level": level,
            "measures": [{"id": key, "label": text} for key, (_column, text) in measures.items()],
            "classes": [{"colour": c, "label": text} for c, text in zip(colours_, labels)],
            "note": fewer_classes_note(labels, k, values, measure),
            "units": [{"code": row["code"], "value": float(row["value"]),
                       "value_text": format_value(row["value"], measure), "class": int(row["class"]),
                       "class_label": row["class_label"]} for row in table.to_dict("records")]}
