"""The planners' table: one row per commune or Kreis-level unit with every measure the planners'
page can show, credited funding split by the period the report states for it.

Credited funding per period only sums figures of one stated period; figures without a period form
their own column ("ohne Zeitraum"), so the periods add up to the credited total.
"""
from __future__ import annotations

import re

import pandas as pd

from geo.repository import Repository

LEVELS = ("gemeinden", "kreise")
PERIOD_PREFIX = "funding_period_"
NO_PERIOD = "none"


def period_slug(period: str) -> str:
    """'2018-2020' -> '2018-2020', '2020 (grant notice)' -> '2020-grant-notice', '' -> 'none'."""
    slug = re.sub(r"[^0-9a-z]+", "-", (period or "").lower()).strip("-")
    return slug or NO_PERIOD


def period_measures(repo: Repository) -> dict[str, str]:
    """measure id -> German label of every period that credited figures state, in label order."""
    credited = repo.portfolios.credited
    labels: dict[str, str] = {}
    for period, period_de in sorted(set(zip(credited["period"].fillna(""), credited["period_de"].fillna(""))),
                                    key=lambda p: (p[1] == "" and p[0] == "", p[1] or p[0])):
        text = period_de or period or "ohne Angabe"
        labels[PERIOD_PREFIX + period_slug(period)] = f"Angerechnete Förderung, Zeitraum {text} (€)" if (period_de or period) \
            else "Angerechnete Förderung ohne Zeitraumangabe (€)"
    return labels


def _period_sums(repo: Repository, level: str, index: pd.Index) -> pd.DataFrame:
    credited = repo.portfolios.credited.copy()
    credited["measure"] = PERIOD_PREFIX + credited["period"].fillna("").map(period_slug)
    if level == "kreise":
        district_of = dict(repo.names.district_of)
        credited["code"] = credited["code"].map(lambda c: district_of.get(c, c))
    sums = credited.pivot_table(index="code", columns="measure", values="counted_amount", aggfunc="sum")
    return sums.reindex(index=index, columns=list(period_measures(repo)), fill_value=0.0).fillna(0.0)


def planning_table(repo: Repository, level: str) -> pd.DataFrame:
    """Rows of the level (communes by AGS, Kreis-level units by code): code, name, kreis, population and
    every measure column of the portfolios plus one credited-funding column per period."""
    pf = repo.portfolios
    if level == "kreise":
        frame = pf.districts.copy()
        frame["code"] = frame["district_code"]
        frame["kreis"] = frame["kind"].where(~frame["kreisfrei"].astype(bool), "kreisfreie Stadt")
    else:
        frame = pf.communes.copy()
        frame["code"] = frame["ags"]
        frame["kreis"] = frame["district_name"]
    frame = frame.join(_period_sums(repo, level, frame.index))
    return frame
