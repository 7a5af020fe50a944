"""Classes of the planners' choropleth: mapclassify schemes, 0 as a class of its own ("keine"), and a
note when the data yields fewer classes than asked."""
from __future__ import annotations

import warnings

import mapclassify
import numpy as np

from geo.numbers_de import decimal_de
from maps.i18n import N_, _

# Fisher-Jenks is the exact, deterministic natural-breaks optimum; mapclassify.NaturalBreaks is a
# randomised k-means that fails on skewed values (e.g. 0, 0.5, 1 and 346 million EUR).
SCHEMES = {"natural_breaks": (N_("Natürliche Brüche (Jenks)"), mapclassify.FisherJenks),
           "quantiles": (N_("Quantile"), mapclassify.Quantiles),
           "equal_interval": (N_("Gleiche Intervalle"), mapclassify.EqualInterval)}
PALETTE = {2: ["#deebf7", "#3182bd"], 3: ["#deebf7", "#9ecae1", "#3182bd"],
           4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"], 5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
           6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
           7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"]}
NONE_COLOUR = "#f0f0f0"   # "keine": grey, apart from the blue scale of the values above 0
NONE_LABEL = N_("keine")  # shown through _(): the labels are in the page's language
CLASS_COUNTS = range(3, 8)
MEMBERSHIP_MEASURE = {"five_sites_member": N_("Mitglied im 5-Standorte-Programm")}
# A planner's layer brings measures of its own (maps/planung_layer.py): counts, sums and shares of
# the layer's columns, whose unit the layer does not state (no euro sign).
LAYER_PREFIX = "layer:"
LAYER_COUNT = LAYER_PREFIX + "features"
LAYER_SHARE = LAYER_PREFIX + "area_share"
LAYER_LENGTH = LAYER_PREFIX + "length_m"


def is_count(measure: str) -> bool:
    """Whole numbers: sites per programme and a layer's features."""
    return measure.startswith("sites_") or measure == LAYER_COUNT


def format_value(value: float, measure: str) -> str:
    if measure in MEMBERSHIP_MEASURE:
        return _("ja") if value else _("nein")
    if is_count(measure):
        return str(int(value))
    if measure == LAYER_SHARE:
        return decimal_de(value * 100, 2) + " %"
    if measure == LAYER_LENGTH:
        return decimal_de(value, 0) + " m"
    if measure.startswith(LAYER_PREFIX):
        return decimal_de(value, 2)
    return decimal_de(value, 2 if measure.endswith("inhabitant_eur") else 0) + " €"


def _positive_classes(values: np.ndarray, measure: str, scheme: str, k: int, after_zero: bool) -> tuple[np.ndarray, list[str]]:
    distinct = np.unique(values)
    if len(distinct) <= k:
        return np.searchsorted(distinct, values), [format_value(v, measure) for v in distinct]
    with warnings.catch_warnings():
        # Repeated values can leave fewer classes than asked; the labels below follow what was made.
        warnings.simplefilter("ignore", UserWarning)
        bins = SCHEMES[scheme][1](values, k=k).bins
    if is_count(measure):
        bins = np.floor(bins)  # counts: a limit of 0.4 separates the same values as 0
    bins = np.unique(bins)  # quantiles of repeated values can repeat a limit
    classes = np.searchsorted(bins, values, side="left")
    # A class holds the values above the previous limit up to and including its own.
    first = (_("über 0 bis {upper}") if after_zero else _("bis {upper}")).format(upper=format_value(bins[0], measure))
    return classes, [first] + [_("über {lower} bis {upper}").format(lower=format_value(lo, measure), upper=format_value(hi, measure))
                               for lo, hi in zip(bins[:-1], bins[1:])]


def classify(values: np.ndarray, measure: str, scheme: str, k: int) -> tuple[np.ndarray, list[str]]:
    """Class of every value and the legend labels. 0 is a class of its own ("keine") and the values
    above it share the other k-1 classes; few distinct values get one class each."""
    if measure in MEMBERSHIP_MEASURE:
        distinct = np.unique(values)
        return np.searchsorted(distinct, values), [format_value(v, measure) for v in distinct]
    zero = values == 0
    classes = np.zeros(len(values), dtype=int)
    if zero.all():
        return classes, [_(NONE_LABEL)]
    offset = int(zero.any())
    positive, labels = _positive_classes(values[~zero], measure, scheme, k - offset, bool(offset))
    classes[~zero] = positive + offset
    return classes, [_(NONE_LABEL)] * offset + labels


def colours(labels: list[str]) -> list[str]:
    """One colour per class: grey for "keine", the blue scale for the others."""
    offset = int(bool(labels) and labels[0] == _(NONE_LABEL))
    n = len(labels) - offset
    # After "keine" the scale starts one step darker, so its lightest class is not mistaken for grey.
    scale = (PALETTE[max(2, min(n + offset, 7))][offset:n + offset]) if n else []
    return [NONE_COLOUR] * offset + scale


def fewer_classes_note(labels: list[str], k: int, values: np.ndarray, measure: str) -> str | None:
    """A note (in the page's language) when the data yields fewer classes than asked (and why), else None."""
    if len(labels) >= k:
        return None
    if measure in MEMBERSHIP_MEASURE:
        return _("Diese Kennzahl kennt nur „ja“ und „nein“: {n} statt der gewählten {k} Klassen.").format(n=len(labels), k=k)
    distinct = len(np.unique(values[values != 0]))
    why = ((_("Über 0 kommt nur ein einziger Wert vor") if distinct == 1
            else _("Über 0 kommen nur {n} verschiedene Werte vor").format(n=distinct))
           if distinct < k else _("Wiederholte Werte lassen Klassengrenzen zusammenfallen"))
    return _("Die Daten ergeben nur {n} statt der gewählten {k} Klassen. {why}.").format(n=len(labels), k=k, why=why)
