"""The planners' table's period columns as a planner reads them: every unit has a number in every
period column (0 where nothing was credited), the columns come in the order the page offers them, and
periods are ordered by the German text the page shows, not by the English one."""
from dataclasses import replace

import pytest

from geo.planning import period_measures, planning_table
from geo.portfolio import build_portfolios
from geo.programme_data import FOLDER, read_programme_frames, validate_programme_frames
from geo.settings import COMMITTED_DATA


@pytest.mark.parametrize("level", ["gemeinden", "kreise"])
def test_a_unit_without_credited_funding_shows_zero_in_every_period_column(repo, level):
    table = planning_table(repo, level)
    periods = list(period_measures(repo))
    assert not table[periods].isna().any().any()
    nothing = table[table["funding_eur"] == 0]
    assert len(nothing) > 0 and (nothing[periods] == 0.0).all().all()


def test_herten_has_no_credited_funding_in_any_period(repo):
    herten = planning_table(repo, "gemeinden").loc["05562016"]
    assert herten["funding_eur"] == 0 and [herten[m] for m in period_measures(repo)] == [0.0] * 6


@pytest.mark.parametrize("level", ["gemeinden", "kreise"])
def test_the_period_columns_close_the_table_in_the_order_the_page_offers_them(repo, level):
    table = planning_table(repo, level)
    periods = list(period_measures(repo))
    assert list(table.columns[-len(periods):]) == periods


def _with_periods(repo, periods: dict[str, tuple[str, str]]):
    """The committed edition with some figures' (English, German) periods changed, read as the service reads it."""
    frames = read_programme_frames(COMMITTED_DATA / FOLDER)
    funding = frames["funding.csv"]
    for figure_id, (period, period_de) in periods.items():
        row = funding.index[funding["figure_id"] == figure_id][0]
        funding.loc[row, ["period", "period_de"]] = [period, period_de]
    programmes, problems = validate_programme_frames(frames, repo.region, repo.geocoder)
    assert problems == []
    return replace(repo, programmes=programmes, portfolios=build_portfolios(programmes, repo.region))


def test_seasons_are_ordered_as_the_german_page_names_them(repo):
    # English "autumn" sorts before "spring", German "Frühjahr" before "Herbst": the page is German
    seasons = _with_periods(repo, {"F008": ("spring 2021", "Frühjahr 2021"), "F009": ("autumn 2021", "Herbst 2021")})
    measures = list(period_measures(seasons).items())
    assert measures[-3:] == [("funding_period_spring-2021", "Angerechnete Förderung, Zeitraum Frühjahr 2021 (€)"),
                             ("funding_period_autumn-2021", "Angerechnete Förderung, Zeitraum Herbst 2021 (€)"),
                             ("funding_period_none", "Angerechnete Förderung ohne Zeitraumangabe (€)")]
    duisburg = planning_table(seasons, "gemeinden").loc["05112000"]
    assert (duisburg["funding_period_spring-2021"], duisburg["funding_period_autumn-2021"]) == (3_250_000, 2_600_000)
