"""How a funding figure counts: the one implementation of the crediting rules.

Credited funding is money granted by the Land, the Bund, the EU or a third party for a project in
one place. Every figure of the report gets exactly one code; the first rule that applies decides:

1. `rate`             a rate (per month, per year, per grant): never summed.
2. `programme_total`  a programme total that no place can be credited with (e.g. the 662 million
                      EUR of the 5-Standorte-Programm), although places are named.
3. `statewide_hosted` a project that serves all of NRW and only has its office here (`host`).
4. `wide`             a figure for the whole Ruhr area, NRW or Germany, or with no stated scope.
5. `own_share`        a commune's or Kreis' own contribution (Eigenanteil): not a grant.
6. `usable`           money that may be used ("können … eingesetzt werden") but was not granted.
7. `total_budget`     a total that contains the grant and the own share: the grant inside it
                      is credited instead (as its own row, `part_of` the total).
8. `part_of`          a part of another granted figure (`part_of`): not added on top of it.
9. `shared`           one amount for several places together: listed in full for each place,
                      never split and never credited; the region counts it once.
10. `credited`        a grant for exactly one commune: counts for that commune.
11. `credited_kreis`  a grant for exactly one Kreis: counts for that Kreis-level unit only.

Rules 5-7 follow the figure's `kind` column; data/programmes/README.md documents the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.programme_rules import is_wide


@dataclass(frozen=True)
class CountText:
    de: str        # why, in German, for the pages ({part_of} is the containing figure's id)
    en: str        # the same in English, for the CLI and the API
    short_de: str  # a noun phrase for summaries ("… sind alle gemeinsame Beträge")


CREDITED_CODES = ("credited", "credited_kreis")
TEXTS: dict[str, CountText] = {
    "credited": CountText("angerechnet: Förderung allein für diese Gemeinde",
                          "credited: a grant for this commune alone", "angerechnete Förderung"),
    "credited_kreis": CountText("dem Kreis angerechnet: Förderung für den Kreis als Ganzes, keiner einzelnen Gemeinde",
                                "credited to the Kreis: a grant for the Kreis as a whole, not for one commune",
                                "Förderung des Kreises als Ganzes"),
    "shared": CountText("nicht angerechnet: ein gemeinsamer Betrag mehrerer Orte, ungeteilt aufgeführt",
                        "not credited: one amount shared by several places, listed in full, never split",
                        "gemeinsame Beträge mehrerer Orte"),
    "programme_total": CountText("nicht angerechnet: Summe eines ganzen Programms, die keinem Ort allein zusteht",
                                 "not credited: a programme total that belongs to no single place",
                                 "Programmsummen"),
    "wide": CountText("nicht angerechnet: Betrag für das ganze Ruhrgebiet, NRW oder Deutschland",
                      "not credited: a figure for the whole Ruhr area, NRW or Germany",
                      "Beträge für das ganze Ruhrgebiet, NRW oder Deutschland"),
    "statewide_hosted": CountText("nicht angerechnet: landesweites Vorhaben, das hier nur seinen Sitz hat",
                                  "not credited: a statewide project that only has its office here",
                                  "landesweite Vorhaben mit Sitz in der Gemeinde"),
    "rate": CountText("nicht angerechnet: ein Satz (z. B. je Monat oder Jahr), nicht summierbar",
                      "not credited: a rate (e.g. per month or year), never summed", "Sätze"),
    "own_share": CountText("nicht angerechnet: Eigenanteil der Kommune oder des Kreises, keine Förderung",
                           "not credited: the commune's or Kreis' own contribution, not a grant", "Eigenanteile"),
    "usable": CountText("nicht angerechnet: Mittel, die eingesetzt werden können, aber nicht bewilligt sind",
                        "not credited: money that may be used but was not granted", "nicht bewilligte, nur einsetzbare Mittel"),
    "total_budget": CountText("nicht angerechnet: Gesamtbudget aus Förderung und Eigenanteil; angerechnet wird nur die Förderung darin",
                              "not credited: a total budget of grant and own share; only the grant in it is credited",
                              "Gesamtbudgets"),
    "part_of": CountText("nicht angerechnet: Teil von {part_of}, nicht zusätzlich gezählt",
                         "not credited: part of {part_of}, not added on top", "Teile anderer Beträge"),
}


def count_code(figure, kinds: dict[str, str]) -> str:
    """The code of one figure (a funding row); `kinds` maps every figure_id to its kind."""
    if figure.measure == "rate":
        return "rate"
    if figure.programme_total == "true":
        return "programme_total"
    if figure.host:
        return "statewide_hosted"
    if is_wide(figure.scope_list):
        return "wide"
    if figure.kind in ("own_share", "usable", "total_budget"):
        return figure.kind
    if figure.part_of and kinds.get(figure.part_of) == "grant":
        return "part_of"
    if figure.shared == "true":
        return "shared"
    return "credited" if len(figure.scope_list[0]) == 8 else "credited_kreis"


def with_codes(funding: pd.DataFrame) -> pd.DataFrame:
    """The funding rows with a `count_code` column."""
    kinds = dict(zip(funding["figure_id"], funding["kind"]))
    out = funding.copy()
    out["count_code"] = [count_code(f, kinds) for f in funding.itertuples()]
    return out


def credited_and_shared(funding: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(credited figures with their one `code`, shared figures exploded to one row per place `code`)."""
    coded = with_codes(funding)
    credited = coded[coded["count_code"].isin(CREDITED_CODES)].copy()
    credited["code"] = credited["scope_list"].str[0]
    shared = coded[coded["count_code"] == "shared"].explode("scope_list").rename(columns={"scope_list": "code"})
    return credited, shared


def text(code: str, part_of: str = "", language: str = "de") -> str:
    entry = TEXTS[code]
    return (entry.de if language == "de" else entry.en).format(part_of=part_of)


def nothing_credited_de(codes: list[str]) -> str:
    """Why a place has 0 EUR credited, from the codes of the figures that concern it."""
    if not codes:
        return "Der Fortschrittsbericht nennt keinen Betrag, der allein dieser Gemeinde gilt."
    counts = pd.Series(codes).value_counts()
    parts = [f"{TEXTS[code].short_de} ({n})" for code, n in counts.items()]
    return ("Keine Förderung angerechnet: die Beträge, die diese Gemeinde betreffen, sind "
            + ", ".join(parts) + "; keiner davon ist eine Förderung allein für diese Gemeinde.")
