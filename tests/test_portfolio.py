"""Per-commune portfolios: hand-checked communes and region totals recomputed from the raw rows."""
import csv
from pathlib import Path

import pytest

from geo.portfolio_report import commune_report, district_report

FUNDING_CSV = Path(__file__).parents[1] / "data" / "programmes" / "funding.csv"
SITES_CSV = Path(__file__).parents[1] / "data" / "programmes" / "sites.csv"


def _raw(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_oberhausen_counts_the_total_not_its_parts(repo):
    # F018 = 9.0m (8.1m funding F016 + 0.9m city share F017): counted once.
    row = repo.portfolios.communes.loc["05119000"]
    assert row["funding_eur"] == 9_000_000
    assert row["funding_per_inhabitant_eur"] == round(9_000_000 / 211_099, 2) == 42.63
    assert (row["sites_fgz"], row["sites_talentkolleg"], row["sites_iga2027"]) == (4, 1, 1)


def test_hagen_leaves_the_yearly_rate_out(repo):
    # F051 10.1m + F053 6.0m; F052 (1m per year) is a rate.
    report = commune_report(repo, "05914000")
    assert report["funding_eur"] == 16_100_000
    rate = next(f for f in report["funding_figures"] if f["figure_id"] == "F052")
    assert rate["counted"].startswith("rate")


def test_marl_ranks_first_per_inhabitant(repo):
    communes = repo.portfolios.communes
    assert communes.loc["05562024", "funding_eur"] == 14_850_000
    assert communes.loc["05562024", "rank_funding_per_inhabitant"] == 1
    assert communes["rank_funding_per_inhabitant"].min() == 1
    assert communes["rank_funding_per_inhabitant"].max() <= 53


def test_bottrop_sums_its_three_funders(repo):
    report = commune_report(repo, "05512000")
    assert report["funding_eur"] == 1_240_000 + 827_000 + 413_000
    assert report["funding_by_funder"] == {"EU": 1_240_000, "Land": 827_000, "Bund": 413_000}


def test_shared_figures_are_listed_in_full_never_split(repo):
    report = commune_report(repo, "05117000")  # Mülheim an der Ruhr
    assert report["funding_eur"] == 0
    shared = [f for f in report["funding_figures"] if f["shared"]]
    assert {f["figure_id"] for f in shared} == {"F027", "F028", "F037"}
    assert all(f["counted"].startswith("shared") for f in shared)
    assert next(f for f in shared if f["figure_id"] == "F037")["amount_eur"] == 2_600_000


def test_misprinted_amount_is_kept_and_flagged(repo):
    figure = next(f for f in commune_report(repo, "05113000")["funding_figures"] if f["figure_id"] == "F022")
    assert figure["amount_eur"] == 6_325_000 and figure["probable_amount_eur"] == 632_500


def test_five_sites_total_stays_at_programme_level(repo):
    report = commune_report(repo, "05916000")  # Herne
    figure = next(f for f in report["funding_figures"] if f["figure_id"] == "p12-7")
    assert figure["amount_eur"] == 662_000_000 and figure["counted"].startswith("programme total")
    assert report["funding_eur"] == 0 and report["five_sites_member"]


def test_kreis_figures_roll_up_to_the_kreis_only(repo):
    wesel = district_report(repo, "05170")
    assert wesel["funding_eur"] == 3_380_000 + 1_150_000
    assert sum(c["funding_eur"] for c in wesel["commune_table"]) == 0
    assert wesel["communes"] == 13 and len(wesel["commune_table"]) == 13


def _credited_from_raw_rows():
    """Independent re-implementation of the crediting rules on the CSV text."""
    credited = {}
    for row in _raw(FUNDING_CSV):
        scope = [c for c in row["scope"].split(";") if c]
        if (row["measure"] == "total" and row["programme_total"] == "false" and not row["part_of"]
                and row["shared"] == "false" and len(scope) == 1 and scope[0].isdigit()):
            amount = float(row["probable_amount_eur"] or row["amount_eur"])
            credited[scope[0]] = credited.get(scope[0], 0.0) + amount
    return credited


def test_region_totals_recomputed_from_raw_rows(repo):
    credited = _credited_from_raw_rows()
    region = repo.portfolios.region
    assert region["funding_eur"] == pytest.approx(sum(credited.values()))
    communes = repo.portfolios.communes
    for ags, amount in credited.items():
        if len(ags) == 8:
            assert communes.loc[ags, "funding_eur"] == pytest.approx(amount), ags
    assert communes["funding_eur"].sum() + credited.get("05170", 0) + credited.get("05562", 0) == pytest.approx(region["funding_eur"])
    sites = _raw(SITES_CSV)
    assert region["sites_total"] == len(sites)
    assert region["sites_fgz"] == communes["sites_fgz"].sum() == 40
    assert region["sites_commune_level"] == sum(1 for s in sites if s["precision"] == "commune")


def test_every_figure_shown_traces_to_a_source_row(repo):
    rows = {r["figure_id"]: r for r in _raw(FUNDING_CSV)}
    for ags in repo.portfolios.communes.index:
        report = commune_report(repo, ags)
        for figure in report["funding_figures"]:
            assert figure["figure_id"] in rows and figure["source"] == rows[figure["figure_id"]]["source"]
        credited = [f for f in report["funding_figures"] if f["counted"] == "credited"]
        assert sum(f["probable_amount_eur"] or f["amount_eur"] for f in credited) == pytest.approx(report["funding_eur"])


def test_district_rollup_counts_a_site_once(repo):
    # Flusslandschaft Mittleres Ruhrtal (iga-27) spans Hagen and four EN-Kreis communes.
    en = repo.portfolios.districts.loc["05954"]
    en_sites = {s.id for s in repo.programmes.sites.itertuples()
                if any(c.startswith("05954") for c in s.code_list)}
    assert en["sites_total"] == len(en_sites)
