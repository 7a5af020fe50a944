"""Per-commune portfolios: hand-checked communes and region totals recomputed from the raw rows."""
import csv
from pathlib import Path

import pytest

from geo.portfolio_report import commune_report, district_report

FUNDING_CSV = Path(__file__).parents[2] / "data" / "programmes" / "funding.csv"
SITES_CSV = Path(__file__).parents[2] / "data" / "programmes" / "sites.csv"


def _raw(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_oberhausen_credits_the_grant_not_the_total_budget(repo):
    # DISKO (line 3849): 8.1m grant (F016, 90 % of the costs) + 0.9m own share (F017) = 9.0m total (F018).
    row = repo.portfolios.communes.loc["05119000"]
    assert row["funding_eur"] == 8_100_000
    assert row["funding_per_inhabitant_eur"] == round(8_100_000 / 211_099, 2) == 38.37
    assert (row["sites_fgz"], row["sites_talentkolleg"], row["sites_iga2027"]) == (4, 1, 1)
    counted = {f["figure_id"]: f["counted"] for f in commune_report(repo, "05119000")["funding_figures"]}
    assert (counted["F016"], counted["F017"], counted["F018"]) == ("credited", "own_share", "total_budget")


def test_hagen_credits_only_the_granted_10_1_million(repo):
    # F051 10.1m granted; F053 6.0m "können … eingesetzt werden" is usable, not granted; F052 is a rate.
    report = commune_report(repo, "05914000")
    assert report["funding_eur"] == 10_100_000
    counted = {f["figure_id"]: f for f in report["funding_figures"]}
    assert counted["F052"]["counted"] == "rate" and counted["F053"]["counted"] == "usable"
    assert "nicht bewilligt" in counted["F053"]["counted_de"]


def test_hamm_hosts_the_statewide_ihk_network_without_credit(repo):
    report = commune_report(repo, "05915000")
    f004 = next(f for f in report["funding_figures"] if f["figure_id"] == "F004")
    assert f004["counted"] == "statewide_hosted" and f004["host"] == "Hamm" and f004["amount_eur"] == 985_000
    assert report["funding_eur"] == 0
    assert "landesweite Vorhaben mit Sitz in der Gemeinde (1)" in report["funding_nothing_credited_de"]


def test_kreis_recklinghausen_without_its_own_share(repo):
    # F019 5.29m from Land, Bund and EU; F020 1.32m "trägt selbst" is the Kreis' own contribution.
    report = district_report(repo, "05562")
    assert report["funding_eur"] == 5_290_000 + 14_850_000  # the Kreis' grant and Marl's gate.ruhr
    f020 = next(f for f in report["funding_figures"] if f["figure_id"] == "F020")
    assert f020["counted"] == "own_share" and "Eigenanteil" in f020["counted_de"]


def test_region_shared_total_counts_lebenswelten_once(repo):
    # F027 (2.3m, the Land's third) is part of F028 (6.9m): the shared total falls from 74,195,000.
    assert repo.portfolios.region["funding_shared_eur"] == 71_895_000
    figure = next(f for f in commune_report(repo, "05117000")["funding_figures"] if f["figure_id"] == "F027")
    assert figure["counted"] == "part_of" and "Teil von F028" in figure["counted_de"]


def test_a_commune_with_nothing_credited_says_why(repo):
    for ags in repo.portfolios.communes.index:
        report = commune_report(repo, ags)
        if report["funding_eur"] == 0:
            assert report["funding_nothing_credited_de"], ags
        else:
            assert report["funding_nothing_credited_de"] is None, ags
    dortmund = commune_report(repo, "05913000")["funding_nothing_credited_de"]
    assert "gemeinsame Beträge mehrerer Orte" in dortmund and "Programmsummen" in dortmund


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
    shared = [f for f in report["funding_figures"] if f["counted"] == "shared"]
    assert {f["figure_id"] for f in shared} == {"F028", "F037"}
    assert next(f for f in shared if f["figure_id"] == "F037")["amount_eur"] == 2_600_000


def test_misprinted_amount_is_kept_and_flagged(repo):
    figure = next(f for f in commune_report(repo, "05113000")["funding_figures"] if f["figure_id"] == "F022")
    assert figure["amount_eur"] == 6_325_000 and figure["probable_amount_eur"] == 632_500


def test_five_sites_total_stays_at_programme_level(repo):
    report = commune_report(repo, "05916000")  # Herne
    figure = next(f for f in report["funding_figures"] if f["figure_id"] == "p12-7")
    assert figure["amount_eur"] == 662_000_000 and figure["counted"] == "programme_total"
    assert report["funding_eur"] == 0 and report["five_sites_member"]


def test_kreis_figures_roll_up_to_the_kreis_only(repo):
    wesel = district_report(repo, "05170")
    assert wesel["funding_eur"] == 3_380_000 + 1_150_000
    assert sum(c["funding_eur"] for c in wesel["commune_table"]) == 0
    assert wesel["communes"] == 13 and len(wesel["commune_table"]) == 13


WIDE = {"ruhr", "nrw", "de", "unstated"}


def _creditable_from_raw_rows():
    """Independent re-implementation of the crediting rules on the CSV text: (credited, shared once)."""
    rows = _raw(FUNDING_CSV)
    kind = {r["figure_id"]: r["kind"] for r in rows}
    credited, shared = {}, 0.0
    for row in rows:
        scope = [c for c in row["scope"].split(";") if c]
        granted = (row["measure"] == "total" and row["programme_total"] == "false" and not row["host"]
                   and not WIDE & set(scope) and row["kind"] == "grant"
                   and (not row["part_of"] or kind[row["part_of"]] != "grant"))
        amount = float(row["probable_amount_eur"] or row["amount_eur"])
        if granted and row["shared"] == "true":
            shared += amount
        elif granted:
            credited[scope[0]] = credited.get(scope[0], 0.0) + amount
    return credited, shared


def test_region_totals_recomputed_from_raw_rows(repo):
    credited, shared = _creditable_from_raw_rows()
    region = repo.portfolios.region
    assert region["funding_eur"] == pytest.approx(sum(credited.values()))
    assert region["funding_shared_eur"] == pytest.approx(shared) == 71_895_000
    communes = repo.portfolios.communes
    for ags in communes.index:
        assert communes.loc[ags, "funding_eur"] == pytest.approx(credited.get(ags, 0.0)), ags
    assert (credited["05119000"], credited["05914000"], credited["05562"]) == (8_100_000, 10_100_000, 5_290_000)
    assert "05915000" not in credited
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
        assert all(f["counted_de"] and f["counted_text"] for f in report["funding_figures"])
        assert sum(f["probable_amount_eur"] or f["amount_eur"] for f in credited) == pytest.approx(report["funding_eur"])


def test_district_rollup_counts_a_site_once(repo):
    # Flusslandschaft Mittleres Ruhrtal (iga-27) spans Hagen and four EN-Kreis communes.
    en = repo.portfolios.districts.loc["05954"]
    en_sites = {s.id for s in repo.programmes.sites.itertuples()
                if any(c.startswith("05954") for c in s.code_list)}
    assert en["sites_total"] == len(en_sites)
