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


def unknown_position_de(commune: str) -> str:
    return _(UNKNOWN_POSITION_DE).replace("{commune}", commune)


def precision_de(precision: str, commune: str) -> str:
    """How exactly a site's position is known, in German."""
    return _(PRECISION_DE[precision]) if precision in PRECISION_DE else unknown_position_de(commune)


def script_labels() -> dict:
    """The texts as the page script reads them (cfg.labels), in the page's language."""
    return {"precision": {key: _(text) for key, text in PRECISION_DE.items()}, "unknownPosition": _(UNKNOWN_POSITION_DE)}
