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


# A site's status as a sentence: {year} is its year, a school year ('2021/22') or a calendar year.
STATUS_DE = {
    "active": {"plain": "In Betrieb", "year": "In Betrieb seit {year}", "schoolYear": "In Betrieb seit dem Schuljahr {year}"},
    "planned": {"plain": "In Planung", "year": "Geplant für {year}", "schoolYear": "Geplant für das Schuljahr {year}"},
    "phase-out": {"plain": "Kohlekraftwerk, das im Kohleausstieg stillgelegt wird",
                  "year": "Kohlekraftwerk, Stilllegung {year}", "schoolYear": "Kohlekraftwerk, Stilllegung {year}"},
}


def status_de(status: str, year: str | None) -> str:
    """'active', '2021/22' -> 'In Betrieb seit dem Schuljahr 2021/22'; an unknown status stays as it is."""
    forms = STATUS_DE.get(status)
    if forms is None:
        return status
    form = "plain" if not year else "schoolYear" if "/" in year else "year"
    return forms[form].replace("{year}", year or "")


def unknown_position_de(commune: str) -> str:
    return UNKNOWN_POSITION_DE.replace("{commune}", commune)


def precision_de(precision: str, commune: str) -> str:
    """How exactly a site's position is known, in German."""
    return PRECISION_DE.get(precision) or unknown_position_de(commune)


def script_labels() -> dict:
    """The texts as the page script reads them (cfg.labels)."""
    return {"precision": PRECISION_DE, "unknownPosition": UNKNOWN_POSITION_DE, "status": STATUS_DE}
