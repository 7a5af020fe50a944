"""The counting and crediting rules of the portfolios, checked against the raw CSV rows.

Every expectation is recomputed here from data/*.csv with the csv module, or is a relation that
holds whatever the amounts are (zero-filling, rounding, ranks, Kreis roll-up, membership), so the
tests stay valid when a funding figure is corrected.
"""
import csv
from collections import Counter

import pytest

from geo.portfolio import build_portfolios
from geo.programme_rules import WIDE_SCOPES
from geo.settings import data_dir


def _raw(name: str) -> list[dict]:
    with (data_dir() / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(";") if code.strip()]


def _amount(row: dict) -> float:
    """What a figure counts with: the probable amount where the printed one is flagged, else the amount."""
    return float(row["probable_amount_eur"] or row["amount_eur"])


def _counts_as(row: dict) -> str:
    """The documented crediting rules (data/programmes/README.md), first match wins, from the raw row:
    'credited' (a grant for one place), 'shared' (one amount for several places), 'programme' (a
    programme total, a statewide project hosted here or a wide scope) or 'other' (a rate, an own
    share, usable money, a total budget, a part of a granted figure)."""
    if row["measure"] == "rate":
        return "other"
    if row["programme_total"] == "true" or row["host"] or any(c in WIDE_SCOPES for c in _codes(row["scope"])):
        return "programme"
    if row["kind"] != "grant" or (row["part_of"] and KIND_OF[row["part_of"]] == "grant"):
        return "other"
    return "shared" if row["shared"] == "true" else "credited"


COMMUNES = _raw("communes.csv")
KREIS_OF = {row["ags"]: row["district_code"] for row in COMMUNES}
KREISE = sorted(set(KREIS_OF.values()))
SITES = _raw("programmes/sites.csv")
FUNDING = _raw("programmes/funding.csv")
KIND_OF = {row["figure_id"]: row["kind"] for row in FUNDING}
PROJECTS = _raw("programmes/projects.csv")
FIVE_CODES = {row["code"] for row in _raw("programmes/five_locations.csv")}
# One site column per programme of programmes.csv, in display order (order, then id).
SITE_COLUMNS = {row["id"]: f"sites_{row['id']}"
                for row in sorted(_raw("programmes/programmes.csv"), key=lambda r: (int(r["order"]), r["id"]))}
COUNT_COLUMNS = [*SITE_COLUMNS.values(), "sites_commune_level", "sites_total"]


@pytest.fixture
def portfolios(repo):
    # Built inside each test from the loaded data, so each test exercises the computation itself.
    return build_portfolios(repo.programmes, repo.region)


def _expected_site_counts(places_of) -> dict[str, Counter]:
    """place -> Counter of site columns; `places_of(site)` says which places a site counts for (once each)."""
    counts: dict[str, Counter] = {}
    for site in SITES:
        for place in set(places_of(site)):
            counter = counts.setdefault(place, Counter())
            counter[SITE_COLUMNS[site["programme"]]] += 1
            counter["sites_total"] += 1
            counter["sites_commune_level"] += site["precision"] == "commune"
    return counts


def test_every_commune_row_counts_its_sites_and_communes_without_any_show_zero(portfolios):
    table = portfolios.communes
    expected = _expected_site_counts(lambda site: [c for c in _codes(site["communes"]) if len(c) == 8])
    assert list(table.index) == [row["ags"] for row in COMMUNES]
    for row in COMMUNES:
        ags = row["ags"]
        got = table.loc[ags]
        assert (got["ags"], got["name"], got["district_code"], int(got["population"])) == (
            ags, row["name"], row["district_code"], int(row["population"]))
        assert {c: got[c] for c in COUNT_COLUMNS} == {c: expected.get(ags, Counter())[c] for c in COUNT_COLUMNS}, row["name"]
    # The zero rows are real: communes without any site and without a commune-level site exist.
    assert (table["sites_total"] == 0).any() and (table["sites_commune_level"] == 0).sum() > (table["sites_total"] == 0).sum()
    # Counts are whole numbers (the CSV table shows 3, not 3.0).
    assert all(table[c].dtype.kind == "i" for c in [*COUNT_COLUMNS, "projects_named", "funding_shared_figures",
                                                    "rank_funding_per_inhabitant"])


def test_a_kreis_counts_its_own_sites_and_those_of_its_communes_once_each(portfolios):
    table = portfolios.districts
    expected = _expected_site_counts(lambda site: [KREIS_OF.get(c, c) for c in _codes(site["communes"])])
    assert sorted(table.index) == KREISE
    for code in KREISE:
        got = table.loc[code]
        assert {c: got[c] for c in COUNT_COLUMNS} == {c: expected.get(code, Counter())[c] for c in COUNT_COLUMNS}, code
        members = [row for row in COMMUNES if row["district_code"] == code]
        assert got["communes"] == len(members)
        assert got["population"] == sum(int(row["population"]) for row in members)
    # A site named for a Kreis alone (no commune) exists and is counted for that Kreis.
    assert any(len(c) == 5 for site in SITES for c in _codes(site["communes"]))


def test_named_projects_per_commune_with_zero_where_the_report_names_none(portfolios):
    named = Counter(code for project in PROJECTS for code in set(_codes(project["communes"])))
    got = portfolios.communes["projects_named"]
    assert {ags: got[ags] for ags in got.index} == {row["ags"]: named[row["ags"]] for row in COMMUNES}
    assert (got == 0).any() and (got > 0).any()


def test_communes_that_no_funding_figure_names_have_zero_funding_not_a_gap(portfolios):
    named = {code for row in FUNDING for code in _codes(row["scope"])}
    unnamed = [row["ags"] for row in COMMUNES if row["ags"] not in named]
    assert unnamed
    table = portfolios.communes
    for ags in unnamed:
        row = table.loc[ags]
        assert (row["funding_eur"], row["funding_per_inhabitant_eur"], row["funding_shared_figures"],
                row["funding_shared_eur"]) == (0.0, 0.0, 0, 0.0), ags
    # All unfunded communes share the last rank: one below every commune with credited funding.
    funded = int((table["funding_eur"] > 0).sum())
    assert set(table.loc[table["funding_eur"] == 0, "rank_funding_per_inhabitant"]) == {funded + 1}


@pytest.mark.parametrize("level", ["communes", "districts"])
def test_rank_1_has_the_most_funding_per_inhabitant_and_equal_values_share_a_rank(portfolios, level):
    table = getattr(portfolios, level)
    values = table["funding_per_inhabitant_eur"]
    for key, value in values.items():
        assert table.loc[key, "rank_funding_per_inhabitant"] == 1 + int((values > value).sum()), key
    assert table["rank_funding_per_inhabitant"].dtype.kind == "i"
    assert table.loc[values.idxmax(), "rank_funding_per_inhabitant"] == 1


@pytest.mark.parametrize("level", ["communes", "districts"])
def test_funding_per_inhabitant_is_rounded_to_cents(portfolios, level):
    table = getattr(portfolios, level)
    funded = table[table["funding_eur"] > 0]
    assert len(funded) >= 3
    for key, row in funded.iterrows():
        assert row["funding_per_inhabitant_eur"] == round(row["funding_eur"] / row["population"], 2), key
    region = portfolios.region
    assert region["funding_per_inhabitant_eur"] == round(region["funding_eur"] / region["population"], 2)


def test_a_kreis_gets_its_communes_funding_plus_figures_for_the_kreis_alone(portfolios):
    communes, districts, credited = portfolios.communes, portfolios.districts, portfolios.credited
    kreis_level = credited[credited["code"].str.len() == 5].groupby("code")["counted_amount"].sum()
    assert 0 < len(kreis_level) < len(KREISE)   # some Kreise have such figures, others none
    for code in KREISE:
        own = communes.loc[communes["district_code"] == code, "funding_eur"].sum()
        assert districts.loc[code, "funding_eur"] == pytest.approx(own + kreis_level.get(code, 0.0)), code
    without = [code for code in KREISE if code not in kreis_level.index]
    for code in without:
        assert districts.loc[code, "funding_eur"] == communes.loc[communes["district_code"] == code, "funding_eur"].sum()


def test_credited_funding_never_includes_rates_programme_totals_parts_or_shared_figures(portfolios):
    rows = {row["figure_id"]: row for row in FUNDING}
    credited = portfolios.credited
    assert len(credited)
    for figure_id, code, amount in zip(credited["figure_id"], credited["code"], credited["counted_amount"]):
        row = rows[figure_id]
        assert _counts_as(row) == "credited", figure_id
        assert _codes(row["scope"]) == [code] and amount == _amount(row)
    # Every granted figure for one place is credited, and every commune's funding_eur is exactly its own.
    expected = [row for row in FUNDING if _counts_as(row) == "credited"]
    assert sorted(credited["figure_id"]) == sorted(row["figure_id"] for row in expected)
    by_commune = Counter()
    for row in expected:
        by_commune[row["scope"].strip()] += _amount(row)
    for ags, value in portfolios.communes["funding_eur"].items():
        assert value == pytest.approx(by_commune[ags]), ags
    # Own shares, usable money, total budgets and hosted statewide projects exist and are not credited.
    assert {"own_share", "usable", "total_budget"} <= set(KIND_OF.values()) and any(row["host"] for row in FUNDING)


def test_a_shared_figure_is_listed_in_full_for_every_place_it_names(portfolios):
    shared_rows = [row for row in FUNDING if _counts_as(row) == "shared"]
    assert shared_rows
    expected_pairs = sorted((row["figure_id"], code) for row in shared_rows for code in _codes(row["scope"]))
    assert sorted(zip(portfolios.shared["figure_id"], portfolios.shared["code"])) == expected_pairs
    figures = Counter(code for _, code in expected_pairs)
    amounts = Counter()
    for row in shared_rows:
        for code in _codes(row["scope"]):
            amounts[code] += _amount(row)
    table = portfolios.communes
    for ags in table.index:
        assert table.loc[ags, "funding_shared_figures"] == figures[ags], ags
        assert table.loc[ags, "funding_shared_eur"] == pytest.approx(amounts[ags]), ags


def test_five_sites_membership_of_communes_and_kreise(portfolios):
    communes, districts = portfolios.communes, portfolios.districts
    members = {row["ags"] for row in COMMUNES if row["ags"] in FIVE_CODES or row["district_code"] in FIVE_CODES}
    assert set(communes.index[communes["five_sites_member"]]) == members
    kreise = {code for code in KREISE if code in FIVE_CODES or any(KREIS_OF[a] == code for a in members)}
    assert set(districts.index[districts["five_sites_member"]]) == kreise
    # The programme names a whole Kreis (all its communes take part) and single cities.
    assert any(len(code) == 5 for code in FIVE_CODES) and len(kreise) < len(KREISE)


def test_region_counters_recomputed_from_the_raw_rows(portfolios):
    shared_once = {row["figure_id"]: _amount(row) for row in FUNDING if _counts_as(row) == "shared"}
    credited = portfolios.credited
    population = sum(int(row["population"]) for row in COMMUNES)
    programme_level = [row for row in FUNDING if _counts_as(row) == "programme"]
    funding = float(credited["counted_amount"].sum())
    expected = {
        "communes": len(COMMUNES), "districts": len(KREISE), "population": population,
        **{column: sum(site["programme"] == programme for site in SITES) for programme, column in SITE_COLUMNS.items()},
        "sites_commune_level": sum(site["precision"] == "commune" for site in SITES), "sites_total": len(SITES),
        "funding_eur": funding, "funding_per_inhabitant_eur": round(funding / population, 2),
        "funding_credited_figures": len(credited),
        "funding_shared_figures": len(shared_once), "funding_shared_eur": sum(shared_once.values()),
        "programme_level_figures": len(programme_level),
        "rate_figures": sum(row["measure"] == "rate" for row in FUNDING),
        "five_sites_communes": sum(row["ags"] in FIVE_CODES or row["district_code"] in FIVE_CODES for row in COMMUNES),
    }
    assert portfolios.region == pytest.approx(expected)
    # Each counter is a real count here, not a coincidence of zeros.
    assert all(expected[key] > 0 for key in ("rate_figures", "programme_level_figures", "funding_shared_figures",
                                             "sites_commune_level", "five_sites_communes"))
