"""The planners' table on the committed data: funding per stated period at both levels, the labels
a planner reads, and the Kreis column, checked against the report's figures."""
import pytest

from geo.planning import period_measures, period_slug, planning_table


@pytest.mark.parametrize("period, slug", [("2018-2020", "2018-2020"), ("2020 (grant notice)", "2020-grant-notice"),
                                          ("", "none"), (None, "none"), ("  Ab 2021!  ", "ab-2021")])
def test_a_period_becomes_a_readable_measure_name(period, slug):
    assert period_slug(period) == slug


def test_the_periods_are_offered_in_label_order_with_the_unstated_ones_last(repo):
    assert list(period_measures(repo).items()) == list({
        "funding_period_2018-2020": "Angerechnete Förderung, Zeitraum 2018–2020 (€)",
        "funding_period_2018-2021": "Angerechnete Förderung, Zeitraum 2018–2021 (€)",
        "funding_period_2020-grant-notice": "Angerechnete Förderung, Zeitraum 2020 (Förderbescheid) (€)",
        "funding_period_2020-2021": "Angerechnete Förderung, Zeitraum 2020–2021 (€)",
        "funding_period_2020-2022": "Angerechnete Förderung, Zeitraum 2020–2022 (€)",
        "funding_period_none": "Angerechnete Förderung ohne Zeitraumangabe (€)"}.items())


def test_kreis_level_figures_count_for_their_kreis_and_not_for_any_commune(repo):
    communes = planning_table(repo, "gemeinden")
    kreise = planning_table(repo, "kreise")
    # 2018-2020: 2.48 million credited to communes, 8.67 million more to Kreis-level units
    assert communes["funding_period_2018-2020"].sum() == 2_480_000
    assert kreise["funding_period_2018-2020"].sum() == 11_150_000
    assert kreise["funding_period_2020-2021"].sum() == 1_150_000 and communes["funding_period_2020-2021"].sum() == 0
    duisburg = kreise.loc["05112"]
    assert duisburg["funding_period_none"] == 5_850_000 and duisburg["funding_period_2018-2020"] == 0


def test_each_row_names_its_code_and_kreis(repo):
    kreise = planning_table(repo, "kreise")
    assert kreise["code"].tolist() == kreise.index.tolist() and len(kreise) == 15
    assert kreise.loc["05112", "kreis"] == "kreisfreie Stadt" and kreise.loc["05978", "kreis"] == "Kreis"
    communes = planning_table(repo, "gemeinden")
    assert communes.loc["05913000", "code"] == "05913000" and communes.loc["05913000", "kreis"] == "Dortmund"
    assert communes.loc["05978024", "kreis"] == "Kreis Unna"
