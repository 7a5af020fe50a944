"""German texts shared by the pages and the page script, written once.

The script receives them through the page data (maps/script_data.py escapes them), so a popup
and a table say the same thing in the same words.
"""
from __future__ import annotations

PRECISION_DE = {
    "address": "Adresse (amtliche Koordinaten)",
    "landmark": "Ort mit veröffentlichten Koordinaten (auf einige hundert Meter genau)",
}
# {commune} is replaced by the commune's name; such a site is never drawn.
UNKNOWN_POSITION_DE = "Standort in {commune}, genaue Lage nicht veröffentlicht"


def unknown_position_de(commune: str) -> str:
    return UNKNOWN_POSITION_DE.replace("{commune}", commune)


def precision_de(precision: str, commune: str) -> str:
    """How exactly a site's position is known, in German."""
    return PRECISION_DE.get(precision) or unknown_position_de(commune)


def script_labels() -> dict:
    """The texts as the page script reads them (cfg.labels)."""
    return {"precision": PRECISION_DE, "unknownPosition": UNKNOWN_POSITION_DE}
