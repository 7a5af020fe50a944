"""Per-commune portfolios: sites per programme, funding credited by documented rules, ranks.

Crediting (see data/programmes/README.md):
- a total figure for exactly one commune counts towards that commune's funding_eur;
- a figure for one Kreis alone counts towards that Kreis-level unit only;
- a shared figure (several places together) is listed for each place with its full amount and
  the shared flag, never split and never added into funding_eur; the region counts it once;
- programme totals and Ruhr/NRW/Germany-wide figures stay at programme level;
- rates (per month, per year, per grant) are listed but never summed;
- a figure that is part of another (`part_of`) is listed but never added on top of it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.boundaries import Region
from geo.programme_data import ProgrammeData
from geo.programme_rules import is_wide

SITE_COLUMNS = {"fgz": "sites_fgz", "talentkolleg": "sites_talentkolleg", "iga2027": "sites_iga2027",
                "five_sites": "sites_five_sites"}
SUMMARY_COLUMNS = ["ags", "name", "district_code", "district_name", "population", *SITE_COLUMNS.values(),
                   "sites_commune_level", "sites_total", "projects_named", "funding_eur", "funding_per_inhabitant_eur",
                   "rank_funding_per_inhabitant", "funding_shared_figures", "funding_shared_eur", "five_sites_member"]


@dataclass(frozen=True)
class Portfolios:
    communes: pd.DataFrame   # SUMMARY_COLUMNS, one row per commune, indexed by ags
    districts: pd.DataFrame  # the same measures for the 15 Kreis-level units, indexed by district_code
    region: dict
    credited: pd.DataFrame   # funding figures that count in funding_eur (one place each)
    shared: pd.DataFrame     # shared figures, one row per (figure, place)


def _is_commune(code: str) -> bool:
    return len(code) == 8 and code.isdigit()


def _site_places(data: ProgrammeData, region: Region) -> pd.DataFrame:
    """(site, commune or district code) pairs; a site named for a Kreis belongs to the Kreis only."""
    pairs = data.sites[["id", "programme", "precision", "code_list"]].explode("code_list").rename(columns={"code_list": "code"})
    district_of = dict(zip(region.communes["ags"], region.communes["district_code"]))
    pairs["district_code"] = pairs["code"].map(lambda c: district_of.get(c, c))
    return pairs.dropna(subset=["code"])


def _site_counts(pairs: pd.DataFrame, key: str, index: pd.Index) -> pd.DataFrame:
    unique = pairs.drop_duplicates(["id", key])
    counts = unique.pivot_table(index=key, columns="programme", values="id", aggfunc="count")
    counts = counts.reindex(index=index, columns=list(SITE_COLUMNS), fill_value=0).fillna(0).astype(int)
    counts.columns = list(SITE_COLUMNS.values())
    counts["sites_commune_level"] = unique[unique["precision"] == "commune"].groupby(key).size().reindex(index, fill_value=0)
    counts["sites_total"] = counts[list(SITE_COLUMNS.values())].sum(axis=1)
    return counts


def _rank(per_inhabitant: pd.Series) -> pd.Series:
    """1 = the most funding per inhabitant; equal values share a rank."""
    return per_inhabitant.rank(ascending=False, method="min").astype(int)


def _funding_frames(data: ProgrammeData) -> tuple[pd.DataFrame, pd.DataFrame]:
    funding = data.funding
    totals = funding[(funding["measure"] == "total") & (funding["programme_total"] == "false") & (funding["part_of"] == "")]
    local = totals[~totals["scope_list"].map(is_wide)]
    single = local[(local["shared"] == "false")].copy()
    single["code"] = single["scope_list"].str[0]
    shared = local[local["shared"] == "true"].explode("scope_list").rename(columns={"scope_list": "code"})
    return single, shared


def build_portfolios(data: ProgrammeData, region: Region) -> Portfolios:
    communes = region.communes.set_index("ags")[["name", "district_code", "district_name", "population"]].copy()
    communes.insert(0, "ags", communes.index)
    pairs = _site_places(data, region)
    communes = communes.join(_site_counts(pairs[pairs["code"].map(_is_commune)], "code", communes.index))
    named = data.projects.explode("code_list")
    communes["projects_named"] = named.groupby("code_list").size().reindex(communes.index, fill_value=0).astype(int)

    credited, shared = _funding_frames(data)
    commune_credit = credited[credited["code"].map(_is_commune)]
    communes["funding_eur"] = commune_credit.groupby("code")["counted_amount"].sum().reindex(communes.index, fill_value=0.0)
    communes["funding_per_inhabitant_eur"] = (communes["funding_eur"] / communes["population"]).round(2)
    communes["rank_funding_per_inhabitant"] = _rank(communes["funding_per_inhabitant_eur"])
    shared_by_commune = shared.groupby("code")["counted_amount"]
    communes["funding_shared_figures"] = shared_by_commune.size().reindex(communes.index, fill_value=0).astype(int)
    communes["funding_shared_eur"] = shared_by_commune.sum().reindex(communes.index, fill_value=0.0)
    five_codes = set(data.five_locations["code"])
    communes["five_sites_member"] = [a in five_codes or d in five_codes for a, d in zip(communes.index, communes["district_code"])]

    districts = region.districts.set_index("district_code")[["name", "kind", "kreisfrei"]].copy()
    districts.insert(0, "district_code", districts.index)
    districts["population"] = communes.groupby("district_code")["population"].sum()
    districts["communes"] = communes.groupby("district_code").size()
    districts = districts.join(_site_counts(pairs, "district_code", districts.index))
    district_credit = credited[~credited["code"].map(_is_commune)].groupby("code")["counted_amount"].sum()
    districts["funding_eur"] = (communes.groupby("district_code")["funding_eur"].sum()
                                + district_credit.reindex(districts.index, fill_value=0.0))
    districts["funding_per_inhabitant_eur"] = (districts["funding_eur"] / districts["population"]).round(2)
    districts["rank_funding_per_inhabitant"] = _rank(districts["funding_per_inhabitant_eur"])
    districts["five_sites_member"] = [c in five_codes or communes.loc[communes["district_code"] == c, "five_sites_member"].any()
                                      for c in districts.index]

    region_totals = _region_totals(data, communes, districts, credited, shared)
    return Portfolios(communes[SUMMARY_COLUMNS], districts, region_totals, credited, shared)


def _region_totals(data, communes, districts, credited, shared) -> dict:
    sites = data.sites
    population = int(communes["population"].sum())
    local = float(credited["counted_amount"].sum())
    shared_once = shared.drop_duplicates("figure_id")
    programme_level = data.funding[(data.funding["programme_total"] == "true")
                                   | data.funding["scope_list"].map(is_wide)]
    return {
        "communes": len(communes),
        "districts": len(districts),
        "population": population,
        **{column: int((sites["programme"] == programme).sum()) for programme, column in SITE_COLUMNS.items()},
        "sites_commune_level": int((sites["precision"] == "commune").sum()),
        "sites_total": len(sites),
        "funding_eur": local,
        "funding_per_inhabitant_eur": round(local / population, 2),
        "funding_credited_figures": len(credited),
        "funding_shared_figures": len(shared_once),
        "funding_shared_eur": float(shared_once["counted_amount"].sum()),
        "programme_level_figures": len(programme_level),
        "rate_figures": int((data.funding["measure"] == "rate").sum()),
        "five_sites_communes": int(communes["five_sites_member"].sum()),
    }
