"""One commune's or Kreis' portfolio as a plain dict: figures with their sources and how each counts."""
from __future__ import annotations

import pandas as pd

from geo.crediting import nothing_credited_de, text, with_codes
from geo.jsonable import plain
from geo.programme_rules import WIDE_SCOPES
from geo.repository import Repository


def _figure(row, names: dict[str, str]) -> dict:
    """One figure with its count code and the reason in German and English (geo/crediting.py)."""
    return {
        "figure_id": row.figure_id, "title": row.title, "programme": row.programme or None,
        "project_id": row.project_id or None, "amount_eur": plain(row.amount),
        "probable_amount_eur": plain(row.counted_amount) if row.probable_amount_eur else None,
        "measure": row.measure, "funder": row.funder, "period": row.period or None, "period_de": row.period_de or None, "qualifier": row.qualifier or None,
        "qualifier_de": row.qualifier_de or None, "report_line": int(row.report_line),
        "shared": row.shared == "true",
        "places": [names.get(c, WIDE_SCOPES.get(c, c)) for c in row.scope_list] + ([row.scope_outside_ruhr] if row.scope_outside_ruhr else []),
        "host": names.get(row.host) if row.host else None,
        "counted": row.count_code, "counted_text": text(row.count_code, row.part_of, "en"),
        "counted_de": text(row.count_code, row.part_of, "de"), "source": row.source,
    }


REPORT_SITE_FIELDS = ("id", "programme", "name", "precision", "identification", "status", "year", "address", "lon", "lat",
                      "source")


def _sites(repo: Repository, code: str) -> list[dict]:
    """The sites whose data names the commune, projected from their one SiteRecord (file order)."""
    return [s.fields(REPORT_SITE_FIELDS) for s in repo.sites if code in s.code_list]


def _sums_by(figures: pd.DataFrame, column: str) -> dict[str, float]:
    return {str(k or "not stated"): float(v) for k, v in figures.groupby(column)["counted_amount"].sum().items()}


def _rank_context(table: pd.DataFrame, key: str) -> dict:
    """Who shares the rank (equal values per inhabitant) and how many places have anything credited."""
    values = table["funding_per_inhabitant_eur"]
    return {"rank_shared_with": int((values == values.loc[key]).sum()) - 1,
            "funded_places": int((table["funding_eur"] > 0).sum())}


def _five_sites_basis(repo: Repository, ags: str, district_code: str) -> str | None:
    """Why a commune is a member: 'commune' (a location itself), 'district' (its Kreis is one), or None."""
    codes = set(repo.programmes.five_locations["code"])
    return "commune" if ags in codes else "district" if district_code in codes else None


def _projects_named(repo: Repository, code: str) -> list[dict]:
    """The report's projects whose text names the place, with their report lines and how the tie was made:
    a commune named only in a photo caption is listed in both `communes` and `communes_caption`."""
    projects = repo.programmes.projects
    return [{"project_id": p.project_id or None, "title": p.title, "report_lines": p.report_lines or None,
             "caption_only": code in (p.communes_caption or "").split(";"),  # also in communes (the load checks)
             "inferred": code in (p.communes_inferred or "").split(";"), "source": p.source}
            for p in projects[projects["code_list"].map(lambda c: code in c)].itertuples()]


def report_reference(repo: Repository) -> dict:
    """The report as the pages cite and link it (data/report.json)."""
    report = repo.report
    return {"title": report.title, "document": report.document, "publisher": report.publisher, "date": report.date,
            "url": report.url, "citation_de": report.citation_de}


def commune_report(repo: Repository, ags: str) -> dict:
    """Everything a municipality needs about itself: sites, figures, rank, Kreis and region."""
    pf = repo.portfolios
    row = pf.communes.loc[ags]
    region_row = repo.region.communes.set_index("ags").loc[ags]
    district_code = row["district_code"]
    names = repo.place_names()
    data = repo.programmes
    coded = with_codes(data.funding)
    funding = coded[coded["scope_list"].map(lambda s: ags in s or district_code in s) | (coded["host"] == ags)]
    credited = pf.credited[pf.credited["code"] == ags]
    district = pf.districts.loc[district_code]
    return {
        "kind": "commune", "ags": ags, "name": row["name"], "district_code": district_code,
        "district_name": row["district_name"], "population": int(row["population"]),
        "population_date": region_row["population_date"], "population_source": region_row["population_source"],
        "area_km2": float(region_row["area_km2"]),
        "sites": {p: int(row[c]) for p, c in data.registry.site_columns.items()},
        "sites_commune_level": int(row["sites_commune_level"]), "sites_total": int(row["sites_total"]),
        "site_list": _sites(repo, ags),
        "funding_eur": float(row["funding_eur"]),
        "funding_per_inhabitant_eur": float(row["funding_per_inhabitant_eur"]),
        "rank_funding_per_inhabitant": int(row["rank_funding_per_inhabitant"]), "rank_of": len(pf.communes),
        **_rank_context(pf.communes, ags),
        "funding_by_funder": _sums_by(credited, "funder"), "funding_by_period": _sums_by(credited, "period"),
        "funding_shared_figures": int(row["funding_shared_figures"]), "funding_shared_eur": float(row["funding_shared_eur"]),
        "funding_figures": [_figure(f, names) for f in funding.itertuples()],
        "funding_nothing_credited_de": None if float(row["funding_eur"]) else nothing_credited_de(list(funding["count_code"])),
        "five_sites_member": bool(row["five_sites_member"]),
        "five_sites_basis": _five_sites_basis(repo, ags, district_code),
        "projects_named": _projects_named(repo, ags),
        "report": report_reference(repo),
        "district": {
            "district_code": district_code, "name": district["name"], "population": int(district["population"]),
            "funding_eur": float(district["funding_eur"]),
            "funding_per_inhabitant_eur": float(district["funding_per_inhabitant_eur"]),
            "rank_funding_per_inhabitant": int(district["rank_funding_per_inhabitant"]), "rank_of": len(pf.districts),
            **_rank_context(pf.districts, district_code),
        },
        "region": pf.region,
    }


def district_report(repo: Repository, code: str) -> dict:
    """A Kreis-level unit: its own measures and the table of its communes."""
    pf = repo.portfolios
    row = pf.districts.loc[code]
    names = repo.place_names()
    members = pf.communes[pf.communes["district_code"] == code]
    coded = with_codes(repo.programmes.funding)
    funding = coded[coded["scope_list"].map(lambda s: code in s)]
    return {
        "kind": "district", "district_code": code, "name": row["name"], "kreisfrei": bool(row["kreisfrei"]),
        "population": int(row["population"]), "communes": int(row["communes"]),
        "sites": {p: int(row[c]) for p, c in repo.programmes.registry.site_columns.items()},
        "sites_commune_level": int(row["sites_commune_level"]), "sites_total": int(row["sites_total"]),
        "funding_eur": float(row["funding_eur"]), "funding_per_inhabitant_eur": float(row["funding_per_inhabitant_eur"]),
        "rank_funding_per_inhabitant": int(row["rank_funding_per_inhabitant"]), "rank_of": len(pf.districts),
        **_rank_context(pf.districts, code),
        "five_sites_member": bool(row["five_sites_member"]),
        "five_sites_basis": "district" if code in set(repo.programmes.five_locations["code"]) else
                            "communes" if bool(row["five_sites_member"]) else None,
        "projects_named": _projects_named(repo, code),
        "site_list": _sites(repo, code),
        "report": report_reference(repo),
        "funding_figures": [_figure(f, names) for f in funding.itertuples()],
        "commune_table": [{k: plain(v) for k, v in r.items()} for r in members.to_dict("records")],
        "region": pf.region,
    }


def summary_csv(table: pd.DataFrame) -> str:
    """The per-commune table (Portfolios.communes, its columns in order) as CSV, euros as whole numbers."""
    out = table.copy()
    for column in ("funding_eur", "funding_shared_eur"):
        out[column] = out[column].round().astype("int64")
    return out.to_csv(index=False, lineterminator="\n")
