"""Texts shared by the pages and the page script, written once (in German, marked for maps/i18n.py).

The script receives them through the page data (maps/script_data.py escapes them), so a popup
and a table say the same thing in the same words.
"""
from __future__ import annotations

from maps.i18n import N_, _

PRECISION_DE = {
    "address": N_("Adresse (amtliche Koordinaten)"),
    "landmark": N_("Ort mit veröffentlichten Koordinaten (auf einige hundert Meter genau)"),
}
# {commune} is replaced by the commune's name; such a site is never drawn.
UNKNOWN_POSITION_DE = N_("Standort in {commune}, genaue Lage nicht veröffentlicht")


# A site's status as a sentence: {year} is its year, a school year ('2021/22') or a calendar year.
STATUS_DE = {
    "active": {"plain": N_("In Betrieb"), "year": N_("In Betrieb seit {year}"),
               "schoolYear": N_("In Betrieb seit dem Schuljahr {year}")},
    "planned": {"plain": N_("In Planung"), "year": N_("Geplant für {year}"),
                "schoolYear": N_("Geplant für das Schuljahr {year}")},
    "phase-out": {"plain": N_("Kohlekraftwerk, das im Kohleausstieg stillgelegt wird"),
                  "year": N_("Kohlekraftwerk, Stilllegung {year}"), "schoolYear": N_("Kohlekraftwerk, Stilllegung {year}")},
}


def status_de(status: str, year: str | None) -> str:
    """'active', '2021/22' -> 'In Betrieb seit dem Schuljahr 2021/22'; an unknown status stays as it is."""
    forms = STATUS_DE.get(status)
    if forms is None:
        return status
    form = "plain" if not year else "schoolYear" if "/" in year else "year"
    return _(forms[form]).replace("{year}", year or "")


def unknown_position_de(commune: str) -> str:
    return _(UNKNOWN_POSITION_DE).replace("{commune}", commune)


def precision_de(precision: str, commune: str) -> str:
    """How exactly a site's position is known, in German."""
    return _(PRECISION_DE[precision]) if precision in PRECISION_DE else unknown_position_de(commune)


def script_labels() -> dict:
    """The texts as the page script reads them (cfg.labels), in the page's language."""
    return {"precision": {key: _(text) for key, text in PRECISION_DE.items()}, "unknownPosition": _(UNKNOWN_POSITION_DE),
            "status": {status: {form: _(text) for form, text in forms.items()} for status, forms in STATUS_DE.items()}}
